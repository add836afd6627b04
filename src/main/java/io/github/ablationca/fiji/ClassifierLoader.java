package io.github.ablationca.fiji;

import io.github.ablationca.classifier.Classifier;
import io.github.ablationca.classifier.ModelOptions;

import java.nio.file.Path;

/**
 * Loads a model for the Fiji service: by default the one model loader of every face
 * ({@link io.github.ablationca.run.ModelLoader#load}); tests and other back ends plug in their own with
 * {@link AblationCaService#setClassifierLoader}.
 */
@FunctionalInterface
public interface ClassifierLoader {

	/**
	 * @param model the model: a SavedModel folder, an ONNX or TorchScript file, or a folder holding one
	 * @param options what the user set; null fields come from the {@code ablation-ca.properties} beside the model
	 * @throws RuntimeException with a message that names the problem and the fix when the model cannot be loaded
	 */
	Classifier load(Path model, ModelOptions options);
}
