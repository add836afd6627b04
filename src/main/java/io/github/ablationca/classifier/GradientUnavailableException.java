package io.github.ablationca.classifier;

/**
 * A model gives no input gradients, so the gradient methods (saliency, integrated gradients) cannot run on it: a
 * TensorFlow graph with an op that has no registered gradient, or an engine without autograd (ONNX Runtime). The
 * message names the reason and what to use instead; the other methods still run.
 */
public class GradientUnavailableException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	private final String opType;

	public GradientUnavailableException(String message, String opType, Throwable cause) {
		super(message, cause);
		this.opType = opType;
	}

	/** The op type without a gradient, or null if there is none to name. */
	public String opType() {
		return opType;
	}
}
