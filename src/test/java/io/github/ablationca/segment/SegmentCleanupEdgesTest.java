package io.github.ablationca.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The clean-up where the earlier hand-made cases do not reach, expected labels written out by hand: a merged region's
 * mean includes the pixels it swallowed (so a second merge sees it), a component joined under the first region of
 * the image, splits chosen by size (not by label), a region of exactly two pixels split, and three rectangles away
 * from the origin split in one round, each across its long side through its centre (a pixel on the cut goes with
 * the half the axis points to: right for a horizontal axis).
 */
class SegmentCleanupEdgesTest {

	private static float[][] channels(int copies, float... grey) {
		float[][] planes = new float[copies][];
		for (int c = 0; c < copies; c++)
			planes[c] = grey.clone();
		return planes;
	}

	@Test
	void aSecondMergeSeesTheMeanOfTheFirst() {
		// one row: P (1 px, 10) | Q (3 px, 4) | R (2 px, 6) | S (4 px, 8.2); minimum size 3. P merges into Q, its only
		// neighbour: Q's mean becomes (10 + 12) / 4 = 5.5, so R (6) joins Q (0.5 away) rather than S (2.2 away);
		// with Q's old mean 4 it would have joined S
		float[] values = {10, 4, 4, 4, 6, 6, 8.2f, 8.2f, 8.2f, 8.2f};
		int[] ids = {0, 1, 1, 1, 2, 2, 3, 3, 3, 3};
		for (int copies : new int[] {1, 3}) {
			int[] labels = ids.clone();
			assertEquals(2, new SegmentCleanup(10, 1, channels(copies, values), null).run(labels, 3, 1, 10));
			assertArrayEquals(new int[] {0, 0, 0, 0, 0, 0, 1, 1, 1, 1}, labels, copies + " channels");
			// mirrored: P is now the last region in raster order
			float[] mirrored = new float[10];
			int[] mirroredIds = new int[10];
			for (int i = 0; i < 10; i++) {
				mirrored[i] = values[9 - i];
				mirroredIds[i] = ids[9 - i];
			}
			assertEquals(2, new SegmentCleanup(10, 1, channels(copies, mirrored), null).run(mirroredIds, 3, 1, 10));
			assertArrayEquals(new int[] {0, 0, 0, 0, 1, 1, 1, 1, 1, 1}, mirroredIds, copies + " channels, mirrored");
		}
	}

	@Test
	void aComponentJoinsUnderTheImagesFirstRegion() {
		// a C of label 0 around a pixel of label 1: the lower arm starts a component of its own and meets the first
		// one from below
		int[] c = {
			0, 0,
			1, 0,
			0, 0};
		assertEquals(2, new SegmentCleanup(2, 3, new float[][] {new float[6]}, null).run(c, 1, 1, 10));
		assertArrayEquals(new int[] {0, 0, 1, 0, 0, 0}, c);
	}

	@Test
	void theLargestRegionIsSplitWhateverItsLabel() {
		// 6 x 2: region 0 is column 0 (2 px), region 1 the other 10 px (5 x 2, centred on x = 3): one more region is
		// needed, so region 1 is cut across its horizontal axis; column 3 lies on the cut and goes right
		int[] labels = {0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1};
		assertEquals(3, new SegmentCleanup(6, 2, new float[][] {new float[12]}, null).run(labels, 1, 3, 10));
		assertArrayEquals(new int[] {0, 1, 1, 2, 2, 2, 0, 1, 1, 2, 2, 2}, labels);
	}

	@Test
	void aRegionOfTwoPixelsCanBeSplit() {
		int[] labels = {0, 0, 1};
		assertEquals(3, new SegmentCleanup(3, 1, new float[][] {new float[3]}, null).run(labels, 1, 3, 10));
		assertArrayEquals(new int[] {0, 1, 2}, labels);
	}

	@Test
	void threeRectanglesAwayFromTheOriginSplitInOneRound() {
		// 30 x 24: F = x 0..25, y 0..19 (520 px, wide); W = x 0..25, y 20..23 (104 px, wide, far down); T = x 26..29,
		// y 0..23 (96 px, tall, far right). Three more regions are needed: each is cut through its centre across its
		// long side: F and W at x = 12.5, T at y = 11.5
		int w = 30, h = 24;
		int[] labels = new int[w * h], expected = new int[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				labels[y * w + x] = x >= 26 ? 7 : y < 20 ? 3 : 5;
				expected[y * w + x] = x >= 26 ? (y < 12 ? 2 : 3) : y < 20 ? (x < 13 ? 0 : 1) : x < 13 ? 4 : 5;
			}
		assertEquals(6, new SegmentCleanup(w, h, new float[][] {new float[w * h]}, null).run(labels, 1, 6, 100));
		assertArrayEquals(expected, labels);
	}
}
