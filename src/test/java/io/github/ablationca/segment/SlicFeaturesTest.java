package io.github.ablationca.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.imglib2.FinalInterval;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.complex.ComplexFloatType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.util.ConstantUtils;
import net.imglib2.view.Views;

import org.junit.jupiter.api.Test;

/**
 * SLIC's pixel features by hand: grey values rescaled to 0..100 over the image's range (a constant image is 0), RGB
 * as CIELAB per pixel, Gaussian smoothing of an impulse, missing pixels left out of the average.
 */
class SlicFeaturesTest {

	private static final RangeParallel ONE = new RangeParallel(1);

	@Test
	void greyValuesAreRescaledOverTheImagesOwnRange() {
		float[] expected = {0, 20, 40, 100};
		assertArrayEquals(expected, SlicFeatures.of(ArrayImgs.unsignedBytes(new byte[] {10, 20, 30, 60}, 2, 2), ONE)
			.planes[0], 1e-5f, "8-bit");
		assertArrayEquals(expected, SlicFeatures.of(ArrayImgs.unsignedShorts(new short[] {1000, 2000, 3000, 6000}, 2,
			2), ONE).planes[0], 1e-5f, "16-bit");
		assertArrayEquals(expected, SlicFeatures.of(ArrayImgs.floats(new float[] {-5, -3, -1, 5}, 2, 2), ONE)
			.planes[0], 1e-5f, "32-bit");
		assertArrayEquals(expected, SlicFeatures.of(ArrayImgs.ints(new int[] {-5, -3, -1, 5}, 2, 2), ONE).planes[0],
			1e-5f, "any other real type");
		// a constant image has no range: every feature 0, not NaN
		assertArrayEquals(new float[4], SlicFeatures.of(ArrayImgs.unsignedBytes(new byte[] {7, 7, 7, 7}, 2, 2), ONE)
			.planes[0], 0f);
		assertArrayEquals(new float[4], SlicFeatures.of(ArrayImgs.unsignedShorts(new short[] {9, 9, 9, 9}, 2, 2), ONE)
			.planes[0], 0f);
		assertArrayEquals(new float[4], SlicFeatures.of(ArrayImgs.floats(new float[] {3, 3, 3, 3}, 2, 2), ONE)
			.planes[0], 0f);
		SlicFeatures f = SlicFeatures.of(ArrayImgs.floats(new float[] {1, Float.NaN, 3, Float.POSITIVE_INFINITY}, 2, 2),
			ONE);
		assertArrayEquals(new float[] {0, SlicFeatures.MISSING, 100, SlicFeatures.MISSING}, f.planes[0], 1e-5f);
		assertArrayEquals(new boolean[] {false, true, false, true}, f.missing);
		assertNull(SlicFeatures.of(ArrayImgs.floats(new float[] {1, 2}, 2, 1), ONE).missing);
	}

	@Test
	void rgbPixelsAreCielabOneByOne() {
		// neighbours that repeat a colour, then others (the conversion is reused only for a repeated colour)
		int red = 0xffff0000, blue = 0xff0000ff, white = 0xffffffff, grey = 0xff808080;
		SlicFeatures f = SlicFeatures.of(ArrayImgs.argbs(new int[] {red, red, blue, white, grey, grey}, 3, 2), ONE);
		float[][] expected = {{53.24f, 80.09f, 67.20f}, {53.24f, 80.09f, 67.20f}, {32.30f, 79.19f, -107.86f},
			{100, 0, 0}, {53.585f, 0, 0}, {53.585f, 0, 0}};
		for (int p = 0; p < 6; p++)
			for (int c = 0; c < 3; c++)
				assertEquals(expected[p][c], f.planes[c][p], 0.05f, "pixel " + p + ", channel " + c);
	}

