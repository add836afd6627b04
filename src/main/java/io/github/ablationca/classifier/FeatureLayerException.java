package io.github.ablationca.classifier;

/**
 * A feature layer that does not exist or cannot be found, or a model that cannot give activations at all; the
 * message names the model, the problem and the fix (for a wrong name: the candidate layers).
 */
public class FeatureLayerException extends ModelLoadException {

	private static final long serialVersionUID = 1L;

	public FeatureLayerException(String message) {
		super(message);
	}
}
