package io.github.ablationca.engine;

import java.util.Arrays;
import java.util.function.ToDoubleFunction;

/**
 * An ArchDetect-style pair interaction detector (Tsang, Rambhatla and Liu 2020, "How does this interaction affect me?
 * Interpretable attribution for feature interactions", Archipelago; {@code Archipelago.search_feature_sets} and
 * {@code archdetect} in github.com/mtsang/archipelago), for comparison with the engine's statistics in tests and
 * benches only.
 * <p>
 * For every pair, the discrete mixed partial (four-point difference) {@code f(x_ij) - f(x_i) - f(x_j) + f(x_0)} in
 * two contexts: the <b>baseline context</b> (every other object ablated; {@code x_0} = nothing kept, {@code x_ij} =
 * only {@code i} and {@code j} kept) and the <b>input context</b> (every other object kept; {@code x_0} = all kept,
 * {@code x_ij} = all but {@code i} and {@code j}). Archipelago divides by {@code |x_i - x'_i| |x_j - x'_j|}, which is
 * 1 for a kept/ablated object, and sets a difference to 0 when it is below {@code 1e-5} of the smallest of its four
 * values (float precision); both are kept here. Cost: {@code 1 + n + n(n-1)/2} model calls per context.
 * <p>
 * What it estimates, on a sum-of-unanimity game: the baseline context gives {@code c_ij} (the Moebius coefficient of
 * the pair alone), the input context {@code sum over T containing i, j of c_T}; their average is the Banzhaf
 * interaction at {@code p = 0.5} exactly when no unanimity set has more than 3 players ({@link SoumGame}).
 * <p>
 * Archipelago ranks pairs by the strength {@code (a^2 + b^2) / 2} of the two contexts' differences {@code a, b} and
 * keeps the pairs above {@code 1e-10} (its interactive explanations) or the top {@code k} (its {@code explain(top_k)}).
 */
public final class ArchDetect {

	/** Archipelago's floor on the strength of a kept pair ({@code cache_interactive_explanations}). */
	public static final double STRENGTH_FLOOR = 1e-10;

	/**
	 * The two contexts' four-point differences per pair (pair-index order) and the model calls spent.
	 *
	 * @param baselineContext every other object ablated
	 * @param inputContext every other object kept
	 */
	public record Result(int objects, double[] baselineContext, double[] inputContext, long calls) {

		/** Signed estimate per pair: the average of the two contexts. */
		public double[] average() {
			double[] avg = new double[baselineContext.length];
			for (int q = 0; q < avg.length; q++)
				avg[q] = (baselineContext[q] + inputContext[q]) / 2;
			return avg;
		}

		/** Archipelago's ranking strength per pair: {@code (a^2 + b^2) / 2} (weights 0.5, 0.5). */
		public double[] strength() {
			double[] s = new double[baselineContext.length];
			for (int q = 0; q < s.length; q++)
				s[q] = (baselineContext[q] * baselineContext[q] + inputContext[q] * inputContext[q]) / 2;
			return s;
		}

		/** Pairs whose strength exceeds {@link #STRENGTH_FLOOR}. */
		public boolean[] detectedAboveFloor() {
			double[] s = strength();
			boolean[] d = new boolean[s.length];
			for (int q = 0; q < s.length; q++)
				d[q] = s[q] > STRENGTH_FLOOR;
			return d;
		}

		/** The {@code k} pairs of largest strength. */
		public boolean[] detectedTop(int k) {
			double[] s = strength();
			boolean[] d = new boolean[s.length];
			for (int q : PairEstimates.largestFirst(s))
				if (k-- > 0) d[q] = true;
			return d;
		}
	}

	private ArchDetect() {}

	/** Both contexts for the {@code objects} objects of {@code model} (a score of the kept objects). */
	public static Result detect(ToDoubleFunction<boolean[]> model, int objects) {
		long[] calls = new long[1];
		double[] baseline = fourPointDifferences(model, objects, false, calls);
		double[] input = fourPointDifferences(model, objects, true, calls);
		return new Result(objects, baseline, input, calls[0]);
	}

	/** Every pair's difference with all other objects in state {@code context} (true = kept). */
	private static double[] fourPointDifferences(ToDoubleFunction<boolean[]> model, int n, boolean context,
		long[] calls)
	{
		boolean[] x = new boolean[n];
		Arrays.fill(x, context);
		double f0 = model.applyAsDouble(x);
		double[] single = new double[n];
		for (int i = 0; i < n; i++) {
			x[i] = !context;
			single[i] = model.applyAsDouble(x);
			x[i] = context;
		}
		double[] diff = new double[CorrelationMeasure.pairCount(n)];
		for (int i = 0, q = 0; i < n; i++)
			for (int j = i + 1; j < n; j++, q++) {
				x[i] = x[j] = !context;
				double fij = model.applyAsDouble(x);
				x[i] = x[j] = context;
				double d = fij - single[i] - single[j] + f0;
				double smallest = Math.min(Math.min(Math.abs(f0), Math.abs(fij)),
					Math.min(Math.abs(single[i]), Math.abs(single[j])));
				diff[q] = Math.abs(d) < 1e-5 * smallest ? 0 : d;
			}
		calls[0] += 1 + n + (long) n * (n - 1) / 2;
		return diff;
	}

	/** The model calls of one run: {@code 2 (1 + n + n(n-1)/2)}. */
	public static long budget(int objects) {
		return 2 * (1 + objects + (long) objects * (objects - 1) / 2);
	}
}
