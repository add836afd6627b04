package io.github.ablationca.attribution;

import io.github.ablationca.classifier.GradientModel;
import io.github.ablationca.engine.CanceledException;

/**
 * Gradient saliency (Simonyan, Vedaldi and Zisserman, ICLR workshop 2014): the gradient of the target probability
 * with respect to the model-space image, reduced over channels by {@code max_c |d p / d x_c|}, upsampled bilinearly
 * to input resolution. Gradients are taken with respect to the 0..255 pixel values (the same space every other
 * method perturbs). One model call (a forward and a backward pass).
 *
 * <pre>{@code
 * try (TensorFlowGradients tf = TensorFlowGradients.load(modelDir, InputScaling.range(-1, 1))) {
 *     Attribution h = new GradientSaliency(tf).explain(AttributionRequest.of(image, classifier, target));
 * }
 * }</pre>
 */
public final class GradientSaliency implements AttributionMethod {

	private final GradientModel model;
	private final ChannelReduction reduction;

	public GradientSaliency(GradientModel model) {
		this(model, ChannelReduction.MAX_ABS);
	}

	public GradientSaliency(GradientModel model, ChannelReduction reduction) {
		if (model == null) throw new IllegalArgumentException("Gradient saliency needs a gradient model.");
		this.model = model;
		this.reduction = reduction == null ? ChannelReduction.MAX_ABS : reduction;
	}

	@Override
	public String name() {
		return "saliency";
	}

	@Override
	public Attribution explain(AttributionRequest request) {
		request.validate();
		IntegratedGradients.checkSameInput(model, request);
		long t0 = System.nanoTime();
		if (request.canceled().getAsBoolean()) throw new CanceledException();
		ModelSpace space = ModelSpace.of(request.image(), request.classifier(), request.resize());
		float[] image = space.fit(request.image()).data();
		float[] grad = new float[image.length];
		model.gradients(image, 1, request.target(), grad);
		float[] heat = new float[space.modelWidth() * space.modelHeight()];
		for (int p = 0; p < heat.length; p++)
			heat[p] = reduction.reduce(grad, p);
		request.progress().progress(1, "gradient 1/1");
		return new Attribution(name(), space.imageWidth(), space.imageHeight(), space.toInput(heat), 1,
			(System.nanoTime() - t0) * 1e-9);
	}

	@Override
	public String toString() {
		return "saliency(" + reduction + ")";
	}
}
