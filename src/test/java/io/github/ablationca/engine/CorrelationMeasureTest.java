package io.github.ablationca.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;
import org.junit.jupiter.api.Test;

class CorrelationMeasureTest {

	/** Every mask of {@code n} objects, {@code repeats} times. */
	private static SampleMatrix factorial(int n, int repeats, ToDoubleFunction<boolean[]> f) {
		SampleMatrix m = new SampleMatrix(n, repeats << n);
		for (int r = 0; r < repeats; r++)
			for (int bits = 0; bits < 1 << n; bits++) {
				boolean[] keep = new boolean[n];
				for (int i = 0; i < n; i++)
					keep[i] = (bits >> i & 1) != 0;
				m.add(keep, f.applyAsDouble(keep));
			}
		return m;
	}

	private static double z(boolean b) {
		return b ? 1 : 0;
	}

	@Test
	void fullFactorialGivesTheBanzhafValuesAndInteractionsByHand() {
		// y = 1 + 2 z0 + 3 z0 z1: Banzhaf value of 0 = 2 + 3/2, of 1 = 3/2, of 2 = 0; interaction (0, 1) = 3.
		SampleMatrix m = factorial(3, 4, k -> 1 + 2 * z(k[0]) + 3 * z(k[0]) * z(k[1]));
		CorrelationMeasure.Result r = CorrelationMeasure.PEARSON.measure(m);
		assertArrayEquals(new double[] {3.5, 1.5, 0}, r.mainEffects(), 1e-9);
		assertEquals(3, r.interaction(0, 1), 1e-9);
		assertEquals(0, r.interaction(0, 2), 1e-9);
		assertEquals(0, r.interaction(1, 2), 1e-9);
		// Residual after the main effects is exactly (3/4) s0 s1: correlation 1 with the pair, 0 with the others.
		assertEquals(1, r.correlation(0, 1), 1e-9);
		assertEquals(0, r.correlation(0, 2), 1e-9);
		// The residual is all the test sees: r = (3/4) u with u = s0 s1, v = u (balanced design), every leverage
		// h = 4 / 32. HC2 variance of <r, u> = 32 (3/4)^2 / (1 - 1/8); <r, u> = 24; Student's t on 32 - 3 - 2 df.
		double t = 24 / Math.sqrt(32 * 0.5625 / 0.875);
		assertEquals(2 * new TDistribution(27).cumulativeProbability(-t), r.pValue(0, 1), 1e-12);
		assertEquals(1, r.pValue(1, 2), 1e-9);
		assertEquals(32 - 3 - 2, r.degreesOfFreedom());
		assertEquals("pearson", r.measure());
	}

	@Test
	void eitherOneSufficesIsNegative() {
		SampleMatrix m = factorial(3, 2, k -> k[0] || k[1] ? 1 : 0);
		CorrelationMeasure.Result r = CorrelationMeasure.PEARSON.measure(m);
		assertEquals(-1, r.interaction(0, 1), 1e-9);
		assertEquals(-1, r.correlation(0, 1), 1e-9);
		assertArrayEquals(new double[] {0.5, 0.5, 0}, r.mainEffects(), 1e-9);
	}

	@Test
	void additiveScoresHaveNoRelationsEvenWithRoundingNoise() {
		SampleMatrix m = factorial(4, 8, k -> (float) (0.3 * z(k[0]) + 0.7 * z(k[2]) + 1e-9 * z(k[1]) * z(k[3])));
		CorrelationMeasure.Result r = CorrelationMeasure.PEARSON.measure(m);
		for (int q = 0; q < r.correlation().length; q++) {
			assertEquals(0, r.correlation()[q], 1e-3, "residual at rounding level counts as zero");
			assertEquals(1, r.pValue()[q], 0.01);
		}
	}

	@Test
	void constantScoreHasNoRelations() {
		CorrelationMeasure.Result r = CorrelationMeasure.PEARSON.measure(factorial(3, 2, k -> 0.25));
		assertArrayEquals(new double[3], r.correlation(), 0);
		assertArrayEquals(new double[] {1, 1, 1}, r.pValue(), 0);
	}

