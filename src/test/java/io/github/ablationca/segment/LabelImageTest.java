package io.github.ablationca.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.imglib2.RandomAccess;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.type.numeric.integer.IntType;

import org.junit.jupiter.api.Test;

/** A 3 x 2 label image whose areas and centroids are counted by hand. */
class LabelImageTest {

	// 0 0 1
	// 2 1 1      object 3 is empty
	private static final int[] LABELS = {0, 0, 1, 2, 1, 1};

	@Test
	void sizeAreasAndPixelsByHand() {
		LabelImage l = new LabelImage(3, 2, LABELS.clone(), 4);
		assertEquals(3, l.width());
		assertEquals(2, l.height());
		assertEquals(4, l.count());
		assertArrayEquals(new int[] {2, 3, 1, 0}, l.areas());
		assertEquals(1, l.get(2, 0));
		assertEquals(2, l.get(0, 1));
		assertEquals(1, l.get(1, 1));
	}

	@Test
	void centroidsAreTheMeanPixelPositions() {
		double[][] c = new LabelImage(3, 2, LABELS.clone(), 4).centroids();
		assertArrayEquals(new double[] {0.5, 0}, c[0], 1e-12, "(0,0) and (1,0)");
		assertArrayEquals(new double[] {5 / 3.0, 2 / 3.0}, c[1], 1e-12, "(2,0), (1,1) and (2,1)");
		assertArrayEquals(new double[] {0, 1}, c[2], 1e-12, "(0,1)");
		assertArrayEquals(new double[] {0, 0}, c[3], 0, "an empty object stays at the origin, not NaN");
	}

	@Test
	void theArrayAndTheImgAreTheSameMemory() {
		int[] labels = LABELS.clone();
		LabelImage l = new LabelImage(3, 2, labels, 4);
		assertSame(labels, l.labels());
		ArrayImg<IntType, IntArray> img = l.asImg();
		assertEquals(3, img.dimension(0));
		assertEquals(2, img.dimension(1));
		RandomAccess<IntType> ra = img.randomAccess();
		ra.setPosition(new long[] {1, 1});
		assertEquals(1, ra.get().get());
		ra.setPosition(new long[] {0, 1});
		ra.get().set(3);
		assertEquals(3, labels[3], "written through the view");
	}

	@Test
	void labelsOutsideTheRangeAndWrongLengthsAreRefused() {
		new LabelImage(3, 2, new int[] {0, 0, 0, 0, 0, 3}, 4); // count - 1 is a valid label
		IllegalArgumentException high = assertThrows(IllegalArgumentException.class,
			() -> new LabelImage(3, 2, new int[] {0, 0, 0, 0, 0, 4}, 4));
		assertTrue(high.getMessage().contains("label 4 outside 0..3"), high.getMessage());
		assertThrows(IllegalArgumentException.class, () -> new LabelImage(3, 2, new int[] {0, -1, 0, 0, 0, 0}, 4));
		IllegalArgumentException length = assertThrows(IllegalArgumentException.class,
			() -> new LabelImage(3, 2, new int[5], 4));
		assertTrue(length.getMessage().contains("5 pixels, expected 6"), length.getMessage());
		assertThrows(IllegalArgumentException.class, () -> new LabelImage(3, 2, new int[7], 4));
	}
}
