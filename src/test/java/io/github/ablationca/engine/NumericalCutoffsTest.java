package io.github.ablationca.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The two numerical cut-offs of {@link ResidualPearsonMeasure}, each against its stated rule on a matrix or value
 * built by hand: the pseudo-inverse's rank cut-off ({@code k 1e-12} times the largest singular value) and the
 * threshold under which a pair counts as fixed by the main effects ({@code 1e-9} per sample). Real designs put their
 * singular values and fixed pairs far from either side, so only values placed between the rule and a wrong one
 * tell them apart.
 */
class NumericalCutoffsTest {

	/** {@code Q = I - 2 u u'} with {@code u = (1, 1, 1) / sqrt 3}: a symmetric orthogonal matrix. */
	private static final double[][] Q = householder();

	@Test
	void theWhiteningDropsSingularValuesAtMostKTimes1e12OfTheLargest() {
		// k = 3, largest 4: the cut-off is 1.2e-11; 4e-12 lies under it (and above 4e-12 / 9, a cut-off divided by k^2)
		double[][] gram = rotated(4, 4e-12, 0);
		assertPseudoInverse(rotated(1 / 4.0, 0, 0), gram, 1e-9);
	}

	@Test
	void theWhiteningKeepsSingularValuesAboveTheCutOff() {
		// 1e-6 is far above 1.2e-11 (and below a cut-off of k / 1e-12): it is inverted
		assertPseudoInverse(rotated(1 / 4.0, 1e6, 0), rotated(4, 1e-6, 0), 1e-3);
	}

	@Test
	void aPairIsFixedByTheMainEffectsAtMost1e9PerSample() {
		assertTrue(ResidualPearsonMeasure.fixedByMainEffects(0, 1000));
		assertTrue(ResidualPearsonMeasure.fixedByMainEffects(5e-7, 1000), "half the threshold of 1e-6");
		assertTrue(ResidualPearsonMeasure.fixedByMainEffects(1e-9 * 1024, 1024), "exactly at the threshold");
		assertFalse(ResidualPearsonMeasure.fixedByMainEffects(2e-6, 1000), "twice the threshold");
		assertFalse(ResidualPearsonMeasure.fixedByMainEffects(5e-7, 100), "the threshold grows with the samples");
	}

	/** The whitening {@code W} of {@code gram} has {@code W'W = expected}. */
	private static void assertPseudoInverse(double[][] expected, double[][] gram, double tolerance) {
		double[][] pinv = product(ResidualPearsonMeasure.pseudoWhitening(gram));
		for (int a = 0; a < 3; a++)
			for (int b = 0; b < 3; b++)
				assertEquals(expected[a][b], pinv[a][b], tolerance, "W'W = pinv(G) at " + a + "," + b);
	}

	/** {@code Q diag(s) Q'}. */
	static double[][] rotated(double s0, double s1, double s2) {
		double[] s = {s0, s1, s2};
		double[][] out = new double[3][3];
		for (int a = 0; a < 3; a++)
			for (int b = 0; b < 3; b++)
				for (int e = 0; e < 3; e++)
					out[a][b] += Q[a][e] * s[e] * Q[b][e];
		return out;
	}

	/** {@code W'W}. */
	private static double[][] product(double[][] w) {
		double[][] out = new double[3][3];
		for (int a = 0; a < 3; a++)
			for (int b = 0; b < 3; b++)
				for (int r = 0; r < 3; r++)
					out[a][b] += w[r][a] * w[r][b];
		return out;
	}

	private static double[][] householder() {
		double[][] q = new double[3][3];
		for (int a = 0; a < 3; a++)
			for (int b = 0; b < 3; b++)
				q[a][b] = (a == b ? 1 : 0) - 2.0 / 3;
		return q;
	}
}
