package io.github.ablationca.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import net.imglib2.img.array.ArrayImgs;

import org.junit.jupiter.api.Test;

/**
 * Where SLIC's seeds start, through one assignment round (iterations = 1: the centres are never updated). Each grid
 * seed moves to the pixel of lowest gradient magnitude in its 3 x 3 neighbourhood, the first in scan order; on a
 * flat stretch that is the neighbour up and to the left. One round then gives every pixel to its nearest seed
 * (ties: the lower seed index), here in space alone: the image is flat but for at most one pixel, every seed sits
 * on a flat pixel, and compactness 6 with a grid step of 6 makes the spatial weight exactly 1, so distances are
 * whole numbers and ties are exact. The expected labels are that Voronoi partition, numbered in raster order.
 */
class SlicSeedsTest {

	private static final int S = 12;

	/** Nearest seed per pixel (ties: lower index), renumbered in raster order of first appearance. */
	private static int[] voronoi(int[][] seeds) {
		int[] labels = new int[S * S], newId = {-1, -1, -1, -1};
		int next = 0;
		for (int y = 0; y < S; y++)
			for (int x = 0; x < S; x++) {
				int best = 0, bestD = Integer.MAX_VALUE;
				for (int c = 0; c < seeds.length; c++) {
					int dx = x - seeds[c][0], dy = y - seeds[c][1], d = dx * dx + dy * dy;
					if (d < bestD) {
						bestD = d;
						best = c;
					}
				}
				if (newId[best] < 0) newId[best] = next++;
				labels[y * S + x] = newId[best];
			}
		return labels;
	}

	private static LabelImage oneRound(float[] image) {
		return new Slic(4, 6, 1, 0).withThreads(1).withMinSizeFactor(0).withCountTolerance(0.99).segment(ArrayImgs
			.floats(image, S, S));
	}

	@Test
	void onAFlatImageEverySeedMovesUpAndLeft() {
		// grid seeds of 4 segments on 12 x 12: (3, 3), (9, 3), (3, 9), (9, 9); moved to (2, 2), (8, 2), (2, 8), (8, 8)
		LabelImage l = oneRound(new float[S * S]);
		assertEquals(4, l.count());
		assertArrayEquals(voronoi(new int[][] {{2, 2}, {8, 2}, {2, 8}, {8, 8}}), l.labels());
		// the quadrants are split after column and row 5 (not 6, where the unmoved seeds would split them)
		assertEquals(0, l.get(5, 5));
		assertEquals(1, l.get(6, 0));
		assertEquals(2, l.get(0, 6));
	}

	@Test
	void aBrightPixelMovesTheSeedToTheNextFlatPixelInScanOrder() {
		// a bright pixel at (1, 2) gives (2, 2) a horizontal gradient; the first flat pixel around (3, 3) in scan
		// order is then (3, 2); the other seeds move up and left as on a flat image
		float[] image = new float[S * S];
		image[2 * S + 1] = 1;
		LabelImage l = oneRound(image);
		assertEquals(4, l.count());
		assertArrayEquals(voronoi(new int[][] {{3, 2}, {8, 2}, {2, 8}, {8, 8}}), l.labels());
		// a bright pixel right of the seed, at (4, 3): (2, 2) is still flat and stays the first
		float[] right = new float[S * S];
		right[3 * S + 4] = 1;
		assertArrayEquals(voronoi(new int[][] {{2, 2}, {8, 2}, {2, 8}, {8, 8}}), oneRound(right).labels());
		// a bright pixel below the seed's row, at (2, 3): (2, 2) gets a vertical gradient, so does (2, 4); (3, 2) is
		// flat
		float[] below = new float[S * S];
		below[3 * S + 2] = 1;
		assertArrayEquals(voronoi(new int[][] {{3, 2}, {8, 2}, {2, 8}, {8, 8}}), oneRound(below).labels());
	}
}
