package io.github.ablationca.pytorch;

import io.github.ablationca.classifier.AbstractModelClassifier;
import io.github.ablationca.classifier.InputLayout;
import io.github.ablationca.classifier.ModelEngine;
import io.github.ablationca.classifier.ModelLoadException;
import io.github.ablationca.classifier.ModelOptions;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A TorchScript image classifier ({@code torch.jit.trace(...).save(...)} or {@code torch.jit.script}), run offline by
 * libtorch through DJL's PyTorch engine, on the CPU.
 * <p>
 * TorchScript files record no input shape, so the layout and size come from the settings: {@code input_layout}
 * (default NCHW, PyTorch's) and {@code input_size} (default 224); a probe run at load time checks them and, when the
 * model refuses, says which settings to give. The output is the tensor the model returns (of a tuple, the one
 * {@code output} numbers, 0-based), {@code [batch, classes]}; softmax is applied when it holds logits (detected by a
 * probe run unless {@code output_kind} says). Inference runs without autograd; {@link TorchScriptGradients} gives the
 * input gradients of the same module.
 * <pre>{@code
 * ModelOptions o = new ModelOptions();
 * o.inputWidth = o.inputHeight = 32;
 * o.valueRange = ValueRange.ZERO_TO_255;
 * try (ModelClassifier model = ModelLoader.load(Path.of("resnet8_cifar10_torchscript/model.pt"), o)) { ... }
 * }</pre>
 */
public final class TorchScriptClassifier extends AbstractModelClassifier {

	/**
	 * The newest TorchScript archive format libtorch 2.7 reads ({@code kMaxSupportedFileFormatVersion}); newer PyTorch
	 * releases may write newer ones.
	 */
	static final long MAX_ARCHIVE_VERSION = 10;

	private static final Pattern UNKNOWN_OP = Pattern.compile("Unknown (?:builtin )?op(?:erator)?:? ?'?(\\w+(?:::?\\w+)*" +
		"(?:\\.\\w+)?)");

	private final Model model;
	private final PtSymbolBlock block;
	private final NDManager manager;
	private final ParameterStore parameters;
	private final int outputIndex;
	private String outputShape = "";

	/** Reused direct input buffers, which libtorch wraps without a copy: full batches, and the last other size. */
	private ByteBuffer fullSlot;
	private ByteBuffer otherSlot;

	/**
	 * Loads the TorchScript model {@code file}: each setting from {@code options}, else from {@code defaults} (the
	 * {@code ablation-ca.properties} beside it), else its default; {@link #describe()} says which.
	 *
	 * @throws ModelLoadException naming the problem and the fix: not TorchScript, saved by a newer PyTorch, an input
	 *           size or layout the model refuses, an output that is not class scores, natives that cannot be loaded
	 */
	public static TorchScriptClassifier load(Path file, ModelOptions options, ModelOptions defaults) {
		return new TorchScriptClassifier(file.toAbsolutePath().normalize(), options == null ? new ModelOptions()
			: options, defaults == null ? new ModelOptions() : defaults);
	}

	private TorchScriptClassifier(Path file, ModelOptions given, ModelOptions properties) {
		super(ModelEngine.PYTORCH, file);
		if (given.signature != null) note("signature " + given.signature + " ignored: TorchScript has no signatures");
		if (given.tags != null) note("tags " + given.tags + " ignored: TorchScript has no tags");
		if (given.input != null) note("input " + given.input + " ignored: a TorchScript model takes one tensor");
		InputLayout layout = pick(given.inputLayout, properties.inputLayout, InputLayout.NCHW, "input_layout");
		setInput(layout, spatial(-1, given.inputWidth, properties.inputWidth, "width", ""), spatial(-1,
			given.inputHeight, properties.inputHeight, "height", ""), -1);
		outputIndex = outputIndex(file, pick(given.output, properties.output, null, "output"));
		resolveCommonSettings(given, properties, file.getParent(), -1);
		checkArchiveVersion(file);

		Engine torch = PyTorchNatives.engine();
		resolveModelThreads(given, properties); // made per call: prepareCall()
		model = torch.newModel(file.getFileName().toString(), Device.cpu());
		try {
			// Loaded outside libtorch's inference mode, so that its weights can take part in autograd (gradients);
			// frozen, so that only input gradients are computed.
			model.load(file, null, Map.of("trainParam", "true"));
			model.getBlock().freezeParameters(true);
		}
		catch (IOException | MalformedModelException | RuntimeException e) {
			model.close();
			throw unreadable(file, e);
		}
		block = (PtSymbolBlock) model.getBlock();
		manager = model.getNDManager();
		parameters = new ParameterStore(manager, false);
		try {
			finishLoading(given, properties, -1, null, null, "output " + outputIndex);
		}
		catch (RuntimeException e) {
			close();
			if (e instanceof ModelLoadException m) throw m;
			throw new ModelLoadException("The TorchScript model " + file + " does not run on a batch of " +
				layout.name() + " images of " + inputWidth() + " x " + inputHeight() + " pixels " +
				Arrays.toString(layout.shape(2, inputWidth(), inputHeight())).replace(" ", "") + ": " + message(e) +
				". TorchScript files do not record their input, so tell Ablation-CA what the model was trained on: " +
				"input_size (e.g. --input-size 32) and input_layout (NCHW for PyTorch models, NHWC for channels-last " +
				"input), on the command line, in Fiji or in " + ModelOptions.PROPERTIES_FILE + " beside the model.", e);
		}
	}

	private static int outputIndex(Path file, String output) {
		if (output == null) return -1;
		try {
			int i = Integer.parseInt(output.strip());
			if (i >= 0) return i;
		}
		catch (NumberFormatException e) {
			// refused below
		}
		throw new ModelLoadException("output '" + output + "' does not name an output of the TorchScript model " + file +
			": TorchScript outputs have no names; give the 0-based index of the class scores in the tuple the " +
			"model returns (e.g. output = 0), or leave output empty when it returns one tensor.");
	}

	/**
	 * Refuses an archive that a newer PyTorch wrote than libtorch reads, before libtorch starts: its {@code version}
	 * record (the archive format) is compared with {@link #MAX_ARCHIVE_VERSION}.
	 */
	static void checkArchiveVersion(Path file) {
		Long version = null;
		try (ZipFile zip = new ZipFile(file.toFile())) {
			for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements();) {
				ZipEntry entry = e.nextElement();
				String name = entry.getName();
				if (!name.endsWith("/version") || name.indexOf('/') != name.lastIndexOf('/') && !name.endsWith(
					"/.data/version")) continue;
				String text = new String(zip.getInputStream(entry).readNBytes(64), StandardCharsets.US_ASCII).strip();
				try {
					version = Long.parseLong(text);
				}
				catch (NumberFormatException ex) {
					throw new ModelLoadException("The TorchScript archive " + file + " has a damaged version record ('" +
						text + "'); save the model again with torch.jit.save.");
				}
				break;
			}
		}
		catch (IOException e) {
			throw new ModelLoadException("Cannot read the TorchScript archive " + file + ": " + e.getMessage() + ". " +
				"Save the model again with torch.jit.save.", e);
		}
		if (version != null && version > MAX_ARCHIVE_VERSION) throw newerPyTorch(file, "its archive format version " +
			"is " + version + ", libtorch " + PyTorchNatives.PYTORCH_VERSION + " reads versions up to " +
			MAX_ARCHIVE_VERSION);
	}

	private static ModelLoadException newerPyTorch(Path file, String detail) {
		return new ModelLoadException("The TorchScript model " + file + " was saved by a newer PyTorch than Ablation-CA's " +
			"engine reads (" + detail + "). Save it with PyTorch " + PyTorchNatives.PYTORCH_VERSION.substring(0, 3) +
			" or older (torch.jit.save in that version), or export it as ONNX (torch.onnx.export), which Ablation-CA " +
			"also runs.");
	}

	private static ModelLoadException unreadable(Path file, Throwable e) {
		String m = message(e);
		if (m.contains("maximum supported version")) return newerPyTorch(file, firstLine(m));
		Matcher op = UNKNOWN_OP.matcher(m);
		if (op.find()) return new ModelLoadException("The TorchScript model " + file + " uses the operator " +
			op.group(1) + ", which libtorch " + PyTorchNatives.PYTORCH_VERSION + " does not know: it was saved by a " +
			"newer PyTorch (save it with PyTorch " + PyTorchNatives.PYTORCH_VERSION.substring(0, 3) + " or older), or " +
			"it needs a custom operator library, which Ablation-CA cannot load. Exporting it as ONNX " +
			"(torch.onnx.export) also works.", e);
		return new ModelLoadException("libtorch " + PyTorchNatives.PYTORCH_VERSION + " cannot load " + file + " as " +
			"TorchScript: " + firstLine(m) + ". Save the model with torch.jit.trace(model, example_input).save(...) " +
			"(or torch.jit.script), or export it as ONNX.", e);
	}

	private static String firstLine(String s) {
		int i = s.indexOf('\n');
		return i < 0 ? s : s.substring(0, i);
	}

	// ---------------------------------------------------------------------------------------------------------
	// Running

	@Override
	protected float[][] runBatch(float[] images, int first, int count) {
		prepareCall();
		try (NDManager call = manager.newSubManager()) {
			NDList out = block.forward(parameters, new NDList(input(call, images, first, count, slot(count))), false);
			NDArray scores = scores(out);
			long[] shape = scores.getShape().getShape();
			long[] perBatch = shape.clone();
			if (perBatch.length > 0) perBatch[0] = -1;
			outputShape = Arrays.toString(perBatch).replace(" ", "");
			if (scores.getDataType() != DataType.FLOAT32) scores = scores.toType(DataType.FLOAT32, false);
			return rows(FloatBuffer.wrap(scores.toFloatArray()), shape, count, count, outputDescription());
		}
	}

	/**
	 * Runs the module's graph as saved, without TorchScript's profiling executor: that one re-optimises the graph
	 * for every new input shape (probe, full and last batches differ) for no measured gain on these networks (MobileNet
	 * V2 at batch 16: 40 vs 32-39 images/s, batch 1: 43-49 vs 49-56), at the cost of slow first calls. The setting is
	 * per thread in libtorch, so it is made before every call, as is the thread count ({@code model_threads}).
	 */
	void prepareCall() {
		JniUtils.setGraphExecutorOptimize(false);
		PyTorchNatives.useThreads(modelThreads());
	}

	/** The 8-bit images as a model-input array over {@code buffer} (value range and layout applied). */
	NDArray input(NDManager m, float[] images, int first, int count, ByteBuffer buffer) {
		fill(buffer.asFloatBuffer(), images, first, count, count);
		return m.create(buffer, new Shape(inputLayout().shape(count, inputWidth(), inputHeight())), DataType.FLOAT32);
	}

	/** The class-score tensor of what the module returned. */
	NDArray scores(NDList out) {
		if (out.isEmpty())
			throw new ModelLoadException("The TorchScript model " + modelPath() + " returned no tensor; Ablation-CA " +
				"needs the class scores [batch, classes].");
		if (outputIndex < 0) {
			if (out.size() > 1) {
				List<String> shapes = new ArrayList<>();
				for (int i = 0; i < out.size(); i++)
					shapes.add(i + ": " + Arrays.toString(out.get(i).getShape().getShape()).replace(" ", ""));
				throw new ModelLoadException("The TorchScript model " + modelPath() + " returns " + out.size() +
					" tensors (" + String.join(", ", shapes) + "). Say which holds the class scores with --output N " +
					"(output in " + ModelOptions.PROPERTIES_FILE + ", 0-based).");
			}
			return out.get(0);
		}
		if (outputIndex >= out.size())
			throw new ModelLoadException("output " + outputIndex + " does not exist: the TorchScript model " +
				modelPath() + " returns " + out.size() + " tensor" + (out.size() == 1 ? "" : "s") + " (0-based index).");
		return out.get(outputIndex);
	}

	ByteBuffer slot(int count) {
		int bytes = count * imageSize() * Float.BYTES;
		if (count == batchSize()) {
			if (fullSlot == null) fullSlot = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
			return fullSlot;
		}
		if (otherSlot == null || otherSlot.capacity() != bytes)
			otherSlot = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
		return otherSlot;
	}

	/** The loaded module (for the gradients of the same model). */
	PtSymbolBlock block() {
		return block;
	}

	NDManager manager() {
		return manager;
	}

	@Override
	protected void release() {
		if (model != null) model.close();
		fullSlot = otherSlot = null;
	}

	@Override
	protected String inputDescription() {
		return "one tensor (TorchScript records no shape; from the settings)";
	}

	@Override
	protected String outputDescription() {
		return (outputIndex < 0 ? "the returned tensor" : "returned tensor " + outputIndex) + (outputShape.isEmpty() ? ""
			: " " + outputShape);
	}

	@Override
	protected String modelDetails() {
		return "TorchScript model, libtorch " + PyTorchNatives.PYTORCH_VERSION + " (CPU) through DJL";
	}
}
