package io.github.ablationca.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;


import org.junit.jupiter.api.Test;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.view.Views;

class SlicTest {

	// ------------------------------------------------------------------ counts and clean segments

	/** Requests above pixels/4 are capped: 8x8 pixels allow 16 segments at most. */
	@Test
	void tinyImagesCapTheCountAtAQuarterOfThePixels() {
		int[] argb = new int[64];
		for (int i = 0; i < 64; i++)
			argb[i] = 0xff000000 | (i * 37 % 256) << 16 | (i * 91 % 256) << 8 | (i * 13 % 256);
		Slic slic = new Slic(400, 10, 10, 0);
		assertEquals(16, slic.effectiveSegments(64));
		LabelImage labels = slic.segment(ArrayImgs.argbs(argb, 8, 8));
		assertTrue(labels.count() >= 15 && labels.count() <= 17, "count " + labels.count());
		assertClean(labels, 1, "8x8");

		LabelImage single = new Slic(40, 10, 10, 1).segment(ArrayImgs.argbs(new int[] {0xff123456}, 1, 1));
		assertEquals(1, single.count());
		LabelImage line = new Slic(10, 10, 10, 1).segment(ArrayImgs.argbs(new int[200], 200, 1));
		assertTrue(line.count() >= 9 && line.count() <= 11, "count " + line.count());
		assertClean(line, 5, "200x1");
	}

	/**
	 * With no iterations, the segments are the seed grid: 100x100 pixels and 25 segments are 5 rows of 5 cells of
	 * 20x20; 7 segments are 3 rows (round(sqrt(7)) = 3) with 2, 2 and 3 cells.
	 */
	@Test
	void withoutIterationsTheSegmentsAreTheExactSeedGrid() {
		RandomAccessibleInterval<ARGBType> flat = ArrayImgs.argbs(new int[100 * 100], 100, 100);
		LabelImage grid = new Slic(25, 10, 0, 0).segment(flat);
		assertEquals(25, grid.count());
		for (int y = 0; y < 100; y++)
			for (int x = 0; x < 100; x++)
				assertEquals((y / 20) * 5 + x / 20, grid.get(x, y));
		LabelImage seven = new Slic(7, 10, 0, 0).segment(flat);
		assertEquals(7, seven.count());
		int[] cellsPerRow = new int[3];
		for (int row = 0; row < 3; row++) {
			int y = row * 33 + 16;
			java.util.Set<Integer> ids = new java.util.HashSet<>();
			for (int x = 0; x < 100; x++)
				ids.add(seven.get(x, y));
			cellsPerRow[row] = ids.size();
		}
		assertArrayEquals(new int[] {2, 2, 3}, cellsPerRow);
	}

	// ------------------------------------------------------------------ synthetic oracles

	/** Two flat colours split at an off-grid column, and along a diagonal: no segment crosses the edge. */
	@Test
	void flatHalvesKeepTheirBoundary() {
		int w = 300, h = 200;
		int[] vertical = new int[w * h], diagonal = new int[w * h];
		boolean[] leftV = new boolean[w * h], leftD = new boolean[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				int i = y * w + x;
				leftV[i] = x < 111;
				leftD[i] = x + 0.6 * y < 170;
				vertical[i] = leftV[i] ? 0xffc83c28 : 0xff2850c8;
				diagonal[i] = leftD[i] ? 0xff50a050 : 0xffe6d28c;
			}
		for (int request : new int[] {2, 4, 10, 40}) {
			for (double sigma : new double[] {0, 1}) {
				assertNoSegmentStraddles(new Slic(request, 10, 10, sigma).segment(ArrayImgs.argbs(vertical, w, h)),
					leftV, "vertical, request " + request + ", sigma " + sigma);
				assertNoSegmentStraddles(new Slic(request, 10, 10, sigma).segment(ArrayImgs.argbs(diagonal, w, h)),
					leftD, "diagonal, request " + request + ", sigma " + sigma);
			}
		}
		// the same by intensity on a 16-bit image
		short[] grey = new short[w * h];
		for (int i = 0; i < grey.length; i++)
			grey[i] = (short) (leftD[i] ? 1000 : 3000);
		assertNoSegmentStraddles(new Slic(10, 10, 10, 1).segment(ArrayImgs.unsignedShorts(grey, w, h)), leftD,
			"16-bit diagonal");
	}

