package io.github.ablationca.bench;

import io.github.ablationca.TestData;
import io.github.ablationca.attribution.AttributionRequest;
import io.github.ablationca.attribution.Rise;
import io.github.ablationca.classifier.ModelOptions;
import io.github.ablationca.classifier.Predictions;
import io.github.ablationca.classifier.ValueRange;
import io.github.ablationca.engine.AblationRenderer;
import io.github.ablationca.engine.CorrelationMeasure;
import io.github.ablationca.engine.ExplainSettings;
import io.github.ablationca.engine.FillImages;
import io.github.ablationca.engine.MaskSampler;
import io.github.ablationca.engine.SampleMatrix;
import io.github.ablationca.engine.SamplingScheme;
import io.github.ablationca.engine.ScoreScale;
import io.github.ablationca.image.BilinearResize;
import io.github.ablationca.image.ResizeMode;
import io.github.ablationca.image.RgbImage;
import io.github.ablationca.imagej.ImageFiles;
import io.github.ablationca.imagej.ImagePlusConversion;
import io.github.ablationca.metric.CausalMetric;
import io.github.ablationca.run.ModelLoader;
import io.github.ablationca.segment.LabelImage;
import io.github.ablationca.segment.Slic;
import io.github.ablationca.tensorflow.TensorFlowClassifier;

import java.io.*;
import java.nio.file.*;
import java.util.*;

import net.imglib2.img.array.ArrayImgs;

/** Exploration: which within-method heatmap beats RISE? (temporary) */
public final class HeatmapSearchBench {

	static final Path CACHE = Path.of("/tmp/heat");

	record Run(int[] labels, int n, boolean[][] masks, float[] prob) implements Serializable {}

	record Data(int target, float[] rise, Map<Integer, Run> runs) implements Serializable {}

	public static void main(String[] args) throws Exception {
		String model = System.getProperty("model", "mobilenet_v2_imagenet");
		int[] counts = Arrays.stream(System.getProperty("counts", "20,30,40,60,80").split(",")).mapToInt(
			Integer::parseInt).toArray();
		int samples = Integer.getInteger("samples", 500);
		List<String> names = new ArrayList<>(Arrays.asList(args));
		ModelOptions o = new ModelOptions();
		o.valueRange = model.startsWith("mobilenet") ? ValueRange.CENTERED_128 : null;
		o.batchSize = 32;
		Map<String, double[]> sums = new TreeMap<>();
		try (TensorFlowClassifier c = ModelLoader.load(TestData.model(model), o)) {
			CausalMetric metric = new CausalMetric().withBatchSize(32);
			for (String name : names) {
				Path file = name.equals("dog") ? TestData.image("masks/dog.png") : Files.list(TestData.image(
					"imagenet")).filter(p -> p.getFileName().toString().startsWith(name + ".")).findFirst().get();
				RgbImage image = ImagePlusConversion.rgb(ImageFiles.open(file), 1);
				Data d = data(model, name, image, c, counts, samples);
				Map<String, float[]> maps = candidates(d, image, c);
				for (Map.Entry<String, float[]> m : maps.entrySet()) {
					double del = metric.deletion(image, m.getValue(), c, d.target()).auc();
					double ins = metric.insertion(image, m.getValue(), c, d.target()).auc();
					System.out.println(String.format(Locale.ROOT, "%s,%s,%.4f,%.4f", name, m.getKey(), del, ins));
					double[] acc = sums.computeIfAbsent(m.getKey(), k -> new double[3]);
					acc[0] += del;
					acc[1] += ins;
					acc[2]++;
				}
			}
		}
		for (Map.Entry<String, double[]> m : sums.entrySet())
			System.out.println(String.format(Locale.ROOT, "MEAN %-40s del %.4f ins %.4f", m.getKey(),
				m.getValue()[0] / m.getValue()[2], m.getValue()[1] / m.getValue()[2]));
	}

	static Data data(String model, String name, RgbImage image, TensorFlowClassifier c, int[] counts, int samples)
		throws Exception
	{
		Path f = CACHE.resolve(model + "_" + name + ".ser");
		Data d = null;
		if (Files.exists(f)) try (ObjectInputStream in = new ObjectInputStream(Files.newInputStream(f))) {
			d = (Data) in.readObject();
		}
		boolean changed = false;
		if (d == null) {
			float[] full = c.predict(BilinearResize.of(image.width(), image.height(), c.inputWidth(), c.inputHeight(),
				ResizeMode.STRETCH).apply(image).data(), 1)[0];
			int target = Predictions.argmax(full);
			float[] rise = new Rise().explain(AttributionRequest.of(image, c, target).withSeed(1)).values();
			d = new Data(target, rise, new TreeMap<>());
			changed = true;
		}
		for (int count : counts)
			if (!d.runs().containsKey(count)) {
				d.runs().put(count, collect(image, c, count, samples, d.target()));
				changed = true;
			}
		if (changed) {
			Files.createDirectories(CACHE);
			try (ObjectOutputStream out = new ObjectOutputStream(Files.newOutputStream(f))) {
				out.writeObject(d);
			}
		}
		return d;
	}

