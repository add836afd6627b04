package io.github.ablationca.tensorflow;

import io.github.ablationca.classifier.ModelLoadException;
import io.github.ablationca.classifier.ModelOptions;
import io.github.ablationca.classifier.OutputKind;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.tensorflow.engine.SavedModelBundle;
import ai.djl.tensorflow.engine.TfSymbolBlock;
import ai.djl.tensorflow.engine.javacpp.JavacppUtils;
import ai.djl.util.Pair;
import io.github.ablationca.classifier.Classifier;
import io.github.ablationca.classifier.ImagePreprocessor;
import io.github.ablationca.classifier.Labels;
import io.github.ablationca.classifier.Softmax;
import io.github.ablationca.classifier.ValueRange;
import io.github.ablationca.image.ResizeMode;

import org.tensorflow.internal.c_api.AbstractTF_Tensor;
import org.tensorflow.internal.c_api.TF_Operation;
import org.tensorflow.internal.c_api.TF_Session;
import org.tensorflow.internal.c_api.TF_Tensor;
import org.tensorflow.internal.c_api.global.tensorflow;
import org.tensorflow.proto.DataType;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A TensorFlow SavedModel image classifier, run offline through DJL's TensorFlow engine.
 * <p>
 * Loads any SavedModel folder whose serving signature takes a batch of RGB images (float32 or uint8,
 * {@code [batch, height, width, 3]} or {@code [batch, 3, height, width]}) and returns class scores. The input and
 * output tensors are read from the signature; names are needed only where several outputs could be class scores.
 * Values are mapped to the model's range ({@link ValueRange}) in one pass straight into the reused native input
 * tensor; softmax is applied only when the chosen output holds logits. Results do not depend on the batch size.
 * <p>
 * Per-model defaults can live in {@code ablation-ca.properties} in the model folder (keys as in {@link ModelOptions}:
 * {@code value_range}, {@code label_offset}, {@code output}, {@code resize}, ...), so a shipped model needs no flags.
 * <pre>{@code
 * ModelOptions o = new ModelOptions();
 * o.valueRange = ValueRange.MINUS_ONE_TO_ONE;
 * try (TensorFlowClassifier model = TensorFlowClassifier.load(Path.of("mobilenet_v2"), o)) {
 *     ImagePreprocessor pre = model.preprocessor();
 *     float[][] p = model.predict(pre.pack(List.of(image)), 1);
 *     List<ClassScore> top5 = Predictions.topK(p[0], model.labels(), 5);
 * }
 * }</pre>
 * Instances are thread-safe (calls are serialised; TensorFlow itself uses all cores for one call).
 */
public final class TensorFlowClassifier implements Classifier {

	private final Path modelDir;
	private final ZooModel<NDList, NDList> model;
	private final TF_Session session;
	private final TF_Operation[] inputOp;
	private final int[] inputIndex;
	private final TF_Operation[] outputOp;
	private final int[] outputIndex;

	private final SavedModelSignature.Tensor input;
	private final SavedModelSignature.Tensor output;
	private final String signatureKey;
	private final String[] tags;
	private final SavedModelSignature.Layout layout;
	private final boolean uint8Input;
	private final int width;
	private final int height;
	/** Batch size fixed by the graph (> 0) or -1 for a dynamic batch. */
	private final int fixedBatch;
	private final int batchSize;
	private final ValueRange valueRange;
	private final boolean valueRangeIsDefault;
	private final ResizeMode resize;
	private final boolean roundTo8Bit;
	private final int labelOffset;
	private final String labelsSource;
	private final List<String> sources = new ArrayList<>();

	private int classes;
	private OutputKind outputKind;
	private String outputKindSource;
	private List<String> labels;

	// Per-channel affine map p -> (p - mean) * scale, hoisted for the hot loop.
	private final float mean0, mean1, mean2, scale0, scale1, scale2;

	/** Reused native input tensors: one for full batches, one for the last other size. */
	private InputSlot fullSlot;
	private InputSlot otherSlot;
	private boolean closed;

