package io.github.ablationca.bench;

import io.github.ablationca.TestData;
import io.github.ablationca.attribution.AttributionRequest;
import io.github.ablationca.attribution.Rise;
import io.github.ablationca.classifier.ModelClassifier;
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
import io.github.ablationca.run.ModelLoader;
import io.github.ablationca.segment.LabelImage;
import io.github.ablationca.segment.Slic;

import java.io.*;
import java.nio.file.*;
import java.util.*;

import net.imglib2.img.array.ArrayImgs;

/**
 * Exploration (issue 15): which within-method heatmap beats RISE? Caches each image's model answers in /tmp/heat
 * (runs keyed {@code segments@keep@fill}) and prints the deletion and insertion AUCs of candidate maps built from
 * them. Arguments: shared ImageNet photo names or image paths. Properties: {@code model}, {@code counts},
 * {@code samples}, {@code extra} (further runs, e.g. {@code 30@0.8@constant,60@0.5@blur}); {@code smoothing},
 * {@code diagnose} or {@code blackcontrib} switch to those candidate families (docs/evaluation.md).
 */
public final class HeatmapSearchBench {

	static final Path CACHE = Path.of("/tmp/heat");

	record Run(int[] labels, int n, boolean[][] masks, float[] prob) implements Serializable {}

	record Data(int target, float[] rise, Map<Object, Run> runs) implements Serializable {}

	public static void main(String[] args) throws Exception {
		String model = System.getProperty("model", "mobilenet_v2_imagenet");
		int[] counts = Arrays.stream(System.getProperty("counts", "20,30,40,60,80").split(",")).mapToInt(
			Integer::parseInt).toArray();
		int samples = Integer.getInteger("samples", 500);
		List<String> names = new ArrayList<>(Arrays.asList(args));
		ModelOptions o = new ModelOptions();
		o.valueRange = model.startsWith("mobilenet") ? ValueRange.CENTERED_128 : null;
		o.batchSize = 32;
		MapScores scores = new MapScores();
		try (ModelClassifier c = ModelLoader.load(TestData.model(model), o)) {
			for (String arg : names) {
				String name = arg;
				Path file = arg.contains("/") ? Path.of(arg) : arg.equals("dog") ? TestData.image("masks/dog.png")
					: Files.list(TestData.image("imagenet")).filter(p -> p.getFileName().toString().startsWith(
					arg + ".")).findFirst().get();
				name = file.getFileName().toString().replaceFirst("[.][^.]+$", "");
				RgbImage image = ImagePlusConversion.rgb(ImageFiles.open(file), 1);
				Data d = data(model, name, image, c, counts, samples);
				Map<String, float[]> maps = candidates(d, image, c);
				scores.score(name, image, maps, c, d.target());
			}
		}
		scores.printMeans();
	}

