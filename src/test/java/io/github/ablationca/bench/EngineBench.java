package io.github.ablationca.bench;

import io.github.ablationca.TestData;
import io.github.ablationca.classifier.ImagePreprocessor;
import io.github.ablationca.classifier.InputLayout;
import io.github.ablationca.classifier.ModelClassifier;
import io.github.ablationca.classifier.ModelOptions;
import io.github.ablationca.classifier.Softmax;
import io.github.ablationca.classifier.ValueRange;
import io.github.ablationca.engine.EngineLogger;
import io.github.ablationca.engine.Explanation;
import io.github.ablationca.image.ResizeMode;
import io.github.ablationca.image.RgbImage;
import io.github.ablationca.run.ExplainRunner;
import io.github.ablationca.run.ModelLoader;
import io.github.ablationca.run.RunSettings;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;

import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import javax.imageio.ImageIO;

/**
 * MobileNet V2 through each engine: images per second of the Ablation-CA adapter ({@code run.ModelLoader}) against
 * bare DJL on the same tensors (goal: ratio >= 0.9), at batch 1 and 32; then the wall time of one Ablation-CA run per
 * image (default settings: 40 segments, 500 samples) per engine.
 * <p>
 * Both sides of a comparison start from the same preprocessed 224 x 224 images in a {@code float[]} and end with a
 * {@code float[]} of probabilities per image: the adapter takes 8-bit values and normalises and lays them out
 * itself; bare DJL gets the already normalised copy in the model's layout, wraps it in an NDArray, runs a
 * {@link Predictor} (no-op translator) of the engine's DJL model (TensorFlow, OnnxRuntime, PyTorch), reads the
 * output back and, for the logits of the ONNX and TorchScript forms, applies the same softmax. Measurements
 * alternate between the two sides (and which goes first), so drift on a shared machine hits both.
 * <pre>
 * mvn -q -B test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.github.ablationca.bench.EngineBench [-Dexec.args="ROUNDS IMAGES_PER_MEASUREMENT EXPLAINED"]
 * </pre>
 */
public final class EngineBench {

	private static final int[] BATCHES = {1, 32};

	private record Form(String name, String folder, String djlEngine, InputLayout layout, String output) {}

	private static final List<Form> FORMS = List.of(
		new Form("tensorflow", "mobilenet_v2_imagenet", "TensorFlow", InputLayout.NHWC, "probs"),
		new Form("onnx", "mobilenet_v2_imagenet_onnx", "OnnxRuntime", InputLayout.NCHW, null),
		new Form("pytorch", "mobilenet_v2_imagenet_torchscript", "PyTorch", InputLayout.NCHW, null));