	private static final class InputSlot {
		final int count;
		final TF_Tensor tensor;
		final FloatBuffer floats;
		final ByteBuffer bytes;

		InputSlot(int count, TF_Tensor tensor, FloatBuffer floats, ByteBuffer bytes) {
			this.count = count;
			this.tensor = tensor;
			this.floats = floats;
			this.bytes = bytes;
		}
	}

	/**
	 * Loads the SavedModel in {@code modelDir} with {@code options} only; {@code ablation-ca.properties} is read by
	 * the one model loader of the faces, {@code run.ModelLoader}, which passes it as {@code defaults}.
	 *
	 * @param modelDir the folder holding {@code saved_model.pb} (and {@code variables/})
	 * @param options settings; {@code null} = all defaults
	 * @throws ModelLoadException naming the problem and the fix: missing folder, not a SavedModel, not an image
	 *           classifier, ambiguous outputs, labels that do not fit, natives that cannot be loaded
	 */
	public static TensorFlowClassifier load(Path modelDir, ModelOptions options) {
		return load(modelDir, options, null);
	}

	/**
	 * Loads the SavedModel in {@code modelDir}: each setting from {@code options}, else from {@code defaults} (the
	 * model folder's {@code ablation-ca.properties}), else its built-in default; {@link #describe()} says which.
	 */
	public static TensorFlowClassifier load(Path modelDir, ModelOptions options, ModelOptions defaults) {
		return new TensorFlowClassifier(checkModelDir(modelDir), options == null ? new ModelOptions() : options,
			defaults == null ? new ModelOptions() : defaults);
	}

	/** Whether {@code path} is, or is inside, a TensorFlow SavedModel: the folder that holds it, else null. */
	public static Path savedModelFolder(Path path) {
		try {
			return checkModelDir(path);
		}
		catch (ModelLoadException e) {
			return null;
		}
	}

	private static Path checkModelDir(Path modelDir) {
		if (modelDir == null)
			throw new ModelLoadException("No model folder given; give the folder of a TensorFlow SavedModel (it holds saved_model.pb).");
		Path dir = modelDir.toAbsolutePath().normalize();
		if (!Files.exists(dir))
			throw new ModelLoadException("Model folder " + dir + " does not exist; give the folder of a TensorFlow " +
				"SavedModel (it holds saved_model.pb and variables/).");
		if (Files.isRegularFile(dir)) {
			if (dir.getFileName().toString().equals("saved_model.pb")) return dir.getParent();
			throw new ModelLoadException("Model path " + dir + " is a file; give the folder that holds saved_model.pb" +
				" (a TensorFlow SavedModel)" + formatHint(dir.getFileName().toString()) + ".");
		}
		if (Files.isRegularFile(dir.resolve("saved_model.pb"))) return dir;
		StringBuilder msg = new StringBuilder("Folder " + dir + " is not a TensorFlow SavedModel: it has no " +
			"saved_model.pb.");
		if (Files.isRegularFile(dir.resolve("saved_model.pbtxt")))
			msg.append(" It has saved_model.pbtxt (text format), which TensorFlow's C API cannot load; save the model" +
				" in binary format.");
		try (var files = Files.list(dir)) {
			List<String> names = new ArrayList<>();
			files.forEach(f -> names.add(f.getFileName().toString()));
			for (String n : names)
				if (Files.isRegularFile(dir.resolve(n).resolve("saved_model.pb"))) {
					msg.append(" Its subfolder '").append(n).append("' is a SavedModel; give ").append(dir.resolve(n))
						.append(" instead.");
					return fail(msg);
				}
			for (String n : names) {
				String hint = formatHint(n);
				if (!hint.isEmpty()) {
					msg.append(" It contains ").append(n).append(hint).append('.');
					return fail(msg);
				}
			}
		}
		catch (java.io.IOException e) {
			msg.append(" (Its content cannot be listed: ").append(e.getMessage()).append(".)");
		}
		msg.append(" Give the folder written by tf.saved_model.save(...) or model.export(...).");
		return fail(msg);
	}

