package io.github.ablationca.fiji;

import io.github.ablationca.classifier.Classifier;

/** The default {@link ClassifierLoader}: a TensorFlow SavedModel through DJL. */
final class TensorFlowLoader {

	private TensorFlowLoader() {}

	static Classifier load(ModelSpec spec) {
		throw new IllegalStateException("The TensorFlow classifier is not available in this build.");
	}
}
