package io.github.ablationca.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ablationca.TestData;
import io.github.ablationca.classifier.ModelClassifier;
import io.github.ablationca.results.FolderBatch;
import io.github.ablationca.results.InputFiles;
import io.github.ablationca.results.ResultFolder;
import io.github.ablationca.run.Json;
import io.github.ablationca.run.ModelLoader;
import io.github.ablationca.run.RunSettings;
import io.github.ablationca.run.Settings;
import io.github.ablationca.run.Table;
import io.github.ablationca.segment.Slic;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark batch against its oracle, the in-process batch: same seed, same result folders byte for byte (timings
 * aside), whether the job ran straight through, was killed with SIGKILL and re-run, or ran an image twice at once (a
 * speculative copy). One {@code local[2]} session for the class; ResNet-8 on 32x32 CIFAR-10 images keeps each image
 * well under a second.
 */
class SparkBatchTest {

	/** Twelve CIFAR-10 images of the shared data. */
	static List<String> images() {
		List<String> names = new ArrayList<>();
		for (String c : List.of("airplane", "automobile", "bird", "cat", "deer", "dog"))
			for (int i = 0; i < 2; i++)
				names.add(TestData.image("cifar10/" + c + "_000" + i + ".jpg").toString());
		return names;
	}

	/** ResNet-8 with settings light enough for seconds, heavy enough that a job can be killed half-way. */
	static RunSettings settings(Path out) {
		RunSettings s = new RunSettings();
		s.model = TestData.model("resnet8_cifar10");
		Settings.get("value_range").apply(s, "0..255");
		Settings.get("segments").apply(s, "12");
		Settings.get("samples").apply(s, "100");
		Settings.get("seed").apply(s, "7");
		s.out = out;
		return s;
	}

	@TempDir
	static Path shared;
	static Path reference;
	static SparkSession spark;
	static ModelClassifier model;

	@BeforeAll
	static void setUp() throws IOException {
		RunSettings s = settings(shared.resolve("in-process"));
		model = ModelLoader.load(s.model, s.modelOptions);
		FolderBatch.Report r = new FolderBatch(model, s, s.out).run(images());
		assertEquals(12, r.explained(), "the in-process reference explains every image");
		reference = s.out;
		spark = SparkBatch.session("local[2]");
	}

	@AfterAll
	static void tearDown() {
		if (spark != null) spark.stop();
		if (model != null) model.close();
	}

	@Test
	void local2GivesTheResultsOfTheInProcessBatch(@TempDir Path tmp) throws IOException {
		RunSettings s = settings(tmp.resolve("out"));
		SparkBatch.Result r = SparkBatch.run(spark, model, s, images(), false, false, null);
		assertEquals(new FolderBatch.Report(12, 12, 0, 0, 0), r.report());
		assertSameResults(reference, s.out);
		assertTables(r, s.out);
		assertEquals(List.of(2), ExecutorModels.threads(s.model), "one model in this JVM, shared by the tasks of " +
			"every job; local[2]: the executor's two cores serve each call");
	}

	@Test
	void aTasksOwnWorkStaysOnItsCores() {
		// SLIC takes the task's cores, and parallel streams run on the task's pool, not on every core of the node
		assertEquals(1, TaskCores.run(1, Slic::defaultThreads));
		assertEquals(3, TaskCores.run(3, Slic::defaultThreads));
		assertEquals(Runtime.getRuntime().availableProcessors(), Slic.defaultThreads(), "outside a task: every core");
		for (int cores : new int[] {1, 2}) {
			Set<String> threads = TaskCores.run(cores, () -> IntStream.range(0, 20_000).parallel().mapToObj(i -> Thread
				.currentThread().getName()).collect(Collectors.toSet()));
			assertTrue(threads.size() <= cores, cores + " cores: " + threads);
			assertTrue(threads.stream().noneMatch(t -> t.contains("commonPool")), threads.toString());
		}
		IllegalStateException e = assertThrows(IllegalStateException.class, () -> TaskCores.run(1, () -> {
			throw new IllegalStateException("executor 2 on host n7 cannot load the model");
		}));
		assertEquals("executor 2 on host n7 cannot load the model", e.getMessage(), "a task's failure as it was");
	}

