package io.github.ablationca.run;

import io.github.ablationca.classifier.Classifier;
import io.github.ablationca.classifier.GradientModel;
import io.github.ablationca.classifier.GradientUnavailableException;
import io.github.ablationca.classifier.ModelClassifier;
import io.github.ablationca.classifier.ModelEngine;
import io.github.ablationca.classifier.ModelLoadException;
import io.github.ablationca.classifier.ModelOptions;
import io.github.ablationca.onnx.OnnxClassifier;
import io.github.ablationca.pytorch.TorchScriptClassifier;
import io.github.ablationca.pytorch.TorchScriptGradients;
import io.github.ablationca.tensorflow.TensorFlowClassifier;
import io.github.ablationca.tensorflow.TensorFlowGradients;

import java.nio.file.Path;

/**
 * The one way every face loads a model, whatever its engine: the {@code ablation-ca.properties} beside the model
 * (read through the vocabulary, {@link Settings#readProperties}) gives the per-model defaults, the options given by
 * the user override them, {@link ModelFiles} recognises the engine from the files (setting {@code engine}
 * overrides), and that engine's adapter does the rest: {@code tensorflow.TensorFlowClassifier} for a SavedModel
 * folder, {@code onnx.OnnxClassifier} for an ONNX file, {@code pytorch.TorchScriptClassifier} for a TorchScript file.
 * Only the engine a model needs is started. Gradients (for the gradient methods of {@code evaluate}) come from the
 * same adapter, so they read the output that the predictions read.
 * <pre>{@code
 * try (ModelClassifier model = ModelLoader.load(Path.of("models/mobilenet_v2"), new ModelOptions())) { ... }
 * try (ModelClassifier model = ModelLoader.load(Path.of("models/resnet8/model.onnx"), options)) { ... }
 * }</pre>
 */
public final class ModelLoader {

	private ModelLoader() {}

	/**
	 * @param model a SavedModel folder, an ONNX or TorchScript file, or a folder that holds one of them
	 * @param options what the user set; null fields come from {@code ablation-ca.properties}, else the defaults
	 * @throws ModelLoadException naming the problem and the fix
	 */
	public static ModelClassifier load(Path model, ModelOptions options) {
		if (model == null) throw new ModelLoadException("No model given. " + ModelFiles.WHAT_WORKS + ".");
		ModelOptions given = options == null ? new ModelOptions() : options;
		Path folder = ModelFiles.folderOf(model);
		// A path that is no model gets ModelFiles' message, which says what the path is and what to give instead.
		ModelOptions defaults = folder == null ? new ModelOptions() : Settings.readProperties(folder);
		ModelFiles.Location where = ModelFiles.locate(model, given.engine != null ? given.engine : defaults.engine);
		if (!where.folder().equals(folder)) defaults = Settings.readProperties(where.folder());
		try {
			return switch (where.engine()) {
				case TENSORFLOW -> TensorFlowClassifier.load(where.model(), given, defaults);
				case ONNX -> OnnxClassifier.load(where.model(), given, defaults);
				case PYTORCH -> TorchScriptClassifier.load(where.model(), given, defaults);
			};
		}
		catch (NoClassDefFoundError e) { // an engine's jar is not on the class path at all
			throw new ModelLoadException(missingEngine(where.engine(), e), e);
		}
	}

	/** The message for an engine whose classes are missing: which jars it needs and how to get them. */
	static String missingEngine(ModelEngine engine, LinkageError e) {
		String jars = switch (engine) {
			case TENSORFLOW -> "org.tensorflow:tensorflow-core-api, org.tensorflow:tensorflow-core-native (and its " +
				"platform jar) and ai.djl.tensorflow:tensorflow-engine";
			case ONNX -> "com.microsoft.onnxruntime:onnxruntime";
			case PYTORCH -> "ai.djl.pytorch:pytorch-engine, ai.djl.pytorch:pytorch-jni and " +
				"ai.djl.pytorch:pytorch-native-cpu (its platform jar)";
		};
		return "Cannot run " + engine.title() + "s: the class " + e.getMessage() + " is missing, so the " +
			engine.id() + " engine's jars are not on the class path (" + jars + "). Command line: rebuild with 'mvn -B " +
			"-DskipTests package' so that target/dependency holds them. Fiji: update the Ablation-CA update site, " +
			"which ships them.";
	}

	/**
	 * Input gradients of a loaded model: the same model, input, output and value range as its predictions. Close the
	 * result when it is {@link AutoCloseable} (TensorFlow loads the SavedModel a second time for it).
	 *
	 * @throws GradientUnavailableException when the model cannot give gradients (ONNX; a TensorFlow graph with an op
	 *           without gradient), naming why and what to use instead
	 */
	public static GradientModel gradients(Classifier classifier) {
		if (classifier instanceof TensorFlowClassifier tf) return TensorFlowGradients.of(tf);
		if (classifier instanceof TorchScriptClassifier torch) return TorchScriptGradients.of(torch);
		if (classifier instanceof ModelClassifier m && m.engine() == ModelEngine.ONNX)
			throw new GradientUnavailableException("ONNX Runtime runs models forward only and gives no input " +
				"gradients, so saliency and integrated-gradients cannot run on the ONNX model " + m.modelPath() + ". " +
				"The other methods (ablation-ca, occlusion, lime, rise) run; for gradients, give the same network as " +
				"TorchScript (torch.jit.trace) or as a TensorFlow SavedModel.", null, null);
		throw new GradientUnavailableException(classifier + " gives no input gradients: the gradient methods need a " +
			"model loaded by run.ModelLoader from a TensorFlow SavedModel or a TorchScript file.", null, null);
	}
}
