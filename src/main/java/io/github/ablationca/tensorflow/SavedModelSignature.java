package io.github.ablationca.tensorflow;

import io.github.ablationca.classifier.InputLayout;
import io.github.ablationca.classifier.ModelLoadException;
import io.github.ablationca.classifier.ModelOptions;
import io.github.ablationca.classifier.OutputKind;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What a SavedModel's serving signature says about its input and outputs, read from {@code saved_model.pb} before
 * TensorFlow loads anything, so a wrong folder or an unsuitable model gets a clear message at once.
 */
final class SavedModelSignature {

	/** One tensor of the signature: key, graph tensor name ({@code op:index}), type and shape (null = unknown rank). */
	record Tensor(String key, String name, DataType dtype, long[] shape) {

		String shapeText() {
			return shape == null ? "[unknown rank]" : Arrays.toString(shape).replace(" ", "");
		}

		String typeText() {
			return dtype.name().replace("DT_", "").toLowerCase(Locale.ROOT);
		}

		@Override
		public String toString() {
			return "'" + key + "' (" + name + ", " + typeText() + " " + shapeText() + ")";
		}

		boolean matches(String nameOrKey) {
			String n = nameOrKey.strip();
			return key.equals(n) || name.equals(n) || name.equals(n + ":0");
		}
	}

	/** Ops that pass values through unchanged (or only reshape them), followed when looking for an output's producer. */
	private static final Set<String> PASS_THROUGH = Set.of("Identity", "IdentityN", "StopGradient", "Snapshot",
		"Reshape", "Squeeze", "ExpandDims", "CheckNumerics", "PreventGradient", "EnsureShape");
	/** Ops whose result is an unbounded score (logits). */
	private static final Set<String> LINEAR = Set.of("BiasAdd", "BiasAddV1", "MatMul", "BatchMatMul",
		"BatchMatMulV2", "BatchMatMulV3", "Add", "AddV2", "Sub", "Conv2D", "Mean", "AvgPool", "Einsum",
		"FusedBatchNorm", "FusedBatchNormV3", "LogSoftmax");

	final Path modelDir;
	final String signatureKey;
	final SignatureDef signature;
	final Map<String, NodeDef> nodes;
	final List<Tensor> inputs;
	final List<Tensor> outputs;

	private SavedModelSignature(Path modelDir, String signatureKey, SignatureDef signature, GraphDef graph) {
		this.modelDir = modelDir;
		this.signatureKey = signatureKey;
		this.signature = signature;
		this.nodes = new HashMap<>();
		for (NodeDef n : graph.getNodeList())
			nodes.put(n.getName(), n);
		this.inputs = tensors(signature.getInputsMap());
		this.outputs = tensors(signature.getOutputsMap());
	}

	private static List<Tensor> tensors(Map<String, TensorInfo> map) {
		List<Tensor> out = new ArrayList<>();
		for (Map.Entry<String, TensorInfo> e : new TreeMap<>(map).entrySet()) {
			TensorInfo info = e.getValue();
			TensorShapeProto s = info.getTensorShape();
			long[] shape = !info.hasTensorShape() || s.getUnknownRank() ? null
				: s.getDimList().stream().mapToLong(TensorShapeProto.Dim::getSize).toArray();
			out.add(new Tensor(e.getKey(), info.getName(), info.getDtype(), shape));
		}
		return out;
	}

