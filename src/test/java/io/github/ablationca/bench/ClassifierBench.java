package io.github.ablationca.bench;

import io.github.ablationca.run.ModelLoader;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import io.github.ablationca.TestData;
import io.github.ablationca.classifier.ImagePreprocessor;
import io.github.ablationca.classifier.ValueRange;
import io.github.ablationca.classifier.ModelOptions;
import io.github.ablationca.tensorflow.TensorFlowClassifier;
import io.github.ablationca.tensorflow.TensorFlowNatives;
import io.github.ablationca.image.ResizeMode;
import io.github.ablationca.image.RgbImage;

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
 * Throughput of MobileNet v2 through {@link TensorFlowClassifier} against a bare DJL {@link Predictor} on the same
 * prepared images, at batch 1, 8 and 32. Goal: the classifier reaches at least 0.9 of bare DJL.
 * <p>
 * Both sides start from the same preprocessed 224 x 224 images in a {@code float[]} and end with a {@code float[]}
 * of probabilities per image: the classifier takes 8-bit values and normalises them itself; bare DJL gets the
 * already normalised copy, wraps it in an NDArray, runs the predictor (no-op translator) and reads {@code probs}
 * back. Measurements alternate between the two (and which goes first) so drift on a shared machine hits both.
 * <pre>
 * mvn -q -B test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.github.ablationca.bench.ClassifierBench [-Dexec.args="ROUNDS IMAGES_PER_MEASUREMENT"]
 * </pre>
 */
public final class ClassifierBench {

	private static final int[] BATCHES = {1, 8, 32};

	public static void main(String[] args) throws Exception {
		int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
		int imagesPerMeasurement = args.length > 1 ? Integer.parseInt(args[1]) : 64;
		System.setProperty("slf4j.internal.verbosity", "ERROR");
		Path modelDir = TestData.model("mobilenet_v2_imagenet");

		// The same prepared images for both sides: the 12 reference photos, centre-cropped, tiled to 32.
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
		float[] normalised = new float[eightBit.length];
		for (int i = 0; i < eightBit.length; i++)
			normalised[i] = range.apply(eightBit[i], i % 3);

		TensorFlowNatives.load();
		com.sun.management.OperatingSystemMXBean cpu = (com.sun.management.OperatingSystemMXBean)
			java.lang.management.ManagementFactory.getOperatingSystemMXBean();
		Criteria<NDList, NDList> criteria = Criteria.builder().setTypes(NDList.class, NDList.class)
			.optModelPath(modelDir).optEngine("TensorFlow").optOption("Tags", "serve")
			.optOption("SignatureDefKey", "serving_default").build();

		System.out.printf(Locale.ROOT, "MobileNet v2 224x224, %d rounds x %d images per measurement, %d cores%n",
			rounds, imagesPerMeasurement, Runtime.getRuntime().availableProcessors());
		System.out.println("Wall: images per second of wall time. CPU: images per second of process CPU time (both cores" +
			" summed), less sensitive to other load on a shared machine. Ratio = classifier / bare DJL, median of rounds.");
		System.out.println("batch\twall img/s classifier\tbare DJL\tratio (per round)\tCPU img/s classifier\tbare DJL" +
			"\tratio\tmax |p - p_bare|");
		try (ZooModel<NDList, NDList> bare = criteria.loadModel();
			Predictor<NDList, NDList> predictor = bare.newPredictor())
		{
			for (int batch : BATCHES) {
				ModelOptions o = new ModelOptions();
				o.valueRange = range;
				o.batchSize = batch;
				try (TensorFlowClassifier classifier = (TensorFlowClassifier) ModelLoader.load(modelDir, o)) {
					int calls = Math.max(1, imagesPerMeasurement / batch);
					// warm-up, and a check that both sides compute the same probabilities
					float[][] ours = classifier.predict(eightBit, batch);
					float[][] theirs = bareCall(bare, predictor, normalised, batch, n);
					double maxDiff = 0;
					for (int i = 0; i < batch; i++)
						for (int c = 0; c < ours[i].length; c++)
							maxDiff = Math.max(maxDiff, Math.abs(ours[i][c] - theirs[i][c]));
					for (int w = 0; w < 2; w++) {
						classifier.predict(eightBit, batch);
						bareCall(bare, predictor, normalised, batch, n);
					}
					double[] oursRate = new double[rounds], bareRate = new double[rounds], ratio = new double[rounds];
					double[] oursCpu = new double[rounds], bareCpu = new double[rounds], cpuRatio = new double[rounds];
					for (int r = 0; r < rounds; r++) {
						boolean oursFirst = r % 2 == 0;
						for (int side = 0; side < 2; side++) {
							boolean measureOurs = (side == 0) == oursFirst;
							long c0 = cpu.getProcessCpuTime(), t0 = System.nanoTime();
							for (int k = 0; k < calls; k++) {
								if (measureOurs) classifier.predict(eightBit, batch);
								else bareCall(bare, predictor, normalised, batch, n);
							}
							double rate = calls * batch / ((System.nanoTime() - t0) / 1e9);
							double cpuRate = calls * batch / ((cpu.getProcessCpuTime() - c0) / 1e9);
							if (measureOurs) {
								oursRate[r] = rate;
								oursCpu[r] = cpuRate;
							}
							else {
								bareRate[r] = rate;
								bareCpu[r] = cpuRate;
							}
						}
						ratio[r] = oursRate[r] / bareRate[r];
						cpuRatio[r] = oursCpu[r] / bareCpu[r];
					}
					System.out.printf(Locale.ROOT, "%d\t%.1f\t%.1f\t%.3f (%s)\t%.1f\t%.1f\t%.3f\t%.1e%n", batch,
						median(oursRate), median(bareRate), median(ratio), Arrays.stream(ratio).mapToObj(
							x -> String.format(Locale.ROOT, "%.2f", x)).collect(Collectors.joining(" ")), median(oursCpu),
						median(bareCpu), median(cpuRatio), maxDiff);
				}
			}
		}
	}

	/** Bare DJL: NDArray from the normalised floats, predictor, probabilities back to Java. */
	private static float[][] bareCall(ZooModel<NDList, NDList> model, Predictor<NDList, NDList> predictor,
		float[] normalised, int batch, int n) throws Exception
	{
		try (NDManager manager = model.getNDManager().newSubManager()) {
			NDArray x = manager.create(FloatBuffer.wrap(normalised, 0, batch * n), new Shape(batch, 224, 224, 3));
			NDList out = predictor.predict(new NDList(x));
			try {
				NDArray probs = out.get("probs");
				float[] flat = probs.toFloatArray();
				int classes = flat.length / batch;
				float[][] rows = new float[batch][];
				for (int i = 0; i < batch; i++)
					rows[i] = Arrays.copyOfRange(flat, i * classes, (i + 1) * classes);
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
