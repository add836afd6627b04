package io.github.ablationca.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What the pair statistics of a run look like when nothing interacts: the same masks, the same main effects, the
 * same residual spread, but the residuals shuffled across samples (Freedman and Lane's residual permutation), so
 * every pair's true interaction is 0. The largest |correlation| grows with the number of pairs even then; comparing a
 * run's value with this null separates interaction from the multiplicity of pairs.
 *
 * <pre>{@code
 * NullCalibration nul = NullCalibration.of(explanation.samples(), CorrelationMeasure.PEARSON, 0.05, 20, seed);
 * double excess = observedMaxAbs - nul.maxAbsCorrelation();
 * }</pre>
 *
 * @param permutations shuffles averaged
 * @param maxAbsCorrelation mean over the shuffles of the largest |correlation| over all pairs
 * @param significantPairs mean over the shuffles of the number of pairs significant at the false discovery rate
 */
public record NullCalibration(int permutations, double maxAbsCorrelation, double significantPairs) {

	/** Largest |correlation| over all pairs of a result (0 without pairs). */
	public static double maxAbsCorrelation(CorrelationMeasure.Result r) {
		double max = 0;
		for (double c : r.correlation())
			max = Math.max(max, Math.abs(c));
		return max;
	}

	/** Pairs whose Benjamini-Hochberg q-value is below {@code fdr}. */
	public static int significantPairs(CorrelationMeasure.Result r, double fdr) {
		int count = 0;
		for (double q : MultipleTesting.benjaminiHochberg(r.pValue()))
			if (q < fdr) count++;
		return count;
	}

	/**
	 * @param samples the run's masks and scores
	 * @param permutations at least 1; 20 gives the mean to a few per cent
	 * @param seed the shuffles' seed (same seed, same numbers)
	 */
	public static NullCalibration of(SampleMatrix samples, CorrelationMeasure measure, double fdr, int permutations,
		long seed)
	{
		if (permutations < 1) throw new IllegalArgumentException("permutations must be at least 1");
		int m = samples.size(), n = samples.objects();
		double[] y = samples.scores();
		double[] main = measure.measure(samples).mainEffects();
		// Fitted additive part: y = b0 + sum_i (main_i / 2) s_i, b0 such that the residuals have mean 0.
		double[] fitted = new double[m], residual = new double[m];
		double[] s = new double[n];
		double fittedMean = 0, yMean = 0;
		for (int k = 0; k < m; k++) {
			samples.signs(k, s);
			for (int i = 0; i < n; i++)
				fitted[k] += main[i] / 2 * s[i];
			fittedMean += fitted[k] / m;
			yMean += y[k] / m;
		}
		for (int k = 0; k < m; k++) {
			fitted[k] += yMean - fittedMean;
			residual[k] = y[k] - fitted[k];
		}
		SplittableRandom random = new SplittableRandom(seed);
		List<double[]> shuffled = new ArrayList<>();
		for (int t = 0; t < permutations; t++) {
			double[] r = residual.clone();
			for (int k = m - 1; k > 0; k--) { // Fisher-Yates
				int j = random.nextInt(k + 1);
				double v = r[k];
				r[k] = r[j];
				r[j] = v;
			}
			double[] yNull = new double[m];
			for (int k = 0; k < m; k++)
				yNull[k] = fitted[k] + r[k];
			shuffled.add(yNull);
		}
		double max = 0, significant = 0;
		for (CorrelationMeasure.Result r : measure.measureEach(samples, shuffled)) {
			max += maxAbsCorrelation(r) / permutations;
			significant += (double) significantPairs(r, fdr) / permutations;
		}
		return new NullCalibration(permutations, max, significant);
	}
}
