package io.github.ablationca.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.SplittableRandom;

import net.imglib2.img.array.ArrayImgs;

import org.junit.jupiter.api.Test;

/**
 * SLIC's k-means on grey images with missing pixels against the algorithm of its Javadoc, written out here pixel by
 * pixel without bands, threads or fixed point: every pixel goes to the centre, among those whose window (one grid
 * cell each side) covers it, of least {@code D^2 = (v - c)^2 + ((x - cx)^2 + (y - cy)^2) (m / S)^2} (ties: the lower
 * index), where a missing pixel counts by position only; centres move to the mean position of their pixels and the
 * mean value of their finite pixels (a seed on a missing pixel starts at 50); then each 4-connected piece of a
 * cluster, missing and finite apart, is a segment, numbered in raster order. The images' values are whole numbers
 * from 0 to 100 with both ends present (the intensity scale is then the identity), so every first-round distance is
 * exact and ties are real. Clean-up merges are switched off (minimum size factor 0, count tolerance 0.99).
 */
class SlicReferenceTest {

	/** The reference: labels after {@code rounds} rounds from the given (already moved) seeds, then components. */
	private static int[] reference(float[] values, int w, int h, int[] seedX, int[] seedY, int window, float sw,
		int rounds, int[] initial)
	{
		int n = w * h, k = seedX.length;
		float[] cx = new float[k], cy = new float[k], cf = new float[k];
		for (int c = 0; c < k; c++) {
			cx[c] = seedX[c];
			cy[c] = seedY[c];
			float v = values[seedY[c] * w + seedX[c]];
			cf[c] = Float.isNaN(v) ? 50 : v;
		}
		int[] labels = initial.clone();
		for (int round = 0; round < rounds; round++) {
			float[] best = new float[n];
			Arrays.fill(best, Float.POSITIVE_INFINITY);
			for (int c = 0; c < k; c++) {
				int x0 = Math.round(cx[c]), y0 = Math.round(cy[c]);
				for (int y = Math.max(0, y0 - window); y <= Math.min(h - 1, y0 + window); y++)
					for (int x = Math.max(0, x0 - window); x <= Math.min(w - 1, x0 + window); x++) {
						int i = y * w + x;
						float v = values[i], dx = x - cx[c], dy = y - cy[c];
						float colour = Float.isNaN(v) ? 0 : (v - cf[c]) * (v - cf[c]);
						float d = colour + dx * dx * sw + dy * dy * sw;
						if (d < best[i]) {
							best[i] = d;
							labels[i] = c;
						}
					}
			}
			if (round == rounds - 1) break;
			double[] sx = new double[k], sy = new double[k], sv = new double[k];
			long[] count = new long[k], finite = new long[k];
			for (int i = 0; i < n; i++) {
				int c = labels[i];
				sx[c] += i % w;
				sy[c] += i / w;
				count[c]++;
				if (!Float.isNaN(values[i])) {
					sv[c] += values[i];
					finite[c]++;
				}
			}
			for (int c = 0; c < k; c++) {
				if (count[c] == 0) continue;
				cx[c] = (float) (sx[c] / count[c]);
				cy[c] = (float) (sy[c] / count[c]);
				if (finite[c] > 0) cf[c] = (float) (sv[c] / finite[c]);
			}
		}
		// components of (cluster, missing), numbered in raster order of their first pixel
		int[] out = new int[n];
		Arrays.fill(out, -1);
		int next = 0;
		for (int start = 0; start < n; start++) {
			if (out[start] >= 0) continue;
			ArrayDeque<Integer> queue = new ArrayDeque<>();
			queue.add(start);
			out[start] = next;
			while (!queue.isEmpty()) {
				int i = queue.poll(), x = i % w, y = i / w;
				int[][] steps = {{1, 0}, {-1, 0}, {0, 1}, {0, -1}};
				for (int[] s : steps) {
					int nx = x + s[0], ny = y + s[1], j = ny * w + nx;
					if (nx < 0 || ny < 0 || nx >= w || ny >= h || out[j] >= 0) continue;
					if (labels[j] != labels[i] || Float.isNaN(values[j]) != Float.isNaN(values[i])) continue;
					out[j] = next;
					queue.add(j);
				}
			}
			next++;
		}
		return out;
	}

	private static LabelImage slic(float[] values, int w, int h, int k, double compactness, int iterations) {
		return new Slic(k, compactness, iterations, 0).withThreads(1).withMinSizeFactor(0).withCountTolerance(0.99)
			.segment(ArrayImgs.floats(values.clone(), w, h));
	}

