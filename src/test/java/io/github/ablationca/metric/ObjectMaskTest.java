package io.github.ablationca.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Object masks from labels and trimaps, pixel by pixel. */
class ObjectMaskTest {

	@Test
	void aTrimapMarksObjectAndIgnoredPixelsWhereTheyAre() {
		// 3 x 2 trimap minus one: 0 object, 1 background, 2 boundary
		ObjectMask m = ObjectMask.fromTrimap(new int[] {0, 1, 2, 2, 0, 1}, 3, 2);
		boolean[][] object = {{true, false, false}, {false, true, false}};
		boolean[][] ignored = {{false, false, true}, {true, false, false}};
		for (int y = 0; y < 2; y++)
			for (int x = 0; x < 3; x++) {
				assertEquals(object[y][x], m.isObject(x, y), x + "," + y);
				assertEquals(ignored[y][x], m.isIgnored(x, y), x + "," + y);
			}
	}

	@Test
	void labelZeroCanBeTheIgnoredValueAndMinusOneIgnoresNothing() {
		ObjectMask zero = ObjectMask.fromLabels(new int[] {0, 5, 5, 0}, 2, 2, 5, 0);
		assertTrue(zero.isIgnored(0, 0));
		assertTrue(zero.isIgnored(1, 1));
		assertFalse(zero.isIgnored(1, 0));
		ObjectMask none = ObjectMask.fromLabels(new int[] {-1, 5, 5, -1}, 2, 2, 5, -1);
		assertFalse(none.isIgnored(0, 0));
		assertTrue(none.isObject(1, 0));
	}

	@Test
	void sizesAreChecked() {
		new ObjectMask(1, 1, new boolean[] {true}, null); // the smallest mask
		assertThrows(IllegalArgumentException.class, () -> new ObjectMask(0, 1, new boolean[0], null));
		assertThrows(IllegalArgumentException.class, () -> new ObjectMask(1, 0, new boolean[0], null));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> new ObjectMask(2, 3, new boolean[5], null));
		assertEquals("Mask needs 6 object flags.", e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> new ObjectMask(2, 3, new boolean[] {true, false, false,
			false, false, false}, new boolean[7]));
		assertEquals("Mask needs 6 ignore flags.", e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> new ObjectMask(2, 1, new boolean[2], null), "no object");
		assertThrows(IllegalArgumentException.class, () -> ObjectMask.fromLabels(new int[3], 2, 2, 0, -1));
	}
}