	static Data data(String model, String name, RgbImage image, ModelClassifier c, int[] counts, int samples)
		throws Exception
	{
		Path f = CACHE.resolve(model + "_" + name + ".ser");
		Data d = null;
		if (Files.exists(f)) try (ObjectInputStream in = new ObjectInputStream(Files.newInputStream(f))) {
			d = (Data) in.readObject();
			d = new Data(d.target(), d.rise(), new HashMap<>(d.runs()));
		}
		boolean changed = false;
		if (d == null) {
			float[] full = c.predict(BilinearResize.of(image.width(), image.height(), c.inputWidth(), c.inputHeight(),
				ResizeMode.STRETCH).apply(image).data(), 1)[0];
			int target = Predictions.argmax(full);
			float[] rise = new Rise().explain(AttributionRequest.of(image, c, target).withSeed(1)).values();
			d = new Data(target, rise, new HashMap<>());
			changed = true;
		}
		for (int count : counts)
			if (!d.runs().containsKey(count)) {
				d.runs().put(count, collect(image, c, count, samples, d.target(), 0.5, "mean"));
				changed = true;
			}
		for (String extra : System.getProperty("extra", "").split(","))
			if (!extra.isEmpty() && !d.runs().containsKey(extra)) {
				String[] cp = extra.split("@");
				d.runs().put(extra, collect(image, c, Integer.parseInt(cp[0]), samples, d.target(),
					Double.parseDouble(cp[1]), cp.length > 2 ? cp[2] : "mean"));
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

	static Run collect(RgbImage image, ModelClassifier c, int count, int samples, int target, double keep,
		String fill)
	{
		ExplainSettings s = new ExplainSettings();
		s.fill = io.github.ablationca.engine.FillMode.valueOf(fill.toUpperCase());
		LabelImage labels = new Slic(count, s.compactness, s.slicIterations, s.smoothingSigma).segment(ArrayImgs.argbs(
			image.toArgb(), image.width(), image.height()));
		BilinearResize resize = BilinearResize.of(image.width(), image.height(), c.inputWidth(), c.inputHeight(),
			ResizeMode.STRETCH);
		AblationRenderer r = new AblationRenderer(image, FillImages.fill(image, s, resize), labels, resize);
		int n = labels.count();
		MaskSampler sampler = new MaskSampler(n, keep, SamplingScheme.INDEPENDENT, 1000 + count + (long) (keep * 1e6));
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
		Object[] keys = new Object[plan.length];
		for (int i = 0; i < plan.length; i++)
			keys[i] = plan[i][0];
		return multi(d, keys, plan, sc, density);
	}

	static float[] multi(Data d, Object[] keys, int[][] plan, ScoreScale sc, boolean density) {
		List<float[]> maps = new ArrayList<>();
		double[] w = new double[plan.length];
		for (int i = 0; i < plan.length; i++) {
			Run r = d.runs().get(keys[i]);
			double[] v = mainEffects(r, plan[i][1], sc);
			maps.add(paint(r, density ? perArea(r, v) : v));
			w[i] = plan[i][1];
		}
		return average(maps, w);
	}

	static float[] smooth(float[] map, int w, int h, double sigma) {
		int radius = (int) Math.ceil(3 * sigma);
		double[] k = new double[2 * radius + 1];
		for (int i = -radius; i <= radius; i++)
			k[i + radius] = Math.exp(-i * i / (2 * sigma * sigma));
		float[] tmp = new float[map.length], out = new float[map.length];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				double s = 0, ws = 0;
				for (int i = -radius; i <= radius; i++) {
					int xx = x + i;
					if (xx < 0 || xx >= w) continue;
					s += k[i + radius] * map[y * w + xx];
					ws += k[i + radius];
				}
				tmp[y * w + x] = (float) (s / ws);
			}
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				double s = 0, ws = 0;
				for (int i = -radius; i <= radius; i++) {
					int yy = y + i;
					if (yy < 0 || yy >= h) continue;
					s += k[i + radius] * tmp[yy * w + x];
					ws += k[i + radius];
				}
				out[y * w + x] = (float) (s / ws);
			}
		return out;
	}