	private static Path fail(StringBuilder msg) {
		throw new ModelLoadException(msg.toString());
	}

	private static String formatHint(String fileName) {
		String n = fileName.toLowerCase(Locale.ROOT);
		if (n.endsWith(".h5") || n.endsWith(".keras") || n.endsWith(".hdf5"))
			return ", a Keras model file: convert it with model.export('folder') (Keras 3) or " +
				"tf.saved_model.save(model, 'folder') and give that folder";
		if (n.endsWith(".tflite"))
			return ", a TensorFlow Lite model: Ablation-CA needs the SavedModel it was converted from";
		if (n.endsWith(".onnx") || n.endsWith(".pt") || n.endsWith(".pth"))
			return ", not a TensorFlow model: export the network as a TensorFlow SavedModel";
		return "";
	}

	private TensorFlowClassifier(Path modelDir, ModelOptions given, ModelOptions file) {
		this.modelDir = modelDir;
		tags = pick(given.tags, file.tags, "serve", "tags").split(",");
		for (int i = 0; i < tags.length; i++)
			tags[i] = tags[i].strip();
		String requestedSignature = pick(given.signature, file.signature, null, "signature");
		SavedModelSignature sig = SavedModelSignature.read(modelDir, tags, requestedSignature);
		signatureKey = sig.signatureKey;

		input = sig.chooseInput(pick(given.input, file.input, null, "input"));
		layout = SavedModelSignature.imageLayout(input);
		uint8Input = input.dtype() == DataType.DT_UINT8;
		long[] shape = input.shape();
		long h = layout == SavedModelSignature.Layout.NHWC ? shape[1] : shape[2];
		long w = layout == SavedModelSignature.Layout.NHWC ? shape[2] : shape[3];
		width = spatial(w, given.inputWidth, file.inputWidth, "width");
		height = spatial(h, given.inputHeight, file.inputHeight, "height");
		fixedBatch = shape[0] > 0 ? (int) shape[0] : -1;

		output = sig.chooseOutput(pick(given.output, file.output, null, "output"));
		valueRange = pick(given.valueRange, file.valueRange, ValueRange.MINUS_ONE_TO_ONE, "value_range");
		valueRangeIsDefault = given.valueRange == null && file.valueRange == null;
		resize = pick(given.resize, file.resize, ResizeMode.STRETCH, "resize");
		roundTo8Bit = pick(given.roundTo8Bit, file.roundTo8Bit, false, "round_to_8bit");
		int requestedBatch = pick(given.batchSize, file.batchSize, ModelOptions.DEFAULT_BATCH_SIZE, "batch_size");
		if (requestedBatch < 1)
			throw new ModelLoadException("Batch size must be at least 1, not " + requestedBatch + ".");
		batchSize = fixedBatch > 0 ? fixedBatch : requestedBatch;
		if (fixedBatch > 0 && requestedBatch != fixedBatch && given.batchSize != null)
			sources.add("batch size " + requestedBatch + " ignored: the graph fixes it at " + fixedBatch);
		mean0 = valueRange.mean(0);
		mean1 = valueRange.mean(1);
		mean2 = valueRange.mean(2);
		scale0 = 1f / valueRange.std(0);
		scale1 = 1f / valueRange.std(1);
		scale2 = 1f / valueRange.std(2);

		Integer offset = given.labelOffset != null ? given.labelOffset : file.labelOffset;
		Path labelsFile = given.labels != null ? given.labels : file.labels;
		if (labelsFile == null && Files.isRegularFile(modelDir.resolve("labels.txt")))
			labelsFile = modelDir.resolve("labels.txt");
		List<String> labelLines;
		try {
			labelLines = labelsFile == null ? null : Labels.read(labelsFile);
		}
		catch (IllegalArgumentException e) {
			throw new ModelLoadException(e.getMessage(), e);
		}
		labelsSource = labelsFile == null ? "generic names (no labels file)" : labelsFile.toString();
		long knownClasses = classCount(output);
		if (knownClasses > 0 && labelLines != null) fitLabels(labelLines, (int) knownClasses, offset); // fail early

		// Natives and DJL: only now, so that folder and signature errors come without the TensorFlow start-up cost.
		TensorFlowNatives.load();
		model = loadWithDjl(modelDir, tags, signatureKey);
		try {
			SavedModelBundle bundle = ((TfSymbolBlock) model.getBlock()).getSavedModelBundle();
			session = bundle.getSession();
			Pair<TF_Operation, Integer> in = JavacppUtils.getGraphOperationByName(bundle.getGraph(), input.name());
			Pair<TF_Operation, Integer> out = JavacppUtils.getGraphOperationByName(bundle.getGraph(), output.name());
			inputOp = new TF_Operation[] {in.getKey()};
			inputIndex = new int[] {in.getValue()};
			outputOp = new TF_Operation[] {out.getKey()};
			outputIndex = new int[] {out.getValue()};

			// Probe: checks that the model runs, gives the class count of dynamic outputs and, if nothing else
			// tells, whether the output is logits or probabilities.
			int probeCount = fixedBatch > 0 ? Math.min(2, fixedBatch) : 2;
			float[][] raw = run(probeImages(), 0, probeCount);
			classes = raw[0].length;
			if (knownClasses > 0 && knownClasses != classes)
				throw new ModelLoadException("Output " + output + " of " + modelDir + " gave " + classes +
					" values per image, not " + knownClasses + " as its signature says.");
			resolveOutputKind(given, file, sig, raw);
			labelOffset = labelLines == null ? 0 : resolvedOffset(labelLines, offset);
			labels = labelLines == null ? Labels.generic(classes) : fitLabels(labelLines, classes, offset);
		}
		catch (RuntimeException e) {
			close();
			if (e instanceof ModelLoadException) throw e;
			String variables = variablesProblem(modelDir);
			if (variables != null || isAboutVariables(message(e)))
				throw new ModelLoadException("The model in " + modelDir + " cannot run: " + (variables != null ? variables :
					"its weights (variables) cannot be read") + " (TensorFlow: " + firstLine(message(e)) + "). Fix: copy " +
					"the whole SavedModel folder again, with its variables/ folder complete (variables.index and every " +
					"variables.data-* file).", e);
			throw new ModelLoadException("The model in " + modelDir + " cannot run on a " + width + " x " + height +
				" image: " + message(e) + ". If its input size is dynamic, set the size it was trained for " +
				"(--input-size, or 'input_size' in " + ModelOptions.PROPERTIES_FILE + ").", e);
		}
	}

