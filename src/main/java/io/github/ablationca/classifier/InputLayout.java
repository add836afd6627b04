package io.github.ablationca.classifier;

/**
 * How a model's image input is laid out: {@code [batch, height, width, 3]} (TensorFlow's and Keras' convention) or
 * {@code [batch, 3, height, width]} (PyTorch's). Read from the model where it records the input shape (SavedModel,
 * ONNX); TorchScript records none, so setting {@code input_layout} says it (default NCHW).
 */
public enum InputLayout {

	/** Channels first: {@code [batch, 3, height, width]}. */
	NCHW,
	/** Channels last: {@code [batch, height, width, 3]}. */
	NHWC;

	/**
	 * The layout that the channel axis of a 4-d shape ({@code -1} = dynamic) tells, or null when it does not tell:
	 * the shape holds no RGB image, or axes 1 and 3 could both be the channels ({@code [N, 3, H, 3]}, all
	 * dynamic). Each engine then takes its own convention or setting {@code input_layout}.
	 */
	public static InputLayout of(long[] shape) {
		boolean first = NCHW.fits(shape), last = NHWC.fits(shape);
		if (first && !last) return NCHW;
		if (last && !first) return NHWC;
		if (first && shape[1] == 3 && shape[3] == -1) return NCHW;
		if (first && shape[3] == 3 && shape[1] == -1) return NHWC;
		return null;
	}

	/** Whether {@code shape} can hold a batch of RGB images in this layout. */
	public boolean fits(long[] shape) {
		if (shape == null || shape.length != 4) return false;
		long channels = this == NCHW ? shape[1] : shape[3];
		return channels == 3 || channels == -1;
	}

	/**
	 * The layout an input of {@code shape} is fed in: the one the shape tells, else the requested one, else
	 * {@code convention} (the engine's: NHWC for TensorFlow, NCHW for ONNX exported from PyTorch).
	 *
	 * @param input the input as messages name it
	 * @throws ModelLoadException when the requested layout does not fit the shape
	 */
	public static InputLayout resolve(long[] shape, InputLayout requested, InputLayout convention, String input) {
		InputLayout byShape = of(shape);
		if (requested == null) return byShape != null ? byShape : convention;
		if (!requested.fits(shape))
			throw new ModelLoadException("The input " + input + " is not " + requested + " (its channel axis is not " +
				"3). Remove the input_layout setting" + (byShape == null ? "" : ": it is " + byShape) + ".");
		return requested;
	}

	/** The height axis of a 4-d shape in this layout. */
	public long height(long[] shape) {
		return this == NHWC ? shape[1] : shape[2];
	}

	/** The width axis of a 4-d shape in this layout. */
	public long width(long[] shape) {
		return this == NHWC ? shape[2] : shape[3];
	}

	/** The shape of {@code count} images of {@code width x height} in this layout. */
	public long[] shape(int count, int width, int height) {
		return this == NCHW ? new long[] {count, 3, height, width} : new long[] {count, height, width, 3};
	}
}
