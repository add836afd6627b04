package io.github.ablationca.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;
import org.junit.jupiter.api.Test;

/**
 * The pair tests of {@link ResidualPearsonMeasure} against an independent computation of the estimators its Javadoc
 * defines: residuals, leverages and the exact residualised joint state from Commons Math OLS, the sandwich built
 * with Commons Math matrices (a cluster indicator matrix for antithetic pairs), Student's t from Commons Math.
 * Every number is compared to 1e-9 relative, so a dropped leverage factor, clustering ignored, a one-sided p-value
 * or a wrong quantile all fail; each test also shows that the alternative it guards against differs by far more.
 */
class PairInferenceOracleTest {

	/** What the oracle computes for one score vector. */
	private static final class Oracle {
		final int n, m;
		final double[][] s, design;
		final double[] y, residual, hat, meanSign;

		Oracle(double[][] s, double[] y) {
			this(s, s, y);
		}

		/**
		 * Least squares on {@code design}: the signs {@code s} with the columns that repeat others left out (the same
		 * column space), so that Commons Math's QR solves it.
		 */
		Oracle(double[][] s, double[][] design, double[] y) {
			this.s = s;
			this.design = design;
			this.y = y;
			n = s[0].length;
			m = s.length;
			OLSMultipleLinearRegression fit = new OLSMultipleLinearRegression();
			fit.newSampleData(y, design);
			residual = fit.estimateResiduals();
			RealMatrix h = fit.calculateHat();
			hat = new double[m];
			for (int k = 0; k < m; k++)
				hat[k] = h.getEntry(k, k);
			meanSign = new double[n];
			for (double[] row : s)
				for (int i = 0; i < n; i++)
					meanSign[i] += row[i] / m;
		}

		/** s_i s_j per sample. */
		double[] joint(int i, int j) {
			double[] u = new double[m];
			for (int k = 0; k < m; k++)
				u[k] = s[k][i] * s[k][j];
			return u;
		}

		/** |v|^2: the joint state's residual after the main-effect design, by OLS. */
		double vv(int i, int j) {
			OLSMultipleLinearRegression fit = new OLSMultipleLinearRegression();
			fit.newSampleData(joint(i, j), design);
			double[] v = fit.estimateResiduals();
			return new ArrayRealVector(v).dotProduct(new ArrayRealVector(v));
		}

		/** <r, u>, the statistic. */
		double ru(int i, int j) {
			return new ArrayRealVector(residual).dotProduct(new ArrayRealVector(joint(i, j)));
		}

		/** The joint state centred on the objects' mean states, as a vector. */
		RealVector centred(int i, int j) {
			double[] c = new double[m];
			for (int k = 0; k < m; k++)
				c[k] = (s[k][i] - meanSign[i]) * (s[k][j] - meanSign[j]);
			return new ArrayRealVector(c);
		}

		/** r_k / sqrt(1 - h_k): residuals adjusted for leverage (the finite-sample factor of HC2/CR2). */
		RealVector adjusted() {
			double[] a = new double[m];
			for (int k = 0; k < m; k++)
				a[k] = residual[k] / Math.sqrt(1 - hat[k]);
			return new ArrayRealVector(a);
		}

		/**
		 * Cluster-robust meat of <r, v>: a' a with a = C' diag(r') v, C the M x G indicator of consecutive clusters
		 * of {@code size} samples (the last one may be short).
		 */
		double clusterVariance(int i, int j, int size, RealVector residuals) {
			int g = (m + size - 1) / size;
			RealMatrix c = new Array2DRowRealMatrix(m, g);
			for (int k = 0; k < m; k++)
				c.setEntry(k, k / size, 1);
			RealVector score = centred(i, j).ebeMultiply(residuals);
			RealVector a = c.transpose().operate(score);
			return a.dotProduct(a);
		}

