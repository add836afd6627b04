package io.github.ablationca.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;

import net.imglib2.img.array.ArrayImgs;

import org.junit.jupiter.api.Test;

/** SLIC's and the grid's settings at their edges, and two regions split in one round, by hand. */
class SegmenterSettingsTest {

	@Test
	void slicKeepsItsSettingsAndCopiesChangeOneEach() {
		Slic s = new Slic(25, 7.5, 4, 0.5).withThreads(3).withMinSizeFactor(0.5).withCountTolerance(0.2);
		assertEquals(25, s.segments());
		assertEquals(7.5, s.compactness());
		assertEquals(4, s.iterations());
		assertEquals(0.5, s.smoothingSigma());
		assertEquals(3, s.threads());
		assertEquals(0.5, s.minSizeFactor());
		assertEquals(0.2, s.countTolerance());
		assertEquals("SLIC(segments=25, compactness=7.5, iterations=4, sigma=0.5, threads=3, minSizeFactor=0.5, " +
			"countTolerance=0.2)", s.toString());
		assertEquals(0.25, new Slic().withMinSizeFactor(0.25).minSizeFactor());
		assertEquals(0.1, new Slic().withCountTolerance(0.1).countTolerance());
	}

	@Test
	void slicSettingsAtTheirEdges() {
		new Slic(1, 10, 0, 0).withThreads(1).withMinSizeFactor(0).withCountTolerance(0); // the smallest allowed
		new Slic().withMinSizeFactor(1);
		assertThrows(IllegalArgumentException.class, () -> new Slic(0, 10, 10, 1));
		assertThrows(IllegalArgumentException.class, () -> new Slic(10, 10, -1, 1));
		assertThrows(IllegalArgumentException.class, () -> new Slic().withThreads(0));
		assertThrows(IllegalArgumentException.class, () -> new Slic().withMinSizeFactor(-0.01));
		assertThrows(IllegalArgumentException.class, () -> new Slic().withMinSizeFactor(1.01));
		assertThrows(IllegalArgumentException.class, () -> new Slic().withCountTolerance(-0.01));
		assertThrows(IllegalArgumentException.class, () -> new Slic().withCountTolerance(1));
	}

	@Test
	void oneSegmentIsTheWholeImage() {
		LabelImage l = new Slic(1, 10, 3, 0).withThreads(1).segment(ArrayImgs.unsignedBytes(new byte[36], 6, 6));
		assertEquals(1, l.count());
		assertArrayEquals(new int[36], l.labels());
		assertEquals(1, new GridSegmenter(1).segment(5, 3).count());
		assertThrows(IllegalArgumentException.class, () -> new GridSegmenter(0));
		assertThrows(IllegalArgumentException.class, () -> new GridSegmenter(4).segment(0, 3));
		assertThrows(IllegalArgumentException.class, () -> new GridSegmenter(4).segment(3, 0));
	}

	@Test
	void gridCellsByHand() {
		// 6 segments on 3 x 2 pixels: 3 columns (sqrt(6 * 3 / 2) = 3), 2 rows, one pixel each
		assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5}, new GridSegmenter(6).segment(3, 2).labels());
		// 4 segments on a 1 x 5 strip: one column (sqrt(4 / 5) rounds to 1), 4 rows of 2, 1, 1, 1 pixels
		assertArrayEquals(new int[] {0, 0, 1, 2, 3}, new GridSegmenter(4).segment(1, 5).labels());
		// a single row of 4 pixels, 2 segments: round(sqrt(2 * 4 / 1)) = 3 columns, at x * 3 / 4
		assertArrayEquals(new int[] {0, 0, 1, 2}, new GridSegmenter(2).segment(4, 1).labels());
		assertArrayEquals(new int[] {0, 0, 1, 2}, new GridSegmenter(2).segment(ArrayImgs.unsignedBytes(4, 1)).labels());
		assertThrows(IllegalArgumentException.class, () -> new GridSegmenter(2).segment(ArrayImgs.unsignedBytes(4, 1,
			2)), "3D");
		assertThrows(IllegalArgumentException.class, () -> new GridSegmenter(2).segment(null));
		// more segments than pixels: at most one cell per pixel
		LabelImage tiny = new GridSegmenter(50).segment(2, 2);
		assertEquals(4, tiny.count());
		assertArrayEquals(new int[] {0, 1, 2, 3}, tiny.labels());
	}

	@Test
	void twoRegionsAreSplitInOneRound() {
		// 10 x 4: a tall 2 x 4 region (grey 0) and a wide 8 x 4 one (grey 100); 4 regions wanted, so both are cut
		// across their principal axes at their centroids: the tall one at y = 1.5, the wide one at x = 5.5; the
		// result is numbered in raster order
		int w = 10, h = 4;
		int[] labels = new int[w * h];
		float[] grey = new float[w * h];
		for (int i = 0; i < labels.length; i++)
			if (i % w >= 2) {
				labels[i] = 1;
				grey[i] = 100;
			}
		assertEquals(4, new SegmentCleanup(w, h, new float[][] {grey}, null).run(labels, 1, 4, 10));
		int[] top = {0, 0, 1, 1, 1, 1, 2, 2, 2, 2}, bottom = {3, 3, 1, 1, 1, 1, 2, 2, 2, 2};
		for (int y = 0; y < h; y++)
			assertArrayEquals(y < 2 ? top : bottom, Arrays.copyOfRange(labels, y * w, y * w + w), "row " + y);
	}
}
