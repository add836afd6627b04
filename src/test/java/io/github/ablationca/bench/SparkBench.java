package io.github.ablationca.bench;

import io.github.ablationca.TestData;
import io.github.ablationca.classifier.ModelClassifier;
import io.github.ablationca.results.FolderBatch;
import io.github.ablationca.run.ModelLoader;
import io.github.ablationca.run.RunSettings;
import io.github.ablationca.run.Settings;
import io.github.ablationca.spark.SparkBatch;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.spark.sql.SparkSession;

/**
 * Throughput of the batch in-process and on Spark ({@code local[1]}, {@code local[2]}), in images per second, on the
 * same N images with the same settings, plus Spark's fixed cost per job: the session start, and a job whose images
 * are all done already (input listing, one task per image that only checks, the Parquet tables). Each configuration
 * runs in a JVM of its own (TensorFlow sizes its thread pool once per process, by the first model loaded), with the
 * threads per model call each face gives: in-process all cores, {@code local[N]} N (the executor's cores), and first
 * runs one image into a throw-away folder, so model loading and JIT warm-up are not timed.
 * <pre>
 * mvn -q -B test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.github.ablationca.bench.SparkBench \
 *     [-Dexec.args="N [MODEL] [SEGMENTS] [SAMPLES]"]
 * </pre>
 * Defaults: 24 images (the 30 CIFAR-10 images of the shared data, repeated under other names as needed), ResNet-8
 * ({@code resnet8_cifar10}), 20 segments, 300 samples. MODEL {@code mobilenet} runs MobileNet V2 on the shared
 * ImageNet photos (about 540 model calls per image at the defaults; slower).
 * <p>
 * With {@code -Dpin=true} (Linux, {@code taskset}) each {@code local[N]} JVM is held to N cores, as an executor with
 * N cores of its own would be: without it the JVM's own threads (the JIT compilers, the garbage collector) and
 * TensorFlow's scheduling thread run on the cores the tasks leave free, so {@code local[1]} uses more than one core.
 */
public final class SparkBench {

	private static final String ONE = "--one";
	private static final List<String> CONFIGURATIONS = List.of("in-process", "local[1]", "local[2]");

	private SparkBench() {}

	public static void main(String[] args) throws Exception {
		if (args.length > 0 && args[0].equals(ONE)) {
			one(args[1], Path.of(args[2]), Arrays.copyOfRange(args, 3, args.length));
			return;
		}
		int n = args.length > 0 ? Integer.parseInt(args[0]) : 24;
		String[] options = options(args);
		Path work = Files.createTempDirectory("spark-bench");
		inputs(work.resolve("images"), options[0].equals("mobilenet") ? "imagenet" : "cifar10", n);
		System.out.printf(Locale.ROOT, "%d images, model %s, segments %s, samples %s; %d cores%s; load %s%n", n,
			options[0], options[1], options[2], Runtime.getRuntime().availableProcessors(), Boolean.getBoolean("pin") ?
				"; local[N] held to N cores (taskset)" : "", load());
		Map<String, double[]> seconds = new LinkedHashMap<>();
		for (String configuration : CONFIGURATIONS)
			seconds.put(configuration, inOwnJvm(configuration, work, options));
		double inProcess = seconds.get("in-process")[0];
		for (var e : seconds.entrySet()) {
			System.out.printf(Locale.ROOT, "%-11s %6.1f s  %6.2f images/s", e.getKey(), e.getValue()[0], n /
				e.getValue()[0]);
			if (e.getValue().length > 1)
				System.out.printf(Locale.ROOT, "   fixed cost: session start %.1f s, a job with nothing left to do " +
					"%.1f s", e.getValue()[1], e.getValue()[2]);
			System.out.println();
		}
		double local1 = seconds.get("local[1]")[0];
		double local2 = seconds.get("local[2]")[0];
		// The empty job (listing, a task per image that only checks, the tables) is what every job pays besides the
		// explanations themselves.
		double net1 = local1 - seconds.get("local[1]")[2];
		double net2 = local2 - seconds.get("local[2]")[2];
		System.out.printf(Locale.ROOT, "local[2] vs local[1]: %.2fx (without the fixed cost of a job: %.2fx); " +
			"in-process vs local[2]: %.2fx (time ratio local[2] / in-process %.2f); load after: %s%n", local1 / local2,
			net1 / net2, local2 / inProcess, local2 / inProcess, load());
	}