		/** HC2 of <r, v> with the centred joint state rescaled to the exact |v|^2 (the documented approximation). */
		double hc2Variance(int i, int j) {
			RealVector v = centred(i, j);
			RealVector r = adjusted();
			double meat = v.ebeMultiply(v).dotProduct(r.ebeMultiply(r));
			return meat * vv(i, j) / v.dotProduct(v);
		}

		/** Satterthwaite's degrees of freedom of the weighted sum of squares: (sum v^2)^2 / sum v^4. */
		double satterthwaite(int i, int j) {
			RealVector v2 = centred(i, j).ebeMultiply(centred(i, j));
			return Math.pow(v2.getL1Norm(), 2) / v2.dotProduct(v2);
		}
	}

	private static void assertRelative(double expected, double actual, String what) {
		assertEquals(expected, actual, 1e-9 * Math.abs(expected) + 1e-300, what);
	}

	/** Antithetic masks at keep probability {@code p}, scores with mask-dependent noise; the signs in {@code s}. */
	private static SampleMatrix antithetic(int n, int samples, double p, long seed, double[][] s, double[] y) {
		MaskSampler sampler = new MaskSampler(n, p, SamplingScheme.ANTITHETIC, seed);
		SplittableRandom noise = new SplittableRandom(seed + 1);
		double shared = 0;
		SampleMatrix matrix = new SampleMatrix(n, samples, SampleMatrix.clusterSize(SamplingScheme.ANTITHETIC));
		boolean[] keep = new boolean[n];
		for (int t = 0; t < samples; t++) {
			sampler.next(keep);
			for (int i = 0; i < n; i++)
				s[t][i] = keep[i] ? 1 : -1;
			// a synergy of 0 and 1, a main effect of 2, noise whose spread depends on object 3 and noise that a mask
			// shares with its partner (errors correlated within clusters: what the cluster-robust variance is for)
			if (t % 2 == 0) shared = noise.nextGaussian();
			y[t] = (keep[0] && keep[1] ? 0.8 : 0) + 0.5 * (keep[2] ? 1 : 0) + (keep[3] ? 0.6 : 0.2) * noise
				.nextGaussian() + 0.4 * shared;
			matrix.add(keep, y[t]);
		}
		return matrix;
	}

	@Test
	void antitheticStandardErrorsAndPValuesAreTheClusterRobustSandwich() {
		for (double p : new double[] {0.5, 0.3}) {
			int n = 5, samples = 48;
			double[][] s = new double[samples][n];
			double[] y = new double[samples];
			SampleMatrix matrix = antithetic(n, samples, p, 17, s, y);
			CorrelationMeasure.Result r = CorrelationMeasure.PEARSON.measure(matrix);
			Oracle o = new Oracle(s, y);
			int df = samples / 2 - n - 2;
			assertEquals(df, r.degreesOfFreedom(), "degrees of freedom count clusters");
			TDistribution t = new TDistribution(df);
			double largestIgnoringClusters = 0, largestWithoutLeverage = 0;
			for (int i = 0; i < n; i++)
				for (int j = i + 1; j < n; j++) {
					int q = CorrelationMeasure.pairIndex(n, i, j);
					String pair = "p = " + p + ", pair " + i + "," + j;
					double vv = o.vv(i, j), ru = o.ru(i, j);
					assertRelative(4 * ru / vv, r.interaction()[q], "interaction, " + pair);
					double variance = o.clusterVariance(i, j, 2, o.adjusted());
					double se = Math.sqrt(variance);
					assertRelative(4 * se / vv, r.interactionErrors()[q], "cluster-robust standard error, " + pair);
					assertRelative(2 * t.cumulativeProbability(-Math.abs(ru) / se), r.pValue()[q],
						"two-sided p-value, " + pair);
					assertRelative(t.inverseCumulativeProbability(0.975) * 4 * se / vv, r.interactionHalfWidths()[q],
						"95% half-width, " + pair);
					// The mistakes this guards against change the standard error far beyond the tolerance.
					double independent = o.clusterVariance(i, j, 1, o.adjusted());
					largestIgnoringClusters = Math.max(largestIgnoringClusters, Math.abs(Math.sqrt(independent) / se -
						1));
					double raw = o.clusterVariance(i, j, 2, new ArrayRealVector(o.residual));
					largestWithoutLeverage = Math.max(largestWithoutLeverage, Math.abs(Math.sqrt(raw) / se - 1));
				}
			assertTrue(largestIgnoringClusters > 0.05, "clustering matters here: " + largestIgnoringClusters);
			assertTrue(largestWithoutLeverage > 0.05, "the leverage factor matters here: " + largestWithoutLeverage);
		}
	}

