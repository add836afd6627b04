package io.github.ablationca.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns the Monte Carlo samples of a run (random synchronous ablations and their scores) into a signed correlation
 * for every pair of objects, with a p-value, and into a main effect per object.
 * <p>
 * Sign convention, common to every measure: positive = the two objects work together (synergy: each one matters
 * more when the other is visible), negative = either one suffices (redundancy), about zero = their effects add up.
 * The built-in measure is {@link #PEARSON}, the paper's linear correlation, defined in {@link ResidualPearsonMeasure};
 * the engine takes others ({@code AblationCaEngine.measure}).
 *
 * <pre>{@code
 * CorrelationMeasure.Result r = CorrelationMeasure.PEARSON.measure(samples);
 * double rhoAB = r.correlation()[CorrelationMeasure.pairIndex(r.objects(), a, b)];
 * }</pre>
 */
public interface CorrelationMeasure {

	/** Residual Pearson correlation of the score with the joint state of a pair (Banzhaf interaction form). */
	CorrelationMeasure PEARSON = new ResidualPearsonMeasure();

	/** Short name, as used in settings and reports, e.g. {@code "pearson"}. */
	String name();

	/**
	 * Analyses the samples.
	 *
	 * @param samples at least 1 sample; p-values need more than {@code objects + 2}
	 */
	Result measure(SampleMatrix samples);

	/**
	 * Analyses the same masks with several score vectors (e.g. permuted residuals for a null distribution). Measures
	 * whose cost lies in the masks' geometry share it across the vectors.
	 *
	 * @param scores each of length {@code samples.size()}
	 */
	default List<Result> measureEach(SampleMatrix samples, List<double[]> scores) {
		List<Result> out = new ArrayList<>();
		for (double[] y : scores)
			out.add(measure(samples.withScores(y)));
		return out;
	}

	/**
	 * Everything a measure finds. Pair arrays are indexed by {@link #pairIndex(int, int, int)}.
	 *
	 * @param measure the measure's name
	 * @param objects n
	 * @param samples M
	 * @param mainEffects per object: estimated mean score with the object kept minus with it ablated (Banzhaf value)
	 * @param mainEffectErrors standard errors of the main effects
	 * @param correlation per pair: the signed correlation in [-1, 1]
	 * @param interaction per pair: the Banzhaf interaction estimate on the score scale
	 * @param interactionErrors per pair: standard error of {@code interaction}
	 * @param interactionHalfWidths per pair: half the width of the 95% confidence interval of {@code interaction}
	 * @param pValue per pair: two-sided p-value of "no interaction"
	 * @param degreesOfFreedom of the pair tests ({@code M - n - 2}); 0 or less = no test possible (all p = 1)
	 */
	record Result(String measure, int objects, int samples, double[] mainEffects, double[] mainEffectErrors,
		double[] correlation, double[] interaction, double[] interactionErrors, double[] interactionHalfWidths,
		double[] pValue, int degreesOfFreedom)
	{
		public double correlation(int a, int b) {
			return correlation[pairIndex(objects, a, b)];
		}

		public double interaction(int a, int b) {
			return interaction[pairIndex(objects, a, b)];
		}

		public double pValue(int a, int b) {
			return pValue[pairIndex(objects, a, b)];
		}
	}

	/** Number of unordered pairs of {@code n} objects. */
	static int pairCount(int n) {
		return n * (n - 1) / 2;
	}

	/** Position of pair {@code (a, b)}, {@code a != b}, in the pair arrays: row-major upper triangle. */
	static int pairIndex(int n, int a, int b) {
		if (a == b || a < 0 || b < 0 || a >= n || b >= n)
			throw new IllegalArgumentException("no pair (" + a + ", " + b + ") among " + n + " objects");
		int i = Math.min(a, b), j = Math.max(a, b);
		return i * (2 * n - i - 1) / 2 + (j - i - 1);
	}
}
