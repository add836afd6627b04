package io.github.ablationca.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The clean-up's merges and components on hand-made label images with three feature channels: a region below the
 * minimum size joins the neighbour whose mean colour is closest in any channel (ties: the lower id), a region of
 * exactly the minimum size stays, and 4-connected components are found through a U-turn.
 */
class SegmentCleanupTest {

	/** 5 x 3: column 2 is a small region between two 2-column blocks; colours per region (3 channels). */
	private static int merge(float[] left, float[] middle, float[] right, int minSize, int maxCount, int[] labels) {
		int w = 5, h = 3;
		float[][] planes = new float[3][w * h];
		for (int i = 0; i < w * h; i++) {
			int x = i % w;
			labels[i] = x < 2 ? 0 : x == 2 ? 1 : 2;
			float[] colour = x < 2 ? left : x == 2 ? middle : right;
			for (int c = 0; c < 3; c++)
				planes[c][i] = colour[c];
		}
		return new SegmentCleanup(w, h, planes, null).run(labels, minSize, 1, maxCount);
	}

	private static int[] rows(int... row) {
		int[] out = new int[15];
		for (int i = 0; i < 15; i++)
			out[i] = row[i % 5];
		return out;
	}

	@Test
	void aSmallRegionJoinsTheNeighbourWithTheClosestColourInAnyChannel() {
		int[] labels = new int[15];
		// closer to the right block in the second channel
		assertEquals(2, merge(new float[] {50, 0, 0}, new float[] {50, 70, 0}, new float[] {50, 80, 0}, 4, 10, labels));
		assertArrayEquals(rows(0, 0, 1, 1, 1), labels);
		// closer to the left block in the third channel
		assertEquals(2, merge(new float[] {50, 0, -60}, new float[] {50, 0, -50}, new float[] {50, 0, 40}, 4, 10,
			labels));
		assertArrayEquals(rows(0, 0, 0, 1, 1), labels);
		// closer to the right block in the first channel
		assertEquals(2, merge(new float[] {0, 5, 5}, new float[] {90, 5, 5}, new float[] {95, 5, 5}, 4, 10, labels));
		assertArrayEquals(rows(0, 0, 1, 1, 1), labels);
	}

	@Test
	void aTieGoesToTheLowerId() {
		int[] labels = new int[15];
		assertEquals(2, merge(new float[] {0, 0, 10}, new float[] {0, 0, 20}, new float[] {0, 0, 30}, 4, 10, labels));
		assertArrayEquals(rows(0, 0, 0, 1, 1), labels);
	}

	@Test
	void aRegionOfExactlyTheMinimumSizeAndExactlyTheMaximumCountStay() {
		int[] labels = new int[15];
		// the middle column has 3 pixels: minimum size 3 keeps it; 3 regions are allowed
		assertEquals(3, merge(new float[] {0, 0, 0}, new float[] {10, 10, 10}, new float[] {20, 20, 20}, 3, 3, labels));
		assertArrayEquals(rows(0, 0, 1, 2, 2), labels);
		// 2 allowed: the smallest goes (to its closer neighbour, the right block)
		assertEquals(2, merge(new float[] {0, 0, 0}, new float[] {15, 15, 15}, new float[] {20, 20, 20}, 3, 2, labels));
		assertArrayEquals(rows(0, 0, 1, 1, 1), labels);
	}

	@Test
	void componentsFollowAUTurnAndKeepEveryRegion() {
		// a U of label 0 around a bar of label 1: the two arms meet only in the last row
		int[] u = {
			0, 1, 0,
			0, 1, 0,
			0, 0, 0};
		float[][] grey = {{0, 100, 0, 0, 100, 0, 0, 0, 0}};
		assertEquals(2, new SegmentCleanup(3, 3, grey, null).run(u, 1, 1, 10));
		assertArrayEquals(new int[] {0, 1, 0, 0, 1, 0, 0, 0, 0}, u);
		// two halves, nothing to merge: two regions, not one per pixel
		int[] halves = {0, 0, 1, 1, 0, 0, 1, 1};
		assertEquals(2, new SegmentCleanup(4, 2, new float[][] {new float[8]}, null).run(halves, 1, 1, 10));
		assertArrayEquals(new int[] {0, 0, 1, 1, 0, 0, 1, 1}, halves);
		// the same label in two places is two regions, numbered in raster order
		int[] apart = {5, 3, 5};
		assertEquals(3, new SegmentCleanup(3, 1, new float[][] {new float[3]}, null).run(apart, 1, 1, 10));
		assertArrayEquals(new int[] {0, 1, 2}, apart);
	}
}
