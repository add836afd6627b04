package io.github.ablationca.fiji;

import io.github.ablationca.classifier.Classifier;
import io.github.ablationca.classifier.ValueRange;
import io.github.ablationca.djl.ModelOptions;
import io.github.ablationca.djl.TensorFlowClassifier;

/** The default {@link ClassifierLoader}: a TensorFlow SavedModel through DJL ({@link TensorFlowClassifier}). */
final class TensorFlowLoader {

	private TensorFlowLoader() {}

	static Classifier load(ModelSpec spec) {
		ModelOptions options = new ModelOptions();
		options.labels = spec.labels();
		if (spec.valueRange() != null) options.valueRange = ValueRange.parse(spec.valueRange());
		if (spec.batchSize() != null) options.batchSize = spec.batchSize();
		return TensorFlowClassifier.load(spec.folder(), options);
	}
}
