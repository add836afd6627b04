package io.github.ablationca.metric;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ablationca.image.RgbImage;
import io.github.ablationca.metric.NoisyLinearImputer.Preconditioner;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * The imputation against what it must be: hand-computed weighted means, a linear ramp (the 8-neighbour weighted mean
 * of a linear function is its centre value, so a ramp solves the system wherever every removed pixel has all 8
 * neighbours), a constant, the system's residual, and the noise's moments.
 */
class NoisyLinearImputerTest {

	static final NoisyLinearImputer EXACT = new NoisyLinearImputer().withNoise(0);

	static RgbImage image(int w, int h, float... rgb) {
		return new RgbImage(w, h, rgb);
	}

	static RgbImage random(int w, int h, long seed) {
		SplittableRandom r = new SplittableRandom(seed);
		RgbImage img = new RgbImage(w, h);
		for (int i = 0; i < img.data().length; i++)
			img.data()[i] = r.nextInt(256);
		return img;
	}

	@Test
	void oneHoleIsTheWeightedMeanOfItsNeighbours() {
		// 3 x 3, red = 1..9 row-major, green = 10 x red, blue 0; the centre (red 5) and a corner (red 1) removed
		float[] d = new float[27];
		for (int i = 0; i < 9; i++) {
			d[3 * i] = i + 1;
			d[3 * i + 1] = 10 * (i + 1);
		}
		boolean[] centre = new boolean[9];
		centre[4] = true;
		RgbImage out = EXACT.interpolate(image(3, 3, d), centre);
		// direct neighbours 2, 4, 6, 8 weigh 1/6, diagonals 1, 3, 7, 9 weigh 1/12: (20/6 + 20/12) = 5
		assertEquals(5, out.get(1, 1, 0), 1e-5);
		assertEquals(50, out.get(1, 1, 1), 1e-4);
		d[3 * 4] = 50; // no longer on the plane: (2 + 4 + 6 + 8) / 6 + (1 + 3 + 7 + 9) / 12 is still 5
		assertEquals(5, EXACT.interpolate(image(3, 3, d), centre).get(1, 1, 0), 1e-5);
		boolean[] corner = new boolean[9];
		corner[0] = true;
		// the corner has 3 neighbours: 2 and 4 (1/6 each), 5 (1/12), normalised by 5/12
		double expected = (2 / 6.0 + 4 / 6.0 + 50 / 12.0) / (5 / 12.0);
		assertEquals(expected, EXACT.interpolate(image(3, 3, d), corner).get(0, 0, 0), 1e-4);
	}

	@Test
	void aGapInOneRowIsFilledLinearly() {
		// a 4 x 1 image has only left/right neighbours: x1 = (10 + x2) / 2, x2 = (x1 + 40) / 2 gives 20, 30
		RgbImage row = image(4, 1, 10, 0, 7, 0, 0, 7, 0, 0, 7, 40, 0, 7);
		RgbImage out = EXACT.interpolate(row, new boolean[] {false, true, true, false});
		assertEquals(20, out.get(1, 0, 0), 1e-4);
		assertEquals(30, out.get(2, 0, 0), 1e-4);
		assertEquals(7, out.get(1, 0, 2), 1e-9, "a constant channel stays exactly constant");
	}

