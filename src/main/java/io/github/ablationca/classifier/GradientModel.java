package io.github.ablationca.classifier;

/**
 * A model that gives the input gradient of a class probability, for the gradient methods. Images are packed as in
 * {@link io.github.ablationca.classifier.Classifier} (NHWC, RGB, 0..255 scale), and so is the gradient: the
 * derivative of the target probability with respect to each of those 0..255 values (the model's own value range is
 * the implementation's business, chain rule included). Production: {@code tf.TensorFlowGradients}.
 */
public interface GradientModel {

	int inputWidth();

	int inputHeight();

	/**
	 * Writes {@code d p_target(image_n) / d image_n} for {@code count} images into {@code dst} (same layout and
	 * length as the images).
	 */
	void gradients(float[] images, int count, int target, float[] dst);

	default int imageSize() {
		return inputWidth() * inputHeight() * 3;
	}
}