	private static void assertNoSegmentStraddles(LabelImage labels, boolean[] side, String what) {
		int[] first = new int[labels.count()];
		java.util.Arrays.fill(first, -1);
		int[] l = labels.labels();
		for (int i = 0; i < l.length; i++) {
			int s = side[i] ? 1 : 0;
			if (first[l[i]] < 0) first[l[i]] = s;
			else assertEquals(first[l[i]], s, what + ": segment " + l[i] + " crosses the colour edge at pixel " + i);
		}
		assertClean(labels, 1, what);
	}

	/** CIELAB values of sRGB colours, from the CIE formulas (D65): white, black, mid grey, pure red, pure blue. */
	@Test
	void labConversionMatchesReferenceValues() {
		float[] lab = new float[3];
		SlicFeatures.srgbToLab(255, 255, 255, lab);
		assertArrayEquals(new float[] {100, 0, 0}, lab, 0.02f);
		SlicFeatures.srgbToLab(0, 0, 0, lab);
		assertArrayEquals(new float[] {0, 0, 0}, lab, 1e-4f);
		SlicFeatures.srgbToLab(128, 128, 128, lab);
		assertArrayEquals(new float[] {53.585f, 0, 0}, lab, 0.02f);
		SlicFeatures.srgbToLab(255, 0, 0, lab);
		assertArrayEquals(new float[] {53.24f, 80.09f, 67.20f}, lab, 0.05f);
		SlicFeatures.srgbToLab(0, 0, 255, lab);
		assertArrayEquals(new float[] {32.30f, 79.19f, -107.86f}, lab, 0.05f);
		for (double t = 0.008; t < 1.2; t *= 1.001)
			assertEquals(Math.cbrt(t), SlicFeatures.cbrt(t), 1e-12 * Math.cbrt(t));
	}

	// ------------------------------------------------------------------ grayscale and NaN

	/**
	 * A 32-bit image with a 60x50 block of NaN and infinities, and scattered single NaN pixels: no crash, clean
	 * segments near the requested count, and no segment holds both block pixels and finite ones (missing pixels never
	 * connect to finite ones; the block is larger than an average segment at these requests, so it is neither an
	 * orphan nor the first to merge when the count is trimmed). Single NaN pixels are absorbed by their
	 * neighbours. An all-NaN image gives a flat grid.
	 */
	@Test
	void nanAndInfinityFormTheirOwnSegmentsAndNeverCrash() {
		int w = 240, h = 160;
		float[] v = new float[w * h];
		boolean[] block = new boolean[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				int i = y * w + x;
				v[i] = (float) (1000 + 400 * Math.sin(x / 23.0) * Math.cos(y / 31.0));
				if (x >= 130 && x < 190 && y >= 40 && y < 90) {
					block[i] = true;
					v[i] = (x + y) % 7 == 0 ? Float.POSITIVE_INFINITY : (x + y) % 11 == 0 ? Float.NEGATIVE_INFINITY
						: Float.NaN;
				}
				else if ((x * 31 + y * 17) % 97 == 0) v[i] = Float.NaN;
			}
		float[] original = v.clone();
		for (double sigma : new double[] {0, 1.5}) {
			for (int request : new int[] {20, 40, 100}) {
				LabelImage labels = new Slic(request, 10, 10, sigma).segment(ArrayImgs.floats(v, w, h));
				assertTrue(Math.abs(labels.count() - request) <= 0.1 * request, "count " + labels.count());
				assertClean(labels, (int) (0.25 * w * h / request), "NaN image");
				boolean[] touchesBlock = new boolean[labels.count()];
				for (int i = 0; i < v.length; i++)
					if (block[i]) touchesBlock[labels.labels()[i]] = true;
				for (int i = 0; i < v.length; i++)
					assertTrue(!touchesBlock[labels.labels()[i]] || !Float.isFinite(v[i]), "request " + request +
						", sigma " + sigma + ": finite pixel " + i + " shares a segment with the NaN block");
			}
		}
		assertArrayEquals(original, v, 0f, "the user's image must not change");
		float[] allNaN = new float[64 * 64];
		java.util.Arrays.fill(allNaN, Float.NaN);
		LabelImage nan = new Slic(16, 10, 10, 1).segment(ArrayImgs.floats(allNaN, 64, 64));
		assertEquals(16, nan.count());
		assertClean(nan, 64, "all NaN");
	}

