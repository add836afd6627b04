package io.github.ablationca.attribution;

import io.github.ablationca.classifier.GradientModel;
import io.github.ablationca.engine.CanceledException;
import io.github.ablationca.image.RgbImage;

/**
 * Integrated gradients (Sundararajan, Taly and Yan, ICML 2017): attribution of model-space value {@code i} is
 * {@code (x_i - x'_i) * integral_0^1 d f(x' + a (x - x')) / d x_i da}, the integral by the trapezoid rule over
 * {@code m} equal steps ({@code m + 1} gradient evaluations, the end points weighted 1/2). The baseline {@code x'}
 * is black ({@link Fill#black()}, default) or the image's mean colour ({@link Fill#imageMean()}).
 * <p>
 * Channels are summed by default ({@link ChannelReduction#SUM}, signed), so the model-space map adds up to
 * {@code f(x) - f(x')} up to the integration error (completeness); {@link ChannelReduction#MAX_ABS} gives the
 * Simonyan-style magnitude instead. The map is upsampled bilinearly to input resolution. Model calls: {@code m + 1}.
 *
 * <pre>{@code
 * Attribution h = new IntegratedGradients(tfGradients).explain(AttributionRequest.of(image, classifier, target));
 * }</pre>
 */
public final class IntegratedGradients implements AttributionMethod {

	public static final int DEFAULT_STEPS = 50;

	private final GradientModel model;
	private final Fill baseline;
	private final int steps;
	private final ChannelReduction reduction;

	/** Black baseline, 50 steps, signed channel sum. */
	public IntegratedGradients(GradientModel model) {
		this(model, Fill.black(), DEFAULT_STEPS, ChannelReduction.SUM);
	}

	public IntegratedGradients(GradientModel model, Fill baseline, int steps, ChannelReduction reduction) {
		if (model == null) throw new IllegalArgumentException("Integrated gradients need a gradient model.");
		if (steps < 1) throw new IllegalArgumentException("Integrated gradients need at least 1 step (got " + steps +
			"); try 50.");
		if (baseline == null || baseline.needsSegments())
			throw new IllegalArgumentException("Integrated gradients need a baseline that works without " +
				"superpixels: black, a constant or the image mean.");
		this.model = model;
		this.baseline = baseline;
		this.steps = steps;
		this.reduction = reduction == null ? ChannelReduction.SUM : reduction;
	}

	@Override
	public String name() {
		return "integrated-gradients";
	}

	@Override
	public Attribution explain(AttributionRequest request) {
		request.validate();
		checkSameInput(model, request);
		long t0 = System.nanoTime();
		ModelSpace space = ModelSpace.of(request.image(), request.classifier(), request.resize());
		int w = space.modelWidth(), h = space.modelHeight();
		float[] image = space.fit(request.image()).data();
		float[] base = baseline.apply(new RgbImage(w, h, image), null).data();
		int size = image.length;
		int total = steps + 1;
		int batch = Math.min(request.batchSize(), total);
		float[] buf = new float[batch * size], grad = new float[batch * size];
		double[] avg = new double[size];
		for (int start = 0; start < total; start += batch) {
			if (request.canceled().getAsBoolean()) throw new CanceledException();
			int n = Math.min(batch, total - start);
			for (int s = 0; s < n; s++) {
				double a = (double) (start + s) / steps;
				for (int i = 0, o = s * size; i < size; i++, o++)
					buf[o] = (float) (base[i] + a * (image[i] - base[i]));
			}
			model.gradients(buf, n, request.target(), grad);
			for (int s = 0; s < n; s++) {
				int k = start + s;
				double weight = (k == 0 || k == steps ? 0.5 : 1.0) / steps;
				for (int i = 0, o = s * size; i < size; i++, o++)
					avg[i] += weight * grad[o];
			}
			request.progress().progress((double) (start + n) / total, "integrated gradients " + (start + n) + "/" +
				total);
		}
		float[] attribution = new float[size];
		for (int i = 0; i < size; i++)
			attribution[i] = (float) ((image[i] - base[i]) * avg[i]);
		float[] heat = new float[w * h];
		for (int p = 0; p < heat.length; p++)
			heat[p] = reduction.reduce(attribution, p);
		return new Attribution(name(), space.imageWidth(), space.imageHeight(), space.toInput(heat), total,
			(System.nanoTime() - t0) * 1e-9);
	}

	static void checkSameInput(GradientModel model, AttributionRequest request) {
		if (model.inputWidth() != request.classifier().inputWidth() ||
			model.inputHeight() != request.classifier().inputHeight())
			throw new IllegalArgumentException("The gradient model takes " + model.inputWidth() + " x " +
				model.inputHeight() + " images but the classifier takes " + request.classifier().inputWidth() +
				" x " + request.classifier().inputHeight() + "; load both from the same model folder.");
	}

	@Override
	public String toString() {
		return "integrated-gradients(steps=" + steps + ", baseline=" + baseline + ", " + reduction + ")";
	}
}
