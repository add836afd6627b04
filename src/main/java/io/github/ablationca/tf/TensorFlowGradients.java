package io.github.ablationca.tf;

import io.github.ablationca.baseline.GradientModel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Signature;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;

/**
 * Input gradients of a TensorFlow SavedModel image classifier through TF Java: the SavedModel is loaded with
 * {@link SavedModelBundle}, the input and the probability (or logits) output are found from the serving signature,
 * and {@code d probs[:, c] / d input} is added to the loaded graph with {@link Graph#addGradients}. Gradients come
 * back with respect to the 0..255 pixels (the {@link InputScaling} is applied before feeding and by the chain rule
 * after), NHWC, like a {@code Classifier} batch.
 * <p>
 * The output: the one named with {@code output} (signature key or tensor name), else the signature output computed
 * by a {@code Softmax} op, else the only output. An output that is not a probability vector (checked on a grey
 * image) is treated as logits and a softmax is added, so the gradient is always that of the class probability, the
 * score every other method and metric uses.
 * <p>
 * One gradient evaluation (forward and backward pass of one image) counts as one model call, see {@link #calls()}.
 * Not thread-safe beyond its own synchronization; close it to free the native session.
 *
 * <pre>{@code
 * try (TensorFlowGradients g = TensorFlowGradients.load(Path.of("models/mobilenet_v2_imagenet"),
 *     InputScaling.range(-1, 1))) {
 *     float[] grad = new float[g.imageSize()];
 *     g.gradients(modelImage.data(), 1, 281, grad);
 * }
 * }</pre>
 * {@code load} throws {@link GradientUnavailableException} when an op on the path has no registered gradient.
 */
public final class TensorFlowGradients implements GradientModel, AutoCloseable {

	private static final Pattern NO_GRADIENT = Pattern.compile("No gradient defined for op: ([A-Za-z0-9_]+)");

	private final Path modelDir;
	private final SavedModelBundle bundle;
	private final InputScaling scaling;
	private final Output<?> input;
	private final Output<?> probabilities;
	private final Output<?> seed;
	private final Output<?> gradient;
	private final int width, height, classes, fixedBatch;
	private final String outputDescription;
	private long calls;

	private TensorFlowGradients(Path modelDir, SavedModelBundle bundle, InputScaling scaling, Output<?> input,
		Output<?> probabilities, Output<?> seed, Output<?> gradient, int fixedBatch, String outputDescription)
	{
		this.modelDir = modelDir;
		this.bundle = bundle;
		this.scaling = scaling;
		this.input = input;
		this.probabilities = probabilities;
		this.seed = seed;
		this.gradient = gradient;
		this.height = (int) input.shape().get(1);
		this.width = (int) input.shape().get(2);
		this.classes = (int) probabilities.shape().get(1);
		this.fixedBatch = fixedBatch;
		this.outputDescription = outputDescription;
	}

	/** Loads with the output chosen automatically (see the class description). */
	public static TensorFlowGradients load(Path modelDir, InputScaling scaling) {
		return load(modelDir, scaling, null);
	}

	/**
	 * @param modelDir a SavedModel folder (tag {@code serve}, signature {@code serving_default})
	 * @param scaling how 0..255 pixels map to the model's values; the same as the classifier's value range
	 * @param output signature output key or tensor name (e.g. {@code probs} or {@code logits:0}); null = automatic
	 * @throws IllegalArgumentException if the folder is missing, not a SavedModel, or its input is not an image
	 * @throws GradientUnavailableException if the graph cannot be differentiated
	 */
	public static TensorFlowGradients load(Path modelDir, InputScaling scaling, String output) {
		if (modelDir == null) throw new IllegalArgumentException("No model folder given; pass a SavedModel folder.");
		if (scaling == null) throw new IllegalArgumentException("No input scaling given; e.g. InputScaling.range(-1, 1)" +
			" for MobileNet, InputScaling.identity() for raw 0..255 models.");
		if (!Files.isDirectory(modelDir))
			throw new IllegalArgumentException("Model folder " + modelDir + " does not exist; pass the folder that " +
				"holds saved_model.pb.");
		if (!Files.isRegularFile(modelDir.resolve("saved_model.pb")))
			throw new IllegalArgumentException(modelDir + " is not a TensorFlow SavedModel (no saved_model.pb); " +
				"export the model with tf.saved_model.save or Keras model.export.");
		TensorFlowNatives.ensureLoaded();
		SavedModelBundle bundle;
		try {
			bundle = SavedModelBundle.loader(modelDir.toString()).withTags("serve").load();
		}
		catch (TensorFlowException e) {
			throw new IllegalArgumentException("Could not load the SavedModel in " + modelDir + " with tag 'serve': " +
				firstLine(e.getMessage()), e);
		}
		try {
			return build(modelDir, bundle, scaling, output);
		}
		catch (RuntimeException e) {
			bundle.close();
			throw e;
		}
	}

