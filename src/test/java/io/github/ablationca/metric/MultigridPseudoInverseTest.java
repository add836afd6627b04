package io.github.ablationca.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;

/**
 * The coarsest level's pseudo-inverse ({@link Multigrid#pseudoInverse}) against its stated rule on matrices built by
 * hand: {@code sum_e v_e v_e' / lambda_e} over the eigenvalues above {@code 1e-12} times the largest magnitude. The
 * imputer's coarse operators keep their eigenvalues far from that cut-off, so only a matrix with one placed between
 * the rule and a wrong one (for example {@code 1e-12 / largest}) tells them apart.
 */
class MultigridPseudoInverseTest {

	@Test
	void eigenvaluesAtMost1e12OfTheLargestCountAsZero() {
		// largest 1e4: the cut-off is 1e-8, so 1e-9 is dropped (it lies above 1e-12 / 1e4 = 1e-16)
		check(new double[] {1e4, 1e-9, 2}, new double[] {1e-4, 0, 0.5});
	}

	@Test
	void eigenvaluesAboveTheCutOffAreInverted() {
		// largest 0.5: the cut-off is 5e-13, so 1e-9 is inverted; the negative eigenvalue lies under it and is dropped
		check(new double[] {0.5, 1e-9, -0.25}, new double[] {2, 1e9, 0});
	}

	/** The pseudo-inverse of {@code Q diag(values) Q'} is {@code Q diag(inverses) Q'}. */
	private static void check(double[] values, double[] inverses) {
		RealMatrix p = Multigrid.pseudoInverse(rotated(values));
		double[][] expected = rotated(inverses);
		double scale = 0;
		for (double v : inverses)
			scale = Math.max(scale, Math.abs(v));
		for (int a = 0; a < 3; a++)
			for (int b = 0; b < 3; b++)
				assertEquals(expected[a][b], p.getEntry(a, b), 1e-6 * scale, "entry " + a + "," + b);
	}

	/** {@code Q diag(s) Q'} with the symmetric orthogonal {@code Q = I - 2 u u'}, {@code u = (1, 1, 1) / sqrt 3}. */
	private static double[][] rotated(double[] s) {
		double[][] q = new double[3][3], out = new double[3][3];
		for (int a = 0; a < 3; a++)
			for (int b = 0; b < 3; b++)
				q[a][b] = (a == b ? 1 : 0) - 2.0 / 3;
		for (int a = 0; a < 3; a++)
			for (int b = 0; b < 3; b++)
				for (int e = 0; e < 3; e++)
					out[a][b] += q[a][e] * s[e] * q[b][e];
		return out;
	}
}
