package io.github.ablationca.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import net.imglib2.img.array.ArrayImgs;

/**
 * SLIC's k-means, clean-up and numbering on synthetic images whose answer is known without running SLIC: on a flat
 * image the colour term is zero everywhere, so k-means is Lloyd's algorithm on pixel positions, whose fixed point
 * from the seed grid is the grid itself (every centre at its cell's centroid; the cells are the Voronoi cells of the
 * centroids). A centroid off by half a pixel, or one that drifts, moves the boundaries.
 */
class SlicKnownAnswerTest {

	private static int[] flat(int w, int h, int argb) {
		int[] px = new int[w * h];
		Arrays.fill(px, argb);
		return px;
	}

	/** Labels of a grid of {@code cols x rows} equal cells numbered in raster order. */
	private static int[] grid(int w, int h, int cols, int rows) {
		int[] l = new int[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				l[y * w + x] = y / (h / rows) * cols + x / (w / cols);
		return l;
	}

	@Test
	void kMeansOnAFlatImageConvergesToTheGridOfCentroids() {
		for (int iterations : new int[] {1, 2, 10, 25}) {
			// 100 x 100, 25 segments: 5 x 5 cells of 20 x 20
			LabelImage square = new Slic(25, 10, iterations, 0).segment(ArrayImgs.argbs(flat(100, 100, 0xff808080),
				100, 100));
			assertEquals(25, square.count());
			assertArrayEquals(grid(100, 100, 5, 5), square.labels(), "square, iterations " + iterations);
			// 120 x 40, 3 segments: one row (round(sqrt(3 * 40 / 120)) = 1) of three 40 x 40 cells
			LabelImage wide = new Slic(3, 10, iterations, 0).segment(ArrayImgs.argbs(flat(120, 40, 0xff204060), 120,
				40));
			assertArrayEquals(grid(120, 40, 3, 1), wide.labels(), "wide, iterations " + iterations);
			// portrait 24 x 72 with 3 segments: three rows (round(sqrt(3 * 72 / 24)) = 3) of one 24 x 24 cell
			LabelImage tall = new Slic(3, 10, iterations, 0).segment(ArrayImgs.argbs(flat(24, 72, 0xff000000), 24, 72));
			assertArrayEquals(grid(24, 72, 1, 3), tall.labels(), "tall, iterations " + iterations);
			// grayscale takes the intensity path: the same grid
			LabelImage grey = new Slic(16, 10, iterations, 0).segment(ArrayImgs.floats(new float[64 * 64], 64, 64));
			assertArrayEquals(grid(64, 64, 4, 4), grey.labels(), "grey, iterations " + iterations);
		}
	}

	/** A synthetic colour texture: smooth waves, so SLIC has real boundaries to find. */
	private static int[] waves(int w, int h) {
		int[] px = new int[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				int r = (int) (127 + 120 * Math.sin(x / 9.0) * Math.cos(y / 13.0));
				int g = (int) (127 + 120 * Math.sin((x + y) / 17.0));
				int b = (int) (127 + 120 * Math.cos(x / 5.0 - y / 11.0));
				px[y * w + x] = 0xff000000 | r << 16 | g << 8 | b;
			}
		return px;
	}

	/** Every step is split by rows over threads, and centre sums are exact: any thread count gives the same labels. */
	@Test
	void labelsDoNotDependOnTheThreadCount() {
		int w = 150, h = 100;
		int[] px = waves(w, h), before = px.clone();
		for (int request : new int[] {12, 60}) {
			Slic slic = new Slic(request, 10, 10, 1);
			int[] one = slic.withThreads(1).segment(ArrayImgs.argbs(px, w, h)).labels();
			for (int threads : new int[] {2, 3, 7})
				assertArrayEquals(one, slic.withThreads(threads).segment(ArrayImgs.argbs(px, w, h)).labels(),
					threads + " threads, request " + request);
		}
		assertArrayEquals(before, px, "the image is not modified");
		// grey with missing pixels: masked assignment and normalised smoothing
		float[] grey = new float[w * h];
		for (int i = 0; i < grey.length; i++)
			grey[i] = i % 37 == 0 || (i / w > 30 && i / w < 50 && i % w < 40) ? Float.NaN : (float) Math.sin(i * 0.013)
				* (i % w);
		Slic slic = new Slic(30, 10, 10, 1.5);
		assertArrayEquals(slic.withThreads(1).segment(ArrayImgs.floats(grey, w, h)).labels(), slic.withThreads(3)
			.segment(ArrayImgs.floats(grey, w, h)).labels(), "grey with NaN");
	}

	/**
	 * Intensity is normalised to the image's own range: 8-bit u, 16-bit 257u, float u / 256 + 1000 and signed
	 * 16-bit 100u - 12000 (all exact) give identical labels, through the array and the generic (cursor) paths.
	 */
	@Test
	void greyImagesSegmentAlikeAtEveryBitDepth() {
		int w = 120, h = 90;
		int[] px = waves(w, h);
		byte[] u8 = new byte[w * h];
		short[] u16 = new short[w * h], s16 = new short[w * h];
		float[] f32 = new float[w * h];
		for (int i = 0; i < px.length; i++) {
			int u = (px[i] >> 8) & 0xff;
			u8[i] = (byte) u;
			u16[i] = (short) (u * 257);
			s16[i] = (short) (u * 100 - 12000);
			f32[i] = u / 256f + 1000f;
		}
		Slic slic = new Slic(20, 10, 10, 1);
		int[] a = slic.segment(ArrayImgs.unsignedBytes(u8, w, h)).labels();
		assertArrayEquals(a, slic.segment(ArrayImgs.unsignedShorts(u16, w, h)).labels(), "16-bit");
		assertArrayEquals(a, slic.segment(ArrayImgs.floats(f32, w, h)).labels(), "32-bit");
		assertArrayEquals(a, slic.segment(ArrayImgs.shorts(s16, w, h)).labels(), "signed 16-bit");
		assertArrayEquals(a, slic.segment(net.imglib2.view.Views.translate(ArrayImgs.unsignedBytes(u8, w, h), 3, 4))
			.labels(), "a view");
		// RGB through a view takes the generic path: the same labels
		Slic colour = new Slic(20, 10, 10, 1);
		assertArrayEquals(colour.segment(ArrayImgs.argbs(px, w, h)).labels(), colour.segment(net.imglib2.view.Views
			.translate(ArrayImgs.argbs(px, w, h), 17, -5)).labels());
	}

	// ------------------------------------------------------------------ the clean-up step on hand-made labels

	@Test
	void aSmallRegionMergesIntoTheClosestColourAndLabelsFollowTheRasterScan() {
		// A (one pixel, grey 10) touches B (grey 90) to the right and C (grey 12) below; it merges into C. The raster
		// scan meets A's pixel first, so C (holding it) is 0 and B is 1 although B's region came first in C's place.
		int[] labels = {
			5, 7, 7,
			9, 7, 7,
			9, 9, 9};
		float[] grey = {
			10, 90, 90,
			12, 90, 90,
			12, 12, 12};
		int count = new SegmentCleanup(3, 3, new float[][] {grey}, null).run(labels, 2, 1, 10);
		assertEquals(2, count);
		assertArrayEquals(new int[] {
			0, 1, 1,
			0, 1, 1,
			0, 0, 0}, labels);
	}

	@Test
	void tooManyRegionsMergeSmallestFirst() {
		// four vertical stripes of widths 1, 3, 2, 4 and greys 0, 50, 51, 100; at most 2 regions: the 1-wide one
		// goes into its only neighbour, then the 2-wide one into the closest grey (51 next to 50, not 100)
		int w = 10, h = 2;
		int[] widths = {1, 3, 2, 4};
		float[] greys = {0, 50, 51, 100};
		int[] labels = new int[w * h];
		float[] grey = new float[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0, s = 0, end = widths[0]; x < w; x++) {
				if (x == end) end += widths[++s];
				labels[y * w + x] = s;
				grey[y * w + x] = greys[s];
			}
		assertEquals(2, new SegmentCleanup(w, h, new float[][] {grey}, null).run(labels, 1, 1, 2));
		int[] row = {0, 0, 0, 0, 0, 0, 1, 1, 1, 1};
		for (int y = 0; y < h; y++)
			assertArrayEquals(row, Arrays.copyOfRange(labels, y * w, y * w + w), "row " + y);
	}

	@Test
	void tooFewRegionsSplitTheLargestAcrossItsPrincipalAxis() {
		// one 8 x 4 region: its long axis is x, the cut goes through the centroid (x = 3.5) across it
		int[] wide = new int[32];
		assertEquals(2, new SegmentCleanup(8, 4, new float[][] {new float[32]}, null).run(wide, 1, 2, 10));
		assertArrayEquals(new int[] {
			0, 0, 0, 0, 1, 1, 1, 1,
			0, 0, 0, 0, 1, 1, 1, 1,
			0, 0, 0, 0, 1, 1, 1, 1,
			0, 0, 0, 0, 1, 1, 1, 1}, wide);
		// 3 x 6 (tall): cut at y = 2.5
		int[] tall = new int[18];
		assertEquals(2, new SegmentCleanup(3, 6, new float[][] {new float[18]}, null).run(tall, 1, 2, 10));
		assertArrayEquals(new int[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1}, tall);
		// two regions (6 x 4 and 2 x 4), three wanted: only the largest is cut, the small one keeps its pixels
		int[] two = new int[32];
		float[] grey = new float[32];
		for (int i = 0; i < 32; i++)
			if (i % 8 >= 6) {
				two[i] = 1;
				grey[i] = 100;
			}
		assertEquals(3, new SegmentCleanup(8, 4, new float[][] {grey}, null).run(two, 1, 3, 10));
		for (int y = 0; y < 4; y++)
			assertArrayEquals(new int[] {0, 0, 0, 1, 1, 1, 2, 2}, Arrays.copyOfRange(two, y * 8, y * 8 + 8),
				"row " + y);
		// a diagonal band of 2 x 2 blocks: its principal axis is the diagonal, the cut across it at the centroid
		int w = 8;
		int[] diagonal = new int[64];
		float[] flat = new float[64];
		for (int i = 0; i < 64; i++) {
			int x = i % w, y = i / w;
			diagonal[i] = Math.abs(x - y) <= 1 ? 0 : x > y ? 1 : 2;
			flat[i] = diagonal[i] == 0 ? 0 : 100 * diagonal[i];
		}
		int[] before = diagonal.clone();
		assertEquals(4, new SegmentCleanup(w, w, new float[][] {flat}, null).run(diagonal, 1, 4, 10));
		// the band's centroid is (3.5, 3.5) and its axis (1, 1): the cut is the line x + y = 7 (pixels on it may go
		// either way in floating point); the near half keeps label 0 (it holds pixel 0), the far half is new
		int far = diagonal[63];
		for (int i = 0; i < 64; i++) {
			int x = i % w, y = i / w;
			if (before[i] != 0 || x + y == 7) continue;
			assertEquals(x + y < 7 ? 0 : far, diagonal[i], "band pixel " + x + "," + y);
		}
		assertEquals(4, Arrays.stream(diagonal).distinct().count());
		assertEquals(java.util.Set.of(1, 2), java.util.Set.of(diagonal[7], diagonal[56]), "the two triangles");
		assertEquals(3, far);
	}

	@Test
	void singlePixelsCannotBeSplit() {
		int[] one = {0};
		assertEquals(1, new SegmentCleanup(1, 1, new float[][] {{5}}, null).run(one, 1, 3, 10));
		assertArrayEquals(new int[] {0}, one);
	}
}
