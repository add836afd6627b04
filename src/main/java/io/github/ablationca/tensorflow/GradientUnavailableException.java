package io.github.ablationca.tensorflow;

/**
 * The model's graph has no input gradient: an op on the path from the input to the output has no gradient
 * registered in TensorFlow's C++ gradient registry (the one {@code Graph.addGradients} uses). The message names the
 * op type, its nodes and what to do instead.
 */
public class GradientUnavailableException extends IllegalArgumentException {

	private final String opType;

	public GradientUnavailableException(String message, String opType, Throwable cause) {
		super(message, cause);
		this.opType = opType;
	}

	/** The op type without a gradient, or null if TensorFlow did not name it. */
	public String opType() {
		return opType;
	}
}