	private static int count(int[] labels) {
		return Arrays.stream(labels).max().orElse(-1) + 1;
	}

	/**
	 * 8 x 8, 16 segments: cells of 2 x 2 (too small for seeds to move), seeds at the rounded cell centres (1, 3, 5, 7)
	 * in both directions, windows of 2. Values 0 to 6, one 100 (the scale's end) and missing pixels, one of them
	 * under the first seed; compactness 4 on a grid step of 2 makes the spatial weight exactly 4.
	 */
	@Test
	void smallCellsWithMissingPixelsAndASeedOnOne() {
		int w = 8, h = 8, k = 16;
		SplittableRandom random = new SplittableRandom(42);
		for (int trial = 0; trial < 6; trial++) {
			float[] values = new float[w * h];
			for (int i = 0; i < values.length; i++)
				values[i] = random.nextInt(7);
			for (int m = 0; m < 8; m++)
				values[random.nextInt(w * h)] = Float.NaN;
			values[1 * w + 1] = Float.NaN; // the first seed's pixel
			values[63] = 100;
			int[] sx = new int[k], sy = new int[k], grid = new int[w * h];
			for (int c = 0; c < k; c++) {
				sx[c] = 1 + 2 * (c % 4);
				sy[c] = 1 + 2 * (c / 4);
			}
			for (int i = 0; i < w * h; i++)
				grid[i] = (i / w) / 2 * 4 + (i % w) / 2;
			for (int iterations = 0; iterations <= 3; iterations++) {
				int[] expected = reference(values, w, h, sx, sy, 2, 4f, iterations, grid);
				assertTrue(count(expected) <= 31, "the clean-up merges nothing");
				assertArrayEquals(expected, slic(values, w, h, k, 4, iterations).labels(), "trial " + trial +
					", iterations " + iterations);
			}
		}
	}

	/**
	 * A seed on a missing pixel starts at 50: finite pixels of value 50 next to it join it in the first round,
	 * which they would not if it started at the missing pixels' stored value.
	 */
	@Test
	void aSeedOnAMissingPixelStartsAtFifty() {
		int w = 8, h = 8, k = 16;
		float[] values = new float[w * h];
		values[0] = 50;
		values[1] = 50;
		values[w] = 50;
		values[w + 1] = Float.NaN;
		values[63] = 100;
		int[] sx = new int[k], sy = new int[k], grid = new int[w * h];
		for (int c = 0; c < k; c++) {
			sx[c] = 1 + 2 * (c % 4);
			sy[c] = 1 + 2 * (c / 4);
		}
		for (int i = 0; i < w * h; i++)
			grid[i] = (i / w) / 2 * 4 + (i % w) / 2;
		int[] expected = reference(values, w, h, sx, sy, 2, 4f, 1, grid);
		assertEquals(expected[0], expected[1], "(the design) the 50s share the seed's cluster");
		assertArrayEquals(expected, slic(values, w, h, k, 4, 1).labels());
	}

	/**
	 * 1100 x 10, 13 and 14 with 10 segments: one row of ten 110-pixel-wide cells, assigned in bands of 7 rows
	 * (8192 / 1100), so every window spans two bands (the second one with 3, 6 or 7 rows). Seeds move up and to the
	 * left (flat 5 x 5 patches around the grid points), the rest is noise with blocks of missing pixels; compactness
	 * 10 on a grid step of sqrt(110 h / 10): a spatial weight that is not a whole number, so these fixed images are
	 * ones whose labels do not hinge on a near-tie.
	 */
	@Test
	void wideImagesAssignedInBands() {
		for (int h : new int[] {10, 13, 14}) {
			int w = 1100, k = 10;
			SplittableRandom random = new SplittableRandom(7);
			float[] values = new float[w * h];
			for (int i = 0; i < values.length; i++)
				values[i] = 40 + random.nextInt(21);
			for (int[] block : new int[][] {{100, 0}, {215, 6}, {700, 3}, {1095, 7}}) // missing blocks of 5 x 3
				for (int y = block[1]; y < block[1] + 3; y++)
					for (int x = block[0]; x < Math.min(w, block[0] + 5); x++)
						values[y * w + x] = Float.NaN;
			int[] sx = new int[k], sy = new int[k], grid = new int[w * h];
			for (int c = 0; c < k; c++) {
				int gx = Math.round((c + 0.5f) * 110 - 0.5f), gy = Math.round(h / 2f - 0.5f);
				for (int y = gy - 2; y <= gy + 2; y++)
					for (int x = gx - 2; x <= gx + 2; x++)
						values[y * w + x] = 50;
				sx[c] = gx - 1;
				sy[c] = gy - 1;
			}
			values[0] = 0;
			values[w - 1] = 100;
			for (int i = 0; i < w * h; i++)
				grid[i] = (i % w) / 110;
			double step = Math.sqrt((double) w * h / k);
			float sw = (float) (100 / (step * step));
			for (int iterations = 1; iterations <= 3; iterations++) {
				int[] expected = reference(values, w, h, sx, sy, 110, sw, iterations, grid);
				assertTrue(count(expected) <= 19, "the clean-up merges nothing: " + count(expected));
				assertArrayEquals(expected, slic(values, w, h, k, 10, iterations).labels(), h + " rows, iterations " +
					iterations);
			}
		}
	}

