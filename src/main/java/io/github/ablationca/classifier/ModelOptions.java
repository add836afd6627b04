package io.github.ablationca.classifier;

import io.github.ablationca.image.ResizeMode;

import java.nio.file.Path;

/**
 * How a model is read. Every field left {@code null} takes its value from the model folder's
 * {@code ablation-ca.properties} (see {@link #PROPERTIES_FILE}) if that sets it, else the default given with the
 * field. Only what cannot be read from the model itself needs setting; for most models that is the value range. The
 * fields are the model settings of the vocabulary ({@code run.Settings}: {@code value_range}, {@code resize}, ...).
 * <pre>{@code
 * ModelOptions o = new ModelOptions();
 * o.valueRange = ValueRange.MINUS_ONE_TO_ONE;
 * o.resize = ResizeMode.CENTER_CROP;
 * try (ModelClassifier c = ModelLoader.load(Path.of("models/mobilenet_v2"), o)) { ... }
 * }</pre>
 */
public final class ModelOptions {

	/** Per-model defaults in the model folder: a Java properties file whose keys are the model settings. */
	public static final String PROPERTIES_FILE = "ablation-ca.properties";

	/** Default for dynamic (-1) spatial input dimensions. */
	public static final int DEFAULT_INPUT_SIZE = 224;

	/** Default batch size of a loaded model's {@code predict}. */
	public static final int DEFAULT_BATCH_SIZE = 16;

	/** The engine that runs the model. Default: property {@code engine}, else recognised from the model's files. */
	public ModelEngine engine;

	/** Labels file, one class per line. Default: property {@code labels}, else {@code labels.txt} in the model folder, else "class i". */
	public Path labels;

	/** How 8-bit samples map to the model's input values. Default: property {@code value_range}, else [-1, 1]. */
	public ValueRange valueRange;

	/** Output that line 1 of the labels file names. Default: property {@code label_offset}, else automatic (see {@link io.github.ablationca.classifier.Labels}). */
	public Integer labelOffset;

	/** Signature input key or tensor name (ONNX: input name). Default: property {@code input}, else the only image-shaped input. */
	public String input;

	/** Signature output key or tensor name (ONNX: output name; TorchScript: index in the returned tuple). Default: property {@code output}, else the only class-score output (probabilities preferred when a logits/probabilities pair exists). */
	public String output;

	/** Whether the output is logits (softmax applied) or probabilities. Default: property {@code output_kind}, else detected from the graph (Softmax op), the output's name, or a probe run. */
	public OutputKind outputKind;

	/** Images per model call. Default: property {@code batch_size}, else {@value #DEFAULT_BATCH_SIZE}. */
	public Integer batchSize;

	/**
	 * CPU threads one model call may use (TensorFlow's intra- and inter-op thread pools, ONNX Runtime's session
	 * threads, libtorch's intra-op threads); 0 = all cores. Results do not depend on it. Default: property
	 * {@code model_threads}, else 0. On Spark executors: the executor's cores.
	 */
	public Integer modelThreads;

	/**
	 * Width for a dynamic input width (TorchScript: always, it records no shape). Default: property
	 * {@code input_size}, else {@value #DEFAULT_INPUT_SIZE}.
	 */
	public Integer inputWidth;

	/** Height for a dynamic input height. Default: property {@code input_size}, else {@value #DEFAULT_INPUT_SIZE}. */
	public Integer inputHeight;

	/**
	 * Layout of the image input. Default: property {@code input_layout}, else read from the model's input shape;
	 * TorchScript records no shape: NCHW.
	 */
	public InputLayout inputLayout;

	/** How images are fitted to the input (the classifier's preprocessor). Default: property {@code resize}, else STRETCH. */
	public ResizeMode resize;

	/** Round resized images to the 8-bit grid (the classifier's preprocessor). Default: property {@code round_to_8bit}, else false. */
	public Boolean roundTo8Bit;

	/** Signature key. Default: property {@code signature}, else {@code serving_default} (or the only signature). */
	public String signature;

	/** Meta-graph tags, comma separated. Default: property {@code tags}, else {@code serve}. */
	public String tags;

	/**
	 * The layer whose activations describe objects in the dataset analysis (a tensor name). Default: property
	 * {@code feature_layer}, else the input of the classification layer, found in the model's graph.
	 */
	public String featureLayer;

	/** A copy (fields are copied, paths shared). */
	public ModelOptions copy() {
		ModelOptions o = new ModelOptions();
		o.engine = engine;
		o.labels = labels;
		o.valueRange = valueRange;
		o.labelOffset = labelOffset;
		o.input = input;
		o.output = output;
		o.outputKind = outputKind;
		o.batchSize = batchSize;
		o.modelThreads = modelThreads;
		o.inputWidth = inputWidth;
		o.inputHeight = inputHeight;
		o.inputLayout = inputLayout;
		o.resize = resize;
		o.roundTo8Bit = roundTo8Bit;
		o.signature = signature;
		o.tags = tags;
		o.featureLayer = featureLayer;
		return o;
	}
}