	private static TensorFlowGradients build(Path modelDir, SavedModelBundle bundle, InputScaling scaling,
		String outputName)
	{
		Signature signature = null;
		for (Signature s : bundle.signatures())
			if (Signature.DEFAULT_KEY.equals(s.key())) signature = s;
		if (signature == null) {
			List<String> keys = new ArrayList<>();
			for (Signature s : bundle.signatures())
				keys.add(s.key());
			throw new IllegalArgumentException("SavedModel " + modelDir + " has no 'serving_default' signature (it has " +
				keys + "); export it with a serving signature.");
		}
		Graph graph = bundle.graph();
		Map<String, Signature.TensorDescription> inputs = signature.getInputs();
		if (inputs.size() != 1)
			throw new IllegalArgumentException("SavedModel " + modelDir + " has " + inputs.size() + " inputs " +
				inputs.keySet() + "; gradient methods need an image classifier with one image input.");
		Signature.TensorDescription in = inputs.values().iterator().next();
		Shape shape = in.shape;
		if (in.dataType != DataType.DT_FLOAT || shape.numDimensions() != 4 || shape.get(3) != 3 || shape.get(1) <= 0 ||
			shape.get(2) <= 0)
			throw new IllegalArgumentException("The input '" + in.name + "' of " + modelDir + " is " + in.dataType +
				" " + shape + ", not an image tensor; gradient methods need float32 [batch, height, width, 3] (NHWC, RGB).");
		Output<?> input = graph.outputOrThrow(in.name);
		int fixedBatch = shape.get(0) > 0 ? (int) shape.get(0) : 0;

		Map<String, Signature.TensorDescription> outs = signature.getOutputs();
		Output<?> out = null;
		String described;
		if (outputName != null) {
			Signature.TensorDescription d = outs.get(outputName);
			String tensor = d != null ? d.name : outputName.contains(":") ? outputName : outputName + ":0";
			out = graph.output(tensor);
			if (out == null)
				throw new IllegalArgumentException("Output '" + outputName + "' not found in " + modelDir +
					"; the serving signature has " + outs.keySet() + ".");
			described = outputName;
		}
		else {
			List<String> softmax = new ArrayList<>();
			for (Map.Entry<String, Signature.TensorDescription> e : outs.entrySet())
				if ("Softmax".equals(producer(graph.outputOrThrow(e.getValue().name)).type())) softmax.add(e.getKey());
			String key;
			if (softmax.size() == 1) key = softmax.get(0);
			else if (outs.size() == 1) key = outs.keySet().iterator().next();
			else throw new IllegalArgumentException("SavedModel " + modelDir + " has several outputs " + outs.keySet() +
				" and none is a single softmax; name the output to differentiate.");
			out = graph.outputOrThrow(outs.get(key).name);
			described = key;
		}
		if (out.dataType() != DataType.DT_FLOAT || out.shape().numDimensions() != 2 || out.shape().get(1) <= 1)
			throw new IllegalArgumentException("Output '" + described + "' of " + modelDir + " is " + out.dataType() +
				" " + out.shape() + "; expected float32 class scores [batch, classes].");

		Ops tf = Ops.create(graph);
		String prefix = uniquePrefix(graph);
		Output<?> probs = out;
		if (!"Softmax".equals(producer(out).type()) && !looksLikeProbabilities(bundle, input, out, fixedBatch)) {
			probs = tf.withName(prefix + "_softmax").nn.softmax(out.expect(TFloat32.class)).asOutput();
			described += " (logits, softmax added)";
		}
		Output<?> seed = tf.withName(prefix + "_seed").placeholder(TFloat32.class,
			Placeholder.shape(Shape.of(-1, out.shape().get(1)))).asOutput();
		Output<?>[] grads;
		try {
			grads = graph.addGradients(prefix, new Output<?>[] {probs}, new Output<?>[] {input}, new Output<?>[] {seed});
		}
		catch (TensorFlowException e) {
			throw noGradient(modelDir, graph, input, probs, e);
		}
		if (grads.length != 1 || grads[0] == null)
			throw new GradientUnavailableException("The output of " + modelDir + " does not depend on its input '" +
				in.name + "' in the graph, so there is no input gradient.", null, null);
		return new TensorFlowGradients(modelDir, bundle, scaling, input, probs, seed, grads[0], fixedBatch, described);
	}

