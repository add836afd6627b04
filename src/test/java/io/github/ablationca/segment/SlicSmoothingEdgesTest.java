package io.github.ablationca.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import net.imglib2.img.array.ArrayImgs;

import org.junit.jupiter.api.Test;

/**
 * Gaussian smoothing at its small edges: the kernel from its definition ({@code exp(-i^2 / 2 sigma^2)} over
 * {@code |i| <= round(4 sigma)}, normalised to sum 1; a single tap below {@code sigma = 1/8}), and a constant image
 * stays constant, also where the image is narrower or shorter than the kernel's radius (the mirrored border then
 * wraps more than once).
 */
class SlicSmoothingEdgesTest {

	private static final RangeParallel ONE = new RangeParallel(1);

	private static double[] definition(double sigma) {
		int radius = (int) Math.round(4 * sigma);
		double[] k = new double[2 * radius + 1];
		double sum = 0;
		for (int i = -radius; i <= radius; i++)
			sum += k[i + radius] = Math.exp(-i * i / (2 * sigma * sigma));
		for (int i = 0; i < k.length; i++)
			k[i] /= sum;
		return k;
	}

	@Test
	void theKernelIsTheNormalisedGaussianOfRadiusFourSigma() {
		for (double sigma : new double[] {0.125, 0.2, 0.25, 0.37, 0.5, 1, 2.3}) {
			double[] expected = definition(sigma);
			float[] kernel = SlicFeatures.gaussianKernel(sigma);
			assertEquals(expected.length, kernel.length, "radius at sigma " + sigma);
			for (int i = 0; i < kernel.length; i++)
				assertEquals(expected[i], kernel[i], 1e-7, "sigma " + sigma + ", tap " + i);
		}
		// below sigma 1/8 the radius rounds to 0: the identity
		assertArrayEquals(new float[] {1}, SlicFeatures.gaussianKernel(0.12), 0f);
		assertArrayEquals(new float[] {1}, SlicFeatures.gaussianKernel(0), 0f);
		assertArrayEquals(new float[] {1}, SlicFeatures.gaussianKernel(-1), 0f);
	}

	@Test
	void aConstantImageStaysConstantAlsoWhenNarrowerThanTheKernel() {
		// a grey-blue colour: L*, a* and b* all non-zero; sigma 0.5 (radius 2) and 1 (radius 4)
		int colour = 0xff4070b0;
		for (double sigma : new double[] {0.5, 1})
			for (int[] size : new int[][] {{1, 1}, {1, 7}, {2, 5}, {3, 3}, {7, 2}, {9, 9}}) {
				int w = size[0], h = size[1];
				int[] argb = new int[w * h];
				java.util.Arrays.fill(argb, colour);
				SlicFeatures f = SlicFeatures.of(ArrayImgs.argbs(argb, w, h), ONE);
				float[][] before = {f.planes[0].clone(), f.planes[1].clone(), f.planes[2].clone()};
				f.smooth(sigma, ONE);
				for (int c = 0; c < 3; c++)
					for (int i = 0; i < w * h; i++)
						assertEquals(before[c][i], f.planes[c][i], 1e-4, "sigma " + sigma + ", " + w + " x " + h +
							", channel " + c + ", pixel " + i);
			}
	}
}