	/** An independent implementation: Commons Math OLS on y ~ 1 + s_1..s_n + s_i s_j, one regression per pair. */
	@Test
	void matchesBruteForceJointRegression() {
		int n = 6, samples = 80;
		SplittableRandom random = new SplittableRandom(9);
		MaskSampler sampler = new MaskSampler(n, 0.3, SamplingScheme.INDEPENDENT, 3); // unbalanced on purpose
		SampleMatrix m = new SampleMatrix(n, 4);
		double[][] s = new double[samples][n];
		double[] y = new double[samples];
		boolean[] keep = new boolean[n];
		for (int t = 0; t < samples; t++) {
			sampler.next(keep);
			for (int i = 0; i < n; i++)
				s[t][i] = keep[i] ? 1 : -1;
			y[t] = Math.sin(s[t][0] + 2 * s[t][1] * s[t][2]) + 0.5 * s[t][3] + random.nextGaussian() * 0.3;
			m.add(keep, y[t]);
		}
		CorrelationMeasure.Result r = CorrelationMeasure.PEARSON.measure(m);

		OLSMultipleLinearRegression mainFit = new OLSMultipleLinearRegression();
		mainFit.newSampleData(y, s);
		double[] beta = mainFit.estimateRegressionParameters();
		double[] betaSe = mainFit.estimateRegressionParametersStandardErrors();
		double[] residual = mainFit.estimateResiduals();
		for (int i = 0; i < n; i++) {
			assertEquals(2 * beta[i + 1], r.mainEffects()[i], 1e-9);
			// Main effects keep the classical standard error (they feed the heatmap, not a test).
			assertEquals(2 * betaSe[i + 1], r.mainEffectErrors()[i], 1e-9);
		}
		double[] hat = diagonal(mainFit.calculateHat());
		for (int i = 0; i < n; i++)
			for (int j = i + 1; j < n; j++) {
				double[][] x = new double[samples][n + 1];
				double[] u = new double[samples];
				for (int k = 0; k < samples; k++) {
					System.arraycopy(s[k], 0, x[k], 0, n);
					u[k] = x[k][n] = s[k][i] * s[k][j];
				}
				OLSMultipleLinearRegression joint = new OLSMultipleLinearRegression();
				joint.newSampleData(y, x);
				double gamma = joint.estimateRegressionParameters()[n + 1];
				assertEquals(4 * gamma, r.interaction(i, j), 1e-9, "interaction " + i + "," + j);
				// Partial correlation: Pearson of the residuals of y and of u after the main effects.
				OLSMultipleLinearRegression uFit = new OLSMultipleLinearRegression();
				uFit.newSampleData(u, s);
				double[] v = uFit.estimateResiduals();
				double partial = new PearsonsCorrelation().correlation(residual, v);
				assertEquals(partial, r.correlation(i, j), 1e-9);
				// HC2 sandwich of <r, v>: sum v^2 r^2 / (1 - h); se(I) = 4 sqrt(.) / |v|^2. The measure approximates
				// v by the centred joint state (rescaled to |v|^2) to stay O(M n^2): within 15% here.
				double vv = 0, sandwich = 0;
				for (int k = 0; k < samples; k++) {
					vv += v[k] * v[k];
					sandwich += v[k] * v[k] * residual[k] * residual[k] / (1 - hat[k]);
				}
				double exact = 4 * Math.sqrt(sandwich) / vv;
				int q = CorrelationMeasure.pairIndex(n, i, j);
				assertEquals(exact, r.interactionErrors()[q], 0.15 * exact, "HC2 error of " + i + "," + j);
				// Interval and p-value on the same standard error, with at most M - n - 2 degrees of freedom.
				TDistribution t = new TDistribution(samples - n - 2);
				double seq = r.interactionErrors()[q];
				assertTrue(r.interactionHalfWidths()[q] >= t.inverseCumulativeProbability(0.975) * seq - 1e-12);
				assertTrue(r.pValue(i, j) >= 2 * t.cumulativeProbability(-Math.abs(r.interaction(i, j)) / seq) - 1e-12);
				assertTrue(r.pValue(i, j) <= 2 * new TDistribution(1).cumulativeProbability(
					-Math.abs(r.interaction(i, j)) / seq) + 1e-12);
			}
	}

	private static double[] diagonal(org.apache.commons.math3.linear.RealMatrix m) {
		double[] d = new double[m.getRowDimension()];
		for (int i = 0; i < d.length; i++)
			d[i] = m.getEntry(i, i);
		return d;
	}

	@Test
	void antitheticSamplesAreTestedPerPair() {
		MaskSampler sampler = new MaskSampler(4, 0.5, SamplingScheme.ANTITHETIC, 1);
		SampleMatrix m = new SampleMatrix(4, 60, 2);
		boolean[] keep = new boolean[4];
		for (int t = 0; t < 60; t++) {
			sampler.next(keep);
			m.add(keep, z(keep[0]) * z(keep[1]) + 0.3 * z(keep[2]) + 0.01 * Math.sin(7 * t));
		}
		CorrelationMeasure.Result r = CorrelationMeasure.PEARSON.measure(m);
		assertEquals(30 - 4 - 2, r.degreesOfFreedom(), "one unit per antithetic pair");
		assertEquals(1, r.interaction(0, 1), 0.05);
	}

	@Test
	void pairIndexEnumeratesTheUpperTriangle() {
		int n = 7, q = 0;
		for (int i = 0; i < n; i++)
			for (int j = i + 1; j < n; j++) {
				assertEquals(q, CorrelationMeasure.pairIndex(n, i, j));
				assertEquals(q++, CorrelationMeasure.pairIndex(n, j, i));
			}
		assertEquals(CorrelationMeasure.pairCount(n), q);
		assertThrows(IllegalArgumentException.class, () -> CorrelationMeasure.pairIndex(n, 2, 2));
		assertThrows(IllegalArgumentException.class, () -> CorrelationMeasure.pairIndex(n, 0, 7));
	}
}