	private int resolvedOffset(List<String> lines, Integer offset) {
		if (offset != null) return offset;
		Integer auto = Labels.autoOffset(lines, classes);
		return auto == null ? 0 : auto;
	}

	private List<String> fitLabels(List<String> lines, int n, Integer offset) {
		try {
			return Labels.fit(lines, n, offset, labelsSource);
		}
		catch (IllegalArgumentException e) {
			throw new ModelLoadException(e.getMessage() + " (Model: " + modelDir + ", output " + output + ".)", e);
		}
	}

	private static long classCount(SavedModelSignature.Tensor t) {
		if (t.shape() == null || t.shape().length < 2) return -1;
		long n = 1;
		for (int i = 1; i < t.shape().length; i++) {
			if (t.shape()[i] < 0) return -1;
			n *= t.shape()[i];
		}
		return n;
	}

	private <T> T pick(T option, T fromFile, T fallback, String key) {
		if (option != null) {
			sources.add(key + " = " + option + " (options)");
			return option;
		}
		if (fromFile != null) {
			sources.add(key + " = " + fromFile + " (" + ModelOptions.PROPERTIES_FILE + ")");
			return fromFile;
		}
		if (fallback != null) sources.add(key + " = " + fallback + " (default)");
		return fallback;
	}

	private int spatial(long graphSize, Integer option, Integer fromFile, String what) {
		if (graphSize > 0) {
			Integer wanted = option != null ? option : fromFile;
			if (wanted != null && wanted != graphSize)
				throw new ModelLoadException("The model's input " + input + " has a fixed " + what + " of " + graphSize +
					" pixels; the requested input " + what + " " + wanted + " cannot be used. Remove the input size " +
					"setting (--input-size, input_size in " + ModelOptions.PROPERTIES_FILE + ").");
			return (int) graphSize;
		}
		return pick(option, fromFile, ModelOptions.DEFAULT_INPUT_SIZE, "input_" + what);
	}