	/**
	 * Reads {@code modelDir/saved_model.pb} and picks the meta graph with {@code tags} and the signature
	 * {@code signatureKey} ({@code null} = {@code serving_default}, or the only signature there is).
	 */
	static SavedModelSignature read(Path modelDir, String[] tags, String signatureKey) {
		Path pb = modelDir.resolve("saved_model.pb");
		SavedModel model;
		try (InputStream in = Files.newInputStream(pb)) {
			model = SavedModel.parseFrom(in);
		}
		catch (IOException e) {
			throw new ModelLoadException(pb + " is not a readable TensorFlow SavedModel (" + e.getMessage() +
				"). Re-export the model with tf.saved_model.save or model.export().", e);
		}
		if (model.getMetaGraphsCount() == 0)
			throw new ModelLoadException(pb + " holds no graph; re-export the model with tf.saved_model.save or model.export().");
		MetaGraphDef chosen = null;
		List<String> tagSets = new ArrayList<>();
		for (MetaGraphDef mg : model.getMetaGraphsList()) {
			List<String> have = mg.getMetaInfoDef().getTagsList();
			tagSets.add(String.join(",", have));
			if (chosen == null && have.containsAll(Arrays.asList(tags))) chosen = mg;
		}
		if (chosen == null)
			throw new ModelLoadException("The SavedModel in " + modelDir + " has no graph tagged '" +
				String.join(",", tags) + "'; its tag sets are: " + String.join(" | ", tagSets) +
				". Choose one with --tags (ModelOptions.tags, or 'tags' in " + ModelOptions.PROPERTIES_FILE + ").");
		Map<String, SignatureDef> sigs = new TreeMap<>();
		for (Map.Entry<String, SignatureDef> e : chosen.getSignatureDefMap().entrySet())
			if (!e.getKey().startsWith("__")) sigs.put(e.getKey(), e.getValue()); // __saved_model_init_op is no signature
		String key = signatureKey;
		if (key == null) {
			if (sigs.containsKey("serving_default")) key = "serving_default";
			else if (sigs.size() == 1) key = sigs.keySet().iterator().next();
			else if (sigs.isEmpty())
				throw new ModelLoadException("The SavedModel in " + modelDir + " has no signature, so its input and " +
					"output are unknown. Export it with a serving signature (tf.saved_model.save(model, dir, " +
					"signatures=...) or model.export(dir)).");
			else
				throw new ModelLoadException("The SavedModel in " + modelDir + " has several signatures and none is " +
					"'serving_default': " + String.join(", ", sigs.keySet()) + ". Choose one with --signature " +
					"(ModelOptions.signature, or 'signature' in " + ModelOptions.PROPERTIES_FILE + ").");
		}
		else if (!sigs.containsKey(key))
			throw new ModelLoadException("The SavedModel in " + modelDir + " has no signature '" + key +
				"'; its signatures are: " + (sigs.isEmpty() ? "(none)" : String.join(", ", sigs.keySet())) + ".");
		return new SavedModelSignature(modelDir, key, sigs.get(key), chosen.getGraphDef());
	}

	/** The layout of {@code t} if it can hold a batch of RGB images (NHWC where the shape does not tell), else null. */
	static InputLayout imageLayout(Tensor t) {
		if (t.dtype != DataType.DT_FLOAT && t.dtype != DataType.DT_UINT8) return null;
		if (!InputLayout.NCHW.fits(t.shape) && !InputLayout.NHWC.fits(t.shape)) return null;
		InputLayout layout = InputLayout.of(t.shape);
		return layout == null ? InputLayout.NHWC : layout;
	}

	private static final String IMAGE_INPUT_NEEDED = "Ablation-CA needs an image input: float32 (or uint8) of shape " +
		"[batch, height, width, 3] (NHWC) or [batch, 3, height, width] (NCHW).";

	/** The image input: {@code requested} (key or tensor name) or the only image-shaped input. */
	Tensor chooseInput(String requested) {
		if (inputs.isEmpty())
			throw new ModelLoadException("Signature '" + signatureKey + "' of " + modelDir + " has no inputs. " +
				IMAGE_INPUT_NEEDED);
		Tensor chosen;
		if (requested != null) {
			chosen = inputs.stream().filter(t -> t.matches(requested)).findFirst().orElseThrow(() ->
				new ModelLoadException("Signature '" + signatureKey + "' of " + modelDir + " has no input '" +
					requested + "'; its inputs are: " + list(inputs) + "."));
			if (imageLayout(chosen) == null)
				throw new ModelLoadException("Input " + chosen + " of " + modelDir + " is not an image tensor. " +
					IMAGE_INPUT_NEEDED);
		}
		else {
			List<Tensor> images = inputs.stream().filter(t -> imageLayout(t) != null).collect(Collectors.toList());
			if (images.isEmpty())
				throw new ModelLoadException("The model in " + modelDir + " has no image input: " +
					(inputs.size() == 1 ? "its input is " : "its inputs are ") + list(inputs) + ". " +
					IMAGE_INPUT_NEEDED + " This SavedModel does not look like an image classifier" +
					" (or choose another signature with --signature).");
			if (images.size() > 1)
				throw new ModelLoadException("The model in " + modelDir + " has several image inputs: " +
					list(images) + ". Choose one with --input NAME (ModelOptions.input, or 'input' in " +
					ModelOptions.PROPERTIES_FILE + ").");
			chosen = images.get(0);
		}
		for (Tensor other : inputs) {
			if (other == chosen) continue;
			NodeDef node = nodes.get(opName(other.name));
			if (node == null || !node.getOp().equals("PlaceholderWithDefault"))
				throw new ModelLoadException("The model in " + modelDir + " needs more inputs than the image " +
					chosen.key + ": also " + other + ". Ablation-CA feeds one image input only; export a signature " +
					"that takes just the image.");
		}
		return chosen;
	}

