package io.github.ablationca.classifier;

import io.github.ablationca.image.ResizeMode;

import java.util.List;

/**
 * An image classifier as the algorithms see it: a batch of RGB images at the model's input size in, class
 * probabilities out.
 * <p>
 * Images are packed NHWC in one {@code float[]}: image {@code n}, row {@code y}, column {@code x}, channel
 * {@code c} (0 = red, 1 = green, 2 = blue) lies at {@code ((n * inputHeight() + y) * inputWidth() + x) * 3 + c}.
 * Values are on the 8-bit scale, 0..255; the implementation maps them to the model's own value range.
 * Resizing an arbitrary image to the input size is not the classifier's job (see {@code ImagePreprocessor}), so
 * algorithms can ablate objects directly in model space.
 * <p>
 * Tests implement this interface with tiny classifiers whose answer is known by construction; production uses the
 * DJL TensorFlow adapter.
 */
public interface Classifier extends AutoCloseable {

	/** Width in pixels of every image passed to {@link #predict}. */
	int inputWidth();

	/** Height in pixels of every image passed to {@link #predict}. */
	int inputHeight();

	/** Class names, one per output; {@code labels().size()} is the number of classes. */
	List<String> labels();

	default int numClasses() {
		return labels().size();
	}

	/**
	 * Class probabilities for {@code count} images.
	 *
	 * @param images {@code count} images packed NHWC as described above; never modified
	 * @param count number of images in the buffer to classify (the buffer may be longer)
	 * @return {@code count} rows of {@link #numClasses()} probabilities each (each row sums to 1)
	 */
	float[][] predict(float[] images, int count);

	/** Images per {@link #predict} call that suit the model (the callers batch their work by it); results do not depend on it. */
	default int batchSize() {
		return 32;
	}

	/** How the model's own preprocessing fits an image to its input; the engine renders ablations the same way. */
	default ResizeMode resizeMode() {
		return ResizeMode.STRETCH;
	}

	/** How 8-bit values map to the model's input values, where the classifier knows it (null otherwise). */
	default ValueRange valueRange() {
		return null;
	}

	/**
	 * The model's activations at a layer, for the dataset analysis's descriptors.
	 *
	 * @param layer the layer's name in the model; null or blank = the input of the classification layer, found in
	 *        the model's graph
	 * @throws FeatureLayerException naming the fix when the layer does not exist (listing candidates), cannot be
	 *         found, or the model gives no activations (the default: only some engines can)
	 */
	default FeatureLayer featureLayer(String layer) {
		throw new FeatureLayerException("This model (" + getClass().getSimpleName() + ") cannot give activations at " +
			"a layer, which the dataset analysis needs for its concepts. Fix: use the model as a TensorFlow SavedModel " +
			"(Ablation-CA reads feature layers from SavedModel graphs only, for now).");
	}

	/** Floats per image: {@code inputWidth() * inputHeight() * 3}. */
	default int imageSize() {
		return inputWidth() * inputHeight() * 3;
	}

	@Override
	default void close() {}
}
