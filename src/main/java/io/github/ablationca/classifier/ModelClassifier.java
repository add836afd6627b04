package io.github.ablationca.classifier;

import java.nio.file.Path;

/**
 * A classifier loaded from a user's model file by an engine adapter (TensorFlow SavedModel, ONNX, TorchScript): what
 * every face may ask of a loaded model beyond predicting. {@code run.ModelLoader} is the one way to get one.
 * <pre>{@code
 * try (ModelClassifier model = ModelLoader.load(Path.of("resnet8.onnx"), new ModelOptions())) {
 *     float[][] p = model.predict(model.preprocessor().pack(List.of(image)), 1);
 *     System.err.println(model.describe());   // engine, input, output, labels, where each setting came from
 * }
 * }</pre>
 */
public interface ModelClassifier extends Classifier {

	/** The engine that runs the model. */
	ModelEngine engine();

	/** The model as loaded: the SavedModel folder, or the ONNX / TorchScript file (absolute). */
	Path modelPath();

	/** The layout the image input is fed in. */
	InputLayout inputLayout();

	/** Whether the output read is logits (softmax applied here) or probabilities. */
	OutputKind outputKind();

	/** The output that line 1 of the labels file names. */
	int labelOffset();

	/**
	 * Whether neither the options nor {@code ablation-ca.properties} set the value range, so the default is a guess
	 * (worth a note to the user: a wrong range gives confident nonsense).
	 */
	boolean valueRangeIsDefault();

	/** Whether the model takes float input (a value range applies); false for uint8 input, fed 0..255 as is. */
	boolean inputIsFloat();

	/** Whether resized images are rounded to the 8-bit grid before the model sees them. */
	boolean roundTo8Bit();

	/** The CPU threads one model call may use, as the engine was given them ({@code model_threads}); 0 = all cores. */
	default int modelThreads() {
		return 0;
	}

	/** A preprocessor for this model: its input size, resize mode and rounding. */
	default ImagePreprocessor preprocessor() {
		return new ImagePreprocessor(inputWidth(), inputHeight(), resizeMode(), roundTo8Bit());
	}

	/**
	 * What the loading had to guess because neither the model, the options nor {@code ablation-ca.properties} said
	 * it and a wrong guess gives confident nonsense: the value range of a float input, an input size the model does
	 * not fix (TorchScript never does). One sentence each, with the setting that fixes it; empty when nothing was
	 * guessed.
	 */
	java.util.List<String> assumptions();

	/** A few lines saying what was loaded and where each setting came from (for logs and {@code --verbose}). */
	String describe();
}
