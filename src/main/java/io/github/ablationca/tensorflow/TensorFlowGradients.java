package io.github.ablationca.tensorflow;

import io.github.ablationca.classifier.ModelLoadException;
import io.github.ablationca.classifier.OutputKind;
import io.github.ablationca.classifier.GradientModel;
import io.github.ablationca.classifier.GradientUnavailableException;

import java.nio.file.Path;
import java.util.HashSet;
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
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Input gradients of a TensorFlow SavedModel image classifier through TF Java: the SavedModel is loaded with
 * {@link SavedModelBundle} and {@code d probs[:, c] / d input} is added to the graph with {@link Graph#addGradients}.
 * The input and output tensors, the tags and the value range are those the {@link TensorFlowClassifier} resolved
 * for its predictions (one model adapter: gradients can never read another output than the predictions); a logits
 * output gets a softmax, so the gradient is always that of the class probability, the score every other method
 * and metric uses. Gradients come back with respect to the 0..255 pixels (the {@link InputScaling} is applied
 * before feeding and by the chain rule after), NHWC, like a {@code Classifier} batch.
 * <p>
 * One gradient evaluation (forward and backward pass of one image) counts as one model call, see {@link #calls()}.
 * Not thread-safe beyond its own synchronization; close it to free the native session.
 *
 * <pre>{@code
 * try (TensorFlowClassifier model = ModelLoader.load(Path.of("models/mobilenet_v2_imagenet"), options);
 *     TensorFlowGradients g = TensorFlowGradients.of(model)) {
 *     float[] grad = new float[g.imageSize()];
 *     g.gradients(modelImage.data(), 1, 281, grad);
 * }
 * }</pre>
 * {@code of} throws {@link GradientUnavailableException} when an op on the path has no registered gradient.
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
		Output<?> probabilities, Output<?> seed, Output<?> gradient, int width, int height, int classes, int fixedBatch,
		String outputDescription)
	{
		this.modelDir = modelDir;
		this.bundle = bundle;
		this.scaling = scaling;
		this.input = input;
		this.probabilities = probabilities;
		this.seed = seed;
		this.gradient = gradient;
		this.height = height;
		this.width = width;
		this.classes = classes;
		this.fixedBatch = fixedBatch;
		this.outputDescription = outputDescription;
	}

	/**
	 * The input gradients of the model {@code classifier} runs: the same folder, tags, input tensor, output tensor and
	 * value range, so gradients are those of exactly the scores it predicts (softmax added when that output holds
	 * logits). TensorFlow Java loads the SavedModel a second time for this: DJL's session has no gradient API.
	 *
	 * @throws GradientUnavailableException if the graph cannot be differentiated, or its input is not float NHWC
	 */
	public static TensorFlowGradients of(TensorFlowClassifier classifier) {
		Path modelDir = classifier.modelDir();
		if (!classifier.inputIsFloat() || !classifier.inputIsNhwc())
			throw new GradientUnavailableException("The input '" + classifier.inputName() + "' of " + modelDir +
				" is not float32 [batch, height, width, 3]; the gradient methods (saliency, integrated-gradients) " +
				"need that layout. Use occlusion, lime or rise.", null, null);
		TensorFlowNatives.load();
		SavedModelBundle bundle;
		try {
			bundle = SavedModelBundle.loader(modelDir.toString()).withTags(classifier.tags()).load();
		}
		catch (TensorFlowException e) {
			throw new ModelLoadException("TensorFlow Java could not load the SavedModel in " + modelDir + " for " +
				"gradients: " + firstLine(e.getMessage()), e);
		}
		try {
			return build(classifier, bundle);
		}
		catch (RuntimeException e) {
			bundle.close();
			throw e;
		}
	}

	private static TensorFlowGradients build(TensorFlowClassifier classifier, SavedModelBundle bundle) {
		Path modelDir = classifier.modelDir();
		Graph graph = bundle.graph();
		Output<?> input = graph.outputOrThrow(classifier.inputName());
		Output<?> out = graph.outputOrThrow(classifier.outputName());
		int fixedBatch = input.shape().get(0) > 0 ? (int) input.shape().get(0) : 0;
		String described = classifier.outputName();
		Ops tf = Ops.create(graph);
		String prefix = uniquePrefix(graph);
		Output<?> probs = out;
		if (classifier.outputKind() == OutputKind.LOGITS) {
			probs = tf.withName(prefix + "_softmax").nn.softmax(out.expect(TFloat32.class)).asOutput();
			described += " (logits, softmax added)";
		}
		Output<?> seed = tf.withName(prefix + "_seed").placeholder(TFloat32.class,
			Placeholder.shape(Shape.of(-1, classifier.numClasses()))).asOutput();
		Output<?>[] grads;
		try {
			grads = graph.addGradients(prefix, new Output<?>[] {probs}, new Output<?>[] {input}, new Output<?>[] {seed});
		}
		catch (TensorFlowException e) {
			throw noGradient(modelDir, graph, input, probs, e);
		}
		if (grads.length != 1 || grads[0] == null)
			throw new GradientUnavailableException("The output of " + modelDir + " does not depend on its input '" +
				classifier.inputName() + "' in the graph, so there is no input gradient.", null, null);
		return new TensorFlowGradients(modelDir, bundle, InputScaling.of(classifier.valueRange()), input, probs, seed,
			grads[0], classifier.inputWidth(), classifier.inputHeight(), classifier.numClasses(), fixedBatch, described);
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
