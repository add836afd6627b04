package io.github.ablationca.onnx;

import io.github.ablationca.classifier.AbstractModelClassifier;
import io.github.ablationca.classifier.InputLayout;
import io.github.ablationca.classifier.ModelEngine;
import io.github.ablationca.classifier.ModelLoadException;
import io.github.ablationca.classifier.ModelOptions;
import io.github.ablationca.classifier.OutputKind;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An ONNX image classifier, run offline by ONNX Runtime (its Java API: the session runs only the chosen output, and
 * the 8-bit images are packed straight into a reused direct buffer that the input tensor wraps without a copy).
 * <p>
 * The model must take one float32 image input, {@code [batch, 3, height, width]} (NCHW, as PyTorch exports) or
 * {@code [batch, height, width, 3]}; layout and size are read from the input's shape (dynamic height and width are
 * fed at {@code input_size}, default 224). The class scores are the only output of shape {@code [batch, classes]}
 * (or the one {@code output} names; of a logits/probabilities pair the probabilities); softmax is applied when they
 * are logits. ONNX Runtime gives no gradients, so the gradient methods do not run on ONNX models.
 * <pre>{@code
 * try (ModelClassifier model = ModelLoader.load(Path.of("resnet8_cifar10_onnx/model.onnx"), options)) { ... }
 * }</pre>
 */
public final class OnnxClassifier extends AbstractModelClassifier {

	private static final String ONE_IMAGE_INPUT = "Ablation-CA feeds a model one input, the image: float32 of shape " +
		"[batch, 3, height, width] (NCHW) or [batch, height, width, 3] (NHWC).";

	private final OrtEnvironment env;
	private final OrtSession session;
	private final Tensor input;
	private final Tensor output;
	private final Set<String> outputs;
	private final String producer;

	/** Reused input buffers and the tensors that wrap them: one for full batches, one for the last other size. */
	private Slot fullSlot;
	private Slot otherSlot;

	private record Slot(int count, FloatBuffer buffer, OnnxTensor tensor) {}

	/** An input or output as ONNX Runtime describes it. */
	private record Tensor(String name, OnnxJavaType type, long[] shape) {

		static Tensor of(NodeInfo node) {
			if (node.getInfo() instanceof TensorInfo t) return new Tensor(node.getName(), t.type, t.getShape());
			return new Tensor(node.getName(), null, null);
		}

		@Override
		public String toString() {
			return "'" + name + "' (" + (type == null ? "not a tensor" : type.toString().toLowerCase(Locale.ROOT) + " " +
				(shape == null ? "[?]" : Arrays.toString(shape).replace(" ", ""))) + ")";
		}

		/** Whether it can hold class scores: float, [batch, classes] or [batch, classes, 1, ...]. */
		boolean scores() {
			if (type != OnnxJavaType.FLOAT || shape == null || shape.length < 2) return false;
			int big = 0;
			for (int i = 1; i < shape.length; i++)
				if (shape[i] != 1) big++;
			return big <= 1;
		}

		long classes() {
			long n = 1;
			for (int i = 1; i < shape.length; i++) {
				if (shape[i] < 0) return -1;
				n *= shape[i];
			}
			return n;
		}
	}

	/**
	 * Loads the ONNX model {@code file}: each setting from {@code options}, else from {@code defaults} (the
	 * {@code ablation-ca.properties} beside it), else its default; {@link #describe()} says which.
	 *
	 * @throws ModelLoadException naming the problem and the fix: not a readable ONNX model, not one image input,
	 *           no class-score output, labels that do not fit, natives that cannot be loaded
	 */
	public static OnnxClassifier load(Path file, ModelOptions options, ModelOptions defaults) {
		return new OnnxClassifier(file.toAbsolutePath().normalize(), options == null ? new ModelOptions() : options,
			defaults == null ? new ModelOptions() : defaults);
	}

