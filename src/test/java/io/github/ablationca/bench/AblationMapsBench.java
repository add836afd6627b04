package io.github.ablationca.bench;

import io.github.ablationca.imagej.ImagePlusConversion;
import io.github.ablationca.run.ModelLoader;
import io.github.ablationca.engine.HeatmapValues;
import io.github.ablationca.TestData;
import io.github.ablationca.attribution.AblationCaMethod;
import io.github.ablationca.classifier.ValueRange;
import io.github.ablationca.imagej.ImageFiles;
import io.github.ablationca.classifier.ModelOptions;
import io.github.ablationca.tensorflow.TensorFlowClassifier;
import io.github.ablationca.engine.AblationCaEngine;
import io.github.ablationca.engine.ExplainSettings;
import io.github.ablationca.engine.Explanation;
import io.github.ablationca.engine.ObjectInfo;
import io.github.ablationca.engine.ScoreScale;
import io.github.ablationca.image.BilinearResize;
import io.github.ablationca.image.ResizeMode;
import io.github.ablationca.image.RgbImage;
import io.github.ablationca.segment.LabelImage;
import io.github.ablationca.segment.Slic;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.type.numeric.ARGBType;

/**
 * Which per-object map should Ablation-CA hand to the deletion/insertion metric? One engine run per image and score
 * scale gives, with no further model calls, the paper's single-ablation contribution and the Monte Carlo main
 * effect (Banzhaf); each is scored as painted (the object's total effect on every pixel) and as a density (effect /
 * object area in model pixels, so the map sums to the object's effect, like a per-pixel attribution). Prints one CSV
 * line per image and map, then the means. Same protocol as {@code evaluate} (SLIC 40, 500 samples, mean fill,
 * seed 1, stretch, 224 steps). One run, not a loop:
 * {@code mvn -q -B test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.github.ablationca.bench.AblationMapsBench}
 * (arguments: image files; default the 12 ImageNet images and the dog).
 */
public final class AblationMapsBench {

	public static void main(String[] args) throws Exception {
		List<Path> images = new ArrayList<>();
		if (args.length > 0) for (String a : args)
			images.add(Path.of(a));
		else {
			try (Stream<Path> s = Files.list(TestData.image("imagenet"))) {
				s.sorted().forEach(images::add);
			}
			images.add(TestData.image("masks/dog.png"));
		}
		ModelOptions o = new ModelOptions();
		o.valueRange = ValueRange.CENTERED_128;
		o.batchSize = 32;
		MapScores scores = new MapScores();
		System.out.println("image,map,deletion_auc,insertion_auc");
		try (TensorFlowClassifier c = (TensorFlowClassifier) ModelLoader.load(TestData.model("mobilenet_v2_imagenet"), o)) {
			for (Path file : images) {
				RgbImage image = ImagePlusConversion.rgb(ImageFiles.open(file), 1);
				ArrayImg<ARGBType, IntArray> argb = ArrayImgs.argbs(image.toArgb(), image.width(), image.height());
				ExplainSettings s = new ExplainSettings();
				LabelImage labels = new Slic(s.segments, s.compactness, s.slicIterations, s.smoothingSigma)
					.segment(argb);
				double[] area = modelArea(labels, image, c);
				String name = file.getFileName().toString().replaceFirst("\\.[^.]+$", "");
				for (ScoreScale scale : ScoreScale.values()) {
					s.scoreScale = scale;
					Explanation e = new AblationCaEngine(c).explain(argb, labels, s, null);
					String tag = scale == ScoreScale.LOG_ODDS ? "log-odds" : "probability";
					Map<String, float[]> maps = new LinkedHashMap<>();
					if (scale == ScoreScale.LOG_ODDS) {
						// the contribution's order is the same on both scales (a monotone map of one probability)
						maps.put("contribution", AblationCaMethod.paint(e, HeatmapValues.CONTRIBUTION));
						maps.put("contribution/area", density(e, area, true));
					}
					maps.put("banzhaf " + tag, AblationCaMethod.paint(e, HeatmapValues.MAIN_EFFECT));
					maps.put("banzhaf/area " + tag, density(e, area, false));
					scores.score(name, image, maps, c, e.targetIndex());
				}
			}
		}
		scores.printMeans();
	}

	/** Each object's weight in what the model sees: the sum of the resize weights its pixels get. */
	static double[] modelArea(LabelImage labels, RgbImage image, TensorFlowClassifier c) {
		BilinearResize r = BilinearResize.of(image.width(), image.height(), c.inputWidth(), c.inputHeight(),
			ResizeMode.STRETCH);
		double[] area = new double[labels.count()];
		int[] lab = labels.labels();
		for (int p = 0; p < c.inputWidth() * c.inputHeight(); p++)
			for (int t = 0; t < 4; t++)
				area[lab[r.tap(p, t)]] += r.weight(p, t);
		return area;
	}

	static float[] density(Explanation e, double[] area, boolean contribution) {
		double[] v = new double[e.segments()];
		for (ObjectInfo o : e.objects())
			v[o.index()] = (contribution ? o.contribution() : o.mainEffect()) / Math.max(area[o.index()], 1e-9);
		int[] lab = e.labels().labels();
		float[] heat = new float[lab.length];
		for (int p = 0; p < heat.length; p++)
			heat[p] = (float) v[lab[p]];
		return heat;
	}
}