	/** MODEL, SEGMENTS, SAMPLES from the command line, with their defaults. */
	private static String[] options(String[] args) {
		boolean mobilenet = args.length > 1 && args[1].startsWith("mobilenet");
		return new String[] {mobilenet ? "mobilenet" : "resnet8", args.length > 2 ? args[2] : mobilenet ? "40" : "20",
			args.length > 3 ? args[3] : mobilenet ? "250" : "300"};
	}

	/** Runs one configuration in a new JVM on this one's class path; its timings (seconds). */
	private static double[] inOwnJvm(String configuration, Path work, String[] options) throws Exception {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
			.toString(), "-cp", classPath(), SparkBench.class.getName(), ONE, configuration, work.toString()));
		command.addAll(List.of(options));
		int cores = SparkBatch.localCores(configuration);
		if (Boolean.getBoolean("pin") && cores > 0)
			command.addAll(0, List.of("taskset", "-c", "0-" + (cores - 1)));
		ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
		builder.environment().putIfAbsent("TF_CPP_MIN_LOG_LEVEL", "2");
		Process p = builder.start();
		String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
		if (p.waitFor() != 0) throw new IllegalStateException(configuration + " failed:\n" + out);
		String last = out.strip().lines().reduce((a, b) -> b).orElse("");
		return Arrays.stream(last.split(" ")).mapToDouble(Double::parseDouble).toArray();
	}

	/** The class path this class was loaded from (exec:java's class loader, else the JVM's). */
	private static String classPath() {
		List<String> entries = new ArrayList<>();
		for (ClassLoader l = SparkBench.class.getClassLoader(); l != null; l = l.getParent())
			if (l instanceof URLClassLoader u)
				for (URL url : u.getURLs())
					entries.add(url.getPath());
		if (entries.isEmpty()) return System.getProperty("java.class.path");
		return String.join(java.io.File.pathSeparator, entries);
	}

	/** One configuration in this JVM; prints its seconds (and for Spark the session start and the empty job). */
	private static void one(String configuration, Path work, String[] options) throws Exception {
		Path images = work.resolve("images");
		RunSettings base = new RunSettings();
		base.model = TestData.model(options[0].equals("mobilenet") ? "mobilenet_v2_imagenet" : "resnet8_cifar10");
		if (!options[0].equals("mobilenet")) Settings.get("value_range").apply(base, "0..255");
		Settings.get("segments").apply(base, options[1]);
		Settings.get("samples").apply(base, options[2]);
		List<String> in = List.of(images.toString());
		List<String> first = List.of(firstImage(images).toString());
		String name = configuration.replaceAll("[^a-z0-9]", "");
		int cores = SparkBatch.localCores(configuration);
		// As explain --master local[N] loads it: the executor shares the driver's JVM (and TensorFlow's pool).
		RunSettings driver = base.copy();
		if (cores > 0) driver.modelOptions.modelThreads = cores;
		try (ModelClassifier model = ModelLoader.load(driver.model, driver.modelOptions)) {
			if (cores == 0) {
				run(model, settings(base, work.resolve("warm-" + name)), first, null);
				System.out.println(run(model, settings(base, work.resolve(name)), in, null));
				return;
			}
			long t0 = System.nanoTime();
			SparkSession spark = SparkBatch.session(configuration);
			double start = (System.nanoTime() - t0) * 1e-9;
			run(model, settings(base, work.resolve("warm-" + name)), first, spark);
			RunSettings s = settings(base, work.resolve(name));
			double seconds = run(model, s, in, spark);
			double again = run(model, s, in, spark);
			spark.stop();
			System.out.println(seconds + " " + start + " " + again);
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

	/** {@code n} images copied from the shared folder {@code kind}, cycling through it under new names. */
	private static void inputs(Path dir, String kind, int n) throws IOException {
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