	/**
	 * What is wrong with a SavedModel's {@code variables/} folder, or null when it looks complete (a model of constants
	 * alone has none, so this is only asked after the model failed to run).
	 */
	static String variablesProblem(Path modelDir) {
		Path vars = modelDir.resolve("variables");
		if (!Files.isDirectory(vars)) return "its variables/ folder (the trained weights) is missing";
		if (!Files.isRegularFile(vars.resolve("variables.index")))
			return "variables/variables.index (the index of the trained weights) is missing";
		try (var files = Files.list(vars)) {
			int shards = -1;
			java.util.Set<String> present = new java.util.HashSet<>();
			for (Path f : files.toList()) {
				String n = f.getFileName().toString();
				java.util.regex.Matcher m = java.util.regex.Pattern.compile("variables\\.data-(\\d+)-of-(\\d+)").matcher(n);
				if (m.matches()) {
					shards = Integer.parseInt(m.group(2));
					present.add(n);
					if (Files.size(f) == 0) return "variables/" + n + " is empty";
				}
			}
			if (shards < 0) return "the variables/ folder holds no weights file (variables.data-*)";
			for (int k = 0; k < shards; k++) {
				String n = String.format(Locale.ROOT, "variables.data-%05d-of-%05d", k, shards);
				if (!present.contains(n)) return "variables/" + n + " is missing";
			}
		}
		catch (java.io.IOException | RuntimeException e) {
			return "the variables/ folder cannot be read";
		}
		return null;
	}

	private static boolean isAboutVariables(String message) {
		String m = message.toLowerCase(Locale.ROOT);
		return m.contains("uninitialized value") || m.contains("could not find variable") || m.contains("variables/") ||
			m.contains("save/restore");
	}

	private static String firstLine(String s) {
		int nl = s.indexOf('\n');
		return nl < 0 ? s.strip() : s.substring(0, nl).strip();
	}

	private static ZooModel<NDList, NDList> loadWithDjl(Path modelDir, String[] tags, String signatureKey) {
		// DJL finds its engine through the context class loader; in Fiji that may not be the one that loaded us.
		Thread thread = Thread.currentThread();
		ClassLoader previous = thread.getContextClassLoader();
		thread.setContextClassLoader(TensorFlowClassifier.class.getClassLoader());
		try {
			Criteria<NDList, NDList> criteria = Criteria.builder().setTypes(NDList.class, NDList.class)
				.optModelPath(modelDir).optEngine("TensorFlow").optOption("Tags", String.join(",", tags))
				.optOption("SignatureDefKey", signatureKey).build();
			return criteria.loadModel();
		}
		catch (Exception | LinkageError e) {
			String variables = isAboutVariables(message(e)) ? variablesProblem(modelDir) : null;
			if (variables != null)
				throw new ModelLoadException("TensorFlow could not load the SavedModel in " + modelDir + ": " + variables +
					" (TensorFlow: " + firstLine(message(e)) + "). Fix: copy the whole SavedModel folder again, with its " +
					"variables/ folder complete (variables.index and every variables.data-* file).", e);
			throw new ModelLoadException("TensorFlow could not load the SavedModel in " + modelDir + ": " +
				firstLine(message(e)) + ". Fix: check that the folder is complete (saved_model.pb and variables/) and " +
				"was saved by TensorFlow 2.16 or older.", e);
		}
		finally {
			thread.setContextClassLoader(previous);
		}
	}

	private static String message(Throwable e) {
		StringBuilder sb = new StringBuilder();
		for (Throwable t = e; t != null && sb.length() < 600; t = t.getCause()) {
			String m = t.getMessage();
			if (m == null || sb.indexOf(m) >= 0) continue;
			if (sb.length() > 0) sb.append(": ");
			sb.append(m.strip());
		}
		return sb.length() == 0 ? e.getClass().getSimpleName() : sb.toString();
	}

