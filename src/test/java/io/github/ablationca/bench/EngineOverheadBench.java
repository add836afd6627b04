package io.github.ablationca.bench;

import io.github.ablationca.run.ModelLoader;
import io.github.ablationca.TestData;
import io.github.ablationca.classifier.Classifier;
import io.github.ablationca.classifier.ForwardingClassifier;
import io.github.ablationca.classifier.ValueRange;
import io.github.ablationca.classifier.ModelOptions;
import io.github.ablationca.engine.AblationCaEngine;
import io.github.ablationca.engine.AblationRenderer;
import io.github.ablationca.engine.FillImages;
import io.github.ablationca.engine.CorrelationMeasure;
import io.github.ablationca.engine.ExplainSettings;
import io.github.ablationca.engine.Explanation;
import io.github.ablationca.engine.MaskSampler;
import io.github.ablationca.engine.SampleMatrix;
import io.github.ablationca.image.BilinearResize;
import io.github.ablationca.image.ImageConversion;
import io.github.ablationca.image.RgbImage;
import io.github.ablationca.segment.GridSegmenter;
import io.github.ablationca.segment.LabelImage;
import io.github.ablationca.segment.Segmenter;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import javax.imageio.ImageIO;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.type.numeric.ARGBType;

/**
 * Where the engine's time goes outside the model, per model call.
 * <p>
 * (a) With a near-free synthetic classifier (224 x 224 input, reads 64 pixels): the whole run's wall time minus
 * the time inside {@code predict}, divided by the model calls, at 40 and 200 segments on a 224 x 224 and a
 * 1000 x 1000 image, default settings (500 samples, batch 32). Segmentation here is the cheap {@link GridSegmenter},
 * its time listed apart; the engine's own parts are also timed one by one.
 * <p>
 * (b) With a real classifier (MobileNet v2 from {@code ../shared/data/models}, SLIC segmentation): the fraction of
 * wall time outside the model (segmentation, masking, statistics); see {@link #realClassifier()}.
 * <p>
 * Run: {@code mvn -q -B test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.github.ablationca.bench.EngineOverheadBench [-Dexec.args="mobilenet"]}
 */
public final class EngineOverheadBench {

	public static void main(String[] args) throws Exception {
		System.out.println("(a) engine overhead with a near-free classifier (224 x 224 input), default settings");
		System.out.println("overhead/call = (wall - model) / calls; CPU/call = process CPU time outside predict / calls " +
			"(all threads; robust to a busy machine); best of 3 runs after a warm-up");
		System.out.printf(Locale.ROOT, "%-11s %8s %6s %9s %9s %9s %12s %14s %12s%n", "image", "segments", "calls",
			"total s", "model s", "segm. s", "overhead/call", "w/o segm./call", "CPU/call");
		Classifier free = new NearFreeClassifier(224, 224);
		for (int[] size : new int[][] {{224, 224}, {1000, 1000}})
			for (int segments : new int[] {40, 200})
				overhead(free, size[0], size[1], segments);
		System.out.println();
		System.out.println("engine parts on their own, 1000 x 1000 image, 200 segments, model 224 x 224:");
		parts(1000, 1000, 200);

		if (args.length > 0 && args[0].equals("mobilenet")) {
			System.out.println();
			System.out.println("(b) MobileNet v2: fraction of wall time outside the model");
			try (Classifier c = realClassifier()) {
				for (String name : new String[] {"chelsea.png", "coffee.png", "grace_hopper.png"})
					for (int segments : new int[] {40, 200})
						real(c, TestData.image("imagenet/" + name), segments);
			}
		}
	}

	/** MobileNet v2 from {@code ../shared/data/models} through the product's DJL adapter, as documented there. */
	static Classifier realClassifier() {
		ModelOptions o = new ModelOptions();
		o.valueRange = ValueRange.CENTERED_128;
		return ModelLoader.load(TestData.model("mobilenet_v2_imagenet"), o);
	}