	/** Zero-valued (flat) features, the grid cells of each pixel's centre, and the flat reference. */
	private static void assertFlat(int w, int h, int k, double compactness, int iterations, int[] seedX, int[] seedY,
		int window, int[] cells)
	{
		int[] expected = reference(new float[w * h], w, h, seedX, seedY, window, 1f, iterations, cells);
		assertArrayEquals(expected, slic(new float[w * h], w, h, k, compactness, iterations).labels(), w + " x " + h +
			", " + k + " segments, " + iterations + " iterations");
	}

	/**
	 * Where the seeds start: cells of at least 3 x 3 pixels move each seed to the first pixel of least gradient
	 * among the pixels of its 3 x 3 neighbourhood that have all four neighbours (on a flat image: up and left, but
	 * never onto the image's first or last row or column); narrower or shorter cells keep the rounded cell centres.
	 * One round on a flat image is then the Voronoi partition of the seeds (spatial weight 1: compactness = grid
	 * step). With no round at all, each pixel keeps the cell its centre lies in.
	 */
	@Test
	void seedsMoveOnlyInCellsOfAtLeastThreePixels() {
		// 9 x 9, 9 segments: 3 x 3 cells; centres 1, 4, 7 move to 1, 3, 6 in both directions
		int[] at = {1, 3, 6};
		int[] sx = new int[9], sy = new int[9];
		for (int c = 0; c < 9; c++) {
			sx[c] = at[c % 3];
			sy[c] = at[c / 3];
		}
		int[] cells9 = new int[81];
		for (int i = 0; i < 81; i++)
			cells9[i] = (i / 9) / 3 * 3 + (i % 9) / 3;
		assertFlat(9, 9, 9, 3, 1, sx, sy, 3, cells9);
		// 8 x 9, 9 segments: cells 8/3 wide, too narrow: seeds stay at the rounded centres x = 1, 4, 6 and y = 1, 4, 7
		int[] cx = {1, 4, 6}, cy = {1, 4, 7};
		for (int c = 0; c < 9; c++) {
			sx[c] = cx[c % 3];
			sy[c] = cy[c / 3];
		}
		int[] cells8 = new int[72];
		for (int i = 0; i < 72; i++)
			cells8[i] = (i / 8) / 3 * 3 + (int) ((i % 8 + 0.5) * 3 / 8);
		assertFlat(8, 9, 9, Math.sqrt(8), 1, sx, sy, 3, cells8);
		// 3 x 30 and 30 x 3, 10 segments: cells of exactly 3 x 3 in a column or a row of width 3; the seed at 1 stays
		// (its neighbourhood has no pixel above or left of it with all four neighbours), the others move back one
		int[] along = new int[10], across = new int[10], cellsTall = new int[90], cellsWide = new int[90];
		for (int c = 0; c < 10; c++) {
			along[c] = c == 0 ? 1 : 3 * c;
			across[c] = 1;
		}
		for (int i = 0; i < 90; i++) {
			cellsTall[i] = (i / 3) / 3;
			cellsWide[i] = (i % 30) / 3;
		}
		assertFlat(3, 30, 10, 3, 1, across, along, 3, cellsTall);
		assertFlat(30, 3, 10, 3, 1, along, across, 3, cellsWide);
		// no round: 10 x 4 with 3 segments in one row of cells 10/3 wide, by the pixel centres x + 0.5: x 0..2 (up to
		// 2.5 < 3.33), 3..6 (6.5 < 6.67), 7..9
		int[] cells10 = new int[40];
		for (int i = 0; i < 40; i++)
			cells10[i] = (i % 10) < 3 ? 0 : (i % 10) < 7 ? 1 : 2;
		assertFlat(10, 4, 3, 1, 0, new int[] {1, 5, 8}, new int[] {1, 1, 1}, 4, cells10);
		// no round: 10 x 10 with 3 segments in two rows (round(sqrt(3)) = 2) of one and two cells
		int[] cellsTwoRows = new int[100];
		for (int i = 0; i < 100; i++)
			cellsTwoRows[i] = i / 10 < 5 ? 0 : i % 10 < 5 ? 1 : 2;
		assertFlat(10, 10, 3, 1, 0, new int[] {5, 2, 7}, new int[] {2, 7, 7}, 5, cellsTwoRows);
	}