	private static GradientUnavailableException noGradient(Path modelDir, Graph graph, Output<?> input,
		Output<?> output, TensorFlowException e)
	{
		Matcher m = NO_GRADIENT.matcher(String.valueOf(e.getMessage()));
		String op = m.find() ? m.group(1) : null;
		Set<String> nodes = new TreeSet<>();
		if (op != null) {
			Set<GraphOperation> ops;
			try {
				Set<Operand<?>> from = new HashSet<>(), to = new HashSet<>();
				from.add(input);
				to.add(output);
				ops = graph.completeSubgraph(from, to);
			}
			catch (RuntimeException ex) {
				ops = new HashSet<>();
				graph.operations().forEachRemaining(ops::add);
			}
			for (GraphOperation o : ops)
				if (op.equals(o.type())) nodes.add(o.name());
		}
		String what = op == null ? firstLine(e.getMessage()) : "TensorFlow has no gradient registered for op type '" +
			op + "'" + (nodes.isEmpty() ? "" : " (node" + (nodes.size() > 1 ? "s " : " ") + String.join(", ", nodes) +
				")");
		return new GradientUnavailableException("Input gradients are not available for the model in " + modelDir +
			": " + what + " on the path from '" + input.op().name() + "' to '" + output.op().name() + "'. The gradient " +
			"methods (saliency, integrated-gradients) cannot run on this model; use occlusion, lime or rise, or " +
			"export the model with differentiable ops.", op, e);
	}

	/** The op computing {@code o}, looking through Identity ops. */
	private static GraphOperation producer(Output<?> o) {
		GraphOperation op = (GraphOperation) o.op();
		for (int i = 0; i < 16 && "Identity".equals(op.type()) && op.numInputs() == 1; i++)
			op = (GraphOperation) op.input(0).op();
		return op;
	}

	private static String uniquePrefix(Graph graph) {
		String base = "ablation_ca_gradients";
		String p = base;
		for (int i = 1; graph.operation(p + "_seed") != null; i++)
			p = base + "_" + i;
		return p;
	}

	/** True if the output of a grey image is a probability vector (non-negative, sums to 1). */
	private static boolean looksLikeProbabilities(SavedModelBundle bundle, Output<?> input, Output<?> out,
		int fixedBatch)
	{
		int h = (int) input.shape().get(1), w = (int) input.shape().get(2);
		int n = Math.max(1, fixedBatch);
		float[] v = new float[n * h * w * 3];
		try (TFloat32 x = TFloat32.tensorOf(Shape.of(n, h, w, 3), DataBuffers.of(v, true, false));
			Result r = bundle.session().runner().feed(input, x).fetch(out).run())
		{
			TFloat32 y = (TFloat32) r.get(0);
			int c = (int) y.shape().get(1);
			float[] row = new float[c];
			y.asRawTensor().data().asFloats().read(row, 0, c);
			double sum = 0;
			for (float f : row) {
				if (!(f >= 0 && f <= 1)) return false;
				sum += f;
			}
			return Math.abs(sum - 1) < 1e-3;
		}
	}

	private static String firstLine(String s) {
		if (s == null) return "unknown error";
		int i = s.indexOf('\n');
		return i < 0 ? s : s.substring(0, i);
	}

