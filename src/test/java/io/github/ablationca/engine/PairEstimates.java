package io.github.ablationca.engine;

import java.util.Arrays;
import java.util.Comparator;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;

import org.apache.commons.math3.stat.correlation.KendallsCorrelation;

/**
 * One estimator's answer for every pair of a known-answer game, and its scores against the exact interactions. Pair
 * arrays are in {@link CorrelationMeasure#pairIndex} order.
 *
 * @param interaction signed estimate of the pair's interaction
 * @param rankScore what the estimator ranks pairs by, largest first (|interaction|, or ArchDetect's strength)
 * @param halfWidth half the 95% interval of {@code interaction} (NaN where the estimator gives none)
 * @param detected the pairs the estimator calls interacting
 * @param calls model calls spent
 */
public record PairEstimates(double[] interaction, double[] rankScore, double[] halfWidth, boolean[] detected,
	long calls)
{
	/** Exact values below this count as no interaction (sums of float coefficients that cancel are not exact 0). */
	public static final double ZERO = 1e-12;

	/**
	 * The engine's statistics exactly as a run computes them, with {@code settings}' samples, keep probability,
	 * sampling scheme, seed and false discovery rate: {@link MaskSampler}, {@link SampleMatrix},
	 * {@link CorrelationMeasure#PEARSON}, {@link MultipleTesting#benjaminiHochberg} ({@code detected = q < fdr}).
	 */
	public static PairEstimates engine(ToDoubleFunction<boolean[]> model, int objects, ExplainSettings settings) {
		MaskSampler sampler = new MaskSampler(objects, settings.keepProbability, settings.sampling, settings.seed);
		SampleMatrix matrix = new SampleMatrix(objects, settings.samples, SampleMatrix.clusterSize(settings.sampling));
		boolean[] keep = new boolean[objects];
		for (int k = 0; k < settings.samples; k++) {
			sampler.next(keep);
			matrix.add(keep, model.applyAsDouble(keep));
		}
		CorrelationMeasure.Result r = CorrelationMeasure.PEARSON.measure(matrix);
		double[] q = MultipleTesting.benjaminiHochberg(r.pValue());
		boolean[] detected = new boolean[q.length];
		double[] magnitude = new double[q.length];
		for (int t = 0; t < q.length; t++) {
			detected[t] = q[t] < settings.falseDiscoveryRate;
			magnitude[t] = Math.abs(r.interaction()[t]);
		}
		return new PairEstimates(r.interaction(), magnitude, r.interactionHalfWidths(), detected, settings.samples);
	}

	/** ArchDetect's estimates: the two contexts' average, ranked by its strength, with the given detections. */
	public static PairEstimates archDetect(ArchDetect.Result result, boolean[] detected) {
		double[] none = new double[result.average().length];
		Arrays.fill(none, Double.NaN);
		return new PairEstimates(result.average(), result.strength(), none, detected, result.calls());
	}

	/** Share of the planted pairs that are detected. */
	public double power(boolean[] planted) {
		int found = 0, total = 0;
		for (int q = 0; q < planted.length; q++)
			if (planted[q]) {
				total++;
				if (detected[q]) found++;
			}
		return total == 0 ? Double.NaN : (double) found / total;
	}

	/** Share of the detected pairs whose exact interaction is 0 (0 when nothing is detected, as for the FDR). */
	public double falseDiscoveryShare(double[] exact) {
		int calls = 0, wrong = 0;
		for (int q = 0; q < exact.length; q++)
			if (detected[q]) {
				calls++;
				if (Math.abs(exact[q]) < ZERO) wrong++;
			}
		return calls == 0 ? 0 : (double) wrong / calls;
	}

	/**
	 * shapiq's Precision@k: the share of the {@code k} pairs ranked first by the estimator that are among the {@code k}
	 * pairs of largest |exact interaction| (a pair tied with the k-th exact value counts as among them; exact zeros
	 * never do).
	 */
	public double precisionAt(int k, double[] exact) {
		double[] magnitude = Arrays.stream(exact).map(Math::abs).toArray();
		int[] exactOrder = largestFirst(magnitude);
		double kth = magnitude[exactOrder[Math.min(k, exactOrder.length) - 1]];
		int[] order = largestFirst(rankScore);
		int hits = 0;
		for (int t = 0; t < Math.min(k, order.length); t++) {
			double m = magnitude[order[t]];
			if (m >= kth - ZERO && m >= ZERO) hits++;
		}
		return (double) hits / k;
	}

	/** Kendall's tau-b (Commons Math) between the signed estimates and the exact interactions over all pairs. */
	public double kendallTau(double[] exact) {
		return new KendallsCorrelation().correlation(interaction, exact);
	}

	/** Share of the pairs whose 95% interval covers the exact interaction (NaN without intervals). */
	public double coverage(double[] exact) {
		int covered = 0, total = 0;
		for (int q = 0; q < exact.length; q++) {
			if (Double.isNaN(halfWidth[q])) continue;
			total++;
			if (Math.abs(interaction[q] - exact[q]) <= halfWidth[q]) covered++;
		}
		return total == 0 ? Double.NaN : (double) covered / total;
	}

	/** Indices sorted by value, largest first; ties by index. */
	static int[] largestFirst(double[] values) {
		return IntStream.range(0, values.length).boxed()
			.sorted(Comparator.<Integer>comparingDouble(q -> -values[q]).thenComparingInt(q -> q))
			.mapToInt(Integer::intValue).toArray();
	}
}
