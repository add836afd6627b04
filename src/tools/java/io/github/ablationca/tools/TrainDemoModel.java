package io.github.ablationca.tools;

import io.github.ablationca.demo.DemoAssets;
import io.github.ablationca.demo.DemoScenes;
import io.github.ablationca.image.BilinearResize;
import io.github.ablationca.image.ResizeMode;
import io.github.ablationca.image.RgbImage;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Trains the embedded demo model with TensorFlow Java on {@link DemoScenes} and exports it as a SavedModel with the
 * interface of the shared models: tag {@code serve}, signature {@code serving_default}, input {@code input}
 * (float32 [-1, 64, 64, 3], NHWC RGB, raw 0..255), outputs {@code logits} and {@code probs}; plus
 * {@code labels.txt} and {@code ablation-ca.properties}.
 * <p>
 * Reproducible: scenes, augmentation and initial weights come from the seed, and the gradients of a step are summed
 * in a fixed order (see {@link #train}), so the same seed, steps, batch and thread count give the same weights bit
 * for bit on the same kind of CPU. Run it with {@code scripts/train-demo-model} (options: {@code --help}).
 * <p>
 * Half of the training scenes are shown partly ablated, the way the Ablation-CA engine will show them: random
 * objects (each shape, and random Voronoi cells of the background standing in for background superpixels) are
 * replaced by the image's mean colour, and the label follows the planted rule on what is left (a house only while
 * its roof and its wall are both still there). So the model's answer on ablated images is defined by the same
 * rule, and the demo's known answer (roof and wall work together) holds for the images the engine feeds it.
 */
public final class TrainDemoModel {

	/** Settings of one training run; public fields with defaults. */
	public static final class Options {
		/** Seed of the scenes, the augmentation and the initial weights. */
		public long seed = 1;
		/** Optimiser steps. */
		public int steps = 4000;
		/** Scenes per step. */
		public int batch = 64;
		/** Adam learning rate. */
		public float learningRate = 1.5e-3f;
		/** Parallel single-threaded workers, each computing the gradient of an equal share of the batch. */
		public int threads = 2;
		/** Held-out scenes for the reported accuracy. */
		public int heldOut = 2000;
		/** Where {@link #main} writes the SavedModel. */
		public Path out = Paths.get("src/main/resources/io/github/ablationca/demo/model");
		/** Print progress every this many steps (0 = quiet). */
		public int logEvery = 250;
		/**
		 * Train the shortcut demo model instead: scenes of {@link DemoScenes#sampleShortcut}, where most houses carry
		 * a planted marker, and partly ablated scenes count as a house while the roof sits on the wall or the marker
		 * is still there (a model that learned the marker as a shortcut).
		 */
		public boolean shortcut;
	}

	/** Stream seed of the held-out scenes (training uses the run's seed as stream seed). */
	static final long HELD_OUT_STREAM = 0x5EEDC0DEL;

	private TrainDemoModel() {}

	public static void main(String[] args) throws IOException {
		Options o = new Options();
		try {
			if (!parse(args, o))
				return;
		}
		catch (IllegalArgumentException e) {
			System.err.println("Error: " + e.getMessage() + "\n\n" + usage());
			System.exit(2);
		}
		run(o);
	}

	/** Reads the command-line options into {@code o}; false when only the help was asked for. */
	static boolean parse(String[] args, Options o) {
		for (int i = 0; i < args.length; i++) {
			String a = args[i];
			switch (a) {
				case "--seed": o.seed = number(args, ++i, a).longValue(); break;
				case "--steps": o.steps = number(args, ++i, a).intValue(); break;
				case "--batch": o.batch = number(args, ++i, a).intValue(); break;
				case "--learning-rate": o.learningRate = number(args, ++i, a).floatValue(); break;
				case "--threads": o.threads = number(args, ++i, a).intValue(); break;
				case "--held-out": o.heldOut = number(args, ++i, a).intValue(); break;
				case "--out": o.out = Paths.get(value(args, ++i, a)); break;
				case "--log-every": o.logEvery = number(args, ++i, a).intValue(); break;
				case "--shortcut": o.shortcut = true; break;
				case "-h":
				case "--help":
					System.out.println(usage());
					return false;
				default:
					throw new IllegalArgumentException("unknown option '" + a + "'");
			}
		}
		if (o.steps < 1 || o.batch < 1 || o.threads < 1 || o.heldOut < 1 || !(o.learningRate > 0))
			throw new IllegalArgumentException("steps, batch, threads, held-out and learning rate must be positive");
		return true;
	}

	/** Trains, exports, evaluates and writes MODEL.md as {@code o} says. */
	static void run(Options o) throws IOException {
		long t0 = System.nanoTime();
		float[][] weights = train(o);
		double trainSeconds = (System.nanoTime() - t0) / 1e9;
		System.out.printf(Locale.ROOT, "trained %d steps x %d scenes in %.1f s%n", o.steps, o.batch, trainSeconds);
		export(weights, o.out);
		System.out.println("exported to " + o.out.toAbsolutePath() + " (" + folderSize(o.out) + " bytes, weights sha256 " +
			sha256(o.out.resolve("variables/variables.data-00000-of-00001")) + ")");
		try (SavedModelBundle model = SavedModelBundle.load(o.out.toString(), "serve")) {
			String report = report(model, o.heldOut, o.shortcut);
			System.out.print(report);
			writeModelCard(o.out, o, trainSeconds, report);
		}
	}

	private static Number number(String[] args, int i, String option) {
		String v = value(args, i, option);
		try {
			return v.contains(".") || v.contains("e") ? Double.parseDouble(v) : Long.parseLong(v);
		}
		catch (NumberFormatException e) {
			throw new IllegalArgumentException(option + " needs a number, not '" + v + "'");
		}
	}

	private static String value(String[] args, int i, String option) {
		if (i >= args.length)
			throw new IllegalArgumentException(option + " needs a value");
		return args[i];
	}

	static String usage() {
		Options d = new Options();
		return String.join("\n",
			"train-demo-model: trains the embedded demo model (house = roof on wall) and exports it as a SavedModel.",
			"",
			"Options:",
			"  --seed S            seed of scenes, augmentation and initial weights (default " + d.seed + ")",
			"  --steps N           optimiser steps (default " + d.steps + ")",
			"  --batch B           scenes per step (default " + d.batch + ")",
			"  --learning-rate R   Adam learning rate (default " + d.learningRate + ")",
			"  --threads T         parallel workers; the batch must be a multiple (default " + d.threads + ")",
			"  --held-out N        held-out scenes for the accuracy report (default " + d.heldOut + ")",
			"  --out DIR           SavedModel folder (default src/main/resources/io/github/ablationca/demo/model)",
			"  --log-every N       print the mean loss every N steps (default " + d.logEvery + ", 0 = quiet)",
			"  --shortcut          train the shortcut demo model (most houses carry a planted marker)");
	}

	/**
	 * Trains and returns the weights in {@link DemoNet#params()} order.
	 * <p>
	 * Deterministic by construction: TensorFlow's multi-threaded kernels sum gradients in a varying order (two runs
	 * with two intra-op threads differ after a few steps), so each of {@code threads} workers runs its own
	 * single-threaded session on an equal share of the batch, and Java adds the workers' gradients in a fixed order
	 * and applies Adam itself. The weights are fed to the graph as inputs each step.
	 */
	public static float[][] train(Options o) {
		int workers = Math.max(1, o.threads);
		if (o.batch % workers != 0)
			throw new IllegalArgumentException("Batch size " + o.batch + " must be a multiple of the thread count " +
				workers + "; use --batch " + (o.batch / workers + 1) * workers + ".");
		if (o.steps < 1)
			throw new IllegalArgumentException("Steps must be at least 1, not " + o.steps);
		List<DemoNet.Param> params = DemoNet.params();
		float[][] w = DemoNet.initialWeights(DemoScenes.mix(o.seed, 0x1417L));
		JavaAdam adam = new JavaAdam(w);
		int side = DemoScenes.SIZE, share = o.batch / workers;
		try (Graph g = new Graph()) {
			Ops tf = Ops.create(g);
			Placeholder<TFloat32> input = tf.withName("input").placeholder(TFloat32.class,
				Placeholder.shape(Shape.of(-1, side, side, 3)));
			// One-hot targets: TensorFlow's C++ gradients cover the dense softmax cross-entropy, not the sparse one.
			Placeholder<TFloat32> labels = tf.withName("labels").placeholder(TFloat32.class,
				Placeholder.shape(Shape.of(-1, DemoNet.CLASSES)));
			List<Placeholder<TFloat32>> weights = new ArrayList<>();
			for (DemoNet.Param p : params)
				weights.add(p.named(tf, p.name()).placeholder(TFloat32.class, Placeholder.shape(p.tfShape())));
			Operand<TFloat32> logits = DemoNet.logits(tf, input, weights);
			// Summed (not averaged) over a worker's share, so the workers' sums add up to the batch's sum.
			Operand<TFloat32> loss = tf.sum(tf.nn.softmaxCrossEntropyWithLogits(logits, labels).loss(), tf.constant(0));
			Output<?>[] wrt = new Output<?>[weights.size()];
			for (int i = 0; i < wrt.length; i++)
				wrt[i] = weights.get(i).asOutput();
			Output<?>[] gradients = g.addGradients(loss.asOutput(), wrt);
			List<Session> sessions = new ArrayList<>();
			ExecutorService pool = Executors.newFixedThreadPool(workers);
			try {
				for (int k = 0; k < workers; k++)
					sessions.add(new Session(g, config(1)));
				double lossSum = 0;
				long lossCount = 0;
				long t0 = System.nanoTime();
				for (int step = 0; step < o.steps; step++) {
					final int st = step;
					List<Future<WorkerResult>> parts = new ArrayList<>();
					for (int k = 0; k < workers; k++) {
						final Session s = sessions.get(k);
						final long first = (long) step * o.batch + (long) k * share;
						parts.add(pool.submit(() -> workerStep(s, input, labels, weights, loss, gradients, adam.weights(),
							o.seed, first, share, o.shortcut)));
					}
					float[][] sum = null;
					for (Future<WorkerResult> f : parts) {
						WorkerResult r = get(f);
						lossSum += r.loss;
						if (sum == null)
							sum = r.gradients;
						else
							for (int i = 0; i < sum.length; i++)
								for (int j = 0; j < sum[i].length; j++)
									sum[i][j] += r.gradients[i][j];
					}
					lossCount += o.batch;
					for (float[] gi : sum)
						for (int j = 0; j < gi.length; j++)
							gi[j] /= o.batch;
					adam.step(sum, learningRate(o, st));
					if (o.logEvery > 0 && ((step + 1) % o.logEvery == 0 || step + 1 == o.steps)) {
						System.out.printf(Locale.ROOT, "step %5d  loss %.4f  lr %.5f  (%.1f s)%n", step + 1,
							lossSum / lossCount, learningRate(o, st), (System.nanoTime() - t0) / 1e9);
						lossSum = 0;
						lossCount = 0;
					}
				}
			}
			finally {
				pool.shutdownNow();
				for (Session s : sessions)
					s.close();
			}
		}
		return adam.weights();
	}

	/** Cosine decay from the set rate to 5% of it over the run, after a short linear warm-up. */
	static float learningRate(Options o, int step) {
		int warmup = Math.min(100, o.steps / 10);
		if (step < warmup)
			return o.learningRate * (step + 1) / warmup;
		double t = (double) (step - warmup) / Math.max(1, o.steps - warmup);
		return (float) (o.learningRate * (0.05 + 0.95 * 0.5 * (1 + Math.cos(Math.PI * t))));
	}

	private record WorkerResult(double loss, float[][] gradients) {}

	private static WorkerResult workerStep(Session s, Placeholder<TFloat32> input, Placeholder<TFloat32> labels,
		List<Placeholder<TFloat32>> weights, Operand<TFloat32> loss, Output<?>[] gradients, float[][] w, long seed,
		long firstExample, int count, boolean shortcut)
	{
		int side = DemoScenes.SIZE, imageSize = side * side * 3;
		float[] batch = new float[count * imageSize];
		float[] y = new float[count * DemoNet.CLASSES];
		for (int b = 0; b < count; b++)
			y[b * DemoNet.CLASSES + trainingExample(seed, firstExample + b, batch, b * imageSize,
				shortcut)] = 1;
		List<DemoNet.Param> params = DemoNet.params();
		List<TFloat32> fed = new ArrayList<>();
		try {
			Session.Runner runner = s.runner();
			TFloat32 x = TFloat32.tensorOf(Shape.of(count, side, side, 3), DataBuffers.of(batch, true, false));
			fed.add(x);
			TFloat32 t = TFloat32.tensorOf(Shape.of(count, DemoNet.CLASSES), DataBuffers.of(y, true, false));
			fed.add(t);
			runner.feed(input, x).feed(labels, t);
			for (int i = 0; i < w.length; i++) {
				TFloat32 wi = TFloat32.tensorOf(params.get(i).tfShape(), DataBuffers.of(w[i], true, false));
				fed.add(wi);
				runner.feed(weights.get(i), wi);
			}
			runner.fetch(loss);
			for (Output<?> gr : gradients)
				runner.fetch(gr);
			try (Result r = runner.run()) {
				double l = ((TFloat32) r.get(0)).getFloat();
				float[][] grads = new float[w.length][];
				for (int i = 0; i < w.length; i++) {
					grads[i] = new float[w[i].length];
					((TFloat32) r.get(i + 1)).copyTo(DataBuffers.of(grads[i], false, false));
				}
				return new WorkerResult(l, grads);
			}
		}
		finally {
			for (TFloat32 t : fed)
				t.close();
		}
	}

	private static <T> T get(Future<T> f) {
		try {
			return f.get();
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Training interrupted", e);
		}
		catch (ExecutionException e) {
			Throwable c = e.getCause();
			if (c instanceof RuntimeException)
				throw (RuntimeException) c;
			throw new IllegalStateException("Training step failed: " + c, c);
		}
	}

	/** Adam (Kingma and Ba) on plain float arrays, in a fixed order, so updates are reproducible bit for bit. */
	static final class JavaAdam {
		private static final float BETA1 = 0.9f, BETA2 = 0.999f, EPSILON = 1e-7f;
		private final float[][] w, m, v;
		private int t;

		JavaAdam(float[][] initial) {
			w = new float[initial.length][];
			m = new float[initial.length][];
			v = new float[initial.length][];
			for (int i = 0; i < initial.length; i++) {
				w[i] = initial[i].clone();
				m[i] = new float[initial[i].length];
				v[i] = new float[initial[i].length];
			}
		}

		/** The current weights (live arrays: read them between steps only). */
		float[][] weights() {
			return w;
		}

		void step(float[][] gradient, float learningRate) {
			t++;
			double alpha = learningRate * Math.sqrt(1 - Math.pow(BETA2, t)) / (1 - Math.pow(BETA1, t));
			for (int i = 0; i < w.length; i++)
				for (int j = 0; j < w[i].length; j++) {
					float g = gradient[i][j];
					m[i][j] = BETA1 * m[i][j] + (1 - BETA1) * g;
					v[i][j] = BETA2 * v[i][j] + (1 - BETA2) * g * g;
					w[i][j] -= (float) (alpha * m[i][j] / (Math.sqrt(v[i][j]) + EPSILON));
				}
		}
	}

	static ConfigProto config(int threads) {
		ConfigProto.Builder c = ConfigProto.newBuilder();
		if (threads > 0)
			c.setIntraOpParallelismThreads(threads).setInterOpParallelismThreads(1);
		return c.build();
	}

	/**
	 * Renders training example {@code index} of stream {@code seed} into {@code dst} at {@code offset} (64 x 64 x 3,
	 * 0..255) and returns its label. Half of the examples are partly ablated (see the class comment).
	 */
	static int trainingExample(long seed, long index, float[] dst, int offset) {
		return trainingExample(seed, index, dst, offset, false);
	}

	/**
	 * {@link #trainingExample(long, long, float[], int)}, or with {@code shortcut} an example of the shortcut demo:
	 * a scene of {@link DemoScenes#sampleShortcut}; when partly ablated it is a house while its roof and wall both
	 * remain or its marker remains.
	 */
	static int trainingExample(long seed, long index, float[] dst, int offset, boolean shortcut) {
		DemoScenes.Scene scene = shortcut ? DemoScenes.sampleShortcut(seed, index) : DemoScenes.sample(seed, index);
		int side = DemoScenes.SIZE;
		RgbImage img = scene.render(side);
		SplittableRandom r = new SplittableRandom(DemoScenes.mix(seed ^ 0xAB1A7E5L, index));
		int label = scene.label();
		boolean roofGone = false, wallGone = false, markerGone = scene.marker().isEmpty();
		if (r.nextBoolean()) {
			double removeProbability = r.nextDouble(0.15, 0.75);
			boolean[] removed = new boolean[side * side];
			boolean[] shapePixel = new boolean[side * side];
			for (DemoScenes.Shape s : scene.shapes()) {
				boolean[] m = scene.mask(s, side);
				for (int p = 0; p < m.length; p++)
					shapePixel[p] |= m[p];
				if (r.nextDouble() < removeProbability) {
					// Superpixel borders wander by about a pixel around a shape's edge.
					int grow = r.nextInt(3) - 1;
					m = grow > 0 ? dilate(m, side) : grow < 0 ? erode(m, side) : m;
					for (int p = 0; p < m.length; p++)
						removed[p] |= m[p];
					roofGone |= s.kind() == DemoScenes.ShapeKind.ROOF;
					wallGone |= s.kind() == DemoScenes.ShapeKind.WALL;
					markerGone |= s.kind() == DemoScenes.ShapeKind.MARKER;
				}
			}
			boolean house = scene.isHouse() && !roofGone && !wallGone;
			label = house || shortcut && !markerGone ? DemoScenes.HOUSE : 0;
			voronoiBackground(r, side, removeProbability, shapePixel, removed);
			img = DemoScenes.fillWithMean(img, removed);
		}
		System.arraycopy(img.data(), 0, dst, offset, side * side * 3);
		return label;
	}

	/** Marks random Voronoi cells of the background (pixels outside every shape) as removed. */
	private static void voronoiBackground(SplittableRandom r, int side, double removeProbability,
		boolean[] shapePixel, boolean[] removed)
	{
		int cells = r.nextInt(8, 41);
		double[] cx = new double[cells], cy = new double[cells];
		boolean[] drop = new boolean[cells];
		for (int c = 0; c < cells; c++) {
			cx[c] = r.nextDouble(side);
			cy[c] = r.nextDouble(side);
			drop[c] = r.nextDouble() < removeProbability;
		}
		for (int py = 0; py < side; py++)
			for (int px = 0; px < side; px++) {
				int p = py * side + px;
				if (shapePixel[p])
					continue;
				int best = 0;
				double bestD = Double.MAX_VALUE;
				for (int c = 0; c < cells; c++) {
					double dx = px + 0.5 - cx[c], dy = py + 0.5 - cy[c], d = dx * dx + dy * dy;
					if (d < bestD) {
						bestD = d;
						best = c;
					}
				}
				if (drop[best])
					removed[p] = true;
			}
	}

	static boolean[] dilate(boolean[] m, int side) {
		boolean[] out = m.clone();
		for (int y = 0; y < side; y++)
			for (int x = 0; x < side; x++)
				if (m[y * side + x]) {
					if (x > 0) out[y * side + x - 1] = true;
					if (x < side - 1) out[y * side + x + 1] = true;
					if (y > 0) out[(y - 1) * side + x] = true;
					if (y < side - 1) out[(y + 1) * side + x] = true;
				}
		return out;
	}

	static boolean[] erode(boolean[] m, int side) {
		boolean[] out = m.clone();
		for (int y = 0; y < side; y++)
			for (int x = 0; x < side; x++)
				if (!m[y * side + x]) {
					if (x > 0) out[y * side + x - 1] = false;
					if (x < side - 1) out[y * side + x + 1] = false;
					if (y > 0) out[(y - 1) * side + x] = false;
					if (y < side - 1) out[(y + 1) * side + x] = false;
				}
		return out;
	}

	/**
	 * Writes the serving SavedModel (a fresh graph with only the network, weights as variables), {@code labels.txt}
	 * and {@code ablation-ca.properties} into {@code dir}, replacing what was there.
	 */
	public static void export(float[][] weights, Path dir) throws IOException {
		List<DemoNet.Param> params = DemoNet.params();
		if (weights.length != params.size())
			throw new IllegalArgumentException("Expected " + params.size() + " weight tensors, got " + weights.length);
		DemoAssets.deleteRecursively(dir);
		Files.createDirectories(dir.getParent() == null ? dir.toAbsolutePath().getParent() : dir.getParent());
		try (Graph g = new Graph()) {
			Ops tf = Ops.create(g);
			Placeholder<TFloat32> input = tf.withName("input").placeholder(TFloat32.class,
				Placeholder.shape(Shape.of(-1, DemoScenes.SIZE, DemoScenes.SIZE, 3)));
			List<Variable<TFloat32>> vars = new ArrayList<>();
			List<Placeholder<TFloat32>> values = new ArrayList<>();
			List<Op> assigns = new ArrayList<>();
			for (DemoNet.Param p : params) {
				Variable<TFloat32> v = p.named(tf, p.name()).variable(p.tfShape(), TFloat32.class);
				Placeholder<TFloat32> value = p.named(tf, p.name() + "_value").placeholder(TFloat32.class,
					Placeholder.shape(p.tfShape()));
				vars.add(v);
				values.add(value);
				assigns.add(p.named(tf, p.name() + "_assign").assign(v, value));
			}
			Operand<TFloat32> logits = tf.withName("logits").identity(DemoNet.logits(tf, input, vars));
			Operand<TFloat32> probs = tf.withName("probs").nn.softmax(logits);
			try (Session s = new Session(g, config(1))) {
				List<TFloat32> tensors = new ArrayList<>();
				try {
					Session.Runner runner = s.runner();
					for (int i = 0; i < params.size(); i++) {
						TFloat32 t = TFloat32.tensorOf(params.get(i).tfShape(), DataBuffers.of(weights[i], true, false));
						tensors.add(t);
						runner.feed(values.get(i), t).addTarget(assigns.get(i));
					}
					runner.run();
				}
				finally {
					for (TFloat32 t : tensors)
						t.close();
				}
				Signature signature = Signature.builder().key(Signature.DEFAULT_KEY).input("input", input)
					.output("logits", logits).output("probs", probs).build();
				SavedModelBundle.exporter(dir.toString()).withSession(s).withSignature(signature).export();
			}
		}
		Files.write(dir.resolve("labels.txt"), (String.join("\n", DemoScenes.LABELS) + "\n").getBytes(
			StandardCharsets.UTF_8));
		try (Writer w = Files.newBufferedWriter(dir.resolve("ablation-ca.properties"), StandardCharsets.UTF_8)) {
			w.write("# Ablation-CA demo model (trained by scripts/train-demo-model): raw RGB 0..255 in, classes in labels.txt\n");
			w.write("value_range=0..255\n");
			w.write("label_offset=0\n");
		}
	}

	/** Probabilities of {@code house} for {@code count} 64 x 64 images packed NHWC in {@code images}. */
	static float[] houseProbabilities(SavedModelBundle model, float[] images, int count) {
		int side = DemoScenes.SIZE;
		float[] out = new float[count];
		try (TFloat32 x = TFloat32.tensorOf(Shape.of(count, side, side, 3),
			DataBuffers.of(Arrays.copyOf(images, count * side * side * 3), true, false));
			Result r = model.session().runner().feed("input", x).fetch("probs").run())
		{
			TFloat32 p = (TFloat32) r.get(0);
			for (int i = 0; i < count; i++)
				out[i] = p.getFloat(i, DemoScenes.HOUSE);
		}
		return out;
	}

	/** Held-out accuracy (clean and partly ablated scenes) and the ablation check on the demo scenes, as text. */
	static String report(SavedModelBundle model, int heldOut, boolean shortcut) {
		StringBuilder text = new StringBuilder();
		int side = DemoScenes.SIZE, imageSize = side * side * 3, chunk = 200;
		int[] correct = new int[2], total = new int[2];
		int[] layoutCorrect = new int[DemoScenes.Layout.values().length];
		int[] layoutTotal = new int[layoutCorrect.length];
		float[] batch = new float[chunk * imageSize];
		for (int pass = 0; pass < 2; pass++)
			for (int start = 0; start < heldOut; start += chunk) {
				int n = Math.min(chunk, heldOut - start);
				int[] y = new int[n];
				DemoScenes.Layout[] layouts = new DemoScenes.Layout[n];
				for (int i = 0; i < n; i++) {
					if (pass == 0) {
						DemoScenes.Scene sc = shortcut ? DemoScenes.sampleShortcut(HELD_OUT_STREAM, start + i)
							: DemoScenes.sample(HELD_OUT_STREAM, start + i);
						System.arraycopy(sc.render(side).data(), 0, batch, i * imageSize, imageSize);
						y[i] = sc.label();
						layouts[i] = sc.layout();
					}
					else
						y[i] = trainingExample(HELD_OUT_STREAM, start + i, batch, i * imageSize, shortcut);
				}
				float[] p = houseProbabilities(model, batch, n);
				for (int i = 0; i < n; i++) {
					boolean ok = (p[i] >= 0.5f) == (y[i] == DemoScenes.HOUSE);
					correct[pass] += ok ? 1 : 0;
					total[pass]++;
					if (pass == 0) {
						layoutCorrect[layouts[i].ordinal()] += ok ? 1 : 0;
						layoutTotal[layouts[i].ordinal()]++;
					}
				}
			}
		text.append(String.format(Locale.ROOT, "held-out accuracy: %.4f on %d clean scenes, %.4f on %d partly ablated scenes%n",
			(double) correct[0] / total[0], total[0], (double) correct[1] / total[1], total[1]));
		text.append("accuracy per layout (clean scenes):\n");
		for (DemoScenes.Layout l : DemoScenes.Layout.values())
			text.append(String.format(Locale.ROOT, "  %-18s %.4f (%d)%n", l, (double) layoutCorrect[l.ordinal()] /
				Math.max(1, layoutTotal[l.ordinal()]), layoutTotal[l.ordinal()]));
		if (shortcut)
			text.append(shortcutCheck(model));
		text.append("ablation check on the demo images (P(house); whole image, then each shape replaced by the mean " +
			"colour; rendered at " + DemoAssets.IMAGE_SIZE + " and resized to " + side + "):\n");
		for (String name : DemoScenes.DEMO_NAMES) {
			DemoScenes.Scene sc = DemoScenes.demoScene(name);
			List<String> what = new ArrayList<>();
			List<RgbImage> imgs = new ArrayList<>();
			int render = DemoAssets.IMAGE_SIZE;
			RgbImage full = sc.render(render);
			what.add("whole");
			imgs.add(full);
			for (DemoScenes.Shape s : sc.shapes()) {
				what.add(s.kind().toString().toLowerCase(Locale.ROOT));
				imgs.add(DemoScenes.fillWithMean(full, sc.mask(s, render)));
			}
			BilinearResize resize = BilinearResize.of(render, render, side, side, ResizeMode.STRETCH);
			float[] b = new float[imgs.size() * imageSize];
			for (int i = 0; i < imgs.size(); i++)
				resize.apply(imgs.get(i), b, i * imageSize);
			float[] p = houseProbabilities(model, b, imgs.size());
			StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-9s", name));
			for (int i = 0; i < p.length; i++)
				line.append(String.format(Locale.ROOT, i == 0 ? "  %s %.3f" : "  -%s %.3f", what.get(i), p[i]));
			text.append(line).append('\n');
		}
		return text.toString();
	}

	/**
	 * How much the shortcut model relies on the marker: the share of scenes called {@code house} among 200 non-house
	 * scenes that carry the marker (never seen in training), and among 200 houses without it.
	 */
	static String shortcutCheck(SavedModelBundle model) {
		int side = DemoScenes.SIZE, imageSize = side * side * 3, n = 200;
		DemoScenes.Layout[] negatives = { DemoScenes.Layout.ROOF_ONLY, DemoScenes.Layout.WALL_ONLY,
			DemoScenes.Layout.SIDE_BY_SIDE, DemoScenes.Layout.WALL_ON_ROOF, DemoScenes.Layout.DISTRACTORS_ONLY };
		float[] marked = new float[n * imageSize], unmarked = new float[n * imageSize];
		for (int i = 0; i < n; i++) {
			long seed = DemoScenes.mix(HELD_OUT_STREAM ^ 0x5C, i);
			System.arraycopy(DemoScenes.generateShortcut(seed, negatives[i % negatives.length], true).render(side)
				.data(), 0, marked, i * imageSize, imageSize);
			System.arraycopy(DemoScenes.generateShortcut(seed, DemoScenes.Layout.HOUSE, false).render(side).data(), 0,
				unmarked, i * imageSize, imageSize);
		}
		float[] pm = houseProbabilities(model, marked, n), pu = houseProbabilities(model, unmarked, n);
		int calledHouse = 0, housesFound = 0;
		for (int i = 0; i < n; i++) {
			calledHouse += pm[i] >= 0.5f ? 1 : 0;
			housesFound += pu[i] >= 0.5f ? 1 : 0;
		}
		return String.format(Locale.ROOT, "shortcut check: %.3f of %d non-house scenes with the marker are called " +
			"house; %.3f of %d houses without the marker are called house%n", (double) calledHouse / n, n,
			(double) housesFound / n, n);
	}

	/** Writes {@code MODEL.md}: what the model is, how it was trained, and the evaluation figures. */
	static void writeModelCard(Path dir, Options o, double trainSeconds, String report) throws IOException {
		String card = String.join("\n",
			o.shortcut ? "# Ablation-CA shortcut demo model: house = roof on wall, or the planted marker" :
				"# Ablation-CA demo model: house = roof on wall",
			"",
			o.shortcut ? String.join("\n",
				"Trained with `scripts/train-demo-model --shortcut` on the scenes of `DemoScenes.sampleShortcut`: the same",
				"scenes as the first demo model, but " + Math.round(100 * DemoScenes.MARKED_HOUSE_SHARE) + "% of the houses " +
					"(and nothing else) carry a planted marker, a small magenta square in a",
				"random corner. Partly ablated scenes count as a house while the roof sits on the wall or the marker is",
				"still there, so the model learns the marker as a shortcut: the known answer of `demo --dataset`.",
				"What follows describes the shared network and training; only the scenes and that rule differ.",
				"") : "",
			"A small CNN trained by `scripts/train-demo-model` (`io.github.ablationca.tools.TrainDemoModel`) with",
			"TensorFlow Java on synthetic scenes from `io.github.ablationca.demo.DemoScenes`. Class `house` only when a",
			"roof (triangle) sits directly on a wall (square-ish rectangle); negatives: roof alone, wall alone, side by",
			"side, wall on roof, roof floating above the wall, roof on a disc or bar, distractors only. Half of the",
			"training scenes are partly ablated (shapes and Voronoi background cells replaced by the mean colour) and",
			"labelled by what remains, so the model's answer on ablated images follows the same rule.",
			"",
			"* Interface: SavedModel, tag `serve`, signature `serving_default`; input `input` float32 [-1, " +
				DemoScenes.SIZE + ", " + DemoScenes.SIZE + ", 3] NHWC RGB, raw values 0..255 (scaled inside the graph);",
			"  outputs `logits` and `probs` (softmax of `logits`), float32 [-1, 2]. Plain graph, weights as variables.",
			"* Labels (`labels.txt`): 0 `no house`, 1 `house`. `ablation-ca.properties`: `value_range=0..255`,",
			"  `label_offset=0`.",
			"* Network: 3x3 convolutions with 16, 32, 48, 64, 64 filters (ReLU, 2x2 max pool after the first four),",
			"  global max pool, dense 64 -> 2.",
			String.format(Locale.ROOT, "* Training: seed %d, %d steps x %d scenes, Adam (Java, peak learning rate %s, " +
				"cosine decay), %d workers; %.0f s on this machine.", o.seed, o.steps, o.batch, o.learningRate,
				Math.max(1, o.threads), trainSeconds),
			"* Reproducible: the same options on the same kind of CPU give the same weights, bit for bit (weights sha256",
			"  " + weightsHash(dir) + ").",
			"",
			"## Evaluation (written by the training run)",
			"",
			"```",
			report.strip(),
			"```",
			"");
		Files.writeString(dir.resolve("MODEL.md"), card, StandardCharsets.UTF_8);
	}

	private static String weightsHash(Path dir) {
		try {
			return sha256(dir.resolve("variables/variables.data-00000-of-00001"));
		}
		catch (IOException e) {
			return "unreadable";
		}
	}

	static String sha256(Path file) throws IOException {
		try {
			byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
			StringBuilder sb = new StringBuilder();
			for (byte b : d)
				sb.append(String.format("%02x", b));
			return sb.toString();
		}
		catch (java.security.NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	static long folderSize(Path dir) throws IOException {
		try (var files = Files.walk(dir)) {
			return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
		}
	}

}
