package io.github.ablationca.bench;

import io.github.ablationca.TestData;
import io.github.ablationca.classifier.FeatureLayer;
import io.github.ablationca.classifier.ModelClassifier;
import io.github.ablationca.classifier.ModelOptions;
import io.github.ablationca.classifier.ValueRange;
import io.github.ablationca.dataset.DatasetAnalysis;
import io.github.ablationca.dataset.ObjectRow;
import io.github.ablationca.dataset.PairRow;
import io.github.ablationca.engine.ExplainSettings;
import io.github.ablationca.run.ModelLoader;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Item 7 of the dataset analysis: does the analysis after the per-image runs (concept clustering and the class graph)
 * cost under 10% of the model time, for 1,000 images of 40 objects? In one run:
 * <ol>
 * <li>the model time: MobileNet V2 (224 x 224, 1280 features) is timed on full batches, both for class scores and
 * for its feature layer; the model time of 1,000 images is their calls (per image the explanation's
 * {@code ExplainSettings.modelCalls(40)} with the defaults, plus 40 descriptor calls) at those rates;</li>
 * <li>the analysis: {@link DatasetAnalysis#analyse} on 1,000 synthetic images of one class, 40 objects each with a
 * 1280-long descriptor (8 concepts plus noise) and all 780 pairs, concepts chosen by silhouette.</li>
 * </ol>
 * Prints the figures and the ratio. One run, not a loop:
 * {@code mvn -q -B test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.github.ablationca.bench.DatasetAnalysisBench} (argument: images, default 1000).
 */
public final class DatasetAnalysisBench {

	public static void main(String[] args) throws Exception {
		int images = args.length > 0 ? Integer.parseInt(args[0]) : 1000, objects = 40, dim = 1280;
		ExplainSettings defaults = new ExplainSettings();
		long explanationCalls = defaults.modelCalls(objects), descriptorCalls = objects;

		ModelOptions o = new ModelOptions();
		o.valueRange = ValueRange.CENTERED_128;
		double secondsPerCall, secondsPerDescriptor;
		try (ModelClassifier model = ModelLoader.load(TestData.model("mobilenet_v2_imagenet"), o)) {
			int batch = model.batchSize();
			float[] x = new float[batch * model.imageSize()];
			SplittableRandom r = new SplittableRandom(1);
			for (int i = 0; i < x.length; i++)
				x[i] = r.nextInt(256);
			FeatureLayer layer = model.featureLayer(null);
			model.predict(x, batch); // warm-up
			layer.features(x, batch);
			int rounds = 6;
			long t0 = System.nanoTime();
			for (int k = 0; k < rounds; k++)
				model.predict(x, batch);
			long t1 = System.nanoTime();
			for (int k = 0; k < rounds; k++)
				layer.features(x, batch);
			long t2 = System.nanoTime();
			secondsPerCall = (t1 - t0) * 1e-9 / (rounds * batch);
			secondsPerDescriptor = (t2 - t1) * 1e-9 / (rounds * batch);
			System.out.printf(Locale.ROOT, "MobileNet V2, batch %d: %.2f ms per image (scores), %.2f ms per image " +
				"(feature layer %s)%n", batch, 1e3 * secondsPerCall, 1e3 * secondsPerDescriptor, layer.name());
		}
		double modelSeconds = images * (explanationCalls * secondsPerCall + descriptorCalls * secondsPerDescriptor);
		System.out.printf(Locale.ROOT, "model calls per image: %d for the explanation (1 + n + M + heatmap), %d " +
			"descriptor calls; model time for %d images: %.0f s%n", explanationCalls, descriptorCalls, images,
			modelSeconds);

		List<DatasetAnalysis.Image> data = synthetic(images, objects, dim, 8);
		long a0 = System.nanoTime();
		List<DatasetAnalysis.ClassResult> result = DatasetAnalysis.analyse(data, 0, 1, 0.05);
		double analysisSeconds = (System.nanoTime() - a0) * 1e-9;
		DatasetAnalysis.ClassResult c = result.get(0);
		System.out.printf(Locale.ROOT, "analysis of %d images x %d objects (%d pairs): %d concepts (splits %s), %d " +
			"edges, %.1f s%n", images, objects, c.pairs().size(), c.clustering().k(), c.clustering().splits(),
			c.graph().edges().size(), analysisSeconds);
		System.out.printf(Locale.ROOT, "analysis / model time = %.4f (%.2f%%; the goal is under 10%%)%n",
			analysisSeconds / modelSeconds, 100 * analysisSeconds / modelSeconds);
	}

	/** {@code n} images of one class: objects drawn around {@code concepts} random directions, every pair listed. */
	static List<DatasetAnalysis.Image> synthetic(int n, int objects, int dim, int concepts) {
		SplittableRandom r = new SplittableRandom(7);
		float[][] centres = new float[concepts][dim];
		for (float[] c : centres)
			for (int j = 0; j < dim; j++)
				c[j] = r.nextDouble() < 0.1 ? (float) (1 + r.nextDouble()) : 0;
		List<DatasetAnalysis.Image> out = new ArrayList<>(n);
		for (int i = 0; i < n; i++) {
			String name = "image" + i;
			List<ObjectRow> rows = new ArrayList<>();
			float[][] d = new float[objects][];
			for (int k = 0; k < objects; k++) {
				int concept = r.nextInt(concepts);
				d[k] = new float[dim];
				for (int j = 0; j < dim; j++)
					d[k][j] = Math.max(0, centres[concept][j] + (float) (0.3 * r.nextGaussian()));
				rows.add(new ObjectRow(name, "class", k + 1, 0, r.nextGaussian(), r.nextGaussian(), 100, Double.NaN));
			}
			List<PairRow> pairs = new ArrayList<>();
			for (int a = 1; a <= objects; a++)
				for (int b = a + 1; b <= objects; b++) {
					double p = r.nextDouble();
					pairs.add(new PairRow(name, "class", a, b, r.nextGaussian() * 0.1, r.nextGaussian(), p, p < 0.001));
				}
			out.add(new DatasetAnalysis.Image(name, "class", rows, pairs, d));
		}
		return out;
	}
}