	@Test
	void anOddLastSampleIsAClusterOfItsOwn() {
		int n = 4, samples = 41;
		double[][] s = new double[samples][n];
		double[] y = new double[samples];
		SampleMatrix matrix = antithetic(n, samples, 0.5, 5, s, y);
		CorrelationMeasure.Result r = CorrelationMeasure.PEARSON.measure(matrix);
		Oracle o = new Oracle(s, y);
		assertEquals(21 - n - 2, r.degreesOfFreedom(), "20 pairs and one single sample");
		for (int i = 0; i < n; i++)
			for (int j = i + 1; j < n; j++) {
				double se = Math.sqrt(o.clusterVariance(i, j, 2, o.adjusted()));
				assertRelative(4 * se / o.vv(i, j), r.interactionErrors()[CorrelationMeasure.pairIndex(n, i, j)],
					"pair " + i + "," + j);
			}
	}

	/**
	 * Independent masks: the HC2 interval {@code I +- t_0.975(df) se(I)} with Satterthwaite's degrees of freedom,
	 * {@code min(M - n - 2, (sum v^2)^2 / sum v^4)}, rounded to 1/8 for the quantile (ResidualPearsonMeasure's
	 * Javadoc); the p-value on the same t. At keep probability 0.2 Satterthwaite's df bind for every pair.
	 */
	@Test
	void theIntervalIsTheHc2IntervalOnSatterthwaitesDegreesOfFreedom() {
		int n = 6, samples = 90;
		double[][] s = new double[samples][n];
		double[] y = new double[samples];
		MaskSampler sampler = new MaskSampler(n, 0.2, SamplingScheme.INDEPENDENT, 23);
		SplittableRandom noise = new SplittableRandom(4);
		SampleMatrix matrix = new SampleMatrix(n, samples);
		boolean[] keep = new boolean[n];
		for (int t = 0; t < samples; t++) {
			sampler.next(keep);
			for (int i = 0; i < n; i++)
				s[t][i] = keep[i] ? 1 : -1;
			y[t] = (keep[0] && keep[1] ? 1 : 0) - 0.4 * (keep[2] && keep[4] ? 1 : 0) + (keep[5] ? 0.5 : 0.1) * noise
				.nextGaussian();
			matrix.add(keep, y[t]);
		}
		CorrelationMeasure.Result r = CorrelationMeasure.PEARSON.measure(matrix);
		Oracle o = new Oracle(s, y);
		assertEquals(samples - n - 2, r.degreesOfFreedom());
		int satterthwaiteBinds = 0, degenerate = 0;
		for (int i = 0; i < n; i++)
			for (int j = i + 1; j < n; j++) {
				int q = CorrelationMeasure.pairIndex(n, i, j);
				String pair = "pair " + i + "," + j;
				double vv = o.vv(i, j), ru = o.ru(i, j), se = Math.sqrt(o.hc2Variance(i, j));
				if (vv <= 1e-9 * samples) {
					// never both kept: the joint state is a function of the main effects, nothing to test
					degenerate++;
					assertEquals(0, r.interaction()[q], pair);
					assertEquals(1, r.pValue()[q], pair);
					assertTrue(Double.isNaN(r.interactionHalfWidths()[q]), pair);
					continue;
				}
				double df = Math.min(samples - n - 2, o.satterthwaite(i, j));
				if (df < samples - n - 2) satterthwaiteBinds++;
				assertRelative(4 * ru / vv, r.interaction()[q], "interaction, " + pair);
				assertRelative(4 * se / vv, r.interactionErrors()[q], "HC2 standard error, " + pair);
				assertRelative(2 * new TDistribution(df).cumulativeProbability(-Math.abs(ru) / se), r.pValue()[q],
					"two-sided p-value, " + pair);
				double quantile = new TDistribution(Math.round(df * 8) / 8.0).inverseCumulativeProbability(0.975);
				assertRelative(quantile * 4 * se / vv, r.interactionHalfWidths()[q], "95% half-width, " + pair);
			}
		assertEquals(CorrelationMeasure.pairCount(n), satterthwaiteBinds + degenerate,
			"rare cells at keep probability 0.2");
		assertTrue(satterthwaiteBinds >= 10);
	}