	@Test
	void theModelsThreadsAreTheExecutorsCores() {
		int all = Runtime.getRuntime().availableProcessors();
		assertEquals(1, ExecutorModels.executorCores(new SparkConf().setMaster("local")));
		assertEquals(3, ExecutorModels.executorCores(new SparkConf().setMaster("local[3]")));
		assertEquals(3, ExecutorModels.executorCores(new SparkConf().setMaster("local[3,2]")));
		assertEquals(all, ExecutorModels.executorCores(new SparkConf().setMaster("local[*]")));
		assertEquals(8, ExecutorModels.executorCores(new SparkConf().setMaster("spark://head:7077")
			.set("spark.executor.cores", "8")));
		assertEquals(all, ExecutorModels.executorCores(new SparkConf().setMaster("spark://head:7077")),
			"standalone: an executor takes all of its worker's cores");
		assertEquals(1, ExecutorModels.executorCores(new SparkConf().setMaster("yarn")), "YARN's default");
		assertEquals(4, ExecutorModels.executorCores(new SparkConf().setMaster("k8s://https://api:6443")
			.set("spark.executor.cores", "4")));
		assertEquals(0, SparkBatch.localCores("yarn"));
	}

	@Test
	void aJobKilledWithSigkillAndRerunHasEveryImageOnceWithTheSameResults(@TempDir Path tmp) throws Exception {
		Path out = tmp.resolve("out");
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
			.toString(), "-Xmx2g", "-cp", classPath(), "io.github.ablationca.cli.Main", "explain", "--master",
			"local[2]", "--progress", "lines", "--model", TestData.model("resnet8_cifar10").toString(),
			"--value-range", "0..255", "--segments", "12", "--samples", "100", "--seed", "7", "--out",
			out.toString()));
		command.addAll(images());
		Path log = tmp.resolve("child.log");
		Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		int complete = 0;
		long deadline = System.nanoTime() + 180_000_000_000L;
		while (child.isAlive() && System.nanoTime() < deadline) {
			complete = completeResults(out);
			if (complete >= 1) break;
			Thread.sleep(10);
		}
		assertTrue(child.isAlive(), "the child job ends only by the kill:\n" + Files.readString(log));
		child.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no clean-up
		child.waitFor();
		int before = completeResults(out);
		assertTrue(before >= 1 && before < 12, "killed mid-way: " + before + " of 12 results complete");

		RunSettings s = settings(out);
		SparkBatch.Result r = SparkBatch.run(spark, model, s, images(), false, false, null);
		assertEquals(12, r.report().explained() + r.report().skipped());
		assertTrue(r.report().skipped() >= before, "finished images are skipped: " + r.report());
		assertEquals(0, r.report().failed());
		assertSameResults(reference, out);
		assertTables(r, out);
	}

	@Test
	void twoAttemptsAtOneImagePublishOneCompleteFolder(@TempDir Path tmp) throws IOException {
		// A speculative copy: the same image's task runs twice at once; the folder appears once, complete, as the
		// in-process batch writes it, and no staging copy is left behind.
		RunSettings s = settings(tmp.resolve("out"));
		Files.createDirectories(s.out);
		InputFiles.Input in = InputFiles.expand(images().subList(0, 1), s.out).inputs().get(0);
		ImageTask task = new ImageTask(SettingsText.of(s), Path.of("").toAbsolutePath(), s.out, true, false);
		List<ImageTask.Done> outcomes = JavaSparkContext.fromSparkContext(spark.sparkContext())
			.parallelize(List.of(ImageTask.Input.of(in, false), ImageTask.Input.of(in, false)), 2).map(task).collect();
		for (ImageTask.Done o : outcomes)
			assertEquals(List.of(), o.outcome().errors());
		try (Stream<Path> files = Files.list(s.out)) {
			assertEquals(List.of(in.name()), files.map(p -> p.getFileName().toString())
				.filter(n -> !n.equals(StagedResults.STAGING)).toList(), "one result folder");
		}
		assertSameFolder(reference.resolve(in.name()), s.out.resolve(in.name()));
		try (Stream<Path> staged = Files.list(s.out.resolve(StagedResults.STAGING))) {
			assertEquals(0, staged.count(), "no staging copy is left behind");
		}
	}

	@Test
	void urisAreListedAndReadThroughHadoopsFileSystem(@TempDir Path tmp) throws IOException {
		// file:// goes through the same Hadoop FileSystem calls as hdfs:// and s3a:// (listing on the driver, a copy
		// to a local temporary file on the executor); the results are those of the same files given as paths.
		Path in = Files.createDirectories(tmp.resolve("in").resolve("sub"));
		for (String image : images().subList(0, 2))
			Files.copy(Path.of(image), in.resolve(Path.of(image).getFileName()));
		RunSettings s = settings(tmp.resolve("out"));
		String missing = tmp.resolve("missing.png").toUri().toString();
		SparkBatch.Result r = SparkBatch.run(spark, model, s, List.of(tmp.resolve("in").toUri().toString(), missing),
			false, false, null);
		assertEquals(new FolderBatch.Report(2, 2, 0, 1, 0), r.report());
		String errors = Files.readString(s.out.resolve(ResultFolder.ERRORS_CSV));
		assertTrue(errors.contains("no such file or folder: " + missing), errors);
		for (String image : images().subList(0, 2)) {
			String name = Path.of(image).getFileName().toString().replace(".jpg", "");
			assertSameFolder(reference.resolve(name), s.out.resolve("sub_" + name), "image", "image_id");
		}
		assertEquals(2, r.objects().select("name").distinct().count());
	}

	@Test
	void aModelMissingOnTheExecutorsFailsAtOnceNamingTheNodeAndTheFix(@TempDir Path tmp) {
		RunSettings s = settings(tmp.resolve("out"));
		s.model = tmp.resolve("no-such-model");
		long t0 = System.nanoTime();
		IllegalStateException e = assertThrows(IllegalStateException.class, () -> SparkBatch.run(spark, model, s,
			images().subList(0, 2), false, false, null));
		assertTrue(e.getMessage().contains("cannot load the model " + s.model) && e.getMessage().contains("host ") &&
			e.getMessage().contains("Fix: put the model on a file system every executor sees"), e.getMessage());
		assertTrue((System.nanoTime() - t0) * 1e-9 < 60, "fails fast");
	}

	@Test
	void anImageTheExecutorCannotReadIsAnErrorNamingTheNode(@TempDir Path tmp) throws IOException {
		RunSettings s = settings(tmp.resolve("out"));
		Files.createDirectories(s.out);
		Path gone = tmp.resolve("gone.png");
		ImageTask task = new ImageTask(SettingsText.of(s), Path.of("").toAbsolutePath(), s.out, false, false);
		FolderBatch.Outcome o = task.call(new ImageTask.Input(gone.toString(), "gone.png", "gone", gone.toUri()
			.toString(), false)).outcome();
		assertEquals(1, o.errors().size());
		String message = o.errors().get(0).get(2);
		assertTrue(message.contains("cannot read " + gone) && message.contains("host ") && message.contains("Fix: put " +
			"the images on a file system every executor sees"), message);
	}

	@Test
	void anUnreachableMasterIsRefusedAtOnce() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SparkBatch.checkReachable(
			"spark://127.0.0.1:9"));
		assertTrue(e.getMessage().contains("cannot reach the Spark master spark://127.0.0.1:9") && e.getMessage()
			.contains("Fix: start the master"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> SparkBatch.checkReachable("local[two]"));
		assertTrue(e.getMessage().contains("bad master local[two]"), e.getMessage());
	}

	@Test
	void theCommandLineReportsAnUnreachableMasterAndExitsWith1(@TempDir Path tmp) {
		java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(), err = new java.io.ByteArrayOutputStream();
		int code = io.github.ablationca.cli.Main.run(new String[] {"explain", "--master", "spark://127.0.0.1:9",
			"--model", TestData.model("resnet8_cifar10").toString(), "--value-range", "0..255", "--out",
			tmp.resolve("out").toString(), images().get(0)}, new java.io.PrintStream(out), new java.io.PrintStream(err));
		String text = err.toString();
		assertEquals(1, code, text);
		assertTrue(text.contains("Error: cannot reach the Spark master spark://127.0.0.1:9") && text.contains("Fix:"),
			text);
		assertFalse(Files.exists(tmp.resolve("out").resolve(io.github.ablationca.results.ResultFolder.SUMMARY_CSV)));
	}

	// --- oracles

	static int completeResults(Path out) throws IOException {
		if (!Files.isDirectory(out)) return 0;
		try (Stream<Path> dirs = Files.list(out)) {
			return (int) dirs.filter(d -> !d.getFileName().toString().startsWith(".") && ResultFolder.isComplete(d))
				.count();
		}
	}

	/** The result folders of {@code actual} are those of {@code expected}: same names, same files, same bytes. */
	static void assertSameResults(Path expected, Path actual) throws IOException {
		assertEquals(resultFolders(expected), resultFolders(actual), "one folder per image, no duplicates");
		for (String name : resultFolders(expected))
			assertSameFolder(expected.resolve(name), actual.resolve(name));
		assertEquals(withoutSeconds(expected.resolve(ResultFolder.SUMMARY_CSV)),
			withoutSeconds(actual.resolve(ResultFolder.SUMMARY_CSV)));
		assertFalse(Files.exists(actual.resolve(ResultFolder.ERRORS_CSV)));
		assertFalse(Files.exists(actual.resolve(StagedResults.STAGING)), "staging cleaned");
	}

	static TreeSet<String> resultFolders(Path out) throws IOException {
		try (Stream<Path> dirs = Files.list(out)) {
			return dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString())
				.filter(n -> !n.startsWith(".") && !n.endsWith(".parquet") && !n.equals(ResultFolder.DATASET))
				.collect(TreeSet::new, TreeSet::add, TreeSet::addAll);
		}
	}

	/** {@code ignored}: fields of {@code summary.json} that may differ besides the timing. */
	static void assertSameFolder(Path expected, Path actual, String... ignored) throws IOException {
		try (Stream<Path> files = Files.list(actual)) {
			assertEquals(ResultFolder.files().stream().sorted().toList(), files.map(f -> f.getFileName().toString())
				.sorted().toList(), "complete, no stray files in " + actual);
		}
		for (String f : ResultFolder.files()) {
			if (f.equals(ResultFolder.SUMMARY)) {
				Map<String, Object> a = Json.parseObject(Files.readString(expected.resolve(f)));
				Map<String, Object> b = Json.parseObject(Files.readString(actual.resolve(f)));
				for (String key : ignored) {
					a.remove(key);
					b.remove(key);
				}
				a.remove("seconds");
				b.remove("seconds");
				assertEquals(a, b, actual.resolve(f).toString());
			}
			else assertArrayEquals(Files.readAllBytes(expected.resolve(f)), Files.readAllBytes(actual.resolve(f)),
				actual.resolve(f).toString());
		}
	}

	static List<List<Object>> withoutSeconds(Path csv) throws IOException {
		Table t = Table.parseCsv(Files.readString(csv));
		int seconds = t.columns().indexOf("seconds");
		List<List<Object>> rows = new ArrayList<>();
		for (List<Object> row : t.rows()) {
			List<Object> r = new ArrayList<>(row);
			r.remove(seconds);
			rows.add(r);
		}
		return rows;
	}

	/** The Parquet tables hold each result's objects and pairs exactly once, with the values of its CSV files. */
	static void assertTables(SparkBatch.Result r, Path out) throws IOException {
		int objects = 0, pairs = 0;
		double contributions = 0;
		for (String name : resultFolders(out)) {
			Table o = Table.parseCsv(Files.readString(out.resolve(name).resolve(ResultFolder.OBJECTS)));
			objects += o.size();
			for (int i = 0; i < o.size(); i++)
				contributions += Double.parseDouble(o.get(i, "contribution").toString());
			pairs += Table.parseCsv(Files.readString(out.resolve(name).resolve(ResultFolder.PAIRS))).size();
		}
		assertEquals(objects, r.objects().count());
		assertEquals(objects, r.objects().select("name", "id").distinct().count(), "no object twice");
		assertEquals(pairs, r.pairs().count());
		assertEquals(pairs, r.pairs().select("name", "object_a", "object_b").distinct().count(), "no pair twice");
		Row sum = r.objects().agg(org.apache.spark.sql.functions.sum("contribution")).first();
		assertEquals(contributions, sum.getDouble(0), 1e-6 * Math.max(1, Math.abs(contributions)));
		assertEquals(resultFolders(out).size(), r.objects().select("name").distinct().count());
		assertEquals(12, r.objects().select("image").distinct().count());
	}

	/** The test class path, for a child JVM (surefire's, else this JVM's). */
	static String classPath() {
		String cp = System.getProperty("surefire.test.class.path");
		return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
	}
}
