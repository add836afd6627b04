package io.github.ablationca.engine;

import io.github.ablationca.classifier.Classifier;

import net.imglib2.RandomAccessibleInterval;

/**
 * Runs Ablation-CA on one 2D image: SLIC superpixels, sensitivity analysis, Monte Carlo synchronous ablation,
 * correlation, ranking. The one entry point that the Fiji command, the batch runner and the command line call.
 * <p>
 * Cancelable between model batches from any thread with {@link #cancel()}; a canceled run throws
 * {@link CanceledException} and returns nothing.
 */
public final class AblationCaEngine {

	private final Classifier classifier;
	private volatile boolean canceled;
	private EngineLogger logger = EngineLogger.NONE;

	public AblationCaEngine(Classifier classifier) {
		this.classifier = classifier;
	}

	public AblationCaEngine logger(EngineLogger logger) {
		this.logger = logger == null ? EngineLogger.NONE : logger;
		return this;
	}

	public Classifier classifier() {
		return classifier;
	}

	/**
	 * Explains the classifier's decision on {@code image}.
	 *
	 * @param image a 2D image: {@code ARGBType} (RGB) or any {@code RealType} (grayscale, converted to RGB by the
	 *        rule of {@code ImageConversion})
	 * @param settings validated before any model call
	 * @param listener progress receiver, may be {@link ProgressListener#NONE}
	 */
	public Explanation explain(RandomAccessibleInterval<?> image, ExplainSettings settings, ProgressListener listener) {
		throw new UnsupportedOperationException("engine not implemented yet");
	}

	public void cancel() {
		canceled = true;
	}

	public boolean isCanceled() {
		return canceled;
	}
}
