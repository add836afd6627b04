package io.github.ablationca.attribution;

import io.github.ablationca.engine.AblationRenderer;
import io.github.ablationca.image.RgbImage;
import io.github.ablationca.segment.LabelImage;

import java.util.SplittableRandom;

/**
 * LIME over superpixels (Ribeiro, Singh and Guestrin, KDD 2016), with the defaults of the {@code lime} package's
 * {@code LimeImageExplainer}:
 * <ul>
 * <li>{@code samples} random binary masks over the {@code n} superpixels (default 1000), each superpixel kept with
 * probability {@code keep} (default 0.5); the first sample keeps all;</li>
 * <li>hidden superpixels show the fill, by default each superpixel's own mean colour (lime's
 * {@code hide_color=None});</li>
 * <li>sample weight {@code sqrt(exp(-d^2 / width^2))} with {@code d} the cosine distance between the mask and the
 * all-ones mask, {@code width = 0.25} (an all-hidden mask has distance 1);</li>
 * <li>weighted ridge regression ({@code alpha = 1}, unpenalized intercept) of the target probability on the mask;
 * the heatmap paints each superpixel with its coefficient. (lime's feature selection keeps all features at the
 * image explainer's default {@code num_features=100000}.)</li>
 * </ul>
 * The superpixels come with the request ({@link AttributionRequest#withSegments}), so LIME and Ablation-CA can be
 * compared on the same objects, and the perturbed images are rendered by the engine's {@link AblationRenderer}
 * (straight into model space, exactly the image ablated at input resolution and then resized), as Ablation-CA's
 * are. Model calls: {@code samples}.
 *
 * <pre>{@code
 * LabelImage sp = new Slic(40, 10, 10, 1).segment(img);
 * Attribution h = new Lime().explain(AttributionRequest.of(image, classifier, target).withSegments(sp));
 * }</pre>
 */
public final class Lime implements AttributionMethod {

	public static final int DEFAULT_SAMPLES = 1000;
	public static final double DEFAULT_KERNEL_WIDTH = 0.25;
	public static final double DEFAULT_ALPHA = 1;

	private final int samples;
	private final double keep;
	private final double kernelWidth;
	private final double alpha;
	private final Fill fill;

	/** lime's defaults: 1000 samples, keep 0.5, kernel width 0.25, alpha 1, segment-mean fill. */
	public Lime() {
		this(DEFAULT_SAMPLES, 0.5, DEFAULT_KERNEL_WIDTH, DEFAULT_ALPHA, Fill.segmentMean());
	}

	/** LIME with {@code samples} samples and the other defaults. */
	public Lime(int samples) {
		this(samples, 0.5, DEFAULT_KERNEL_WIDTH, DEFAULT_ALPHA, Fill.segmentMean());
	}

	public Lime(int samples, double keepProbability, double kernelWidth, double alpha, Fill fill) {
		if (samples < 2) throw new IllegalArgumentException("LIME needs at least 2 samples (got " + samples +
			"); try 1000.");
		if (!(keepProbability > 0 && keepProbability < 1))
			throw new IllegalArgumentException("LIME keep probability must lie strictly between 0 and 1 (got " +
				keepProbability + "); try 0.5.");
		if (!(kernelWidth > 0)) throw new IllegalArgumentException("LIME kernel width must be positive (got " +
			kernelWidth + "); try 0.25.");
		if (!(alpha > 0)) throw new IllegalArgumentException("LIME ridge alpha must be positive (got " + alpha +
			"); try 1.");
		if (fill == null) throw new IllegalArgumentException("LIME needs a fill; the lime default is segmentMean().");
		this.samples = samples;
		this.keep = keepProbability;
		this.kernelWidth = kernelWidth;
		this.alpha = alpha;
		this.fill = fill;
	}

	@Override
	public String name() {
		return "lime";
	}

	@Override
	public Attribution explain(AttributionRequest request) {
		request.validate();
		LabelImage segments = request.segments();
		if (segments == null)
			throw new IllegalArgumentException("LIME needs superpixels: pass the image's LabelImage with " +
				"AttributionRequest.withSegments(...) (e.g. from SLIC).");
		long t0 = System.nanoTime();
		RgbImage image = request.image();
		int n = segments.count();
		ModelSpace space = ModelSpace.of(image, request.classifier(), request.resize());
		RgbImage hidden = fill.apply(image, segments);
		AblationRenderer render = new AblationRenderer(image, hidden, segments, space.resize());

		BatchScorer scorer = new BatchScorer(request);
		boolean[][] slotMasks = new boolean[Math.min(scorer.batchSize(), samples)][n];
		int[] slotKept = new int[slotMasks.length];
		SplittableRandom random = new SplittableRandom(request.seed());
		WeightedRidge ridge = new WeightedRidge(n);
		double width2 = kernelWidth * kernelWidth;
		scorer.run(samples, (i, slot, buf, off) -> {
			boolean[] z = slotMasks[slot];
			int kept = 0;
			for (int j = 0; j < n; j++) {
				z[j] = i == 0 || random.nextDouble() < keep;
				if (z[j]) kept++;
			}
			slotKept[slot] = kept;
			render.render(z, buf, off);
		}, (i, slot, score) -> {
			int kept = slotKept[slot];
			// cosine distance to the all-ones mask: 1 - k / (sqrt(k) sqrt(n)); 1 for the empty mask (as sklearn)
			double d = kept == 0 ? 1 : 1 - Math.sqrt((double) kept / n);
			ridge.add(slotMasks[slot], score, Math.sqrt(Math.exp(-d * d / width2)));
		}, "LIME samples", 0, 1);

		double[] coef = ridge.solve(alpha);
		int[] lab = segments.labels();
		float[] heat = new float[lab.length];
		for (int p = 0; p < lab.length; p++)
			heat[p] = (float) coef[lab[p]];
		return new Attribution(name(), image.width(), image.height(), heat, scorer.calls(),
			(System.nanoTime() - t0) * 1e-9);
	}

	@Override
	public String toString() {
		return "lime(samples=" + samples + ", p=" + keep + ", width=" + kernelWidth + ", alpha=" + alpha + ", fill=" +
			fill + ")";
	}
}