	/** Outputs that can hold class scores: float, shape [batch, classes] (or [batch, 1, 1, classes]). */
	List<Tensor> scoreCandidates() {
		List<Tensor> out = new ArrayList<>();
		for (Tensor t : outputs) {
			if (t.dtype != DataType.DT_FLOAT) continue;
			if (t.shape == null) {
				out.add(t);
				continue;
			}
			if (t.shape.length < 2) continue;
			int big = 0;
			for (int i = 1; i < t.shape.length; i++)
				if (t.shape[i] != 1) big++;
			if (big <= 1) out.add(t);
		}
		return out;
	}

	/**
	 * The class-score output: {@code requested} (key or tensor name), or the only candidate, or the probabilities
	 * of a logits/probabilities pair.
	 */
	Tensor chooseOutput(String requested) {
		if (requested != null) {
			Tensor t = outputs.stream().filter(o -> o.matches(requested)).findFirst().orElseThrow(() ->
				new ModelLoadException("Signature '" + signatureKey + "' of " + modelDir + " has no output '" +
					requested + "'; its outputs are: " + list(outputs) + "."));
			if (t.dtype != DataType.DT_FLOAT)
				throw new ModelLoadException("Output " + t + " of " + modelDir + " is not float32 class scores; " +
					"choose a float output of shape [batch, classes]: " + list(scoreCandidates()) + ".");
			return t;
		}
		List<Tensor> candidates = scoreCandidates();
		if (candidates.isEmpty())
			throw new ModelLoadException("The model in " + modelDir + " has no output of class scores (float32, " +
				"shape [batch, classes]); its outputs are: " + list(outputs) + ".");
		if (candidates.size() == 1) return candidates.get(0);
		// A logits/probabilities pair of the same size: take the probabilities, as computed by the graph.
		List<Tensor> probabilities = new ArrayList<>();
		boolean othersLogits = true;
		Set<Long> sizes = new LinkedHashSet<>();
		for (Tensor t : candidates) {
			OutputKind k = kindFromGraph(t);
			if (k == null) k = kindFromName(t);
			if (k == OutputKind.PROBABILITIES) probabilities.add(t);
			else if (k != OutputKind.LOGITS) othersLogits = false;
			sizes.add(t.shape == null ? -1 : t.shape[t.shape.length - 1]);
		}
		if (probabilities.size() == 1 && othersLogits && sizes.size() == 1 && !sizes.contains(-1L))
			return probabilities.get(0);
		throw new ModelLoadException("The model in " + modelDir + " has several outputs that could be class scores: " +
			candidates.stream().map(t -> t + describeKind(t)).collect(Collectors.joining(", ")) +
			". Choose one with --output NAME (ModelOptions.output, or 'output' in " + ModelOptions.PROPERTIES_FILE + ").");
	}

	private String describeKind(Tensor t) {
		OutputKind k = kindFromGraph(t);
		if (k == null) k = kindFromName(t);
		return k == null ? "" : " [" + k + "]";
	}

	/** The kind by the op that produces {@code t} (through identity/reshape ops), or null if not telling. */
	OutputKind kindFromGraph(Tensor t) {
		String op = producerOp(t.name);
		if (op == null) return null;
		if (op.equals("Softmax")) return OutputKind.PROBABILITIES;
		if (LINEAR.contains(op)) return OutputKind.LOGITS;
		return null;
	}

	/** The op type that computes tensor {@code name}, looking through {@link #PASS_THROUGH} ops. */
	String producerOp(String name) {
		NodeDef node = nodes.get(opName(name));
		for (int hops = 0; node != null && hops < 50; hops++) {
			if (!PASS_THROUGH.contains(node.getOp()) || node.getInputCount() == 0) return node.getOp();
			node = nodes.get(opName(node.getInput(0)));
		}
		return null;
	}

	/** The kind by the output's key or tensor name ("logits", "probs", "softmax"), or null. */
	static OutputKind kindFromName(Tensor t) {
		return OutputKind.fromName(t.key + " " + t.name);
	}

	static String opName(String tensorName) {
		String n = tensorName.startsWith("^") ? tensorName.substring(1) : tensorName;
		int colon = n.lastIndexOf(':');
		if (colon > 0 && n.substring(colon + 1).chars().allMatch(Character::isDigit)) n = n.substring(0, colon);
		return n;
	}