	/**
	 * Balanced masks at keep probability 0.5: every object's mean state is exactly 0, so the centred joint state is
	 * +-1 and Satterthwaite's df are M, more than M - n - 2, which then binds.
	 */
	@Test
	void balancedKeepProbabilityUsesTheFullDegreesOfFreedom() {
		int n = 4, samples = 64;
		double[][] s = new double[samples][n];
		double[] y = new double[samples];
		MaskSampler sampler = new MaskSampler(n, 0.5, SamplingScheme.BALANCED, 8);
		SplittableRandom noise = new SplittableRandom(9);
		SampleMatrix matrix = new SampleMatrix(n, samples);
		boolean[] keep = new boolean[n];
		for (int t = 0; t < samples; t++) {
			sampler.next(keep);
			for (int i = 0; i < n; i++)
				s[t][i] = keep[i] ? 1 : -1;
			y[t] = (keep[1] && keep[3] ? 0.7 : 0) + 0.3 * noise.nextGaussian();
			matrix.add(keep, y[t]);
		}
		CorrelationMeasure.Result r = CorrelationMeasure.PEARSON.measure(matrix);
		Oracle o = new Oracle(s, y);
		TDistribution t = new TDistribution(samples - n - 2);
		for (int i = 0; i < n; i++)
			for (int j = i + 1; j < n; j++) {
				int q = CorrelationMeasure.pairIndex(n, i, j);
				assertEquals(samples, o.satterthwaite(i, j), 1e-9);
				double se = Math.sqrt(o.hc2Variance(i, j));
				assertRelative(2 * t.cumulativeProbability(-Math.abs(o.ru(i, j)) / se), r.pValue()[q], "p " + q);
				assertRelative(t.inverseCumulativeProbability(0.975) * 4 * se / o.vv(i, j), r
					.interactionHalfWidths()[q], "half-width " + q);
			}
	}