	@Override
	public int inputWidth() {
		return width;
	}

	@Override
	public int inputHeight() {
		return height;
	}

	public int numClasses() {
		return classes;
	}

	/** Which output is differentiated, e.g. {@code probs} or {@code logits (logits, softmax added)}. */
	public String output() {
		return outputDescription;
	}

	public Path modelDir() {
		return modelDir;
	}

	/** Images that went through the gradient graph so far. */
	public synchronized long calls() {
		return calls;
	}

	@Override
	public synchronized void gradients(float[] images, int count, int target, float[] dst) {
		if (target < 0 || target >= classes)
			throw new IllegalArgumentException("Target class index " + target + " is outside the model's 0.." +
				(classes - 1) + ".");
		int size = imageSize();
		check(images, count, size);
		if (dst.length < count * size)
			throw new IllegalArgumentException("Gradient buffer holds " + dst.length + " values, need " + count * size);
		int chunk = fixedBatch > 0 ? fixedBatch : count;
		for (int start = 0; start < count; start += chunk) {
			int n = Math.min(chunk, count - start);
			int fed = fixedBatch > 0 ? fixedBatch : n;
			float[] x = scaled(images, start, n, fed);
			float[] oneHot = new float[fed * classes];
			for (int i = 0; i < n; i++)
				oneHot[i * classes + target] = 1;
			try (TFloat32 xt = TFloat32.tensorOf(Shape.of(fed, height, width, 3), DataBuffers.of(x, true, false));
				TFloat32 st = TFloat32.tensorOf(Shape.of(fed, classes), DataBuffers.of(oneHot, true, false));
				Result r = bundle.session().runner().feed(input, xt).feed(seed, st).fetch(gradient).run())
			{
				((TFloat32) r.get(0)).asRawTensor().data().asFloats().read(dst, start * size, n * size);
			}
			float[] s = scaling.scale();
			for (int i = start * size, end = (start + n) * size; i < end; i += 3) {
				dst[i] *= s[0];
				dst[i + 1] *= s[1];
				dst[i + 2] *= s[2];
			}
			calls += n;
		}
	}

	/** Class probabilities from the same graph (forward pass only; not counted as calls). */
	public synchronized float[][] predict(float[] images, int count) {
		int size = imageSize();
		check(images, count, size);
		float[][] out = new float[count][classes];
		int chunk = fixedBatch > 0 ? fixedBatch : count;
		for (int start = 0; start < count; start += chunk) {
			int n = Math.min(chunk, count - start);
			int fed = fixedBatch > 0 ? fixedBatch : n;
			float[] x = scaled(images, start, n, fed);
			try (TFloat32 xt = TFloat32.tensorOf(Shape.of(fed, height, width, 3), DataBuffers.of(x, true, false));
				Result r = bundle.session().runner().feed(input, xt).fetch(probabilities).run())
			{
				float[] flat = new float[n * classes];
				((TFloat32) r.get(0)).asRawTensor().data().asFloats().read(flat, 0, flat.length);
				for (int i = 0; i < n; i++)
					System.arraycopy(flat, i * classes, out[start + i], 0, classes);
			}
		}
		return out;
	}

	private void check(float[] images, int count, int size) {
		if (count < 1) throw new IllegalArgumentException("Need at least one image, got " + count + ".");
		if (images.length < (long) count * size)
			throw new IllegalArgumentException("Image buffer holds " + images.length + " values, " + count + " images of " +
				width + " x " + height + " x 3 need " + (long) count * size + ".");
	}

	private float[] scaled(float[] images, int start, int n, int fed) {
		int size = imageSize();
		float[] x = new float[fed * size];
		float[] s = scaling.scale(), o = scaling.offset();
		for (int i = 0, j = start * size; i < n * size; i += 3, j += 3) {
			x[i] = images[j] * s[0] + o[0];
			x[i + 1] = images[j + 1] * s[1] + o[1];
			x[i + 2] = images[j + 2] * s[2] + o[2];
		}
		return x;
	}

	@Override
	public synchronized void close() {
		bundle.close();
	}
}