	private static String list(List<Tensor> ts) {
		return ts.isEmpty() ? "(none)" : ts.stream().map(Tensor::toString).collect(Collectors.joining(", "));
	}

	/** Ops that hold weights rather than activations (an input of a layer that is not the data). */
	private static final Set<String> WEIGHTS = Set.of("Const", "ReadVariableOp", "VariableV2", "VarHandleOp",
		"Variable");
	/** Ops that add a bias or a scale to the classification layer's product. */
	private static final Set<String> BIAS = Set.of("BiasAdd", "BiasAddV1", "Add", "AddV2", "Mul");
	/** The classification layer: its first data input is the feature layer. */
	private static final Set<String> CLASSIFICATION = Set.of("MatMul", "Conv2D", "Einsum", "BatchMatMul",
		"BatchMatMulV2", "BatchMatMulV3");
	/** Op types that make a sensible feature layer, listed as candidates. */
	private static final Set<String> LAYER_OPS = Set.of("Relu", "Relu6", "Elu", "Selu", "LeakyRelu", "Sigmoid",
		"Tanh", "Swish", "AvgPool", "MaxPool", "MaxPoolV2", "Mean", "Max", "Reshape", "Squeeze", "BiasAdd", "Add", "AddV2",
		"ConcatV2", "FusedBatchNorm", "FusedBatchNormV3", "MatMul", "Conv2D", "DepthwiseConv2dNative", "Identity");

	/**
	 * The tensor that feeds the classification layer of {@code output} (the dense or 1x1 convolution whose result,
	 * through bias, softmax and reshapes, is the class score), e.g. {@code global_max_pool:0}; null when the graph
	 * does not show one.
	 */
	String featureTensor(Tensor output) {
		NodeDef node = nodes.get(opName(output.name));
		for (int hops = 0; node != null && hops < 50; hops++) {
			String op = node.getOp();
			if (CLASSIFICATION.contains(op)) {
				String data = dataInput(node);
				return data == null ? null : tensorName(data);
			}
			if (node.getInputCount() == 0) return null;
			if (PASS_THROUGH.contains(op) || op.equals("Softmax") || op.equals("LogSoftmax")) node = nodes.get(opName(
				node.getInput(0)));
			else if (BIAS.contains(op)) {
				String data = dataInput(node);
				node = data == null ? null : nodes.get(opName(data));
			}
			else return null;
		}
		return null;
	}

	/** The first input of {@code node} that is not weights (through identities), or null. */
	private String dataInput(NodeDef node) {
		for (int i = 0; i < node.getInputCount(); i++) {
			String in = node.getInput(i);
			if (in.startsWith("^")) continue;
			if (!holdsWeights(in)) return in;
		}
		return null;
	}

	private boolean holdsWeights(String tensor) {
		NodeDef n = nodes.get(opName(tensor));
		for (int hops = 0; n != null && hops < 10; hops++) {
			if (WEIGHTS.contains(n.getOp())) return true;
			if (!n.getOp().equals("Identity") || n.getInputCount() == 0) return false;
			n = nodes.get(opName(n.getInput(0)));
		}
		return false;
	}

	/** Whether the graph has an op called like the tensor {@code name} ({@code op} or {@code op:index}). */
	boolean hasTensor(String name) {
		return nodes.containsKey(opName(name.strip()));
	}

	/**
	 * Up to {@code max} tensors near the output that could serve as a feature layer, the nearest first (a
	 * breadth-first walk up the graph from {@code output}), as {@code name:0 (Op)}.
	 */
	List<String> featureCandidates(Tensor output, int max) {
		List<String> found = new ArrayList<>();
		Set<String> seen = new java.util.HashSet<>();
		java.util.ArrayDeque<String> queue = new java.util.ArrayDeque<>();
		queue.add(opName(output.name));
		while (!queue.isEmpty() && found.size() < max && seen.size() < 100_000) {
			String name = queue.poll();
			if (!seen.add(name)) continue;
			NodeDef n = nodes.get(name);
			if (n == null || WEIGHTS.contains(n.getOp())) continue;
			if (LAYER_OPS.contains(n.getOp()) && !holdsWeights(name)) found.add(name + ":0 (" + n.getOp() + ")");
			for (String in : n.getInputList())
				if (!in.startsWith("^")) queue.add(opName(in));
		}
		return found;
	}

	static String tensorName(String input) {
		String n = input.startsWith("^") ? input.substring(1) : input;
		int colon = n.lastIndexOf(':');
		return colon > 0 && n.substring(colon + 1).chars().allMatch(Character::isDigit) ? n : n + ":0";
	}
}
