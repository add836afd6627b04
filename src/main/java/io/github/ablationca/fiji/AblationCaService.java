package io.github.ablationca.fiji;

import io.github.ablationca.classifier.Classifier;
import io.github.ablationca.classifier.ModelOptions;
import io.github.ablationca.run.ExplainRunner;

import java.nio.file.Path;

import org.scijava.service.SciJavaService;

/**
 * Fiji-side state of Ablation-CA: loaded models (each model is loaded once and reused by later runs with the same
 * model settings, so a batch macro over a folder of images pays the loading time once) and the runs in progress (so
 * they can be canceled from anywhere).
 * <pre>{@code
 * AblationCaService service = context.getService(AblationCaService.class);
 * Classifier model = service.classifier(Path.of("models/mobilenet_v2_imagenet"), new ModelOptions());
 * }</pre>
 */
public interface AblationCaService extends SciJavaService {

	/**
	 * The classifier of {@code model} read with {@code options}, loaded on first use and cached; reloaded when the
	 * model's files changed (SavedModel graph, ONNX or TorchScript file). Loading is not a model call. Do not close it: the service owns it.
	 */
	Classifier classifier(Path model, ModelOptions options);

	/** Replaces how models are loaded (clears the cache). */
	void setClassifierLoader(ClassifierLoader loader);

	ClassifierLoader getClassifierLoader();

	/** Closes and forgets every cached model. */
	void clearCache();

	/** Number of models in the cache. */
	int cachedModels();

	/** Registers a run so {@link #cancelAll()} reaches it; the run unregisters itself when done. */
	void register(ExplainRunner run);

	void unregister(ExplainRunner run);

	/** Cancels every run in progress; each stops within one model batch and shows nothing. */
	void cancelAll();

	/** Number of runs in progress. */
	int runningCount();
}
