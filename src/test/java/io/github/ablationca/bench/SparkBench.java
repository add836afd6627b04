package io.github.ablationca.bench;

import io.github.ablationca.TestData;
import io.github.ablationca.classifier.ModelClassifier;
import io.github.ablationca.results.FolderBatch;
import io.github.ablationca.run.ModelLoader;
import io.github.ablationca.run.RunSettings;
import io.github.ablationca.run.Settings;
import io.github.ablationca.spark.SparkBatch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.apache.spark.sql.SparkSession;

/**
 * Throughput of the batch in-process and on Spark ({@code local[1]}, {@code local[2]}), in images per second, on the
 * same N images with the same settings, plus Spark's fixed cost per job: the session start, and a job whose images
 * are all done already (input listing, one task per image that only checks, the Parquet tables). Each configuration
 * first runs one image into a throw-away folder, so model loading and JIT warm-up are not timed.
 * <pre>
 * mvn -q -B test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.github.ablationca.bench.SparkBench \
 *     [-Dexec.args="N [MODEL] [SEGMENTS] [SAMPLES]"]
 * </pre>
 * Defaults: 24 images (the 30 CIFAR-10 images of the shared data, repeated under other names as needed), ResNet-8
 * ({@code resnet8_cifar10}), 20 segments, 300 samples. MODEL {@code mobilenet} runs MobileNet V2 on the shared
 * ImageNet photos (about 540 model calls per image at the defaults; slower).
 */
public final class SparkBench {

	private SparkBench() {}

	public static void main(String[] args) throws Exception {
		int n = args.length > 0 ? Integer.parseInt(args[0]) : 24;
		boolean mobilenet = args.length > 1 && args[1].startsWith("mobilenet");
		String segments = args.length > 2 ? args[2] : mobilenet ? "40" : "20";
		String samples = args.length > 3 ? args[3] : mobilenet ? "250" : "300";
		Path work = Files.createTempDirectory("spark-bench");
		Path images = inputs(work.resolve("images"), mobilenet ? "imagenet" : "cifar10", n);
		RunSettings base = new RunSettings();
		base.model = TestData.model(mobilenet ? "mobilenet_v2_imagenet" : "resnet8_cifar10");
		if (!mobilenet) Settings.get("value_range").apply(base, "0..255");
		Settings.get("segments").apply(base, segments);
		Settings.get("samples").apply(base, samples);
		System.out.printf(Locale.ROOT, "%d images, model %s, segments %s, samples %s; %d cores; load %s%n", n,
			base.model.getFileName(), segments, samples, Runtime.getRuntime().availableProcessors(), load());
		List<String> in = List.of(images.toString());
		List<String> one = List.of(firstImage(images).toString());
		try (ModelClassifier model = ModelLoader.load(base.model, base.modelOptions)) {
			run(model, settings(base, work.resolve("warm-in-process")), one, null);
			double inProcess = run(model, settings(base, work.resolve("in-process")), in, null);
			report("in-process", n, inProcess);
			double[] local = new double[3];
			for (int cores : new int[] {1, 2}) {
				long t0 = System.nanoTime();
				SparkSession spark = SparkBatch.session("local[" + cores + "]");
				double start = (System.nanoTime() - t0) * 1e-9;
				run(model, settings(base, work.resolve("warm-" + cores)), one, spark);
				RunSettings s = settings(base, work.resolve("local-" + cores));
				local[cores] = run(model, s, in, spark);
				report("local[" + cores + "]", n, local[cores]);
				double again = run(model, s, in, spark);
				System.out.printf(Locale.ROOT, "  fixed cost: session start %.1f s, a job with nothing left to do " +
					"%.1f s%n", start, again);
				spark.stop();
			}
			System.out.printf(Locale.ROOT, "local[2] vs local[1]: %.2fx; in-process vs local[2]: %.2fx (time ratio " +
				"local[2] / in-process %.2f); load after: %s%n", local[1] / local[2], local[2] / inProcess, local[2] /
				inProcess, load());
		}
	}

	private static RunSettings settings(RunSettings base, Path out) {
		RunSettings s = base.copy();
		s.out = out;
		return s;
	}

	/** Seconds of one batch (in-process when {@code spark} is null). */
	private static double run(ModelClassifier model, RunSettings s, List<String> in, SparkSession spark)
		throws IOException
	{
		long t0 = System.nanoTime();
		FolderBatch.Report r = spark == null ? new FolderBatch(model, s, s.out).run(in) :
			SparkBatch.run(spark, model, s, in, false, false, null).report();
		if (r.failed() > 0) throw new IllegalStateException(r.failed() + " images failed: see " + s.out);
		return (System.nanoTime() - t0) * 1e-9;
	}

	private static void report(String what, int n, double seconds) {
		System.out.printf(Locale.ROOT, "%-11s %6.1f s  %6.2f images/s%n", what, seconds, n / seconds);
	}

	/** {@code n} images copied from the shared folder {@code kind}, cycling through it under new names. */
	private static Path inputs(Path dir, String kind, int n) throws IOException {
		Files.createDirectories(dir);
		List<Path> source;
		try (Stream<Path> files = Files.list(TestData.image(kind))) {
			source = new ArrayList<>(files.filter(f -> f.toString().matches(".*\\.(jpg|png)")).sorted().toList());
		}
		for (int i = 0; i < n; i++) {
			Path f = source.get(i % source.size());
			String name = f.getFileName().toString();
			Files.copy(f, dir.resolve(String.format(Locale.ROOT, "%03d_%s", i, name)));
		}
		return dir;
	}

	private static Path firstImage(Path dir) throws IOException {
		try (Stream<Path> files = Files.list(dir)) {
			return files.sorted().findFirst().orElseThrow();
		}
	}

	private static String load() {
		try {
			return Files.readString(Path.of("/proc/loadavg")).strip();
		}
		catch (IOException e) {
			return "?";
		}
	}
}
