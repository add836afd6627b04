package io.github.ablationca.metric;

import io.github.ablationca.attribution.BatchScorer;
import io.github.ablationca.attribution.Fill;
import io.github.ablationca.attribution.ModelSpace;
import io.github.ablationca.classifier.Classifier;
import io.github.ablationca.engine.ProgressListener;
import io.github.ablationca.image.ResizeMode;
import io.github.ablationca.image.RgbImage;

import java.util.Arrays;
import java.util.function.BooleanSupplier;

/**
 * The causal deletion and insertion metrics of the RISE paper (Petsiuk, Das and Saenko, BMVC 2018).
 * <ul>
 * <li><b>Deletion</b>: starting from the image, pixels are replaced by the deletion substrate in order of
 * decreasing heatmap value, a step of pixels at a time; the target probability is recorded after each step. A
 * faithful heatmap makes it fall fast: <em>lower AUC is better</em>.</li>
 * <li><b>Insertion</b>: starting from the insertion substrate, the image's pixels are put back in the same order. A
 * faithful heatmap makes it rise fast: <em>higher AUC is better</em>.</li>
 * </ul>
 * The AUC is the trapezoid area under probability vs. the fraction of pixels changed, on [0, 1].
 * <p>
 * Where it works: the classifier sees only the model-sized image, so the metric runs there. The image is fitted
 * with {@link ModelSpace} (as the attribution methods do) and the input-resolution heatmap is box-averaged into the model
 * grid ({@link ModelSpace#toModel}); the model grid's pixels are then ranked (ties in row-major order, NaN last).
 * With a 224 x 224 model and the default 224 steps this is the paper's protocol: 224 pixels per step, 225 points.
 * <p>
 * Substrates (defaults as in the paper): deletion sets pixels to black (the authors' zeros); insertion starts from
 * a Gaussian blur of the image with sigma 5 pixels at 224 (sigma = 5/224 of the shorter side; the authors' 11 x 11
 * kernel is not normalized, this one is). Both can be changed. Model calls per curve: steps + 1.
 *
 * <pre>{@code
 * CausalMetric m = new CausalMetric().withSteps(224);
 * Curve del = m.deletion(image, heatmap.values(), classifier, target);
 * Curve ins = m.insertion(image, heatmap.values(), classifier, target);
 * }</pre>
 */
public final class CausalMetric {

	public static final int DEFAULT_STEPS = 224;

	private final int steps;
	private final int pixelsPerStep;
	private final Fill deletionSubstrate;
	private final Fill insertionSubstrate;
	private final int batchSize;
	private final ResizeMode resize;

	/** 224 steps, black deletion substrate, blur (5/224) insertion substrate, batch 32, STRETCH. */
	public CausalMetric() {
		this(DEFAULT_STEPS, 0, Fill.black(), Fill.blur(5.0 / 224), 32, ResizeMode.STRETCH);
	}

	private CausalMetric(int steps, int pixelsPerStep, Fill deletion, Fill insertion, int batchSize,
		ResizeMode resize)
	{
		this.steps = steps;
		this.pixelsPerStep = pixelsPerStep;
		this.deletionSubstrate = deletion;
		this.insertionSubstrate = insertion;
		this.batchSize = batchSize;
		this.resize = resize;
	}

	/** Splits the model's pixels into {@code steps} equal steps (the last one may be smaller). */
	public CausalMetric withSteps(int steps) {
		if (steps < 1) throw new IllegalArgumentException("Deletion/insertion need at least 1 step (got " + steps +
			"); try 224.");
		return new CausalMetric(steps, 0, deletionSubstrate, insertionSubstrate, batchSize, resize);
	}

	/** Changes {@code pixels} model pixels per step instead (224 in the RISE paper at 224 x 224). */
	public CausalMetric withPixelsPerStep(int pixels) {
		if (pixels < 1) throw new IllegalArgumentException("Pixels per step must be at least 1 (got " + pixels + ").");
		return new CausalMetric(0, pixels, deletionSubstrate, insertionSubstrate, batchSize, resize);
	}

	public CausalMetric withDeletionSubstrate(Fill fill) {
		return new CausalMetric(steps, pixelsPerStep, checkSubstrate(fill), insertionSubstrate, batchSize, resize);
	}

	public CausalMetric withInsertionSubstrate(Fill fill) {
		return new CausalMetric(steps, pixelsPerStep, deletionSubstrate, checkSubstrate(fill), batchSize, resize);
	}

