package io.github.ablationca.classifier;

/**
 * A model's activations at one layer, the descriptors of the dataset analysis: a batch of images in (packed as for
 * {@link Classifier#predict}), one activation vector per image out. Spatial maps are averaged over their positions
 * (global average pooling), so every image gives a vector of the layer's channel count.
 * <pre>{@code
 * FeatureLayer layer = classifier.featureLayer(null);   // the input of the classification layer
 * float[][] activations = layer.features(batch, count);
 * }</pre>
 */
public interface FeatureLayer {

	/** The layer's name in the model (a TensorFlow tensor name such as {@code global_max_pool:0}). */
	String name();

	/** How the layer was chosen, for the report: "the input of the classification layer dense/MatMul", ... */
	String howChosen();

	/**
	 * Activations of {@code count} images.
	 *
	 * @param images images packed NHWC at the model's input size, 0..255 (as {@link Classifier#predict})
	 * @return {@code count} rows, one vector per image, all of the same length
	 */
	float[][] features(float[] images, int count);
}
