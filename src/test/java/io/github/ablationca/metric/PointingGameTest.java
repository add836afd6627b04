package io.github.ablationca.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Hit, miss and the 15-pixel tolerance, on a 40 x 40 mask with the object at (10..19, 10..19). */
class PointingGameTest {

	static final int S = 40;

	static ObjectMask square() {
		int[] v = new int[S * S];
		for (int y = 0; y < S; y++)
			for (int x = 0; x < S; x++) {
				boolean obj = x >= 10 && x < 20 && y >= 10 && y < 20;
				boolean ring = !obj && x >= 9 && x < 21 && y >= 9 && y < 21;
				v[y * S + x] = obj ? 0 : ring ? 2 : 1;
			}
		return ObjectMask.fromTrimap(v, S, S);
	}

	static float[] peakAt(int x, int y) {
		float[] h = new float[S * S];
		h[y * S + x] = 1;
		return h;
	}

	@Test
	void hitOnTheObject() {
		PointingGame.Result r = PointingGame.evaluate(peakAt(15, 12), square());
		assertTrue(r.hit());
		assertEquals(0, r.distance());
		assertEquals(15, r.x());
		assertEquals(12, r.y());
		assertFalse(r.onIgnored());
	}

	@Test
	void toleranceIsFifteenPixelsInclusive() {
		ObjectMask m = square();
		assertTrue(PointingGame.evaluate(peakAt(34, 15), m).hit(), "15 pixels right of x = 19");
		assertFalse(PointingGame.evaluate(peakAt(35, 15), m).hit(), "16 pixels right");
		assertEquals(16, PointingGame.evaluate(peakAt(35, 15), m).distance(), 1e-12);
		assertTrue(PointingGame.evaluate(peakAt(29, 29), m).hit(), "diagonal sqrt(200) = 14.1");
		assertFalse(PointingGame.evaluate(peakAt(30, 30), m).hit(), "diagonal sqrt(242) = 15.6");
		assertFalse(PointingGame.evaluate(peakAt(20, 15), m, 0).hit(), "no tolerance: next to the object is a miss");
		assertTrue(PointingGame.evaluate(peakAt(20, 15), m, 1).hit());
	}

	@Test
	void boundaryPixelsAreNotObjectButWithinTolerance() {
		PointingGame.Result r = PointingGame.evaluate(peakAt(9, 9), square());
		assertTrue(r.onIgnored());
		assertTrue(r.hit());
		assertFalse(PointingGame.evaluate(peakAt(9, 9), square(), 0).hit());
	}

	@Test
	void firstMaximumInRowMajorOrderAndNanSkipped() {
		float[] h = peakAt(35, 5); // far from the object, first in row-major order
		h[15 * S + 15] = 1; // on the object, same value, later
		assertFalse(PointingGame.evaluate(h, square()).hit());
		float[] n = new float[S * S];
		java.util.Arrays.fill(n, Float.NaN);
		n[12 * S + 12] = -3;
		assertTrue(PointingGame.evaluate(n, square()).hit());
	}

	@Test
	void badInput() {
		float[] nan = new float[S * S];
		java.util.Arrays.fill(nan, Float.NaN);
		assertThrows(IllegalArgumentException.class, () -> PointingGame.evaluate(nan, square()));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> PointingGame.evaluate(new float[10], square()));
		assertTrue(e.getMessage().contains("must match"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> ObjectMask.fromTrimap(new int[] {1, 1, 2, 1}, 2, 2));
		assertTrue(e.getMessage().contains("no object pixels"), e.getMessage());
	}
}
