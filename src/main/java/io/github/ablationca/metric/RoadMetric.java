package io.github.ablationca.metric;

import io.github.ablationca.attribution.BatchScorer;
import io.github.ablationca.attribution.ModelSpace;
import io.github.ablationca.classifier.Classifier;
import io.github.ablationca.engine.CanceledException;
import io.github.ablationca.engine.ProgressListener;
import io.github.ablationca.image.ResizeMode;
import io.github.ablationca.image.RgbImage;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

/**
 * ROAD, Remove And Debias (Rong, Leemann, Borisov, Kasneci and Kasneci, ICML 2022), without retraining: a fraction
 * of the pixels is removed in heatmap order and filled by {@link NoisyLinearImputer noisy linear imputation}, and
 * the target probability is read, for each fraction of a fixed list (default 10%, 20%, ..., 90%).
 * <ul>
 * <li><b>MoRF</b> (most relevant first): the highest-ranked pixels are removed. A faithful heatmap makes the
 * probability fall fast: <em>lower is better</em>.</li>
 * <li><b>LeRF</b> (least relevant first): the lowest-ranked pixels are removed. A faithful heatmap keeps the
 * probability up: <em>higher is better</em>.</li>
 * </ul>
 * The score of a curve is the mean probability over its fractions (the authors' code reports the value at each
 * fraction and no summary; the mean over 10..90% is the summary of common implementations, e.g. pytorch-grad-cam's
 * {@code ROADMostRelevantFirstAverage}). Removing {@code k = floor(f n)} of the {@code n} pixels, as the authors'
 * {@code int(n * p)}; LeRF at fraction f removes the k least relevant (the authors index LeRF by the share kept).
 * <p>
 * Why beside deletion and insertion: black pixels and a blur are shapes the model has never seen, and the shape of
 * the removed region itself can tell the class (the authors' "class information leakage"). The imputation fills
 * each hole from its surroundings, with noise so that the filled values carry no sharp trace of the mask, which
 * makes MoRF and LeRF rank methods consistently.
 * <p>
 * Protocol as {@link CausalMetric}: on the image as the model sees it ({@link ModelSpace}, the request's resize
 * mode), the heatmap box-averaged onto the model grid and its pixels ranked (ties in row-major order, NaN last).
 * Each point's noise comes from its own seed, derived from the given seed, the order and the point, so the same
 * seed gives the same numbers for any batch size; the imputations of a curve run in parallel, and its images go to
 * the classifier in batches (one batch per curve at the default 9 fractions and batch size 32). Model calls per
 * curve: the number of fractions.
 *
 * <pre>{@code
 * RoadMetric road = new RoadMetric();
 * RoadCurve morf = road.morf(image, heatmap.values(), classifier, target, seed);   // lower = more faithful
 * RoadCurve lerf = road.lerf(image, heatmap.values(), classifier, target, seed);   // higher = more faithful
 * }</pre>
 */
public final class RoadMetric {

	/** The removal orders. */
	public enum Order {
		/** Most relevant first. */
		MORF,
		/** Least relevant first. */
		LERF;

		public String key() {
			return name().toLowerCase(Locale.ROOT);
		}
	}