	@Test
	void aLinearRampIsReproducedWhereEveryRemovedPixelHasAllItsNeighbours() {
		int w = 80, h = 60;
		RgbImage ramp = new RgbImage(w, h);
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				ramp.set(x, y, 0, 10 + 2.5f * x + 0.5f * y);
				ramp.set(x, y, 1, 200 - 1.5f * x + 1f * y);
				ramp.set(x, y, 2, 3f * y);
			}
		SplittableRandom r = new SplittableRandom(7);
		boolean[] scattered = new boolean[w * h], block = new boolean[w * h];
		for (int y = 1; y < h - 1; y++)
			for (int x = 1; x < w - 1; x++) {
				scattered[y * w + x] = r.nextDouble() < 0.9;
				block[y * w + x] = true; // everything but the image border: one big hole
			}
		for (boolean[] removed : new boolean[][] {scattered, block})
			for (Preconditioner p : Preconditioner.values()) {
				RgbImage out = EXACT.withPreconditioner(p).interpolate(ramp, removed);
				assertArrayEquals(ramp.data(), out.data(), 1e-3f, p.toString());
			}
	}

	@Test
	void aConstantImageStaysExactlyConstant() {
		RgbImage flat = new RgbImage(40, 30);
		for (int i = 0; i < flat.pixelCount(); i++) {
			flat.data()[3 * i] = 12;
			flat.data()[3 * i + 1] = 130;
			flat.data()[3 * i + 2] = 255;
		}
		SplittableRandom r = new SplittableRandom(3);
		boolean[] removed = new boolean[flat.pixelCount()];
		for (int i = 0; i < removed.length; i++)
			removed[i] = r.nextDouble() < 0.9; // borders too
		assertArrayEquals(flat.data(), EXACT.interpolate(flat, removed).data(), 0f);
	}

	/** Masks that stress the solver: scattered, one hole touching borders, only a small disc kept, one pixel kept. */
	static Map<String, boolean[]> hardMasks(int w, int h) {
		Map<String, boolean[]> masks = new LinkedHashMap<>();
		SplittableRandom r = new SplittableRandom(11);
		boolean[] scattered = new boolean[w * h], blob = new boolean[w * h], disc = new boolean[w * h],
			onePixel = new boolean[w * h], stripes = new boolean[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				int i = y * w + x;
				scattered[i] = r.nextDouble() < 0.9;
				blob[i] = (x - 10) * (x - 10) + (y - 12) * (y - 12) < 40 * 40;
				disc[i] = (x - w / 2) * (x - w / 2) + (y - h / 2) * (y - h / 2) > 6 * 6;
				onePixel[i] = i != w * h - 1;
				stripes[i] = x % 7 != 0; // thin kept columns: the hole is cut into strips
			}
		masks.put("scattered 90%", scattered);
		masks.put("hole over a corner", blob);
		masks.put("only a central disc kept", disc);
		masks.put("one corner pixel kept", onePixel);
		masks.put("kept columns", stripes);
		return masks;
	}

	@Test
	void everyImputedValueIsTheWeightedMeanOfItsNeighboursAndKeptPixelsStay() {
		int w = 96, h = 70;
		RgbImage img = random(w, h, 5);
		for (Map.Entry<String, boolean[]> e : hardMasks(w, h).entrySet()) {
			boolean[] removed = e.getValue();
			RgbImage multigrid = EXACT.interpolate(img, removed);
			RgbImage plain = EXACT.withPreconditioner(Preconditioner.NONE).interpolate(img, removed);
			// float output on the 0..255 scale rounds at about 1e-5
			assertTrue(NoisyLinearImputer.maxResidual(multigrid, removed) < 1e-3, e.getKey() + ": residual " +
				NoisyLinearImputer.maxResidual(multigrid, removed));
			assertTrue(NoisyLinearImputer.maxResidual(plain, removed) < 1e-3, e.getKey());
			assertArrayEquals(plain.data(), multigrid.data(), 1e-3f, e.getKey() + ": the two solvers agree");
			for (int p = 0; p < removed.length; p++)
				if (!removed[p])
					for (int c = 0; c < 3; c++)
						assertEquals(img.data()[3 * p + c], multigrid.data()[3 * p + c], 0f, "kept pixels are copied");
			// the input is not modified, and the original image is not a solution (the check can fail)
			assertTrue(NoisyLinearImputer.maxResidual(img, removed) > 10, e.getKey());
		}
	}

	@Test
	void noiseHasTheAuthorsSigmaAndTheSeedFixesIt() {
		assertEquals(2.55, NoisyLinearImputer.DEFAULT_NOISE_SIGMA, 1e-12, "0.01 on 0..1 is 2.55 on 0..255");
		int w = 160, h = 120;
		RgbImage img = random(w, h, 9);
		boolean[] removed = hardMasks(w, h).get("scattered 90%");
		NoisyLinearImputer noisy = new NoisyLinearImputer();
		RgbImage smooth = EXACT.interpolate(img, removed), a = noisy.impute(img, removed, 42);
		double sum = 0, squares = 0;
		int count = 0;
		for (int p = 0; p < removed.length; p++)
			for (int c = 0; c < 3; c++) {
				double diff = a.data()[3 * p + c] - smooth.data()[3 * p + c];
				if (!removed[p]) {
					assertEquals(0, diff, 0.0, "no noise on kept pixels");
					continue;
				}
				sum += diff;
				squares += diff * diff;
				count++;
			}
		double mean = sum / count, sd = Math.sqrt(squares / count - mean * mean);
		// about 52,000 draws: the standard error of the mean is 0.011, of the standard deviation 0.3%
		assertEquals(0, mean, 0.05);
		assertEquals(2.55, sd, 0.03);
		assertArrayEquals(a.data(), noisy.impute(img, removed, 42).data(), 0f, "same seed, same image");
		assertFalse(Arrays.equals(a.data(), noisy.impute(img, removed, 43).data()), "another seed, other noise");
		assertArrayEquals(smooth.data(), noisy.withNoise(0).impute(img, removed, 42).data(), 0f);
	}

	@Test
	void degenerateMasksHaveClearRules() {
		RgbImage img = random(20, 10, 1);
		assertArrayEquals(img.data(), EXACT.interpolate(img, new boolean[200]).data(), 0f, "nothing removed: a copy");
		boolean[] all = new boolean[200];
		Arrays.fill(all, true);
		float[] grey = new float[600];
		Arrays.fill(grey, 127.5f);
		assertArrayEquals(grey, EXACT.interpolate(img, all).data(), 0f, "all removed: mid-grey, no image information");
		RgbImage noisy = new NoisyLinearImputer().impute(img, all, 1);
		double mean = 0;
		for (float v : noisy.data())
			mean += v / 600;
		assertEquals(127.5, mean, 0.5, "plus the noise");
		float[] before = img.data().clone();
		new NoisyLinearImputer().impute(img, all, 1);
		assertArrayEquals(before, img.data(), 0f, "the input image is not modified");

		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> EXACT.interpolate(img, new boolean[199]));
		assertTrue(e.getMessage().contains("199") && e.getMessage().contains("20 x 10"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> EXACT.withNoise(-1));
		assertThrows(IllegalArgumentException.class, () -> EXACT.withNoise(Double.NaN));
	}
}