	/**
	 * An object that is never ablated makes X'X singular (its column equals the intercept): the pseudo-inverse path.
	 * The other objects' main effects and interaction are OLS on the design without that column; its pairs are
	 * fixed by the main effects and untested.
	 */
	@Test
	void anObjectThatIsNeverAblatedLeavesTheOthersEstimable() {
		int samples = 40;
		MaskSampler sampler = new MaskSampler(2, 0.5, SamplingScheme.INDEPENDENT, 3);
		SplittableRandom noise = new SplittableRandom(2);
		SampleMatrix m = new SampleMatrix(3, samples);
		double[][] s = new double[samples][3];
		double[] y = new double[samples];
		boolean[] two = new boolean[2];
		for (int t = 0; t < samples; t++) {
			sampler.next(two);
			boolean[] keep = {two[0], two[1], true};
			s[t][0] = two[0] ? 1 : -1;
			s[t][1] = two[1] ? 1 : -1;
			s[t][2] = s[t][0] * s[t][1];
			y[t] = 1 + (two[0] ? 0.7 : 0) + (two[0] && two[1] ? 0.5 : 0) + 0.1 * noise.nextGaussian();
			m.add(keep, y[t]);
		}
		CorrelationMeasure.Result r = CorrelationMeasure.PEARSON.measure(m);
		OLSMultipleLinearRegression main = new OLSMultipleLinearRegression();
		double[][] x = new double[samples][2];
		for (int t = 0; t < samples; t++)
			x[t] = new double[] {s[t][0], s[t][1]};
		main.newSampleData(y, x);
		double[] beta = main.estimateRegressionParameters();
		assertEquals(2 * beta[1], r.mainEffects()[0], 1e-9);
		assertEquals(2 * beta[2], r.mainEffects()[1], 1e-9);
		OLSMultipleLinearRegression joint = new OLSMultipleLinearRegression();
		joint.newSampleData(y, s);
		assertEquals(4 * joint.estimateRegressionParameters()[3], r.interaction(0, 1), 1e-9);
		assertTrue(r.pValue(0, 1) < 0.01, "the synergy is tested: " + r.pValue(0, 1));
		assertEquals(1, r.pValue(0, 2));
		assertEquals(1, r.pValue(1, 2));
	}

	/** At one degree of freedom (M = n + 3) a test still happens; one sample is no error, just no test. */
	@Test
	void theSmallestDesignsStillAnswer() {
		int n = 3, samples = n + 3;
		SampleMatrix m = new SampleMatrix(n, samples);
		boolean[][] masks = {{true, true, true}, {true, false, true}, {false, true, false}, {false, false, true},
			{true, true, false}, {false, false, false}};
		for (boolean[] k : masks)
			m.add(k, (k[0] && k[1] ? 1 : 0) + (k[2] ? 0.25 : 0) + (k[0] ? 0.01 : 0) * (k[1] ? 1 : -1));
		CorrelationMeasure.Result r = CorrelationMeasure.PEARSON.measure(m);
		assertEquals(1, r.degreesOfFreedom());
		assertTrue(r.pValue(0, 1) < 1, "tested on Student's t with 1 degree of freedom: " + r.pValue(0, 1));
		assertTrue(Double.isFinite(r.interactionHalfWidths()[CorrelationMeasure.pairIndex(n, 0, 1)]));
		SampleMatrix single = new SampleMatrix(n, 1);
		single.add(new boolean[] {true, false, true}, 0.5);
		CorrelationMeasure.Result one = CorrelationMeasure.PEARSON.measure(single);
		assertEquals(1 - n - 2, one.degreesOfFreedom());
		assertArrayEquals(new double[] {1, 1, 1}, one.pValue(), 0);
	}

	/** Independent masks at keep probability 0.5 for {@code n} objects; the signs in {@code s}. */
	private static boolean[][] masks(int n, int samples, long seed, double[][] s) {
		MaskSampler sampler = new MaskSampler(n, 0.5, SamplingScheme.INDEPENDENT, seed);
		boolean[][] keep = new boolean[samples][n];
		for (int t = 0; t < samples; t++) {
			sampler.next(keep[t]);
			for (int i = 0; i < n; i++)
				s[t][i] = keep[t][i] ? 1 : -1;
		}
		return keep;
	}

	private static double totalSumOfSquares(double[] y) {
		double mean = 0, tss = 0;
		for (double v : y)
			mean += v / y.length;
		for (double v : y)
			tss += (v - mean) * (v - mean);
		return tss;
	}