	private static void overhead(Classifier classifier, int w, int h, int segments) {
		ArrayImg<ARGBType, IntArray> img = texture(w, h, 1);
		ExplainSettings s = new ExplainSettings();
		s.segments = segments;
		Segmenter grid = new GridSegmenter(segments);
		CpuTimedClassifier timed = new CpuTimedClassifier(classifier);
		AblationCaEngine engine = new AblationCaEngine(timed).segmenter(grid);
		engine.explain(img, s, null); // warm-up
		double bestWall = Double.MAX_VALUE, bestCpu = Double.MAX_VALUE;
		Explanation bestRun = null;
		for (int rep = 0; rep < 3; rep++) {
			timed.cpuNanos = 0;
			long cpu0 = processCpuNanos();
			Explanation e = engine.explain(img, s, null);
			double cpuOutside = (processCpuNanos() - cpu0 - timed.cpuNanos) * 1e-9;
			double outside = e.timings().total() - e.timings().model();
			bestCpu = Math.min(bestCpu, cpuOutside);
			if (outside < bestWall) {
				bestWall = outside;
				bestRun = e;
			}
		}
		Explanation.Timings t = bestRun.timings();
		long calls = bestRun.modelCalls();
		System.out.printf(Locale.ROOT, "%-11s %8d %6d %9.3f %9.3f %9.3f %10.3f ms %12.3f ms %10.3f ms%n",
			w + "x" + h, bestRun.segments(), calls, t.total(), t.model(), t.segmentation(),
			1000 * (t.total() - t.model()) / calls, 1000 * (t.total() - t.model() - t.segmentation()) / calls,
			1000 * bestCpu / calls);
	}

	/** CPU time of the whole process (all threads: the engine's parallel parts, JIT, GC). */
	private static long processCpuNanos() {
		java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
		return ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
	}

	/** Counts the CPU time spent inside {@code predict} (on the calling thread). */
	static final class CpuTimedClassifier extends ForwardingClassifier {
		private final java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
		long cpuNanos;

		CpuTimedClassifier(Classifier inner) {
			super(inner);
		}




		@Override
		public float[][] predict(float[] images, int count) {
			long t0 = threads.getCurrentThreadCpuTime();
			float[][] out = delegate.predict(images, count);
			cpuNanos += threads.getCurrentThreadCpuTime() - t0;
			return out;
		}
	}

	private static void parts(int w, int h, int segments) {
		ArrayImg<ARGBType, IntArray> img = texture(w, h, 1);
		for (int rep = 0; rep < 2; rep++) { // the second pass is the one printed (after JIT warm-up)
			long t0 = System.nanoTime();
			RgbImage rgb = ImageConversion.toRgb(img);
			long t1 = System.nanoTime();
			LabelImage labels = new GridSegmenter(segments).segment(w, h);
			ExplainSettings s = new ExplainSettings();
			RgbImage base = FillImages.fill(rgb, s);
			long t2 = System.nanoTime();
			AblationRenderer renderer = new AblationRenderer(rgb, base, labels,
				BilinearResize.of(w, h, 224, 224, s.resize));
			long t3 = System.nanoTime();
			int n = labels.count(), samples = 2000;
			float[] buffer = new float[renderer.imageSize()];
			boolean[] keep = new boolean[n];
			MaskSampler sampler = new MaskSampler(n, 0.5, s.sampling, 1);
			SampleMatrix matrix = new SampleMatrix(n, samples);
			for (int k = 0; k < samples; k++) {
				sampler.next(keep);
				renderer.render(keep, buffer, 0);
				matrix.add(keep, buffer[k % buffer.length]);
			}
			long t4 = System.nanoTime();
			SampleMatrix five = new SampleMatrix(n, 500);
			for (int k = 0; k < 500; k++) {
				sampler.next(keep);
				five.add(keep, buffer[(7 * k) % buffer.length] + (keep[0] && keep[1] ? 1 : 0));
			}
			long t5 = System.nanoTime();
			CorrelationMeasure.PEARSON.measure(five);
			long t6 = System.nanoTime();
			RgbImage blurBase = FillImages.blur(rgb, s.blurSigmaFraction * Math.min(w, h));
			long t7 = System.nanoTime();
			ExplainSettings blur = new ExplainSettings();
			blur.fill = io.github.ablationca.engine.FillMode.BLUR;
			FillImages.fill(rgb, blur, BilinearResize.of(w, h, 224, 224, s.resize));
			long t8 = System.nanoTime();
			if (rep == 1) {
				System.out.printf(Locale.ROOT, "  conversion to RGB          %8.2f ms (once)%n", (t1 - t0) / 1e6);
				System.out.printf(Locale.ROOT, "  grid + mean baseline       %8.2f ms (once)%n", (t2 - t1) / 1e6);
				System.out.printf(Locale.ROOT, "  renderer precomputation    %8.2f ms (once), %d border pixels%n",
					(t3 - t2) / 1e6, renderer.borderPixels());
				System.out.printf(Locale.ROOT, "  mask + render + record     %8.3f ms per call%n", (t4 - t3) / 1e6 / samples);
				System.out.printf(Locale.ROOT, "  statistics, %d objects, M=500 %6.2f ms (once)%n", n, (t6 - t5) / 1e6);
				System.out.printf(Locale.ROOT, "  blur baseline (sigma %.0f px) %7.2f ms whole image, %.2f ms at the " +
					"resize taps as the engine computes it (once, fill=BLUR only)%n", s.blurSigmaFraction * Math.min(w, h),
					(t7 - t6) / 1e6, (t8 - t7) / 1e6);
			}
			if (blurBase.width() != w) throw new IllegalStateException();
		}
	}