	private static final double[] DEFAULT_FRACTIONS = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};

	private final double[] fractions;
	private final NoisyLinearImputer imputer;
	private final int batchSize;
	private final ResizeMode resize;

	/** Fractions 0.1, 0.2, ..., 0.9, noise sigma 2.55 (the authors' 0.01 on 0..1), batch 32, STRETCH. */
	public RoadMetric() {
		this(DEFAULT_FRACTIONS, new NoisyLinearImputer(), 32, ResizeMode.STRETCH);
	}

	private RoadMetric(double[] fractions, NoisyLinearImputer imputer, int batchSize, ResizeMode resize) {
		this.fractions = fractions;
		this.imputer = imputer;
		this.batchSize = batchSize;
		this.resize = resize;
	}

	/** The default fractions, 0.1 to 0.9 in steps of 0.1. */
	public static double[] defaultFractions() {
		return DEFAULT_FRACTIONS.clone();
	}

	/** The fractions of pixels removed: each strictly between 0 and 1, strictly ascending. */
	public RoadMetric withFractions(double... f) {
		return new RoadMetric(checkFractions(f), imputer, batchSize, resize);
	}

	/** Another imputer, e.g. {@code new NoisyLinearImputer().withNoise(0)}. */
	public RoadMetric withImputer(NoisyLinearImputer i) {
		if (i == null) throw new IllegalArgumentException("ROAD needs an imputer.");
		return new RoadMetric(fractions, i, batchSize, resize);
	}

	public RoadMetric withBatchSize(int b) {
		if (b < 1) throw new IllegalArgumentException("Batch size must be at least 1 (got " + b + "); try 32.");
		return new RoadMetric(fractions, imputer, b, resize);
	}

	/** Must be the resize mode the attribution methods used. */
	public RoadMetric withResize(ResizeMode r) {
		if (r == null) throw new IllegalArgumentException("Resize mode must be set: STRETCH or CENTER_CROP.");
		return new RoadMetric(fractions, imputer, batchSize, r);
	}

	public double[] fractions() {
		return fractions.clone();
	}

	/** Checks ROAD fractions: each strictly between 0 and 1, strictly ascending; returns a copy. */
	public static double[] checkFractions(double... f) {
		if (f == null || f.length == 0)
			throw new IllegalArgumentException("ROAD needs at least one fraction of pixels to remove, e.g. 0.1,...,0.9.");
		for (int i = 0; i < f.length; i++) {
			if (!(f[i] > 0 && f[i] < 1))
				throw new IllegalArgumentException("A ROAD fraction must lie strictly between 0 and 1 (got " + f[i] +
					"); e.g. 0.1,0.2,...,0.9.");
			if (i > 0 && !(f[i] > f[i - 1]))
				throw new IllegalArgumentException("ROAD fractions must be strictly ascending (got " + f[i - 1] + " then " +
					f[i] + ").");
		}
		return f.clone();
	}

	public RoadCurve morf(RgbImage image, float[] heatmap, Classifier classifier, int target, long seed) {
		return curve(Order.MORF, image, heatmap, classifier, target, seed, ProgressListener.NONE, () -> false);
	}

	public RoadCurve lerf(RgbImage image, float[] heatmap, Classifier classifier, int target, long seed) {
		return curve(Order.LERF, image, heatmap, classifier, target, seed, ProgressListener.NONE, () -> false);
	}

	/**
	 * One curve with progress and cancel hooks.
	 *
	 * @param heatmap {@code image.width() * image.height()} values, row-major
	 * @param seed the imputation noise
	 */
	public RoadCurve curve(Order order, RgbImage image, float[] heatmap, Classifier classifier, int target, long seed,
		ProgressListener progress, BooleanSupplier canceled)
	{
		if (order == null || image == null || classifier == null || heatmap == null)
			throw new IllegalArgumentException("ROAD needs an order, an image, its heatmap and a classifier.");
		if (target < 0 || target >= classifier.numClasses())
			throw new IllegalArgumentException("Target class index " + target + " is outside the model's 0.." +
				(classifier.numClasses() - 1) + ".");
		ProgressListener listener = progress == null ? ProgressListener.NONE : progress;
		BooleanSupplier cancel = canceled == null ? () -> false : canceled;
		ModelSpace space = ModelSpace.of(image, classifier, resize);
		int[] ranking = CausalMetric.order(space.toModel(heatmap));
		RgbImage fitted = space.fit(image);
		int n = ranking.length, points = fractions.length;
		listener.progress(0, "ROAD " + order.key() + ": imputing " + points + " images");
		RgbImage[] imputed = IntStream.range(0, points).parallel().mapToObj(k -> {
			if (cancel.getAsBoolean()) throw new CanceledException();
			return imputer.impute(fitted, removed(ranking, removedCount(fractions[k], n), order), noiseSeed(seed, order,
				k));
		}).toArray(RgbImage[]::new);
		double[] score = new double[points];
		BatchScorer scorer = new BatchScorer(classifier, target, batchSize, listener, cancel);
		scorer.run(points, (k, slot, buf, off) -> System.arraycopy(imputed[k].data(), 0, buf, off, 3 * n),
			(k, slot, p) -> score[k] = p, "ROAD " + order.key(), 0.5, 1);
		return new RoadCurve(order.key(), fractions.clone(), score, Arrays.stream(score).average().orElse(Double.NaN),
			scorer.calls());
	}

	/** {@code floor(fraction * n)}, with a guard against rounding just below a whole number. */
	static int removedCount(double fraction, int n) {
		return (int) Math.min(n, Math.floor(fraction * n + 1e-9));
	}

	/** The first {@code count} pixels of the ranking (MoRF) or the last {@code count} (LeRF). */
	static boolean[] removed(int[] ranking, int count, Order order) {
		boolean[] out = new boolean[ranking.length];
		int from = order == Order.MORF ? 0 : ranking.length - count;
		for (int i = from; i < from + count; i++)
			out[ranking[i]] = true;
		return out;
	}

	/** A seed per point, mixed (SplitMix64's finaliser) from the run's seed, the order and the point. */
	static long noiseSeed(long seed, Order order, int point) {
		long z = seed + 0x9E3779B97F4A7C15L * (1 + 2L * point + order.ordinal());
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		return z ^ (z >>> 31);
	}

	@Override
	public String toString() {
		return "road(fractions " + Arrays.toString(fractions) + ", " + imputer + ", " + resize + ")";
	}
}