	/**
	 * A score additive up to a synergy of 1e-8 (float rounding's order on a score of order 1): the residual norm lies
	 * below {@code 1e-5} of the score spread {@code sqrt(TSS)}, so the Javadoc's floor replaces it. Then
	 * {@code rho = <r, u> / (1e-5 sqrt(TSS) |v|)}, and the variance of {@code <r, u>} is at least the floor's
	 * {@code 1e-10 TSS / (M - n - 1) |v|^2}, which binds here: {@code se(I) = 4e-5 sqrt(TSS / (M - n - 1)) / |v|}.
	 * Without the floor the correlation would be the ratio of two tiny residuals, close to 1.
	 */
	@Test
	void aScoreAdditiveUpToRoundingMeetsTheNumericalFloor() {
		int n = 5, samples = 80;
		double[][] s = new double[samples][n];
		boolean[][] keep = masks(n, samples, 31, s);
		SampleMatrix matrix = new SampleMatrix(n, samples);
		double[] y = new double[samples];
		double[] weight = {0.9, -0.5, 0.3, 0.7, 0.2};
		for (int t = 0; t < samples; t++) {
			y[t] = 0.1 + 1e-8 * s[t][0] * s[t][1];
			for (int i = 0; i < n; i++)
				y[t] += weight[i] * s[t][i];
			matrix.add(keep[t], y[t]);
		}
		CorrelationMeasure.Result r = CorrelationMeasure.PEARSON.measure(matrix);
		Oracle o = new Oracle(s, y);
		double tss = totalSumOfSquares(y);
		double rNorm = new ArrayRealVector(o.residual).getNorm();
		assertTrue(rNorm < 1e-6 * Math.sqrt(tss), "the floor binds: " + rNorm + " vs " + Math.sqrt(tss));
		for (int i = 0; i < n; i++)
			for (int j = i + 1; j < n; j++) {
				int q = CorrelationMeasure.pairIndex(n, i, j);
				String pair = "pair " + i + "," + j;
				double vv = o.vv(i, j), ru = o.ru(i, j);
				double floor = 1e-5 * Math.sqrt(tss);
				assertEquals(ru / (floor * Math.sqrt(vv)), r.correlation()[q], 1e-6 * Math.abs(ru / (floor * Math.sqrt(
					vv))) + 1e-12, "correlation on the floor, " + pair);
				double se = 1e-5 * Math.sqrt(tss / (samples - n - 1) * vv);
				assertRelative(4 * se / vv, r.interactionErrors()[q], "standard error on the floor, " + pair);
				double df = Math.min(samples - n - 2, o.satterthwaite(i, j));
				assertEquals(2 * new TDistribution(df).cumulativeProbability(-Math.abs(ru) / se), r.pValue()[q], 1e-6,
					"p-value, " + pair);
			}
		assertEquals(4e-8, r.interaction(0, 1), 1e-12, "the interaction itself is not floored");
		assertTrue(Math.abs(r.correlation(0, 1)) < 0.01, "a synergy of 1e-8 is no correlation: " + r.correlation(0,
			1));
		assertTrue(r.pValue(0, 1) > 0.5, "nor evidence: " + r.pValue(0, 1));
		assertTrue(o.ru(0, 1) / (rNorm * Math.sqrt(o.vv(0, 1))) > 0.99, "unfloored it would be a perfect correlation");
	}

	/** A constant score that is not 0 has nothing to explain: no effects, every pair untested (p = 1, no interval). */
	@Test
	void aConstantScoreIsNoEvidence() {
		int n = 4, samples = 30;
		double[][] s = new double[samples][n];
		boolean[][] keep = masks(n, samples, 12, s);
		SampleMatrix matrix = new SampleMatrix(n, samples);
		for (int t = 0; t < samples; t++)
			matrix.add(keep[t], 0.7);
		CorrelationMeasure.Result r = CorrelationMeasure.PEARSON.measure(matrix);
		for (int i = 0; i < n; i++)
			assertEquals(0, r.mainEffects()[i], 1e-12);
		for (int q = 0; q < CorrelationMeasure.pairCount(n); q++) {
			assertEquals(1, r.pValue()[q]);
			assertEquals(0, r.correlation()[q]);
			assertEquals(0, r.interaction()[q]);
			assertTrue(Double.isNaN(r.interactionErrors()[q]) && Double.isNaN(r.interactionHalfWidths()[q]));
		}
		// a spread whose squares underflow to 0 (TSS = 0) is no variation either
		SampleMatrix tiny = new SampleMatrix(n, samples);
		for (int t = 0; t < samples; t++)
			tiny.add(keep[t], t % 2 == 0 ? 0 : 1e-200);
		CorrelationMeasure.Result u = CorrelationMeasure.PEARSON.measure(tiny);
		for (int q = 0; q < CorrelationMeasure.pairCount(n); q++) {
			assertEquals(1, u.pValue()[q]);
			assertTrue(Double.isNaN(u.interactionErrors()[q]));
		}
	}

