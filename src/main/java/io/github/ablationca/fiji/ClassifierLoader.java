package io.github.ablationca.fiji;

import io.github.ablationca.classifier.Classifier;

import java.nio.file.Path;

/**
 * Loads the classifier of a model folder. The Fiji service uses the TensorFlow loader by default; tests and other
 * back ends plug in their own with {@link AblationCaService#setClassifierLoader}.
 */
@FunctionalInterface
public interface ClassifierLoader {

	/**
	 * @param modelFolder an existing folder
	 * @param labelsFile the labels file, or null for the model's own default (e.g. {@code labels.txt} in the folder)
	 * @throws RuntimeException with a message that names the problem and the fix when the model cannot be loaded
	 */
	Classifier load(Path modelFolder, Path labelsFile);
}
