package io.github.ablationca.fiji;

import io.github.ablationca.classifier.Classifier;

/**
 * Loads the classifier a {@link ModelSpec} describes. The Fiji service uses the TensorFlow loader by default; tests
 * and other back ends plug in their own with {@link AblationCaService#setClassifierLoader}.
 */
@FunctionalInterface
public interface ClassifierLoader {

	/**
	 * @param spec an existing model folder and the options to load it with
	 * @throws RuntimeException with a message that names the problem and the fix when the model cannot be loaded
	 */
	Classifier load(ModelSpec spec);
}
