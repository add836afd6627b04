package io.github.ablationca.image;

/** How an image of any shape is fitted to a model's fixed input size. */
public enum ResizeMode {
	/** The whole image is resized to the input size; the aspect ratio is not kept. Every object stays visible. */
	STRETCH,
	/**
	 * The largest central region with the model input's aspect ratio (for square inputs: the central square, side =
	 * the shorter image side) is cut out and resized, keeping the aspect ratio; the
	 * convention of most ImageNet evaluations. Objects outside the square are invisible to the model.
	 */
	CENTER_CROP
}