	public static void main(String[] args) throws Exception {
		int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
		int imagesPerMeasurement = args.length > 1 ? Integer.parseInt(args[1]) : 64;
		int explained = args.length > 2 ? Integer.parseInt(args[2]) : 3;
		System.setProperty("slf4j.internal.verbosity", "ERROR");
		System.setProperty("ai.djl.offline", "true");

		List<RgbImage> photos = new ArrayList<>();
		try (var files = Files.list(TestData.image("imagenet"))) {
			for (Path f : files.sorted().collect(Collectors.toList()))
				photos.add(read(f));
		}
		ImagePreprocessor pre = new ImagePreprocessor(224, 224, ResizeMode.CENTER_CROP, true);
		int n = pre.imageSize(), maxBatch = 32;
		float[] eightBit = new float[maxBatch * n];
		for (int i = 0; i < maxBatch; i++)
			pre.apply(photos.get(i % photos.size()), eightBit, i * n);
		ValueRange range = ValueRange.CENTERED_128;

		com.sun.management.OperatingSystemMXBean cpu = (com.sun.management.OperatingSystemMXBean)
			java.lang.management.ManagementFactory.getOperatingSystemMXBean();
		System.out.printf(Locale.ROOT, "MobileNet V2 224x224, %d rounds x %d images per measurement, %d cores%n", rounds,
			imagesPerMeasurement, Runtime.getRuntime().availableProcessors());
		System.out.println("Wall: images per second of wall time. CPU: images per second of process CPU time (all cores " +
			"summed), less sensitive to other load. Ratio = Ablation-CA / bare DJL, median of rounds.");
		System.out.println("engine\tbatch\twall img/s Ablation-CA\tbare DJL\tratio (per round)\tCPU img/s Ablation-CA" +
			"\tbare DJL\tratio\tmax |p - p_bare|");
		List<ModelClassifier> adapters = new ArrayList<>();
		for (Form form : FORMS) {
			Path model = TestData.model(form.folder);
			float[] normalised = normalised(eightBit, range, form.layout, maxBatch);
			Criteria.Builder<NDList, NDList> b = Criteria.builder().setTypes(NDList.class, NDList.class).optModelPath(
				form.djlEngine.equals("TensorFlow") ? model : model.resolve(form.name.equals("onnx") ? "model.onnx"
					: "model.pt")).optEngine(form.djlEngine);
			if (form.djlEngine.equals("TensorFlow"))
				b.optOption("Tags", "serve").optOption("SignatureDefKey", "serving_default");
			// DJL's ONNX Runtime engine insists on creating the one OrtEnvironment of the JVM itself (with its thread
			// options); the adapter's then joins it. TensorFlow the other way round: the adapter loads its natives.
			if (form.djlEngine.equals("OnnxRuntime")) ai.djl.engine.Engine.getEngine("OnnxRuntime");
			for (int batch : BATCHES) {
				ModelOptions o = options(range);
				o.batchSize = batch;
				// the adapter first: it loads each engine's natives offline, as users get them
				try (ModelClassifier ours = ModelLoader.load(model, o); ZooModel<NDList, NDList> bare = b.build()
					.loadModel(); Predictor<NDList, NDList> predictor = bare.newPredictor())
				{
					int calls = Math.max(1, imagesPerMeasurement / batch);
					float[][] p = ours.predict(eightBit, batch);
					float[][] q = bareCall(bare, predictor, form, normalised, batch, n);
					double maxDiff = 0;
					for (int i = 0; i < batch; i++)
						for (int c = 0; c < p[i].length; c++)
							maxDiff = Math.max(maxDiff, Math.abs(p[i][c] - q[i][c]));
					for (int w = 0; w < 2; w++) {
						ours.predict(eightBit, batch);
						bareCall(bare, predictor, form, normalised, batch, n);
					}
					double[] oursRate = new double[rounds], bareRate = new double[rounds], ratio = new double[rounds];
					double[] oursCpu = new double[rounds], bareCpu = new double[rounds], cpuRatio = new double[rounds];
					for (int r = 0; r < rounds; r++) {
						boolean oursFirst = r % 2 == 0;
						for (int side = 0; side < 2; side++) {
							boolean measureOurs = (side == 0) == oursFirst;
							long c0 = cpu.getProcessCpuTime(), t0 = System.nanoTime();
							for (int k = 0; k < calls; k++) {
								if (measureOurs) ours.predict(eightBit, batch);
								else bareCall(bare, predictor, form, normalised, batch, n);
							}
							double rate = calls * batch / ((System.nanoTime() - t0) / 1e9);
							double cpuRate = calls * batch / ((cpu.getProcessCpuTime() - c0) / 1e9);
							(measureOurs ? oursRate : bareRate)[r] = rate;
							(measureOurs ? oursCpu : bareCpu)[r] = cpuRate;
						}
						ratio[r] = oursRate[r] / bareRate[r];
						cpuRatio[r] = oursCpu[r] / bareCpu[r];
					}
					System.out.printf(Locale.ROOT, "%s\t%d\t%.1f\t%.1f\t%.3f (%s)\t%.1f\t%.1f\t%.3f\t%.1e%n", form.name,
						batch, median(oursRate), median(bareRate), median(ratio), Arrays.stream(ratio).mapToObj(
							x -> String.format(Locale.ROOT, "%.2f", x)).collect(Collectors.joining(" ")),
						median(oursCpu), median(bareCpu), median(cpuRatio), maxDiff);
				}
			}
			adapters.add(ModelLoader.load(model, options(range)));
		}

		System.out.println();
		System.out.println("Ablation-CA explain, default settings (40 segments, 500 samples, batch 16), " + explained +
			" photos each, after one warm-up run; seconds per image (wall) and model calls");
		System.out.println("engine\ts/image\tratio to tensorflow\tmodel calls/image\ttarget (first photo)");
		double tf = 0;
		for (int f = 0; f < FORMS.size(); f++) {
			ModelClassifier c = adapters.get(f);
			ExplainRunner runner = new ExplainRunner(c, new RunSettings().resolvedFor(c).method, EngineLogger.NONE);
			runner.explain(photos.get(0), null, null); // warm-up
			long calls = 0, t0 = System.nanoTime();
			String target = "";
			for (int i = 0; i < explained; i++) {
				Explanation e = runner.explain(photos.get(i), null, null);
				calls += e.modelCalls();
				if (i == 0) target = e.targetLabel();
			}
			double seconds = (System.nanoTime() - t0) / 1e9 / explained;
			if (f == 0) tf = seconds;
			System.out.printf(Locale.ROOT, "%s\t%.2f\t%.2f\t%d\t%s%n", FORMS.get(f).name, seconds, seconds / tf,
				calls / explained, target);
			c.close();
		}
	}