	public CausalMetric withBatchSize(int b) {
		if (b < 1) throw new IllegalArgumentException("Batch size must be at least 1 (got " + b + "); try 32.");
		return new CausalMetric(steps, pixelsPerStep, deletionSubstrate, insertionSubstrate, b, resize);
	}

	/** Must be the resize mode the attribution methods used. */
	public CausalMetric withResize(ResizeMode r) {
		if (r == null) throw new IllegalArgumentException("Resize mode must be set: STRETCH or CENTER_CROP.");
		return new CausalMetric(steps, pixelsPerStep, deletionSubstrate, insertionSubstrate, batchSize, r);
	}

	private static Fill checkSubstrate(Fill f) {
		if (f == null || f.needsSegments())
			throw new IllegalArgumentException("A substrate must work without superpixels: constant, image mean or blur.");
		return f;
	}

	public Curve deletion(RgbImage image, float[] heatmap, Classifier classifier, int target) {
		return curve(true, image, heatmap, classifier, target, ProgressListener.NONE, () -> false);
	}

	public Curve insertion(RgbImage image, float[] heatmap, Classifier classifier, int target) {
		return curve(false, image, heatmap, classifier, target, ProgressListener.NONE, () -> false);
	}

	/**
	 * One curve with progress and cancel hooks.
	 *
	 * @param deletion true for deletion, false for insertion
	 * @param heatmap {@code image.width() * image.height()} values, row-major
	 */
	public Curve curve(boolean deletion, RgbImage image, float[] heatmap, Classifier classifier, int target,
		ProgressListener progress, BooleanSupplier canceled)
	{
		if (image == null || classifier == null || heatmap == null)
			throw new IllegalArgumentException("Deletion/insertion need an image, its heatmap and a classifier.");
		if (target < 0 || target >= classifier.numClasses())
			throw new IllegalArgumentException("Target class index " + target + " is outside the model's 0.." +
				(classifier.numClasses() - 1) + ".");
		ModelSpace space = ModelSpace.of(image, classifier, resize);
		float[] heat = space.toModel(heatmap);
		float[] original = space.fit(image).data();
		int w = space.modelWidth(), h = space.modelHeight(), n = w * h;
		float[] substrate = (deletion ? deletionSubstrate : insertionSubstrate).apply(new RgbImage(w, h, original),
			null).data();
		float[] from = deletion ? original : substrate, to = deletion ? substrate : original;
		int[] order = order(heat);
		int per = pixelsPerStep > 0 ? pixelsPerStep : (n + steps - 1) / steps;
		int points = (n + per - 1) / per + 1;
		double[] fraction = new double[points], score = new double[points];
		float[] working = from.clone();
		int[] applied = {0};
		BatchScorer scorer = new BatchScorer(classifier, target, batchSize, progress, canceled);
		scorer.run(points, (k, slot, buf, off) -> {
			int count = Math.min(k * per, n);
			for (; applied[0] < count; applied[0]++) {
				int q = 3 * order[applied[0]];
				working[q] = to[q];
				working[q + 1] = to[q + 1];
				working[q + 2] = to[q + 2];
			}
			fraction[k] = (double) count / n;
			System.arraycopy(working, 0, buf, off, working.length);
		}, (k, slot, p) -> score[k] = p, deletion ? "deletion" : "insertion", 0, 1);
		return new Curve(deletion ? "deletion" : "insertion", fraction, score, Curve.trapezoid(fraction, score),
			scorer.calls());
	}

	/** Pixel indices by decreasing value; ties by index, NaN last. */
	static int[] order(float[] heat) {
		Integer[] idx = new Integer[heat.length];
		for (int i = 0; i < idx.length; i++)
			idx[i] = i;
		Arrays.sort(idx, (a, b) -> {
			float va = heat[a], vb = heat[b];
			boolean na = Float.isNaN(va), nb = Float.isNaN(vb);
			if (na != nb) return na ? 1 : -1;
			int c = na ? 0 : Float.compare(vb, va);
			return c != 0 ? c : Integer.compare(a, b);
		});
		int[] out = new int[idx.length];
		for (int i = 0; i < out.length; i++)
			out[i] = idx[i];
		return out;
	}

	@Override
	public String toString() {
		return "causal-metric(" + (pixelsPerStep > 0 ? pixelsPerStep + " px/step" : steps + " steps") + ", deletion=" +
			deletionSubstrate + ", insertion=" + insertionSubstrate + ", " + resize + ")";
	}
}