	private void resolveOutputKind(ModelOptions given, ModelOptions file, SavedModelSignature sig, float[][] probe) {
		if (given.outputKind != null) {
			outputKind = given.outputKind;
			outputKindSource = "options";
		}
		else if (file.outputKind != null) {
			outputKind = file.outputKind;
			outputKindSource = ModelOptions.PROPERTIES_FILE;
		}
		else if ((outputKind = sig.kindFromGraph(output)) != null) {
			outputKindSource = "graph: computed by " + sig.producerOp(output.name());
		}
		else if ((outputKind = SavedModelSignature.kindFromName(output)) != null) {
			outputKindSource = "output name";
		}
		else {
			outputKind = looksLikeProbabilities(probe) ? OutputKind.PROBABILITIES : OutputKind.LOGITS;
			outputKindSource = "probe run: rows " + (outputKind == OutputKind.PROBABILITIES ? "are" : "are not") +
				" non-negative and sum to 1";
		}
	}

	private static boolean looksLikeProbabilities(float[][] rows) {
		for (float[] row : rows) {
			double sum = 0;
			for (float v : row) {
				if (!(v >= 0 && v <= 1)) return false;
				sum += v;
			}
			if (Math.abs(sum - 1) > 1e-3) return false;
		}
		return true;
	}

	/** Two probe images on the 8-bit scale: mid grey and a colour gradient. */
	private float[] probeImages() {
		int n = imageSize();
		float[] images = new float[2 * n];
		Arrays.fill(images, 0, n, 128f);
		for (int y = 0, i = n; y < height; y++)
			for (int x = 0; x < width; x++, i += 3) {
				images[i] = 255f * x / Math.max(1, width - 1);
				images[i + 1] = 255f * y / Math.max(1, height - 1);
				images[i + 2] = 255f - images[i];
			}
		return images;
	}

	// ---------------------------------------------------------------------------------------------------------
	// Classifier

	@Override
	public int inputWidth() {
		return width;
	}

	@Override
	public int inputHeight() {
		return height;
	}

	@Override
	public List<String> labels() {
		return labels;
	}

	@Override
	public synchronized float[][] predict(float[] images, int count) {
		if (closed) throw new IllegalStateException("This classifier of " + modelDir + " is closed.");
		if (images == null) throw new IllegalArgumentException("No images given.");
		if (count < 0) throw new IllegalArgumentException("Image count must not be negative, not " + count + ".");
		int n = imageSize();
		if ((long) count * n > images.length)
			throw new IllegalArgumentException("Batch buffer holds " + images.length + " floats, too few for " + count +
				" images of " + width + " x " + height + " x 3 = " + n + " floats; preprocess images to the model " +
				"size first (ImagePreprocessor).");
		float[][] out = new float[count][];
		for (int start = 0; start < count; start += batchSize) {
			int m = Math.min(batchSize, count - start);
			float[][] rows = run(images, start, m);
			for (int i = 0; i < m; i++) {
				if (outputKind == OutputKind.LOGITS) Softmax.inPlace(rows[i], 0, rows[i].length);
				out[start + i] = rows[i];
			}
		}
		return out;
	}

