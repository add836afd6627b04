package io.github.ablationca.run;

import io.github.ablationca.classifier.Classifier;
import io.github.ablationca.classifier.GradientModel;
import io.github.ablationca.classifier.ModelLoadException;
import io.github.ablationca.classifier.ModelOptions;
import io.github.ablationca.tensorflow.TensorFlowClassifier;
import io.github.ablationca.tensorflow.TensorFlowGradients;

import java.nio.file.Path;

/**
 * The one way every face loads a model: the model folder's {@code ablation-ca.properties} (read through the
 * vocabulary, {@link Settings#readProperties}) gives the per-model defaults, the options given by the user override
 * them, and the engine's adapter does the rest. Gradients (for the gradient methods of {@code evaluate}) come from
 * the same adapter, so they read the output that the predictions read.
 * <pre>{@code
 * try (Classifier model = ModelLoader.load(Path.of("models/mobilenet_v2"), new ModelOptions())) { ... }
 * }</pre>
 */
public final class ModelLoader {

	private ModelLoader() {}

	/**
	 * @param model the model folder (a TensorFlow SavedModel)
	 * @param options what the user set; null fields come from {@code ablation-ca.properties}, else the defaults
	 * @throws ModelLoadException naming the problem and the fix
	 */
	public static TensorFlowClassifier load(Path model, ModelOptions options) {
		if (model == null)
			throw new ModelLoadException("No model given: give the folder of a TensorFlow SavedModel (it holds " +
				"saved_model.pb).");
		Path folder = TensorFlowClassifier.savedModelFolder(model);
		// A path that is no model gets the adapter's message, which says what the path is and what to give instead.
		ModelOptions defaults = folder == null ? new ModelOptions() : Settings.readProperties(folder);
		return TensorFlowClassifier.load(model, options, defaults);
	}

	/**
	 * Input gradients of a loaded model: the same folder, signature, input, output and value range as its
	 * predictions.
	 *
	 * @throws ModelLoadException or {@code GradientUnavailableException} when the model cannot give gradients
	 */
	public static GradientModel gradients(Classifier classifier) {
		if (classifier instanceof TensorFlowClassifier tf) return TensorFlowGradients.of(tf);
		throw new ModelLoadException("Gradient methods need a TensorFlow model; " + classifier + " gives no input " +
			"gradients.");
	}
}