	// ------------------------------------------------------------------ determinism, threads

	// ------------------------------------------------------------------ bad input

	@Test
	void badParametersAndImagesAreRejectedWithAClearMessage() {
		assertMessage(() -> new Slic(0, 10, 10, 1), "segments");
		assertMessage(() -> new Slic(40, 0, 10, 1), "compactness");
		assertMessage(() -> new Slic(40, Double.NaN, 10, 1), "compactness");
		assertMessage(() -> new Slic(40, 10, -1, 1), "iterations");
		assertMessage(() -> new Slic(40, 10, 10, -0.5), "sigma");
		assertMessage(() -> new Slic().withThreads(0), "threads");
		assertMessage(() -> new Slic().withCountTolerance(1), "tolerance");
		assertMessage(() -> new Slic().withMinSizeFactor(-1), "size factor");
		Slic slic = new Slic();
		assertMessage(() -> slic.segment(null), "No image");
		assertMessage(() -> slic.segment(ArrayImgs.argbs(4, 4, 3)), "2D");
		assertMessage(() -> slic.segment(ArrayImgs.complexFloats(4, 4)), "Unsupported pixel type");
		assertMessage(() -> slic.segment(Views.interval(ArrayImgs.argbs(4, 4), new long[] {0, 0}, new long[] {-1, 3})),
			"empty");
	}

	private static void assertMessage(org.junit.jupiter.api.function.Executable call, String fragment) {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
		assertTrue(e.getMessage().contains(fragment), "message '" + e.getMessage() + "' should mention " + fragment);
	}

	// ------------------------------------------------------------------ independent checks of a label image

	/**
	 * Labels use exactly 0..count-1, every label is one 4-connected component (checked by a flood fill written
	 * here, independent of the implementation), and no segment is smaller than {@code minSize} pixels.
	 */
	static void assertClean(LabelImage labels, int minSize, String what) {
		int w = labels.width(), h = labels.height(), n = w * h;
		int[] l = labels.labels();
		int[] area = labels.areas();
		for (int k = 0; k < labels.count(); k++) {
			assertTrue(area[k] > 0, what + ": label " + k + " unused");
			assertTrue(area[k] >= minSize, what + ": segment " + k + " has " + area[k] + " pixels < " + minSize);
		}
		boolean[] seen = new boolean[n];
		boolean[] labelDone = new boolean[labels.count()];
		int[] queue = new int[n];
		for (int s = 0; s < n; s++) {
			if (seen[s]) continue;
			int label = l[s];
			assertTrue(!labelDone[label], what + ": label " + label + " is split into several 4-connected pieces");
			labelDone[label] = true;
			int head = 0, tail = 0;
			queue[tail++] = s;
			seen[s] = true;
			while (head < tail) {
				int i = queue[head++], x = i % w, y = i / w;
				for (int dir = 0; dir < 4; dir++) {
					int j = dir == 0 ? (x > 0 ? i - 1 : -1) : dir == 1 ? (x < w - 1 ? i + 1 : -1) : dir == 2 ? (y > 0 ? i - w
						: -1) : (y < h - 1 ? i + w : -1);
					if (j >= 0 && !seen[j] && l[j] == label) {
						seen[j] = true;
						queue[tail++] = j;
					}
				}
			}
		}
	}
}