	/** Runs images {@code first .. first + count - 1} of {@code images} (at most one batch); raw output rows. */
	private float[][] run(float[] images, int first, int count) {
		int feed = fixedBatch > 0 ? fixedBatch : count;
		if (count > feed) throw new IllegalStateException(count + " images for a batch of " + feed);
		InputSlot slot = slot(feed);
		fill(slot, images, first, count);
		TF_Tensor[] result = JavacppUtils.runSession(session, null, new TF_Tensor[] {slot.tensor}, inputOp, inputIndex,
			outputOp, outputIndex, new TF_Operation[0]);
		TF_Tensor t = result[0];
		try {
			if (tensorflow.TF_TensorType(t) != tensorflow.TF_FLOAT)
				throw new ModelLoadException("Output " + output + " is not float32.");
			long total = tensorflow.TF_TensorByteSize(t) / Float.BYTES;
			int dims = tensorflow.TF_NumDims(t);
			long rowsOut = dims == 0 ? 1 : tensorflow.TF_Dim(t, 0);
			if (rowsOut != feed || total % feed != 0 || total == 0)
				throw new ModelLoadException("Output " + output + " of " + modelDir + " has " + total + " values in " +
					rowsOut + " rows for " + feed + " images; it is not one row of class scores per image.");
			int c = (int) (total / feed);
			FloatBuffer fb = tensorflow.TF_TensorData(t).capacity(total * Float.BYTES).asByteBuffer()
				.order(ByteOrder.nativeOrder()).asFloatBuffer();
			float[][] rows = new float[count][c];
			for (int i = 0; i < count; i++)
				fb.get(i * c, rows[i], 0, c);
			return rows;
		}
		finally {
			for (TF_Tensor r : result)
				r.close();
		}
	}

	private InputSlot slot(int count) {
		if (fullSlot != null && fullSlot.count == count) return fullSlot;
		if (otherSlot != null && otherSlot.count == count) return otherSlot;
		long[] dims = layout == SavedModelSignature.Layout.NHWC ? new long[] {count, height, width, 3}
			: new long[] {count, 3, height, width};
		long bytes = (long) count * imageSize() * (uint8Input ? 1 : Float.BYTES);
		TF_Tensor tensor = AbstractTF_Tensor.allocateTensor(uint8Input ? tensorflow.TF_UINT8 : tensorflow.TF_FLOAT,
			dims, bytes);
		if (tensor == null || tensor.isNull())
			throw new OutOfMemoryError("TensorFlow cannot allocate an input tensor of " + bytes + " bytes; use a smaller batch size.");
		ByteBuffer buffer = tensorflow.TF_TensorData(tensor).capacity(bytes).asByteBuffer().order(ByteOrder.nativeOrder());
		InputSlot slot = new InputSlot(count, tensor, uint8Input ? null : buffer.asFloatBuffer(), buffer);
		if (count == batchSize) fullSlot = slot;
		else {
			if (otherSlot != null) otherSlot.tensor.close();
			otherSlot = slot;
		}
		return slot;
	}

	/** One pass: 8-bit samples to model values, straight into the native tensor; padding images are zero. */
	private void fill(InputSlot slot, float[] images, int first, int count) {
		int n = imageSize();
		int src = first * n;
		int end = src + count * n;
		if (uint8Input) {
			ByteBuffer b = slot.bytes;
			if (layout == SavedModelSignature.Layout.NHWC) {
				for (int i = src, o = 0; i < end; i++, o++)
					b.put(o, (byte) toByte(images[i]));
			}
			else fillPlanar(images, src, count, (o, v) -> b.put(o, (byte) toByte(v)), false);
			for (int o = count * n; o < slot.count * n; o++)
				b.put(o, (byte) 0);
			return;
		}
		FloatBuffer f = slot.floats;
		if (layout == SavedModelSignature.Layout.NHWC) {
			final float m0 = mean0, m1 = mean1, m2 = mean2, s0 = scale0, s1 = scale1, s2 = scale2;
			for (int i = src, o = 0; i < end; i += 3, o += 3) {
				f.put(o, (images[i] - m0) * s0);
				f.put(o + 1, (images[i + 1] - m1) * s1);
				f.put(o + 2, (images[i + 2] - m2) * s2);
			}
		}
		else fillPlanar(images, src, count, f::put, true);
		for (int o = count * n; o < slot.count * n; o++)
			f.put(o, 0f);
	}

	private interface Sink {
		void put(int index, float value);
	}

	/** NCHW: channel planes per image. */
	private void fillPlanar(float[] images, int src, int count, Sink sink, boolean normalise) {
		int plane = width * height;
		float[] mean = {mean0, mean1, mean2}, scale = {scale0, scale1, scale2};
		for (int img = 0; img < count; img++) {
			int base = img * 3 * plane, in = src + img * 3 * plane;
			for (int p = 0; p < plane; p++)
				for (int c = 0; c < 3; c++) {
					float v = images[in + 3 * p + c];
					sink.put(base + c * plane + p, normalise ? (v - mean[c]) * scale[c] : v);
				}
		}
	}

