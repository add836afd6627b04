package io.github.ablationca.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.imglib2.img.array.ArrayImgs;

import org.junit.jupiter.api.Test;

class GridSegmenterTest {

	@Test
	void squareCellsCoverTheImage() {
		LabelImage l = new GridSegmenter(40).segment(ArrayImgs.unsignedBytes(80, 50));
		assertEquals(40, l.count());
		for (int a : l.areas())
			assertEquals(100, a, "8 x 5 cells of 10 x 10");
		assertEquals(0, l.get(9, 9));
		assertEquals(1, l.get(10, 0));
		assertEquals(8, l.get(0, 10));
		assertEquals(39, l.get(79, 49));
	}

	@Test
	void countStaysNearTheRequestForAnyShape() {
		int[][] sizes = {{224, 224}, {1000, 1000}, {1280, 720}, {37, 300}, {640, 480}};
		for (int[] s : sizes)
			for (int request : new int[] {10, 40, 200}) {
				LabelImage l = new GridSegmenter(request).segment(s[0], s[1]);
				assertTrue(Math.abs(l.count() - request) <= 0.25 * request, request + " on " + s[0] + "x" + s[1] + ": " + l.count());
				for (int a : l.areas())
					assertTrue(a > 0, "no empty cell");
			}
	}

	@Test
	void tinyImagesAndBadInput() {
		assertEquals(6, new GridSegmenter(40).segment(3, 2).count(), "at most one cell per pixel");
		assertThrows(IllegalArgumentException.class, () -> new GridSegmenter(0));
		assertThrows(IllegalArgumentException.class, () -> new GridSegmenter(4).segment(ArrayImgs.unsignedBytes(2, 2, 2)));
	}
}
