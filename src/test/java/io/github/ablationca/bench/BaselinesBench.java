package io.github.ablationca.bench;

import io.github.ablationca.classifier.ModelOptions;
import io.github.ablationca.run.ModelLoader;
import io.github.ablationca.run.Table;
import io.github.ablationca.tensorflow.TensorFlowClassifier;
import io.github.ablationca.TestData;
import io.github.ablationca.attribution.AttributionRequest;
import io.github.ablationca.attribution.AttributionMethod;
import io.github.ablationca.attribution.GradientSaliency;
import io.github.ablationca.attribution.Attribution;
import io.github.ablationca.attribution.IntegratedGradients;
import io.github.ablationca.attribution.Lime;
import io.github.ablationca.attribution.Occlusion;
import io.github.ablationca.attribution.Rise;
import io.github.ablationca.classifier.Classifier;
import io.github.ablationca.classifier.ValueRange;
import io.github.ablationca.image.RgbImage;
import io.github.ablationca.metric.Evaluation;
import io.github.ablationca.metric.EvaluationRow;
import io.github.ablationca.metric.ObjectMask;
import io.github.ablationca.report.HeatmapPanel;
import io.github.ablationca.report.MaskFiles;
import io.github.ablationca.segment.LabelImage;
import io.github.ablationca.tensorflow.TensorFlowGradients;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

import javax.imageio.ImageIO;

/**
 * The baselines and metrics on the dog image with MobileNet V2, through TF Java only (the DJL classifier and SLIC
 * are on other branches): prints evaluation.csv rows and writes target/bench/dog_panel.png. LIME runs on a
 * placeholder 7 x 7 grid of superpixels. One run, not a loop:
 * {@code mvn -q -B test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.github.ablationca.bench.BaselinesBench}
 * (optional argument: RISE masks, default 4000).
 */
public final class BaselinesBench {

	public static void main(String[] args) throws Exception {
		int riseMasks = args.length > 0 ? Integer.parseInt(args[0]) : Rise.DEFAULT_MASKS;
		BufferedImage bi = ImageIO.read(TestData.image("masks/dog.png").toFile());
		int w = bi.getWidth(), h = bi.getHeight();
		RgbImage image = RgbImage.fromArgb(bi.getRGB(0, 0, w, h, null, 0, w), w, h);
		ObjectMask mask = MaskFiles.readTrimap(TestData.image("masks/dog_mask.png"));
		ModelOptions options = new ModelOptions();
		options.valueRange = ValueRange.CENTERED_128;
		try (TensorFlowClassifier model = (TensorFlowClassifier) ModelLoader.load(TestData.model("mobilenet_v2_imagenet"), options);
			TensorFlowGradients tf = TensorFlowGradients.of(model))
		{
			Classifier c = new Classifier() {
				@Override
				public int inputWidth() {
					return tf.inputWidth();
				}

				@Override
				public int inputHeight() {
					return tf.inputHeight();
				}

				@Override
				public List<String> labels() {
					return IntStream.range(0, tf.numClasses()).mapToObj(Integer::toString).toList();
				}

				@Override
				public float[][] predict(float[] images, int count) {
					return tf.predict(images, count);
				}
			};
			float[] p = c.predict(io.github.ablationca.attribution.ModelSpace.of(image, c,
				io.github.ablationca.image.ResizeMode.STRETCH).fit(image).data(), 1)[0];
			int target = 0;
			for (int i = 1; i < p.length; i++)
				if (p[i] > p[target]) target = i;
			System.out.printf(Locale.ROOT, "target %d p=%.3f%n", target, p[target]);
			LabelImage grid = grid(w, h, 7);
			List<AttributionMethod> methods = List.of(new Occlusion(), new Lime(), new Rise(riseMasks), new GradientSaliency(tf),
				new IntegratedGradients(tf));
			AttributionRequest r = AttributionRequest.of(image, c, target).withSegments(grid).withBatchSize(32);
			List<EvaluationRow> rows = new ArrayList<>(new Evaluation().run("dog.png", r, mask, methods));
			Table table = new Table(EvaluationRow.COLUMNS);
			rows.forEach(row -> table.add(row.cells()));
			System.out.print(table.toCsv());
			List<Attribution> maps = new ArrayList<>();
			List<String> captions = new ArrayList<>();
			for (EvaluationRow row : rows)
				if (!row.failed()) {
					maps.add(row.heatmap());
					captions.add(String.format(Locale.ROOT, "del %.3f ins %.3f", row.deletionAuc(), row.insertionAuc()));
				}
				else System.out.println(row.method() + " failed: " + row.error());
			Path out = Path.of("target", "bench", "dog_panel.png");
			HeatmapPanel.write(HeatmapPanel.render(image, "dog.png", maps, captions), out);
			System.out.println("panel: " + out.toAbsolutePath());
		}
	}

	static LabelImage grid(int w, int h, int cells) {
		int[] lab = new int[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				lab[y * w + x] = (y * cells / h) * cells + x * cells / w;
		return new LabelImage(w, h, lab, cells * cells);
	}
}
