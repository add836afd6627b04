package io.github.ablationca.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ablationca.image.RgbImage;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class FillImagesTest {

	@Test
	void meanIsThePerChannelMean() {
		RgbImage img = new RgbImage(2, 1, new float[] {10, 20, 30, 50, 60, 250});
		RgbImage mean = FillImages.mean(img);
		assertArrayEquals(new float[] {30, 40, 140, 30, 40, 140}, mean.data(), 1e-4f);
		assertArrayEquals(new float[] {10, 20, 30, 50, 60, 250}, img.data(), 0f, "input untouched");
	}

	@Test
	void constantAndSettingsDispatch() {
		RgbImage img = AblationRendererTest.randomImage(5, 4, 1);
		ExplainSettings s = new ExplainSettings();
		s.fill = FillMode.CONSTANT;
		s.constantColor = new float[] {1, 2, 3};
		RgbImage c = FillImages.fill(img, s);
		for (int p = 0; p < 20; p++)
			assertArrayEquals(new float[] {1, 2, 3}, Arrays.copyOfRange(c.data(), 3 * p, 3 * p + 3), 0f);
		assertThrows(IllegalArgumentException.class, () -> FillImages.constant(2, 2, new float[] {1, 2}));
	}

	@Test
	void noiseIsSeededAndInRange() {
		RgbImage a = FillImages.noise(30, 20, 7), b = FillImages.noise(30, 20, 7), c = FillImages.noise(30, 20, 8);
		assertArrayEquals(a.data(), b.data(), 0f);
		assertFalse(Arrays.equals(a.data(), c.data()));
		double sum = 0;
		for (float v : a.data()) {
			assertTrue(v >= 0 && v < 255);
			sum += v;
		}
		assertEquals(127.5, sum / a.data().length, 5, "uniform on [0, 255)");
	}

	@Test
	void everySeedGivesItsOwnNoise() {
		// Seeds that differ in one bit (every bit of a long) and small seeds must not share a noise image: a seed
		// mixing that loses bits (an AND with a constant) would map some of them to the same stream.
		java.util.Set<Integer> seen = new java.util.HashSet<>();
		java.util.List<Long> seeds = new java.util.ArrayList<>();
		for (long s = 0; s < 16; s++)
			seeds.add(s);
		for (int bit = 4; bit < 64; bit++)
			seeds.add(1L << bit);
		for (long seed : seeds)
			assertTrue(seen.add(Arrays.hashCode(FillImages.noise(4, 2, seed).data())), "seed " + seed);
	}

	@Test
	void blurKeepsConstantsAndSpreadsAnImpulseAsAGaussian() {
		RgbImage flat = FillImages.constant(40, 30, new float[] {9, 99, 199});
		assertArrayEquals(flat.data(), FillImages.blur(flat, 3).data(), 1e-3f, "renormalised at the border");
		int size = 61, centre = 30;
		double sigma = 4;
		RgbImage impulse = new RgbImage(size, size);
		impulse.set(centre, centre, 1, 1000);
		RgbImage blurred = FillImages.blur(impulse, sigma);
		// Separable Gaussian: value at (dx, dy) = 1000 g(dx) g(dy), g normalised over the cut kernel.
		double norm = 0;
		for (int i = -12; i <= 12; i++)
			norm += Math.exp(-0.5 * i * i / (sigma * sigma));
		for (int[] d : new int[][] {{0, 0}, {3, 0}, {0, -5}, {4, 4}, {-7, 2}}) {
			double expected = 1000 * Math.exp(-0.5 * (d[0] * d[0] + d[1] * d[1]) / (sigma * sigma)) / (norm * norm);
			assertEquals(expected, blurred.get(centre + d[0], centre + d[1], 1), 1e-3 * 1000 / (norm * norm));
			assertEquals(0, blurred.get(centre + d[0], centre + d[1], 0), 0);
		}
		assertEquals(0, blurred.get(centre + 13, centre, 1), 0, "kernel cut at 3 sigma");
		double total = 0;
		for (int y = 0; y < size; y++)
			for (int x = 0; x < size; x++)
				total += blurred.get(x, y, 1);
		assertEquals(1000, total, 0.01, "mass preserved away from the border");
		assertThrows(IllegalArgumentException.class, () -> FillImages.blur(flat, 0));
	}

	@Test
	void blurAtTheResizeTapsEqualsTheFullBlurThere() {
		RgbImage img = AblationRendererTest.randomImage(230, 170, 2);
		ExplainSettings s = new ExplainSettings();
		s.fill = FillMode.BLUR;
		RgbImage full = FillImages.fill(img, s);
		for (io.github.ablationca.image.ResizeMode mode : io.github.ablationca.image.ResizeMode.values()) {
			io.github.ablationca.image.BilinearResize resize = io.github.ablationca.image.BilinearResize.of(230, 170, 64,
				48, mode);
			RgbImage sparse = FillImages.fill(img, s, resize);
			for (int p = 0; p < 64 * 48; p++)
				for (int t = 0; t < 4; t++) {
					int src = resize.tap(p, t);
					for (int c = 0; c < 3; c++)
						assertEquals(full.data()[3 * src + c], sparse.data()[3 * src + c], 0f);
				}
			assertArrayEquals(resize.apply(full).data(), resize.apply(sparse).data(), 0f);
		}
		s.fill = FillMode.MEAN;
		assertArrayEquals(FillImages.mean(img).data(), FillImages.fill(img, s,
			io.github.ablationca.image.BilinearResize.of(230, 170, 9, 9, io.github.ablationca.image.ResizeMode.STRETCH)).data(), 0f);
	}
}