	/**
	 * Many samples and three pairs of objects that always share their state: each such pair's joint state is the
	 * intercept, fixed by the main effects, whatever rounding leaves of its residual norm (compared with 1e-9 M):
	 * untested. The pairs across two tied couples are ordinary pairs.
	 */
	@Test
	void pairsFixedByTheMainEffectsStayUntestedWithManySamples() {
		int n = 6, samples = 3000;
		double[][] s = new double[samples][n];
		boolean[][] keep = masks(n, samples, 77, s);
		SampleMatrix matrix = new SampleMatrix(n, samples);
		SplittableRandom noise = new SplittableRandom(1);
		for (int t = 0; t < samples; t++) {
			for (int i = 3; i < n; i++)
				keep[t][i] = keep[t][i - 3];
			matrix.add(keep[t], (keep[t][0] && keep[t][1] ? 0.5 : 0) + 0.1 * noise.nextGaussian());
		}
		CorrelationMeasure.Result r = CorrelationMeasure.PEARSON.measure(matrix);
		for (int i = 0; i < 3; i++) {
			int q = CorrelationMeasure.pairIndex(n, i, i + 3);
			assertEquals(1, r.pValue()[q], "pair " + i + "," + (i + 3));
			assertEquals(0, r.interaction()[q], "pair " + i + "," + (i + 3));
			assertTrue(Double.isNaN(r.interactionErrors()[q]), "pair " + i + "," + (i + 3));
		}
		assertTrue(r.pValue(0, 1) < 1e-6 && r.pValue(3, 4) < 1e-6 && r.pValue(0, 4) < 1e-6, "the synergy, seen by "
			+ "each copy");
	}

