package io.github.ablationca.tensorflow;

import io.github.ablationca.classifier.AbstractModelClassifier;
import io.github.ablationca.classifier.FeatureLayer;
import io.github.ablationca.classifier.FeatureLayerException;
import io.github.ablationca.classifier.InputLayout;
import io.github.ablationca.classifier.ModelEngine;
import io.github.ablationca.classifier.ModelLoadException;
import io.github.ablationca.classifier.ModelOptions;
import io.github.ablationca.classifier.OutputKind;
import io.github.ablationca.classifier.ValueRange;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.tensorflow.engine.SavedModelBundle;
import ai.djl.tensorflow.engine.TfSymbolBlock;
import ai.djl.tensorflow.engine.javacpp.JavacppUtils;
import ai.djl.util.Pair;

import org.tensorflow.internal.c_api.AbstractTF_Tensor;
import org.tensorflow.internal.c_api.TF_Operation;
import org.tensorflow.internal.c_api.TF_Session;
import org.tensorflow.internal.c_api.TF_Tensor;
import org.tensorflow.internal.c_api.global.tensorflow;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.DataType;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

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
 * What all engines share (settings, labels, probe, packing, softmax) is {@link AbstractModelClassifier}'s.
 * <pre>{@code
 * ModelOptions o = new ModelOptions();
 * o.valueRange = ValueRange.MINUS_ONE_TO_ONE;
 * try (ModelClassifier model = ModelLoader.load(Path.of("mobilenet_v2"), o)) {
 *     ImagePreprocessor pre = model.preprocessor();
 *     float[][] p = model.predict(pre.pack(List.of(image)), 1);
 *     List<ClassScore> top5 = Predictions.topK(p[0], model.labels(), 5);
 * }
 * }</pre>
 * Instances are thread-safe; calls run concurrently, on {@code model_threads} cores (default all) together.
 */
public final class TensorFlowClassifier extends AbstractModelClassifier {

	private final Path modelDir;
	private final ZooModel<NDList, NDList> model;
	private final TF_Session session;
	private final TF_Operation[] inputOp;
	private final int[] inputIndex;
	private final TF_Operation[] outputOp;
	private final int[] outputIndex;

	private final SavedModelSignature signature;
	private final org.tensorflow.internal.c_api.TF_Graph graph;
	private final SavedModelSignature.Tensor input;
	private final SavedModelSignature.Tensor output;
	private final String signatureKey;
	private final String[] tags;
	private final boolean uint8Input;
	/** The feature layer set by the options or ablation-ca.properties; null = the input of the classification layer. */
	private final String configuredFeatureLayer;

	/** Reused native input tensors, by image count; a call takes one and gives it back (calls may be concurrent). */
	private final Map<Integer, Queue<InputSlot>> freeSlots = new ConcurrentHashMap<>();

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
	 * @throws ModelLoadException naming the problem and the fix: not a SavedModel, not an image classifier,
	 *           ambiguous outputs, labels that do not fit, natives that cannot be loaded
	 */
	public static TensorFlowClassifier load(Path modelDir, ModelOptions options) {
		return load(modelDir, options, null);
	}

	/**
	 * Loads the SavedModel in {@code modelDir}: each setting from {@code options}, else from {@code defaults} (the
	 * model folder's {@code ablation-ca.properties}), else its built-in default; {@link #describe()} says which.
	 */
	public static TensorFlowClassifier load(Path modelDir, ModelOptions options, ModelOptions defaults) {
		if (modelDir == null) throw new ModelLoadException("No SavedModel folder given.");
		Path dir = modelDir.toAbsolutePath().normalize();
		if (Files.isRegularFile(dir) && dir.getFileName().toString().equals("saved_model.pb")) dir = dir.getParent();
		if (!Files.isRegularFile(dir.resolve("saved_model.pb")))
			throw new ModelLoadException(dir + " is not a TensorFlow SavedModel folder: it has no saved_model.pb. " +
				"Load models through run.ModelLoader, which recognises every kind of model.");
		return new TensorFlowClassifier(dir, options == null ? new ModelOptions() : options,
			defaults == null ? new ModelOptions() : defaults);
	}