	/**
	 * Two colour halves, split off the grid line (10 of 30 columns), segment as the halves: black and white differ in
	 * L* only; a blue and an olive of nearly equal L* and a* differ in b* only. So the centres' L* and b* after the
	 * update decide the boundary pixels (with either of them wrong, position alone would move the boundary to the
	 * centres' midpoint).
	 */
	@Test
	void colourHalvesSplitAtTheColourEdge() {
		int w = 30, h = 10;
		int[][] pairs = {{0xff000000, 0xffffffff}, {0xff0090e8, 0xffa08840}};
		int[] expected = new int[w * h];
		for (int i = 0; i < w * h; i++)
			expected[i] = i % w < 10 ? 0 : 1;
		for (int[] pair : pairs) {
			int[] argb = new int[w * h];
			for (int i = 0; i < w * h; i++)
				argb[i] = i % w < 10 ? pair[0] : pair[1];
			for (int iterations : new int[] {2, 3, 10})
				assertArrayEquals(expected, new Slic(2, 10, iterations, 0).withThreads(1).segment(ArrayImgs.argbs(argb,
					w, h)).labels(), Integer.toHexString(pair[1]) + ", iterations " + iterations);
		}
	}

	/**
	 * The seed move of Achanta et al. by definition: to the pixel of least {@code G = (I(x+1,y) - I(x-1,y))^2 +
	 * (I(x,y+1) - I(x,y-1))^2} among the pixels of the 3 x 3 neighbourhood that have all four neighbours (the first in
	 * scan order on ties); then the reference rounds. Random whole values 0 to 3 (one 0 and one 100 in the corners
	 * fix the scale), no missing pixel, compactness 20 (so that clusters stay whole), on 12 x 12 with 4 segments
	 * (cells of 6 x 6, seeds at (3, 3), (9, 3), ...) and
	 * on 9 x 9 with 9 segments (cells of 3 x 3, seeds at 1, 4, 7: the first and last rows and columns that have a
	 * gradient bound their neighbourhoods).
	 */
	@Test
	void seedsMoveToTheLeastGradientByDefinition() {
		SplittableRandom random = new SplittableRandom(11);
		int[][] shapes = {{12, 12, 4, 2, 3, 3, 6}, {9, 9, 9, 3, 1, 1, 3}};
		for (int[] shape : shapes) {
			int w = shape[0], h = shape[1], k = shape[2], cols = shape[3], cell = shape[6];
			for (int trial = 0; trial < 8; trial++) {
				float[] v = new float[w * h];
				for (int i = 0; i < v.length; i++)
					v[i] = random.nextInt(4);
				v[0] = 0;
				v[w * h - 1] = 100;
				int[] sx = new int[k], sy = new int[k], cells = new int[w * h];
				for (int c = 0; c < k; c++) {
					int x0 = shape[4] + (c % cols) * (w / cols), y0 = shape[5] + (c / cols) * cell;
					float least = Float.POSITIVE_INFINITY;
					for (int y = y0 - 1; y <= y0 + 1; y++)
						for (int x = x0 - 1; x <= x0 + 1; x++) {
							if (x < 1 || y < 1 || x > w - 2 || y > h - 2) continue;
							float gx = v[y * w + x + 1] - v[y * w + x - 1], gy = v[(y + 1) * w + x] - v[(y - 1) * w + x];
							if (gx * gx + gy * gy < least) {
								least = gx * gx + gy * gy;
								sx[c] = x;
								sy[c] = y;
							}
						}
				}
				for (int i = 0; i < w * h; i++)
					cells[i] = (i / w) / cell * cols + (i % w) * cols / w;
				double step = Math.sqrt((double) w * h / k);
				for (int iterations = 1; iterations <= 2; iterations++) {
					int[] expected = reference(v, w, h, sx, sy, (int) Math.ceil(Math.max(cell, (double) w / cols)),
						(float) (400 / (step * step)), iterations, cells);
					assertTrue(count(expected) <= (int) (1.99 * k), "the clean-up merges nothing");
					assertArrayEquals(expected, slic(v, w, h, k, 20, iterations).labels(), w + " x " + h + ", trial " + trial +
						", iterations " + iterations);
				}
			}
		}
	}
}