	/**
	 * Object 4 always shares object 0's state (say, two halves of one part that a segmentation split and a mask
	 * generator tied together): X'X is singular and the measure takes the pseudo-inverse. Its answer is the minimum-norm
	 * least squares, computed here by Commons Math's SVD of X itself (not of X'X): objects 0 and 4 share their
	 * combined main effect equally, the standard errors use the pseudo-inverse of X'X; every pair but (0, 4) is
	 * estimated as on the design without column 4 (the same column space), and (0, 4) is fixed: untested.
	 */
	@Test
	void twoObjectsThatAlwaysShareTheirStateAreEstimatedByThePseudoInverse() {
		int n = 5, samples = 60;
		double[][] s = new double[samples][n];
		masks(n, samples, 41, s);
		double[][] design = new double[samples][n - 1];
		double[][] x = new double[samples][n + 1];
		SampleMatrix matrix = new SampleMatrix(n, samples);
		double[] y = new double[samples];
		SplittableRandom noise = new SplittableRandom(6);
		for (int t = 0; t < samples; t++) {
			s[t][4] = s[t][0];
			boolean[] keep = new boolean[n];
			for (int i = 0; i < n; i++)
				keep[i] = s[t][i] > 0;
			y[t] = (keep[0] ? 1 : 0) + (keep[1] ? 0.5 : 0) + (keep[1] && keep[2] ? 0.8 : 0) + (keep[3] ? 0.4 : 0.1) *
				noise.nextGaussian();
			matrix.add(keep, y[t]);
			System.arraycopy(s[t], 0, design[t], 0, n - 1);
			x[t][0] = 1;
			System.arraycopy(s[t], 0, x[t], 1, n);
		}
		CorrelationMeasure.Result r = CorrelationMeasure.PEARSON.measure(matrix);
		Oracle o = new Oracle(s, design, y);

		RealMatrix xm = new Array2DRowRealMatrix(x);
		RealVector beta = new SingularValueDecomposition(xm).getSolver().solve(new ArrayRealVector(y));
		RealMatrix inverseGram = new SingularValueDecomposition(xm.transpose().multiply(xm)).getSolver().getInverse();
		double rss = new ArrayRealVector(o.residual).dotProduct(new ArrayRealVector(o.residual));
		double s2 = rss / (samples - n - 1);
		for (int i = 0; i < n; i++) {
			assertEquals(2 * beta.getEntry(i + 1), r.mainEffects()[i], 1e-9, "main effect " + i);
			assertEquals(2 * Math.sqrt(s2 * inverseGram.getEntry(i + 1, i + 1)), r.mainEffectErrors()[i], 1e-9,
				"main effect error " + i);
		}
		assertEquals(r.mainEffects()[0], r.mainEffects()[4], 1e-9, "the tied objects share their effect");
		assertEquals(1, r.pValue(0, 4));
		assertEquals(0, r.interaction(0, 4));
		assertTrue(Double.isNaN(r.interactionErrors()[CorrelationMeasure.pairIndex(n, 0, 4)]));
		double rNorm = Math.sqrt(rss);
		for (int i = 0; i < n; i++)
			for (int j = i + 1; j < n; j++) {
				if (i == 0 && j == 4) continue;
				int q = CorrelationMeasure.pairIndex(n, i, j);
				String pair = "pair " + i + "," + j;
				double vv = o.vv(i, j), ru = o.ru(i, j), se = Math.sqrt(o.hc2Variance(i, j));
				assertRelative(4 * ru / vv, r.interaction()[q], "interaction, " + pair);
				assertRelative(ru / (rNorm * Math.sqrt(vv)), r.correlation()[q], "correlation, " + pair);
				assertRelative(4 * se / vv, r.interactionErrors()[q], "HC2 standard error, " + pair);
				double df = Math.min(samples - n - 2, o.satterthwaite(i, j));
				assertRelative(2 * new TDistribution(df).cumulativeProbability(-Math.abs(ru) / se), r.pValue()[q],
					"two-sided p-value, " + pair);
			}
		assertTrue(r.pValue(1, 2) < 0.01, "the synergy is found: " + r.pValue(1, 2));
	}

	/**
	 * {@code measureEach} on one sample: the minimum-norm fit of {@code b0 + b1 = y} is {@code b0 = b1 = y / 2}, a
	 * main effect of {@code y}; no test. No sample at all is refused.
	 */
	@Test
	void measureEachAnswersForOneSampleAndRefusesNone() {
		SampleMatrix single = new SampleMatrix(1, 1);
		single.add(new boolean[] {true}, 3);
		List<CorrelationMeasure.Result> each = CorrelationMeasure.PEARSON.measureEach(single, List.of(new double[] {3},
			new double[] {-1}));
		assertEquals(3, each.get(0).mainEffects()[0], 1e-12);
		assertEquals(-1, each.get(1).mainEffects()[0], 1e-12);
		assertEquals(-2, each.get(0).degreesOfFreedom());
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CorrelationMeasure.PEARSON
			.measureEach(new SampleMatrix(1, 1), List.of(new double[0])));
		assertEquals("no Monte Carlo samples to analyse", e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> CorrelationMeasure.PEARSON.measureEach(single, List.of(
			new double[2])));
		assertEquals("2 scores for 1 samples", e.getMessage());
		assertEquals("pearson", CorrelationMeasure.PEARSON.toString());
	}
}