	static Run collect(RgbImage image, TensorFlowClassifier c, int count, int samples, int target) {
		ExplainSettings s = new ExplainSettings();
		LabelImage labels = new Slic(count, s.compactness, s.slicIterations, s.smoothingSigma).segment(ArrayImgs.argbs(
			image.toArgb(), image.width(), image.height()));
		BilinearResize resize = BilinearResize.of(image.width(), image.height(), c.inputWidth(), c.inputHeight(),
			ResizeMode.STRETCH);
		AblationRenderer r = new AblationRenderer(image, FillImages.fill(image, s, resize), labels, resize);
		int n = labels.count();
		MaskSampler sampler = new MaskSampler(n, 0.5, SamplingScheme.INDEPENDENT, 1000 + count);
		boolean[][] masks = new boolean[samples][n];
		float[] prob = new float[samples];
		int batch = 32, size = r.imageSize();
		float[] buf = new float[batch * size];
		for (int first = 0; first < samples; first += batch) {
			int k = Math.min(batch, samples - first);
			for (int b = 0; b < k; b++) {
				sampler.next(masks[first + b]);
				r.render(masks[first + b], buf, b * size);
			}
			float[][] p = c.predict(buf, k);
			for (int b = 0; b < k; b++)
				prob[first + b] = p[b][target];
		}
		return new Run(labels.labels().clone(), n, masks, prob);
	}

	/** Main effects of a run from its first {@code k} samples. */
	static double[] mainEffects(Run run, int k, ScoreScale scale) {
		SampleMatrix m = new SampleMatrix(run.n(), k);
		for (int t = 0; t < k; t++)
			m.add(run.masks()[t], scale.apply(run.prob()[t]));
		return CorrelationMeasure.PEARSON.measure(m).mainEffects();
	}

	static double[] areas(Run run) {
		double[] a = new double[run.n()];
		for (int l : run.labels())
			a[l]++;
		return a;
	}

	static float[] paint(Run run, double[] v) {
		float[] out = new float[run.labels().length];
		for (int p = 0; p < out.length; p++)
			out[p] = (float) v[run.labels()[p]];
		return out;
	}

	static double[] perArea(Run run, double[] v) {
		double[] a = areas(run), out = new double[v.length];
		for (int i = 0; i < v.length; i++)
			out[i] = v[i] / a[i] * run.labels().length;
		return out;
	}

	static float[] average(List<float[]> maps, double[] weights) {
		float[] out = new float[maps.get(0).length];
		double w = Arrays.stream(weights).sum();
		for (int m = 0; m < maps.size(); m++)
			for (int p = 0; p < out.length; p++)
				out[p] += (float) (weights[m] / w * maps.get(m)[p]);
		return out;
	}

	static float[] multi(Data d, int[][] plan, ScoreScale sc, boolean density) {
		List<float[]> maps = new ArrayList<>();
		double[] w = new double[plan.length];
		for (int i = 0; i < plan.length; i++) {
			Run r = d.runs().get(plan[i][0]);
			double[] v = mainEffects(r, plan[i][1], sc);
			maps.add(paint(r, density ? perArea(r, v) : v));
			w[i] = plan[i][1];
		}
		return average(maps, w);
	}

	static Map<String, float[]> candidates(Data d, RgbImage image, TensorFlowClassifier c) {
		Map<String, float[]> maps = new LinkedHashMap<>();
		maps.put("rise", d.rise());
		for (ScoreScale sc : List.of(ScoreScale.LOG_ODDS, ScoreScale.PROBABILITY)) {
			String t = sc == ScoreScale.LOG_ODDS ? " lo" : " p";
			maps.put("me40" + t, multi(d, new int[][] {{40, 500}}, sc, false));
			maps.put("dens40" + t, multi(d, new int[][] {{40, 500}}, sc, true));
			maps.put("A 40x500+20x125+80x125 dens" + t, multi(d, new int[][] {{40, 500}, {20, 125}, {80, 125}}, sc, true));
			maps.put("B 40x450+20x125+80x125 dens" + t, multi(d, new int[][] {{40, 450}, {20, 125}, {80, 125}}, sc, true));
			maps.put("C 40x500+30x125+60x125 dens" + t, multi(d, new int[][] {{40, 500}, {30, 125}, {60, 125}}, sc, true));
			maps.put("D 40x500+20x100+80x100 dens" + t, multi(d, new int[][] {{40, 500}, {20, 100}, {80, 100}}, sc, true));
			maps.put("E 40x500+20x125+80x125 me" + t, multi(d, new int[][] {{40, 500}, {20, 125}, {80, 125}}, sc, false));
			maps.put("F 5x150 dens" + t, multi(d, new int[][] {{20, 150}, {30, 150}, {40, 150}, {60, 150}, {80, 150}}, sc, true));
		}
		return maps;
	}
}
