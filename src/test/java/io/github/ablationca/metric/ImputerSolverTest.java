package io.github.ablationca.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ablationca.image.RgbImage;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * The imputer's solve where only exactness or the definition can tell: kept pixels of one colour give exactly that
 * colour whatever the removed pixels showed (the system is solved for the deviation from the kept pixels' mean,
 * whose right-hand side is then exactly zero), the noise is {@code sigma} times the seed's Gaussians in pixel and
 * channel order, and plain conjugate gradients still converge on a hole that needs more than a thousand
 * iterations.
 */
class ImputerSolverTest {

	@Test
	void keptPixelsOfOneColourGiveExactlyThatColour() {
		// one kept pixel in a 48 x 48 image: the worst-conditioned system there is; the removed pixels showed noise
		int w = 48, h = 48;
		RgbImage img = NoisyLinearImputerTest.random(w, h, 5);
		boolean[] removed = new boolean[w * h];
		java.util.Arrays.fill(removed, true);
		int kept = 17 * w + 30;
		removed[kept] = false;
		img.set(30, 17, 0, 0);
		img.set(30, 17, 1, 1);
		img.set(30, 17, 2, 200);
		for (NoisyLinearImputer.Preconditioner p : NoisyLinearImputer.Preconditioner.values()) {
			RgbImage out = NoisyLinearImputerTest.EXACT.withPreconditioner(p).interpolate(img, removed);
			for (int i = 0; i < w * h; i++) {
				assertEquals(0f, out.data()[3 * i], 0f, p + " red at " + i);
				assertEquals(1f, out.data()[3 * i + 1], 0f, p + " green at " + i);
				assertEquals(200f, out.data()[3 * i + 2], 0f, p + " blue at " + i);
			}
		}
	}

	@Test
	void theNoiseIsSigmaTimesTheSeedsGaussiansInPixelAndChannelOrder() {
		int w = 9, h = 7;
		RgbImage img = NoisyLinearImputerTest.random(w, h, 11);
		boolean[] removed = new boolean[w * h];
		for (int i = 0; i < removed.length; i++)
			removed[i] = i % 3 != 1;
		double sigma = 4;
		RgbImage smooth = NoisyLinearImputerTest.EXACT.interpolate(img, removed);
		RgbImage noisy = new NoisyLinearImputer().withNoise(sigma).impute(img, removed, 99);
		SplittableRandom gauss = new SplittableRandom(99);
		for (int p = 0; p < w * h; p++)
			for (int c = 0; c < 3; c++) {
				double expected = smooth.data()[3 * p + c] + (removed[p] ? sigma * gauss.nextGaussian() : 0);
				assertEquals(expected, noisy.data()[3 * p + c], 1e-4, "pixel " + p + " channel " + c);
			}
	}

	@Test
	void plainConjugateGradientsGetTenIterationsPerUnknown() {
		// a strip of 2400 x 2 pixels kept only at both ends: the imputed rows are the straight line between the ends
		// (each removed pixel is the weighted mean of its neighbours, and on two equal rows that is the mean of left
		// and right). The right-hand side lives next to the ends, and each conjugate-gradient iteration reaches one
		// pixel further in, so plain conjugate gradients need at least 1200 iterations to touch the middle; they are
		// given ten per unknown
		int w = 2400, h = 2;
		RgbImage img = NoisyLinearImputerTest.random(w, h, 3);
		boolean[] removed = new boolean[w * h];
		for (int i = 0; i < removed.length; i++)
			removed[i] = i % w != 0 && i % w != w - 1;
		float[] left = new float[3], right = new float[3];
		for (int c = 0; c < 3; c++) {
			left[c] = 10 + 100 * c;
			right[c] = 250 - 60 * c;
			for (int y = 0; y < h; y++) {
				img.set(0, y, c, left[c]);
				img.set(w - 1, y, c, right[c]);
			}
		}
		for (NoisyLinearImputer.Preconditioner p : NoisyLinearImputer.Preconditioner.values()) {
			RgbImage out = NoisyLinearImputerTest.EXACT.withPreconditioner(p).interpolate(img, removed);
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++)
					for (int c = 0; c < 3; c++)
						assertEquals(left[c] + (right[c] - left[c]) * x / (w - 1.0), out.get(x, y, c), 1e-3, p + " at " + x +
							", " + y + ", channel " + c);
		}
	}
}