	private static int toByte(float v) {
		return v <= 0 || Float.isNaN(v) ? 0 : v >= 255 ? 255 : (int) Math.rint(v);
	}

	@Override
	public synchronized void close() {
		if (closed) return;
		closed = true;
		if (fullSlot != null) fullSlot.tensor.close();
		if (otherSlot != null) otherSlot.tensor.close();
		fullSlot = otherSlot = null;
		if (model != null) model.close();
	}

	// ---------------------------------------------------------------------------------------------------------
	// What was loaded

	/** The model folder (absolute). */
	public Path modelDir() {
		return modelDir;
	}

	/** The signature used, e.g. {@code serving_default}. */
	public String signature() {
		return signatureKey;
	}

	/** The SavedModel tags the model was loaded with. */
	public String[] tags() {
		return tags.clone();
	}

	/** Whether the image input is NHWC (else NCHW). */
	public boolean inputIsNhwc() {
		return layout == SavedModelSignature.Layout.NHWC;
	}

	/** Whether the model takes float input (a value range applies); false for uint8 input, fed 0..255 as is. */
	public boolean inputIsFloat() {
		return !uint8Input;
	}

	/** The input tensor fed, e.g. {@code input:0}. */
	public String inputName() {
		return input.name();
	}

	/** The output tensor read, e.g. {@code probs:0}. */
	public String outputName() {
		return output.name();
	}

	/** Whether the output read is logits (softmax applied here) or probabilities. */
	public OutputKind outputKind() {
		return outputKind;
	}

	@Override
	public ValueRange valueRange() {
		return valueRange;
	}

	/**
	 * Whether neither the options nor {@code ablation-ca.properties} set the value range, so the default [-1, 1]
	 * is a guess (worth a note to the user: a wrong range gives confident nonsense).
	 */
	public boolean valueRangeIsDefault() {
		return valueRangeIsDefault;
	}

	/** Images per model call. */
	@Override
	public int batchSize() {
		return batchSize;
	}

	/** The output that line 1 of the labels file names. */
	public int labelOffset() {
		return labelOffset;
	}

	/** The model's preferred way to fit images (from options or {@code ablation-ca.properties}; default STRETCH). */
	@Override
	public ResizeMode resizeMode() {
		return resize;
	}

	/** Whether resized images are rounded to the 8-bit grid before the model sees them. */
	public boolean roundTo8Bit() {
		return roundTo8Bit;
	}

	/** A preprocessor for this model: its input size, resize mode and rounding. */
	public ImagePreprocessor preprocessor() {
		return new ImagePreprocessor(width, height, resize, roundTo8Bit);
	}

	/** A few lines saying what was loaded and where each setting came from (for logs and {@code --verbose}). */
	public String describe() {
		StringBuilder sb = new StringBuilder();
		sb.append("model: ").append(modelDir).append(" (signature ").append(signatureKey).append(")\n");
		sb.append("input: ").append(input).append(", ").append(layout).append(", fed at ").append(width).append(" x ")
			.append(height).append(uint8Input ? " as uint8 0..255" : ", value range " + valueRange.description())
			.append('\n');
		sb.append("output: ").append(output).append(", ").append(classes).append(" classes, ").append(outputKind)
			.append(" (").append(outputKindSource).append(")").append(outputKind == OutputKind.LOGITS
				? ", softmax applied" : ", used as is").append('\n');
		sb.append("labels: ").append(labelsSource).append(", offset ").append(labelOffset).append('\n');
		sb.append("settings: ").append(String.join("; ", sources));
		return sb.toString();
	}

	@Override
	public String toString() {
		return "TensorFlowClassifier[" + modelDir.getFileName() + ", " + width + "x" + height + ", " + classes +
			" classes, " + output.key() + "]";
	}
}
