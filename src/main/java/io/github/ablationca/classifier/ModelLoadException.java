package io.github.ablationca.classifier;

/**
 * A model could not be loaded or used: the message names the problem and the fix (which folder, which file, which
 * option to set).
 */
public class ModelLoadException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public ModelLoadException(String message) {
		super(message);
	}

	public ModelLoadException(String message, Throwable cause) {
		super(message, cause);
	}
}