	@Test
	void unusableImagesAreRefusedByName() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SlicFeatures.of(ArrayImgs
			.complexFloats(2, 2), ONE));
		assertTrue(e.getMessage().contains("Unsupported pixel type ComplexFloatType"), e.getMessage());
		// 50000 x 50000 (a view; nothing allocated) is too large
		e = assertThrows(IllegalArgumentException.class, () -> SlicFeatures.of(ConstantUtils
			.constantRandomAccessibleInterval(new UnsignedByteType(), new FinalInterval(50000, 50000)), ONE));
		assertTrue(e.getMessage().contains("too large for SLIC"), e.getMessage());
		// a view that is not a plain array is read through its cursor
		assertArrayEquals(new float[] {0, 100}, SlicFeatures.of(Views.interval(ArrayImgs.unsignedBytes(new byte[] {1,
			5, 9}, 3, 1), new FinalInterval(new long[] {1, 0}, new long[] {2, 0})), ONE).planes[0], 1e-5f);
		new ComplexFloatType(); // (the type named above)
	}

	/** SLIC's Gaussian kernel for sigma 2 from its definition: radius round(4 sigma) = 8, normalised over its taps. */
	private static double[] kernel() {
		double[] k = new double[17];
		double sum = 0;
		for (int i = -8; i <= 8; i++)
			sum += k[i + 8] = Math.exp(-i * i / 8.0);
		for (int i = 0; i < 17; i++)
			k[i] /= sum;
		return k;
	}

	@Test
	void smoothingSpreadsAnImpulseAsASeparableGaussian() {
		int s = 21, c = 10 * s + 10;
		float[] impulse = new float[s * s];
		impulse[c] = 10;
		SlicFeatures f = SlicFeatures.of(ArrayImgs.floats(impulse, s, s), ONE);
		assertEquals(100, f.planes[0][c], 0f);
		f.smooth(2, ONE);
		double[] k = kernel();
		double k0 = k[8], k1 = k[9], k3 = k[11];
		assertEquals(100 * k0 * k0, f.planes[0][c], 1e-4);
		assertEquals(100 * k0 * k1, f.planes[0][c + 1], 1e-4, "one pixel right: g(1) g(0)");
		assertEquals(100 * k3 * k1, f.planes[0][c - s - 3], 1e-4, "three left, one up: g(3) g(1)");
		// at the left and right edges the border is mirrored (edge pixel repeated): tap -1 reads the edge again
		float[] edges = new float[s * s];
		edges[10 * s] = 10;
		edges[10 * s + s - 1] = 10;
		SlicFeatures e = SlicFeatures.of(ArrayImgs.floats(edges, s, s), ONE);
		e.smooth(2, ONE);
		assertEquals(100 * (k0 + k1) * k0, e.planes[0][10 * s], 1e-4, "left edge");
		assertEquals(100 * (k0 + k1) * k0, e.planes[0][10 * s + s - 1], 1e-4, "right edge");
		assertEquals(100 * (k1 + k[10]) * k0, e.planes[0][10 * s + 1], 1e-4, "next to the left edge: taps 1 and -2");
		// RGB: every plane smoothed (a grey impulse on black has a = b = 0 everywhere)
		int[] argb = new int[s * s];
		java.util.Arrays.fill(argb, 0xff000000);
		argb[c] = 0xffffffff;
		SlicFeatures rgb = SlicFeatures.of(ArrayImgs.argbs(argb, s, s), ONE);
		rgb.smooth(2, ONE);
		assertEquals(100 * k0 * k0, rgb.planes[0][c], 0.05);
		// sigma 0 leaves the features as they are
		SlicFeatures same = SlicFeatures.of(ArrayImgs.floats(impulse.clone(), s, s), ONE);
		same.smooth(0, ONE);
		assertEquals(100, same.planes[0][c], 0f);
	}

	@Test
	void missingPixelsAreLeftOutOfTheAverageAndStayMissing() {
		int s = 21, c = 10 * s + 10;
		float[] values = new float[s * s];
		values[c] = 10;
		values[c + 2] = Float.NaN; // two pixels right of the impulse
		SlicFeatures f = SlicFeatures.of(ArrayImgs.floats(values, s, s), ONE);
		f.smooth(2, ONE);
		double[] k = kernel();
		double k0 = k[8], k1 = k[9], k2 = k[10];
		// normalised convolution: the impulse's weighted sum over the weights of the finite pixels in reach
		assertEquals(100 * k0 * k0 / (1 - k0 * k2), f.planes[0][c], 1e-3, "the missing pixel's weight left out");
		assertEquals(SlicFeatures.MISSING, f.planes[0][c + 2], 0f);
		assertEquals(100 * k0 * k1 / (1 - k0 * k1), f.planes[0][c + 1], 1e-3, "next to the missing pixel");
	}
}