	private static ModelOptions options(ValueRange range) {
		ModelOptions o = new ModelOptions();
		o.valueRange = range;
		o.resize = ResizeMode.CENTER_CROP;
		o.roundTo8Bit = true;
		o.inputWidth = o.inputHeight = 224;
		return o;
	}

	/** The 8-bit NHWC batch as model values in {@code layout}. */
	private static float[] normalised(float[] eightBit, ValueRange range, InputLayout layout, int count) {
		int plane = 224 * 224, n = plane * 3;
		float[] out = new float[eightBit.length];
		for (int img = 0; img < count; img++)
			for (int p = 0; p < plane; p++)
				for (int c = 0; c < 3; c++)
					out[img * n + (layout == InputLayout.NHWC ? 3 * p + c : c * plane + p)] = range.apply(eightBit[img * n +
						3 * p + c], c);
		return out;
	}

	/** Bare DJL: NDArray from the normalised floats, predictor, scores back to Java (softmax for logits). */
	private static float[][] bareCall(ZooModel<NDList, NDList> model, Predictor<NDList, NDList> predictor, Form form,
		float[] normalised, int batch, int n) throws Exception
	{
		try (NDManager manager = model.getNDManager().newSubManager()) {
			Shape shape = form.layout == InputLayout.NHWC ? new Shape(batch, 224, 224, 3) : new Shape(batch, 3, 224, 224);
			NDArray x = manager.create(FloatBuffer.wrap(normalised, 0, batch * n), shape);
			NDList out = predictor.predict(new NDList(x));
			try {
				NDArray scores = form.output == null ? out.get(0) : out.get(form.output);
				float[] flat = scores.toFloatArray();
				int classes = flat.length / batch;
				float[][] rows = new float[batch][];
				for (int i = 0; i < batch; i++) {
					rows[i] = Arrays.copyOfRange(flat, i * classes, (i + 1) * classes);
					if (form.output == null) Softmax.inPlace(rows[i], 0, classes);
				}
				return rows;
			}
			finally {
				out.close();
			}
		}
	}

	private static double median(double[] v) {
		double[] s = v.clone();
		Arrays.sort(s);
		return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
	}

	private static RgbImage read(Path f) throws java.io.IOException {
		BufferedImage img = ImageIO.read(f.toFile());
		int w = img.getWidth(), h = img.getHeight();
		return RgbImage.fromArgb(img.getRGB(0, 0, w, h, null, 0, w), w, h);
	}
}