	private static void real(Classifier classifier, Path file, int segments) throws Exception {
		BufferedImage bi = ImageIO.read(file.toFile());
		int w = bi.getWidth(), h = bi.getHeight();
		int[] argb = bi.getRGB(0, 0, w, h, null, 0, w);
		ArrayImg<ARGBType, IntArray> img = ArrayImgs.argbs(argb, w, h);
		ExplainSettings s = new ExplainSettings();
		s.segments = segments;
		s.resize = io.github.ablationca.image.ResizeMode.CENTER_CROP;
		AblationCaEngine engine = new AblationCaEngine(classifier);
		Explanation e = engine.explain(img, s, null);
		Explanation.Timings t = e.timings();
		System.out.printf(Locale.ROOT, "%-18s %4d segs %5d calls: total %6.2f s, model %6.2f s, segmentation %5.2f s, " +
			"outside model %5.1f%% (%.3f ms/call)%n", new File(file.toString()).getName(), e.segments(), e.modelCalls(),
			t.total(), t.model(), t.segmentation(), 100 * t.outsideModelFraction(),
			1000 * (t.total() - t.model()) / e.modelCalls());
	}

	/** A colourful random texture, so no fill or resize shortcut applies. */
	static ArrayImg<ARGBType, IntArray> texture(int w, int h, long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		int[] argb = new int[w * h];
		for (int i = 0; i < argb.length; i++)
			argb[i] = 0xff000000 | random.nextInt(1 << 24);
		return ArrayImgs.argbs(argb, w, h);
	}

	/** A classifier that costs next to nothing: 10 classes from the mean of 64 fixed pixels. */
	static final class NearFreeClassifier implements Classifier {
		private final int width, height;
		private final List<String> labels = new ArrayList<>();

		NearFreeClassifier(int width, int height) {
			this.width = width;
			this.height = height;
			for (int i = 0; i < 10; i++)
				labels.add("class " + i);
		}

		@Override
		public int inputWidth() {
			return width;
		}

		@Override
		public int inputHeight() {
			return height;
		}

		@Override
		public List<String> labels() {
			return labels;
		}

		@Override
		public float[][] predict(float[] images, int count) {
			float[][] out = new float[count][10];
			int size = imageSize();
			for (int n = 0; n < count; n++) {
				double sum = 0;
				for (int k = 0; k < 64; k++)
					sum += images[n * size + (int) ((long) k * 7919 % size)];
				double logit = sum / 64 / 255 * 4 - 2, sumExp = 0;
				for (int c = 0; c < 10; c++)
					sumExp += Math.exp(c == 3 ? logit : 0);
				for (int c = 0; c < 10; c++)
					out[n][c] = (float) (Math.exp(c == 3 ? logit : 0) / sumExp);
			}
			return out;
		}
	}

	private EngineOverheadBench() {}
}