	private TensorFlowClassifier(Path modelDir, ModelOptions given, ModelOptions file) {
		super(ModelEngine.TENSORFLOW, modelDir);
		this.modelDir = modelDir;
		tags = pick(given.tags, file.tags, "serve", "tags").split(",");
		for (int i = 0; i < tags.length; i++)
			tags[i] = tags[i].strip();
		String requestedSignature = pick(given.signature, file.signature, null, "signature");
		SavedModelSignature sig = SavedModelSignature.read(modelDir, tags, requestedSignature);
		signatureKey = sig.signatureKey;
		signature = sig;
		configuredFeatureLayer = pick(given.featureLayer, file.featureLayer, null, "feature_layer");

		input = sig.chooseInput(pick(given.input, file.input, null, "input"));
		long[] shape = input.shape();
		InputLayout layout = InputLayout.resolve(shape, pick(given.inputLayout, file.inputLayout, null,
			"input_layout"), InputLayout.NHWC, input + " of " + modelDir);
		uint8Input = input.dtype() == DataType.DT_UINT8;
		setInput(layout, spatial(layout.width(shape), given.inputWidth, file.inputWidth, "width", input.toString()),
			spatial(layout.height(shape), given.inputHeight, file.inputHeight, "height", input.toString()),
			(int) shape[0]);

		output = sig.chooseOutput(pick(given.output, file.output, null, "output"));
		long knownClasses = classCount(output);
		resolveCommonSettings(given, file, modelDir, knownClasses);
		int threads = resolveModelThreads(given, file);

		// Natives and DJL: only now, so that folder and signature errors come without the TensorFlow start-up cost.
		TensorFlowNatives.load();
		model = loadWithDjl(modelDir, tags, signatureKey, threads);
		try {
			SavedModelBundle bundle = ((TfSymbolBlock) model.getBlock()).getSavedModelBundle();
			session = bundle.getSession();
			graph = bundle.getGraph();
			Pair<TF_Operation, Integer> in = JavacppUtils.getGraphOperationByName(bundle.getGraph(), input.name());
			Pair<TF_Operation, Integer> out = JavacppUtils.getGraphOperationByName(bundle.getGraph(), output.name());
			inputOp = new TF_Operation[] {in.getKey()};
			inputIndex = new int[] {in.getValue()};
			outputOp = new TF_Operation[] {out.getKey()};
			outputIndex = new int[] {out.getValue()};
			OutputKind fromGraph = sig.kindFromGraph(output);
			finishLoading(given, file, knownClasses, fromGraph, fromGraph == null ? null : "graph: computed by " +
				sig.producerOp(output.name()), output.key() + " " + output.name());
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
			throw new ModelLoadException("The model in " + modelDir + " cannot run on a " + inputWidth() + " x " +
				inputHeight() + " image: " + message(e) + ". If its input size is dynamic, set the size it was " +
				"trained for (--input-size, or 'input_size' in " + ModelOptions.PROPERTIES_FILE + ").", e);
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

	/**
	 * The session configuration for {@code threads} CPU threads per call (0 = TensorFlow's default, all cores): DJL's
	 * own (its system properties, GPU options) with both thread pools sized. TensorFlow sizes its intra-op pool (the
	 * threads of one convolution) once per process, from the first session created; the inter-op pool is the
	 * session's own.
	 */
	static ConfigProto sessionConfig(int threads) {
		ConfigProto.Builder config = JavacppUtils.getSessionConfig().toBuilder();
		if (threads > 0) config.setIntraOpParallelismThreads(threads).setInterOpParallelismThreads(threads)
			.setUsePerSessionThreads(true);
		return config.build();
	}

	private static ZooModel<NDList, NDList> loadWithDjl(Path modelDir, String[] tags, String signatureKey,
		int threads)
	{
		// DJL finds its engine through the context class loader; in Fiji that may not be the one that loaded us.
		Thread thread = Thread.currentThread();
		ClassLoader previous = thread.getContextClassLoader();
		thread.setContextClassLoader(TensorFlowClassifier.class.getClassLoader());
		try {
			Criteria<NDList, NDList> criteria = Criteria.builder().setTypes(NDList.class, NDList.class)
				.optModelPath(modelDir).optEngine("TensorFlow").optOption("Tags", String.join(",", tags))
				.optOption("SignatureDefKey", signatureKey)
				// DJL's TfModel takes the ConfigProto as base64 text.
				.optOption("ConfigProto", Base64.getEncoder().encodeToString(sessionConfig(threads).toByteArray()))
				.build();
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

	// ---------------------------------------------------------------------------------------------------------
	// Running

	/** Runs images {@code first .. first + count - 1} of {@code images} (at most one batch); raw output rows. */
	@Override
	protected float[][] runBatch(float[] images, int first, int count) {
		int feed = fed(count);
		if (count > feed) throw new IllegalStateException(count + " images for a batch of " + feed);
		InputSlot slot = takeSlot(feed);
		try {
			return run(slot, images, first, count, feed);
		}
		finally {
			giveBack(slot);
		}
	}

	/** Returns an input tensor to the pool for the next call with the same batch. */
	private void giveBack(InputSlot slot) {
		freeSlots.computeIfAbsent(slot.count, k -> new ConcurrentLinkedQueue<>()).add(slot);
	}

	private float[][] run(InputSlot slot, float[] images, int first, int count, int feed) {
		if (uint8Input) fillBytes(slot, images, first, count);
		else fill(slot.floats, images, first, count, slot.count);
		TF_Tensor[] result = JavacppUtils.runSession(session, null, new TF_Tensor[] {slot.tensor}, inputOp, inputIndex,
			outputOp, outputIndex, new TF_Operation[0]);
		TF_Tensor t = result[0];
		try {
			if (tensorflow.TF_TensorType(t) != tensorflow.TF_FLOAT)
				throw new ModelLoadException("Output " + output + " is not float32.");
			long total = tensorflow.TF_TensorByteSize(t) / Float.BYTES;
			long[] shape = new long[tensorflow.TF_NumDims(t)];
			for (int d = 0; d < shape.length; d++)
				shape[d] = tensorflow.TF_Dim(t, d);
			FloatBuffer fb = tensorflow.TF_TensorData(t).capacity(total * Float.BYTES).asByteBuffer()
				.order(ByteOrder.nativeOrder()).asFloatBuffer();
			return rows(fb, shape, feed, count, output.toString());
		}
		finally {
			for (TF_Tensor r : result)
				r.close();
		}
	}

	// ---------------------------------------------------------------------------------------------------------
	// Feature layer

	/**
	 * Activations at {@code layer} (a tensor name of the graph), or by default at the input of the classification
	 * layer: the tensor that the dense (MatMul) or 1x1 convolution feeding the class scores reads. Maps
	 * {@code [n, h, w, c]} (or NCHW for NCHW models) are averaged over their positions.
	 */
	@Override
	public synchronized FeatureLayer featureLayer(String layer) {
		if (isClosed()) throw new IllegalStateException("This classifier of " + modelDir + " is closed.");
		String name;
		String how;
		if ((layer == null || layer.isBlank()) && configuredFeatureLayer != null && !configuredFeatureLayer.isBlank())
			layer = configuredFeatureLayer;
		if (layer == null || layer.isBlank()) {
			name = signature.featureTensor(output);
			if (name == null)
				throw new FeatureLayerException("Cannot find the classification layer of the model in " + modelDir +
					": the class scores " + output + " are not computed by a dense layer (MatMul) or 1x1 convolution " +
					"through bias, softmax and reshapes. Fix: name the feature layer with --feature-layer NAME " +
					"(feature_layer in Fiji and " + ModelOptions.PROPERTIES_FILE + "); candidates, nearest to the " +
					"output first: " + String.join(", ", signature.featureCandidates(output, 15)) + ".");
			how = "the input of the classification layer";
		}
		else {
			name = SavedModelSignature.tensorName(layer.strip());
			if (!signature.hasTensor(name))
				throw new FeatureLayerException("The model in " + modelDir + " has no layer '" + layer.strip() + "'. " +
					"Fix: give one of its layers to --feature-layer (feature_layer), e.g., nearest to the output " +
					"first: " + String.join(", ", signature.featureCandidates(output, 15)) + "; or leave it empty " +
					"for the input of the classification layer.");
			how = "named by feature_layer";
		}
		Pair<TF_Operation, Integer> op;
		try {
			op = JavacppUtils.getGraphOperationByName(graph, name);
		}
		catch (RuntimeException e) {
			throw new FeatureLayerException("The layer '" + name + "' of the model in " + modelDir + " cannot be read: " +
				message(e) + ". Fix: give another layer with --feature-layer; candidates: " + String.join(", ",
					signature.featureCandidates(output, 15)) + ".");
		}
		TF_Operation[] ops = {op.getKey()};
		int[] index = {op.getValue()};
		String chosen = name, reason = how;
		return new FeatureLayer() {
			@Override
			public String name() {
				return chosen;
			}

			@Override
			public String howChosen() {
				return reason;
			}

			@Override
			public float[][] features(float[] images, int count) {
				return activations(images, count, ops, index, chosen);
			}
		};
	}

	private synchronized float[][] activations(float[] images, int count, TF_Operation[] ops, int[] index, String name) {
		if (isClosed()) throw new IllegalStateException("This classifier of " + modelDir + " is closed.");
		float[][] out = new float[count][];
		for (int start = 0; start < count; start += batchSize()) {
			int m = Math.min(batchSize(), count - start), feed = fed(m);
			InputSlot slot = takeSlot(feed);
			try {
				batchActivations(slot, images, start, m, feed, ops, index, name, out);
			}
			finally {
				giveBack(slot);
			}
		}
		return out;
	}

	/** Fills {@code slot} with images {@code start .. start + m - 1} and writes their activations into {@code out}. */
	private void batchActivations(InputSlot slot, float[] images, int start, int m, int feed, TF_Operation[] ops,
		int[] index, String name, float[][] out)
	{
		if (uint8Input) fillBytes(slot, images, start, m);
		else fill(slot.floats, images, start, m, slot.count);
		if (ops[0].equals(inputOp[0]) && index[0] == inputIndex[0]) {
			// the input itself (TensorFlow cannot fetch what it is fed): the values as fed, averaged over positions
			if (uint8Input) throw new FeatureLayerException("The layer '" + name + "' is the uint8 input of " +
				modelDir + ". Fix: give a layer after the input with --feature-layer.");
			long[] shape = inputLayout().shape(feed, inputWidth(), inputHeight());
			for (int i = 0; i < m; i++)
				out[start + i] = pool(slot.floats, i * imageSize(), shape, inputLayout() == InputLayout.NHWC);
			return;
		}
		TF_Tensor[] result = JavacppUtils.runSession(session, null, new TF_Tensor[] {slot.tensor}, inputOp,
			inputIndex, ops, index, new TF_Operation[0]);
		TF_Tensor t = result[0];
		try {
			if (tensorflow.TF_TensorType(t) != tensorflow.TF_FLOAT)
				throw new FeatureLayerException("The layer '" + name + "' of " + modelDir + " is not float32. Fix: " +
					"give another layer with --feature-layer.");
			long total = tensorflow.TF_TensorByteSize(t) / Float.BYTES;
			long[] shape = new long[tensorflow.TF_NumDims(t)];
			for (int d = 0; d < shape.length; d++)
				shape[d] = tensorflow.TF_Dim(t, d);
			if (shape.length < 2 || shape[0] != feed)
				throw new FeatureLayerException("The layer '" + name + "' of " + modelDir + " has shape " +
					java.util.Arrays.toString(shape) + ", without a batch axis of " + feed + ". Fix: give a layer " +
					"computed per image with --feature-layer.");
			FloatBuffer fb = tensorflow.TF_TensorData(t).capacity(total * Float.BYTES).asByteBuffer()
				.order(ByteOrder.nativeOrder()).asFloatBuffer();
			int per = (int) (total / feed);
			for (int i = 0; i < m; i++)
				out[start + i] = pool(fb, i * per, shape, inputLayout() == InputLayout.NHWC);
		}
		finally {
			for (TF_Tensor r : result)
				r.close();
		}
	}

	/** One image's activations as a vector: rank 2 as is, rank 4 averaged over the spatial axes. */
	private static float[] pool(FloatBuffer fb, int offset, long[] shape, boolean channelsLast) {
		int per = 1;
		for (int d = 1; d < shape.length; d++)
			per *= (int) shape[d];
		if (shape.length != 4) {
			float[] v = new float[per];
			fb.get(offset, v);
			return v;
		}
		int channels = (int) (channelsLast ? shape[3] : shape[1]), positions = per / channels;
		double[] sum = new double[channels];
		for (int k = 0; k < per; k++)
			sum[channelsLast ? k % channels : k / positions] += fb.get(offset + k);
		float[] v = new float[channels];
		for (int c = 0; c < channels; c++)
			v[c] = (float) (sum[c] / positions);
		return v;
	}

	/** A free input tensor for {@code count} images, or a new one. */
	private InputSlot takeSlot(int count) {
		Queue<InputSlot> free = freeSlots.get(count);
		InputSlot reused = free == null ? null : free.poll();
		if (reused != null) return reused;
		long[] dims = inputLayout().shape(count, inputWidth(), inputHeight());
		long bytes = (long) count * imageSize() * (uint8Input ? 1 : Float.BYTES);
		TF_Tensor tensor = AbstractTF_Tensor.allocateTensor(uint8Input ? tensorflow.TF_UINT8 : tensorflow.TF_FLOAT,
			dims, bytes);
		if (tensor == null || tensor.isNull())
			throw new OutOfMemoryError("TensorFlow cannot allocate an input tensor of " + bytes + " bytes; use a smaller batch size.");
		ByteBuffer buffer = tensorflow.TF_TensorData(tensor).capacity(bytes).asByteBuffer().order(ByteOrder.nativeOrder());
		return new InputSlot(count, tensor, uint8Input ? null : buffer.asFloatBuffer(), buffer);
	}

	/** TensorFlow sessions take concurrent runs, and each call has its own input tensor. */
	@Override
	protected boolean concurrentCalls() {
		return true;
	}

	/** uint8 input: the 8-bit samples as they are (rounded, clamped), in the input's layout; padding images are zero. */
	private void fillBytes(InputSlot slot, float[] images, int first, int count) {
		int n = imageSize(), src = first * n;
		ByteBuffer b = slot.bytes;
		if (inputLayout() == InputLayout.NHWC) {
			for (int i = src, o = 0, end = src + count * n; i < end; i++, o++)
				b.put(o, (byte) toByte(images[i]));
		}
		else {
			int plane = inputWidth() * inputHeight();
			for (int img = 0; img < count; img++)
				for (int c = 0; c < 3; c++)
					for (int p = 0, o = img * n + c * plane, i = src + img * n + c; p < plane; p++, o++, i += 3)
						b.put(o, (byte) toByte(images[i]));
		}
		for (int o = count * n; o < slot.count * n; o++)
			b.put(o, (byte) 0);
	}

	private static int toByte(float v) {
		return v <= 0 || Float.isNaN(v) ? 0 : v >= 255 ? 255 : (int) Math.rint(v);
	}

	@Override
	protected void release() {
		for (Queue<InputSlot> free : freeSlots.values())
			for (InputSlot slot; (slot = free.poll()) != null;)
				slot.tensor.close();
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
		return inputLayout() == InputLayout.NHWC;
	}

	@Override
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

	@Override
	protected String inputDescription() {
		return input.toString();
	}

	@Override
	protected String outputDescription() {
		return output.toString();
	}

	@Override
	protected String modelDetails() {
		return "TensorFlow SavedModel, signature " + signatureKey;
	}

	@Override
	public String toString() {
		return "TensorFlowClassifier[" + modelDir.getFileName() + ", " + inputWidth() + "x" + inputHeight() + ", " +
			numClasses() + " classes, " + output.key() + "]";
	}
}