	private OnnxClassifier(Path file, ModelOptions given, ModelOptions properties) {
		super(ModelEngine.ONNX, file);
		for (String ignored : ignoredSettings(given))
			note(ignored + " ignored: ONNX models have no signatures or tags");
		env = OnnxNatives.environment();
		int threads = resolveModelThreads(given, properties);
		try (OrtSession.SessionOptions options = sessionOptions(threads)) {
			session = env.createSession(file.toString(), options);
		}
		catch (OrtException | RuntimeException e) {
			throw new ModelLoadException(file + " is not an ONNX model that ONNX Runtime " + OnnxNatives.VERSION +
				" can load: " + message(e) + ". " + (message(e).contains("opset") ? "Export it again with an opset " +
				"ONNX Runtime " + OnnxNatives.VERSION + " supports (torch.onnx.export(..., opset_version=17))." :
				"Check that the file is complete, or export the model again (torch.onnx.export or tf2onnx)."), e);
		}
		try {
			producer = producer(session);
			input = chooseInput(file, pick(given.input, properties.input, null, "input"));
			long[] shape = input.shape;
			InputLayout layout = InputLayout.resolve(shape, pick(given.inputLayout, properties.inputLayout, null,
				"input_layout"), InputLayout.NCHW, input + " of the ONNX model " + file);
			setInput(layout, spatial(layout.width(shape), given.inputWidth, properties.inputWidth, "width",
				input.toString()), spatial(layout.height(shape), given.inputHeight, properties.inputHeight, "height",
				input.toString()), (int) shape[0]);
			output = chooseOutput(file, session.getOutputInfo(), pick(given.output, properties.output, null,
				"output"));
			outputs = Set.of(output.name);
			long knownClasses = output.shape == null ? -1 : output.classes();
			resolveCommonSettings(given, properties, file.getParent(), knownClasses);
			finishLoading(given, properties, knownClasses, null, null, output.name);
		}
		catch (RuntimeException | OrtException e) {
			close();
			if (e instanceof ModelLoadException m) throw m;
			throw new ModelLoadException("The ONNX model " + file + " cannot run on a " + inputWidth() + " x " +
				inputHeight() + " image: " + message(e) + ". If its input size is dynamic, set the size it was " +
				"trained for (--input-size, or 'input_size' in " + ModelOptions.PROPERTIES_FILE + ").", e);
		}
	}

	/**
	 * Session options for {@code threads} CPU threads per call (0 = ONNX Runtime's default, all cores). The thread
	 * pools are the session's own, so two models in one process may differ.
	 */
	static OrtSession.SessionOptions sessionOptions(int threads) throws OrtException {
		OrtSession.SessionOptions options = new OrtSession.SessionOptions();
		if (threads > 0) {
			options.setIntraOpNumThreads(threads);
			options.setInterOpNumThreads(threads);
		}
		return options;
	}

	static List<String> ignoredSettings(ModelOptions given) {
		List<String> out = new ArrayList<>();
		if (given.signature != null) out.add("signature " + given.signature);
		if (given.tags != null) out.add("tags " + given.tags);
		return out;
	}

	private static String producer(OrtSession session) {
		try {
			var m = session.getMetadata();
			String p = (m.getProducerName() + " " + m.getVersion()).strip();
			return p.isEmpty() || p.equals("0") ? "" : m.getProducerName();
		}
		catch (OrtException e) {
			return "";
		}
	}

	private Tensor chooseInput(Path file, String requested) throws OrtException {
		List<Tensor> inputs = session.getInputInfo().values().stream().map(Tensor::of).toList();
		if (inputs.isEmpty()) throw new ModelLoadException("The ONNX model " + file + " has no inputs. " +
			ONE_IMAGE_INPUT);
		if (requested != null && inputs.stream().noneMatch(t -> t.name.equals(requested)))
			throw new ModelLoadException("The ONNX model " + file + " has no input '" + requested + "'; its inputs " +
				"are: " + list(inputs) + ".");
		if (inputs.size() > 1) {
			long images = inputs.stream().filter(OnnxClassifier::isImage).count();
			throw new ModelLoadException("The ONNX model " + file + " has " + inputs.size() + " inputs" + (images > 1
				? ", " + images + " of them images" : "") + ": " + list(inputs) + ". " + ONE_IMAGE_INPUT + " Export " +
				"the model with the image as its only input (fix the other inputs as constants, e.g. wrap the network " +
				"in a module whose forward takes only the image before torch.onnx.export).");
		}
		Tensor t = inputs.get(0);
		if (t.type != OnnxJavaType.FLOAT)
			throw new ModelLoadException("The input " + t + " of the ONNX model " + file + " is not float32. " +
				ONE_IMAGE_INPUT + " Export the model with a float32 input (normalisation inside or given by " +
				"value_range).");
		if (!isImage(t))
			throw new ModelLoadException("The input " + t + " of the ONNX model " + file + " is not a batch of RGB " +
				"images. " + ONE_IMAGE_INPUT + " This model does not look like an image classifier.");
		return t;
	}

	private static boolean isImage(Tensor t) {
		return t.type == OnnxJavaType.FLOAT && (InputLayout.NCHW.fits(t.shape) || InputLayout.NHWC.fits(t.shape));
	}