	/** Chamfer distance (3-4) of each pixel to the nearest pixel with another label. */
	static float[] distanceToBoundary(int[] labels, int w, int h) {
		float[] d = new float[labels.length];
		float inf = 1e9f;
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				int p = y * w + x, l = labels[p];
				boolean edge = (x > 0 && labels[p - 1] != l) || (x < w - 1 && labels[p + 1] != l) ||
					(y > 0 && labels[p - w] != l) || (y < h - 1 && labels[p + w] != l);
				d[p] = edge ? 1 : inf;
			}
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				int p = y * w + x;
				if (x > 0) d[p] = Math.min(d[p], d[p - 1] + 1);
				if (y > 0) d[p] = Math.min(d[p], d[p - w] + 1);
				if (x > 0 && y > 0) d[p] = Math.min(d[p], d[p - w - 1] + 1.4142f);
				if (x < w - 1 && y > 0) d[p] = Math.min(d[p], d[p - w + 1] + 1.4142f);
			}
		for (int y = h - 1; y >= 0; y--)
			for (int x = w - 1; x >= 0; x--) {
				int p = y * w + x;
				if (x < w - 1) d[p] = Math.min(d[p], d[p + 1] + 1);
				if (y < h - 1) d[p] = Math.min(d[p], d[p + w] + 1);
				if (x < w - 1 && y < h - 1) d[p] = Math.min(d[p], d[p + w + 1] + 1.4142f);
				if (x > 0 && y < h - 1) d[p] = Math.min(d[p], d[p + w - 1] + 1.4142f);
			}
		for (int p = 0; p < d.length; p++)
			if (d[p] >= inf) d[p] = 0;
		return d;
	}

	/** Ties within an atom broken centre-first (for positive values; boundary-first for negative ones). */
	static float[] centreFirst(float[] map, List<int[]> labelImages, int w, int h, double strength) {
		float[] dist = new float[map.length];
		for (int[] l : labelImages) {
			float[] d = distanceToBoundary(l, w, h);
			for (int p = 0; p < d.length; p++)
				dist[p] += d[p] / labelImages.size();
		}
		float max = 0, lo = Float.MAX_VALUE, hi = -Float.MAX_VALUE;
		for (int p = 0; p < map.length; p++) {
			max = Math.max(max, dist[p]);
			lo = Math.min(lo, map[p]);
			hi = Math.max(hi, map[p]);
		}
		float[] out = new float[map.length];
		for (int p = 0; p < out.length; p++)
			out[p] = (float) (map[p] + strength * (hi - lo) * dist[p] / Math.max(max, 1e-9));
		return out;
	}

	static float[] multiPow(Data d, Object[] keys, int[][] plan, ScoreScale sc, double exponent) {
		List<float[]> maps = new ArrayList<>();
		double[] w = new double[plan.length];
		for (int i = 0; i < plan.length; i++) {
			Run r = d.runs().get(keys[i]);
			double[] v = mainEffects(r, plan[i][1], sc), a = areas(r);
			double mean = (double) r.labels().length / r.n();
			for (int j = 0; j < v.length; j++)
				v[j] *= Math.pow(mean / a[j], exponent);
			maps.add(paint(r, v));
			w[i] = plan[i][1];
		}
		return average(maps, w);
	}

	static double[] mainErrors(Run run, int k, ScoreScale scale) {
		SampleMatrix m = new SampleMatrix(run.n(), k);
		for (int t = 0; t < k; t++)
			m.add(run.masks()[t], scale.apply(run.prob()[t]));
		return CorrelationMeasure.PEARSON.measure(m).mainEffectErrors();
	}

	/** Density map averaged over scales; each scale's objects shrunk towards the smooth map by their evidence. */
	static float[] shrunk(Data d, Object[] keys, int[][] plan, ScoreScale sc, int w, int h, double sigmaCells) {
		List<float[]> maps = new ArrayList<>();
		double[] wt = new double[plan.length];
		double cell = Math.sqrt((double) w * h / 40);
		for (int i = 0; i < plan.length; i++) {
			Run r = d.runs().get(keys[i]);
			double[] v = mainEffects(r, plan[i][1], sc), se = mainErrors(r, plan[i][1], sc), a = areas(r);
			double[] dens = new double[v.length], keep = new double[v.length];
			for (int j = 0; j < v.length; j++) {
				dens[j] = v[j] / a[j] * r.labels().length;
				double z = v[j] / Math.max(se[j], 1e-12);
				keep[j] = z * z / (1 + z * z);
			}
			float[] m = paint(r, dens), g = smooth(m, w, h, sigmaCells * cell), k = paint(r, keep);
			float[] out = new float[m.length];
			for (int p = 0; p < out.length; p++)
				out[p] = k[p] * m[p] + (1 - k[p]) * g[p];
			maps.add(out);
			wt[i] = plan[i][1];
		}
		return average(maps, wt);
	}

	static float[] plusSmooth(float[] m, int w, int h, double sigmaCells, double lambda) {
		float[] g = smooth(m, w, h, sigmaCells * Math.sqrt((double) w * h / 40));
		float[] out = new float[m.length];
		for (int p = 0; p < out.length; p++)
			out[p] = (float) (m[p] + lambda * g[p]);
		return out;
	}

	/** Contribution (probability scale) density on the 40-segment objects: n + 1 model calls. */
	static float[] contributionDensity(Data d, RgbImage image, ModelClassifier c) {
		return contributionDensity(d, image, c, io.github.ablationca.engine.FillMode.MEAN);
	}

	static float[] contributionDensity(Data d, RgbImage image, ModelClassifier c,
		io.github.ablationca.engine.FillMode fill)
	{
		Run r = d.runs().get(40);
		return paint(r, perArea(r, contributions(d, image, c, fill, ScoreScale.PROBABILITY)));
	}

	/** Contributions (n + 1 calls) scaled by (mean area / area)^alpha on the score scale {@code sc}. */
	static float[] contributionPow(Data d, RgbImage image, ModelClassifier c, double alpha, ScoreScale sc) {
		Run r = d.runs().get(40);
		double[] v = contributions(d, image, c, io.github.ablationca.engine.FillMode.MEAN, sc), area = areas(r);
		double mean = (double) r.labels().length / r.n();
		for (int i = 0; i < v.length; i++)
			v[i] *= Math.pow(mean / area[i], alpha);
		return paint(r, v);
	}

	/** The single-ablation contributions of the 40-segment objects on {@code sc} with {@code fill}: n + 1 calls. */
	static double[] contributions(Data d, RgbImage image, ModelClassifier c, io.github.ablationca.engine.FillMode fill,
		ScoreScale sc)
	{
		Run r = d.runs().get(40);
		ExplainSettings s = new ExplainSettings();
		s.fill = fill;
		BilinearResize resize = BilinearResize.of(image.width(), image.height(), c.inputWidth(), c.inputHeight(),
			ResizeMode.STRETCH);
		LabelImage labels = new LabelImage(image.width(), image.height(), r.labels().clone(), r.n());
		AblationRenderer ren = new AblationRenderer(image, FillImages.fill(image, s, resize), labels, resize);
		int n = r.n(), size = ren.imageSize();
		float[] buf = new float[(n + 1) * size];
		boolean[] keep = new boolean[n];
		for (int t = 0; t <= n; t++) {
			Arrays.fill(keep, true);
			if (t > 0) keep[t - 1] = false;
			ren.render(keep, buf, t * size);
		}
		float[][] p = c.predict(buf, n + 1);
		double[] v = new double[n];
		for (int i = 0; i < n; i++)
			v[i] = sc.apply(p[0][d.target()]) - sc.apply(p[i + 1][d.target()]);
		return v;
	}

	/** The density map of one cached run's main effects from its first {@code k} samples. */
	static float[] me(Data d, Object key, int k) {
		return multi(d, new Object[] {key}, new int[][] {{0, k}}, ScoreScale.PROBABILITY, true);
	}

	/** {@code map} rescaled to the mean absolute value of {@code like}: mixes members on different score scales. */
	static float[] scaleTo(float[] map, float[] like) {
		double a = 0, b = 0;
		for (int p = 0; p < map.length; p++) {
			a += Math.abs(map[p]);
			b += Math.abs(like[p]);
		}
		float[] out = new float[map.length];
		for (int p = 0; p < map.length; p++)
			out[p] = (float) (a == 0 ? 0 : map[p] * b / a);
		return out;
	}

	static Map<String, float[]> candidates(Data d, RgbImage image, ModelClassifier c) {
		Map<String, float[]> maps = new LinkedHashMap<>();
		maps.put("rise", d.rise());
		float[] cd = contributionDensity(d, image, c);
		int n = d.runs().get(40).n();
		float[] m = me(d, 40, 500);
		float[] k30 = me(d, "30@0.5@constant", 125), b60 = me(d, "60@0.5@blur", 125);
		float[] k30h = me(d, "30@0.8@constant", 125), b60l = me(d, "60@0.2@blur", 125);
		float[] k60h = me(d, "60@0.8@constant", 125), k30h250 = me(d, "30@0.8@constant", 250);
		float[] k20h = me(d, "20@0.8@constant", 125);
		maps.put("cur", average(List.of(m, cd, k30, b60), new double[] {500, n, 125, 125}));
		maps.put("k8", average(List.of(m, cd, k30h, b60), new double[] {500, n, 125, 125}));
		maps.put("k8b2", average(List.of(m, cd, k30h, b60l), new double[] {500, n, 125, 125}));
		maps.put("k8k8", average(List.of(m, cd, k30h, k60h), new double[] {500, n, 125, 125}));
		maps.put("k8x250", average(List.of(m, cd, k30h250), new double[] {500, n, 250}));
		maps.put("k20h", average(List.of(m, cd, k20h, b60), new double[] {500, n, 125, 125}));
		maps.put("k8-w2", average(List.of(m, cd, k30h, b60), new double[] {500, n, 250, 125}));
		maps.put("k8-eq", average(List.of(m, cd, k30h, b60), new double[] {1, 1, 1, 1}));
		maps.put("m only", m);
		if (Boolean.getBoolean("shrink")) {
			Map<String, float[]> j = new LinkedHashMap<>();
			j.put("rise", d.rise());
			int w = image.width(), h = image.height();
			j.put("k8", maps.get("k8"));
			j.put("k8 s0.05", plusSmooth(maps.get("k8"), w, h, 0.05, 1e6));
			Object[] keys = {40, "30@0.8@constant", "60@0.5@blur"};
			int[] k = {500, 125, 125};
			for (String rule : new String[] {"z2", "js"}) {
				List<float[]> ms = new ArrayList<>();
				for (int i = 0; i < keys.length; i++) {
					Run r = d.runs().get(keys[i]);
					double[] v = mainEffects(r, k[i], ScoreScale.PROBABILITY), se = mainErrors(r, k[i],
						ScoreScale.PROBABILITY);
					for (int o = 0; o < v.length; o++) {
						double z2 = v[o] * v[o] / Math.max(se[o] * se[o], 1e-30);
						v[o] *= rule.equals("z2") ? z2 / (1 + z2) : Math.max(0, 1 - 1 / z2);
					}
					ms.add(paint(r, perArea(r, v)));
				}
				float[] sh = average(List.of(ms.get(0), cd, ms.get(1), ms.get(2)), new double[] {500, n, 125, 125});
				j.put("shrink " + rule, sh);
				j.put("shrink " + rule + " s0.05", plusSmooth(sh, w, h, 0.05, 1e6));
			}
			return j;
		}
		if (Boolean.getBoolean("jitter")) {
			Map<String, float[]> j = new LinkedHashMap<>();
			j.put("rise", d.rise());
			float[] base = maps.get("k8");
			int w = image.width(), h = image.height();
			j.put("k8", base);
			double cell = Math.sqrt((double) w * h / 40);
			for (double sigma : new double[] {0.05, 0.1, 0.15}) {
				for (double lambda : new double[] {2, 4})
					j.put("k8 + " + lambda + " smooth " + sigma, plusSmooth(base, w, h, sigma, lambda));
				j.put("k8 smooth " + sigma, smooth(base, w, h, sigma * cell));
			}
			return j;
		}
		if (Boolean.getBoolean("round3")) {
			Map<String, float[]> r3 = new LinkedHashMap<>();
			r3.put("rise", d.rise());
			float[] base = maps.get("k8");
			int w = image.width(), h = image.height();
			r3.put("k8", base);
			r3.put("k8 + 1 smooth 0.1", plusSmooth(base, w, h, 0.1, 1));
			r3.put("k8 + 2 smooth 0.1", plusSmooth(base, w, h, 0.1, 2));
			r3.put("k8 + 1 smooth 0.25", plusSmooth(base, w, h, 0.25, 1));
			ScoreScale lo = ScoreScale.LOG_ODDS;
			float[] mL = multi(d, new Object[] {40}, new int[][] {{0, 500}}, lo, true);
			float[] k30hL = multi(d, new Object[] {"30@0.8@constant"}, new int[][] {{0, 125}}, lo, true);
			float[] b60L = multi(d, new Object[] {"60@0.5@blur"}, new int[][] {{0, 125}}, lo, true);
			Run r40 = d.runs().get(40);
			float[] cdL = paint(r40, perArea(r40, contributions(d, image, c, io.github.ablationca.engine.FillMode.MEAN,
				lo)));
			r3.put("k8 log-odds", average(List.of(mL, cdL, k30hL, b60L), new double[] {500, n, 125, 125}));
			r3.put("k8 log-odds black", average(List.of(m, cd, scaleTo(k30hL, k30h), b60), new double[] {500, n, 125,
				125}));
			float[] k10 = me(d, "10@0.5@constant", 125);
			r3.put("k8 + coarse black", average(List.of(m, cd, k30h, b60, k10), new double[] {500, n, 125, 125, 125}));
			return r3;
		}
		if (Boolean.getBoolean("smoothing")) {
			Map<String, float[]> sm = new LinkedHashMap<>();
			sm.put("rise", d.rise());
			float[] base = maps.get("k8");
			int w = image.width(), h = image.height();
			double cell0 = Math.sqrt((double) w * h / 40);
			sm.put("k8", base);
			for (double sigma : new double[] {0.1, 0.25, 0.5})
				for (double lambda : new double[] {0.5, 1, 2})
					sm.put("k8 + " + lambda + " smooth " + sigma, plusSmooth(base, w, h, sigma, lambda));
			sm.put("k8 smooth 0.1", smooth(base, w, h, 0.1 * cell0));
			return sm;
		}
		if (Boolean.getBoolean("blackcontrib")) {
			Map<String, float[]> bc = new LinkedHashMap<>();
			bc.put("rise", d.rise());
			bc.put("k8", maps.get("k8"));
			float[] cdk = contributionDensity(d, image, c, io.github.ablationca.engine.FillMode.CONSTANT);
			bc.put("k8 black contributions", average(List.of(m, cdk, k30h, b60), new double[] {500, n, 125, 125}));
			bc.put("k8 both contributions", average(List.of(m, cd, cdk, k30h, b60), new double[] {500, n, n, 125,
				125}));
			bc.put("k8 black contributions x3", average(List.of(m, cdk, k30h, b60), new double[] {500, 3 * n, 125,
				125}));
			return bc;
		}
		if (Boolean.getBoolean("diagnose")) {
			Map<String, float[]> diag = new LinkedHashMap<>();
			diag.put("rise", d.rise());
			diag.put("k8", maps.get("k8"));
			float[] k30h500 = me(d, "30@0.8@constant", 500), b60500 = me(d, "60@0.5@blur", 500);
			diag.put("k8 members x4 (diagnostic)", average(List.of(m, cd, k30h500, b60500), new double[] {500, n, 125,
				125}));
			diag.put("k8 main 250 (diagnostic)", average(List.of(me(d, 40, 250), cd, k30h, b60), new double[] {500, n,
				125, 125}));
			diag.put("k8 no m", average(List.of(cd, k30h, b60), new double[] {n, 125, 125}));
			diag.put("k8 m w0.5", average(List.of(m, cd, k30h, b60), new double[] {250, n, 125, 125}));
			return diag;
		}
		float[] k8 = maps.get("k8");
		double cell = Math.sqrt((double) image.width() * image.height() / 40);
		maps.put("k8 s0.25", smooth(k8, image.width(), image.height(), 0.25 * cell));
		maps.put("k8 s0.5", smooth(k8, image.width(), image.height(), 0.5 * cell));
		maps.put("k8 s1", smooth(k8, image.width(), image.height(), 1 * cell));
		maps.put("k8 cf", centreFirst(k8, List.of(d.runs().get(40).labels(), d.runs().get("30@0.8@constant").labels(),
			d.runs().get("60@0.5@blur").labels()), image.width(), image.height(), 0.05));
		maps.put("k8 no c", average(List.of(m, k30h, b60), new double[] {500, 125, 125}));
		double[] a = System.getProperty("alphas", "0.5").chars().count() > 0 ? Arrays.stream(System.getProperty(
			"alphas", "0.5,0").split(",")).mapToDouble(Double::parseDouble).toArray() : new double[0];
		for (double alpha : a)
			for (ScoreScale sc : List.of(ScoreScale.PROBABILITY)) {
				Object[] keys = {40, "30@0.8@constant", "60@0.5@blur"};
				int[][] plan = {{0, 500}, {0, 125}, {0, 125}};
				float[] ens = multiPow(d, keys, plan, sc, alpha);
				float[] cp = contributionPow(d, image, c, alpha, sc);
				maps.put("k8 a" + alpha + " " + sc, average(List.of(ens, cp), new double[] {750, n}));
			}
		return maps;
	}
}