	private static Tensor chooseOutput(Path file, Map<String, NodeInfo> info, String requested) {
		List<Tensor> all = info.values().stream().map(Tensor::of).toList();
		if (requested != null) {
			Tensor t = all.stream().filter(o -> o.name.equals(requested)).findFirst().orElseThrow(() ->
				new ModelLoadException("The ONNX model " + file + " has no output '" + requested + "'; its outputs " +
					"are: " + list(all) + "."));
			if (t.type != OnnxJavaType.FLOAT)
				throw new ModelLoadException("Output " + t + " of the ONNX model " + file + " is not float32 class " +
					"scores; choose a float output of shape [batch, classes]: " + list(all.stream().filter(
						Tensor::scores).toList()) + ".");
			return t;
		}
		List<Tensor> candidates = all.stream().filter(Tensor::scores).toList();
		if (candidates.isEmpty())
			throw new ModelLoadException("The ONNX model " + file + " has no output of class scores (float32, shape " +
				"[batch, classes]); its output" + (all.size() == 1 ? " is " : "s are ") + list(all) + ". Ablation-CA " +
				"explains image classifiers; a model that outputs maps (segmentation, detection, features) cannot be " +
				"explained. Export the model with its classification head.");
		if (candidates.size() == 1) return candidates.get(0);
		// A logits/probabilities pair: take the probabilities.
		List<Tensor> probabilities = candidates.stream().filter(t -> OutputKind.fromName(t.name) ==
			OutputKind.PROBABILITIES).toList();
		boolean othersLogits = candidates.stream().allMatch(t -> OutputKind.fromName(t.name) != null);
		if (probabilities.size() == 1 && othersLogits) return probabilities.get(0);
		throw new ModelLoadException("The ONNX model " + file + " has several outputs that could be class scores: " +
			list(candidates) + ". Choose one with --output NAME (output in " + ModelOptions.PROPERTIES_FILE + ").");
	}

	private static String list(List<Tensor> ts) {
		return ts.isEmpty() ? "(none)" : ts.stream().map(Tensor::toString).collect(Collectors.joining(", "));
	}

	// ---------------------------------------------------------------------------------------------------------
	// Running

	@Override
	protected float[][] runBatch(float[] images, int first, int count) {
		int feed = fed(count);
		Slot slot = slot(feed);
		fill(slot.buffer, images, first, count, feed);
		try (OrtSession.Result result = session.run(Map.of(input.name, slot.tensor), outputs)) {
			OnnxValue value = result.get(0);
			if (!(value instanceof OnnxTensor t) || t.getInfo().type != OnnxJavaType.FLOAT)
				throw new ModelLoadException("Output " + output + " of " + modelPath() + " is not a float32 tensor.");
			return rows(t.getFloatBuffer(), t.getInfo().getShape(), feed, count, output.toString());
		}
		catch (OrtException e) {
			throw new IllegalStateException("ONNX Runtime failed on " + modelPath().getFileName() + ": " +
				e.getMessage(), e);
		}
	}

	private Slot slot(int count) {
		if (fullSlot != null && fullSlot.count == count) return fullSlot;
		if (otherSlot != null && otherSlot.count == count) return otherSlot;
		FloatBuffer buffer = ByteBuffer.allocateDirect(count * imageSize() * Float.BYTES).order(ByteOrder.nativeOrder())
			.asFloatBuffer();
		OnnxTensor tensor;
		try {
			tensor = OnnxTensor.createTensor(env, buffer, inputLayout().shape(count, inputWidth(), inputHeight()));
		}
		catch (OrtException e) {
			throw new IllegalStateException("ONNX Runtime cannot make an input tensor of " + count + " images: " +
				e.getMessage(), e);
		}
		Slot slot = new Slot(count, buffer, tensor);
		if (count == batchSize()) fullSlot = slot;
		else {
			if (otherSlot != null) otherSlot.tensor.close();
			otherSlot = slot;
		}
		return slot;
	}

	@Override
	protected void release() {
		if (fullSlot != null) fullSlot.tensor.close();
		if (otherSlot != null) otherSlot.tensor.close();
		fullSlot = otherSlot = null;
		if (session != null) try {
			session.close();
		}
		catch (OrtException e) {
			// nothing more to free
		}
	}

	// ---------------------------------------------------------------------------------------------------------
	// What was loaded

	/** The input fed, e.g. {@code input}. */
	public String inputName() {
		return input.name;
	}

	/** The output read, e.g. {@code logits}. */
	public String outputName() {
		return output.name;
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
		return "ONNX model" + (producer.isEmpty() ? "" : " from " + producer) + ", ONNX Runtime " + OnnxNatives.VERSION;
	}
}
