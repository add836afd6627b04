package io.github.ablationca.spark;

import io.github.ablationca.classifier.Classifier;
import io.github.ablationca.results.DatasetBatch;
import io.github.ablationca.results.FolderBatch;
import io.github.ablationca.results.InputFiles;
import io.github.ablationca.run.Json;
import io.github.ablationca.run.RunSettings;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * The folder batch on Apache Spark: the same inputs, names, result folders, {@code summary.csv} and
 * {@code errors.csv} as the in-process batch ({@link FolderBatch}), with each image explained by a Spark task
 * ({@link ImageTask}: the one per-image unit on the executor's one model), then the Parquet tables of objects and
 * pairs across images ({@link ResultTablesJob}). The driver holds the output folder's lock, names the inputs, and
 * writes the folder-level files from the outcomes the tasks hand back.
 * <pre>{@code
 * SparkSession spark = SparkBatch.session("local[2]");
 * try (ModelClassifier model = ModelLoader.load(settings.model, settings.modelOptions)) {
 *     SparkBatch.Result r = SparkBatch.run(spark, model, settings, List.of("images/"), false, false, null);
 *     r.objects().groupBy("target_label").avg("contribution").show();
 * }
 * }</pre>
 * For a dataset analysis: {@link #run} returns the objects and pairs of every result in the output folder as
 * Datasets ({@link ResultTablesJob#OBJECT_SCHEMA}, {@link ResultTablesJob#PAIR_SCHEMA}).
 */
public final class SparkBatch {

	/** What a Spark batch did, and its tables (read back from the Parquet files). */
	public record Result(FolderBatch.Report report, Dataset<Row> objects, Dataset<Row> pairs) {}

	/** Task attempts per image before the job fails, unless {@code spark.task.maxFailures} is set. */
	static final String MAX_FAILURES = "2";

	/** local, local[N], local[*], local[N,F]. */
	private static final Pattern LOCAL = Pattern.compile("local(\\[(?:\\*|([1-9]\\d*))(?:,\\s*[1-9]\\d*)?])?");

	private SparkBatch() {}

	/**
	 * The Spark session of a batch: the running one under {@code spark-submit}, else a new one for {@code master}
	 * ({@code local[N]}, {@code spark://HOST:PORT}, {@code yarn}, {@code k8s://...}). A standalone master
	 * ({@code spark://}) is tried first, so an unreachable one fails at once with a message that says so.
	 *
	 * @param master the master URL, or null to take it from the Spark configuration ({@code spark-submit})
	 * @throws IllegalArgumentException naming the master and the fix, when it cannot be reached or used
	 */
	public static SparkSession session(String master) {
		if (master != null) checkReachable(master);
		SparkLogging.quiet();
		SparkSession.Builder b = SparkSession.builder().appName("ablation-ca explain");
		if (master != null) b.master(master);
		if (master != null && master.startsWith("local")) {
			b.config("spark.ui.enabled", "false");
			b.config("spark.sql.shuffle.partitions", "4");
		}
		if (System.getProperty("spark.task.maxFailures") == null) b.config("spark.task.maxFailures", MAX_FAILURES);
		try {
			return b.getOrCreate();
		}
		catch (RuntimeException e) {
			throw new IllegalArgumentException("cannot start Spark with master " + master + ": " + e.getMessage() +
				". Fix: give local[N] (this machine, N cores), spark://HOST:PORT (a standalone master), yarn or " +
				"k8s://https://HOST:PORT, with the cluster's configuration (HADOOP_CONF_DIR for yarn).", e);
		}
	}

	/**
	 * The cores a local master gives its one executor: N of {@code local[N]} and {@code local[N,F]}, this machine's
	 * for {@code local[*]}, 1 for {@code local}; 0 for any other master (or a malformed one).
	 */
	public static int localCores(String master) {
		Matcher m = master == null ? null : LOCAL.matcher(master.strip());
		if (m == null || !m.matches()) return 0;
		if (m.group(1) == null) return 1;
		return m.group(2) == null ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(m.group(2));
	}

	/** For {@code spark://host:port[,host2:port2]}: at least one master accepts a connection within 5 s. */
	static void checkReachable(String master) {
		if (master.startsWith("local")) {
			if (!LOCAL.matcher(master).matches())
				throw new IllegalArgumentException("bad master " + master + ". Fix: local, local[N], local[*] or " +
					"local[N,F] (N cores, F attempts per task).");
			return;
		}
		if (!master.startsWith("spark://")) return;
		List<String> tried = new ArrayList<>();
		for (String hostPort : master.substring("spark://".length()).split(",")) {
			URI uri;
			try {
				uri = URI.create("spark://" + hostPort.strip());
			}
			catch (IllegalArgumentException e) {
				throw new IllegalArgumentException("bad master URL " + master + ": " + e.getMessage() + ". Fix: " +
					"spark://HOST:PORT, as the master's web UI shows it.");
			}
			int port = uri.getPort() < 0 ? 7077 : uri.getPort();
			if (uri.getHost() == null)
				throw new IllegalArgumentException("bad master URL " + master + ": no host. Fix: spark://HOST:PORT, as " +
					"the master's web UI shows it.");
			try (Socket s = new Socket()) {
				s.connect(new InetSocketAddress(uri.getHost(), port), 5000);
				return;
			}
			catch (IOException e) {
				tried.add(uri.getHost() + ":" + port + " (" + (e.getMessage() == null ? e.getClass().getSimpleName() :
					e.getMessage()) + ")");
			}
		}
		throw new IllegalArgumentException("cannot reach the Spark master " + master + " from " + Nodes.host() + ": " +
			String.join(", ", tried) + ". Fix: start the master (sbin/start-master.sh on that host) or give the URL " +
			"its web UI shows (spark://HOST:7077); check that no firewall blocks the port; --master local[N] runs on " +
			"this machine alone.");
	}

	/**
	 * Explains {@code operands} (files and folders, as the in-process batch takes them) on {@code spark} into
	 * {@code settings.out}, then rebuilds the Parquet tables there.
	 *
	 * @param driverModel the model loaded on the driver (checks the model and resolves the settings that results
	 *        record); the executors load their own copy, one per JVM
	 * @param settings the run's settings as the user gave them
	 * @param messages progress display, or null
	 * @throws IOException if the output folder cannot be used
	 * @throws IllegalStateException with a message naming the node and the fix, when the job fails as a whole (an
	 *         executor cannot load the model, every attempt of a task failed)
	 */
	public static Result run(SparkSession spark, Classifier driverModel, RunSettings settings, List<String> operands,
		boolean force, boolean verbose, FolderBatch.Messages messages) throws IOException
	{
		Described r = run(spark, driverModel, settings, operands, force, verbose, messages, null);
		return new Result(r.report(), r.objects(), r.pairs());
	}

	/**
	 * A batch whose results were also described at a feature layer (a dataset analysis).
	 *
	 * @param described every described result, in the batch's order, without rows and descriptors
	 * @param onExecutors the same with their descriptors, kept by the executors until {@link #release}
	 * @param modelCalls model calls of the explanations computed in this run
	 * @param tasks the tasks' results that {@code onExecutors} is read from (persisted), or null
	 */
	record Described(FolderBatch.Report report, Dataset<Row> objects, Dataset<Row> pairs,
		List<DatasetBatch.Described> described, JavaRDD<DatasetBatch.Described> onExecutors, long modelCalls,
		JavaRDD<ImageTask.Done> tasks)
	{
		/** Lets the executors drop the descriptors. */
		void release() {
			if (tasks != null) tasks.unpersist(false);
		}
	}

	/** {@link #run}, with every complete result described at {@code featureLayer} unless it is null. */
	static Described run(SparkSession spark, Classifier driverModel, RunSettings settings, List<String> operands,
		boolean force, boolean verbose, FolderBatch.Messages messages, String featureLayer) throws IOException
	{
		Path out = settings.out.toAbsolutePath().normalize();
		Path base = Path.of("").toAbsolutePath();
		Map<String, String> text = SettingsText.of(settings);
		FolderBatch batch = new FolderBatch(driverModel, settings, settings.out).force(force).verbose(verbose)
			.messages(messages);
		Dataset<Row>[] tables = tables();
		List<DatasetBatch.Described> described = new ArrayList<>();
		List<JavaRDD<DatasetBatch.Described>> onExecutors = new ArrayList<>();
		List<JavaRDD<ImageTask.Done>> kept = new ArrayList<>();
		long[] modelCalls = {0};
		FolderBatch.Distributor onSpark = new FolderBatch.Distributor() {
			final java.util.Set<String> viaHadoop = new java.util.HashSet<>();

			@Override
			public InputFiles.Expansion collect(List<String> operands, Path outDir) {
				return HadoopInputs.collect(operands, outDir, spark.sparkContext().hadoopConfiguration(), viaHadoop);
			}

			@Override
			public void explain(List<InputFiles.Input> inputs, FolderBatch b) throws IOException {
				StagedResults.clean(out);
				List<ImageTask.Input> tasks = inputs.stream().map(i -> ImageTask.Input.of(i,
					viaHadoop.contains(i.id()))).toList();
				JavaRDD<ImageTask.Done> done = tasks.isEmpty() ? null : SparkBatch.explain(spark, tasks,
					new ImageTask(text, base, out, force, verbose).describingAt(featureLayer), b.messages());
				if (done != null) {
					done.rdd().setName("ablation-ca results");
					for (ImageTask.Done d : SparkBatch.collect(done.map(SparkBatch::light), spark, b.messages())) {
						b.absorb(d.outcome());
						described.addAll(d.described());
						for (String summary : d.outcome().written().values())
							if (Json.parseObject(summary).get("model_calls") instanceof Number n)
								modelCalls[0] += n.longValue();
					}
					if (featureLayer != null) {
						onExecutors.add(done.flatMap(d -> d.described().iterator()));
						kept.add(done);
					}
					else done.unpersist(false);
				}
				List<Dataset<Row>> t = ResultTablesJob.write(spark, out, b.resultNames());
				tables[0] = t.get(0);
				tables[1] = t.get(1);
				StagedResults.clean(out);
			}
		};
		FolderBatch.Report report = batch.run(operands, onSpark, List.of(ResultTablesJob.OBJECTS,
			ResultTablesJob.PAIRS));
		return new Described(report, tables[0], tables[1], described, onExecutors.isEmpty() ? null :
			onExecutors.get(0), modelCalls[0], kept.isEmpty() ? null : kept.get(0));
	}

	/** A task's result as the driver takes it: the outcome, the described results without their descriptors. */
	private static ImageTask.Done light(ImageTask.Done d) {
		return new ImageTask.Done(d.outcome(), d.described().stream().map(DatasetBatch.Described::light).toList());
	}

	/**
	 * {@link #run} on the session for {@code master} ({@link #session}), which is stopped afterwards unless it was
	 * running before (spark-submit's, a test's). What the command line's {@code explain --master} does.
	 *
	 * @throws IllegalArgumentException when the master cannot be reached or used (message names it and the fix)
	 */
	public static FolderBatch.Report runOnMaster(String master, Classifier driverModel, RunSettings settings,
		List<String> operands, boolean force, boolean verbose, FolderBatch.Messages messages) throws IOException
	{
		return onSession(master, spark -> run(spark, driverModel, settings, operands, force, verbose, messages)
			.report());
	}

	/** Work on a Spark session. */
	@FunctionalInterface
	public interface SessionWork<T> {
		T run(SparkSession spark) throws IOException;
	}

	/**
	 * Runs {@code work} on the session for {@code master} ({@link #session}), which is stopped afterwards unless it
	 * was running before (spark-submit's, a test's).
	 *
	 * @throws IllegalArgumentException when the master cannot be reached or used (message names it and the fix)
	 */
	public static <T> T onSession(String master, SessionWork<T> work) throws IOException {
		boolean existed = SparkSession.getDefaultSession().isDefined();
		SparkSession spark = session(master);
		try {
			return work.run(spark);
		}
		finally {
			if (!existed) spark.stop();
		}
	}

	@SuppressWarnings("unchecked")
	private static Dataset<Row>[] tables() {
		return new Dataset[2];
	}

	/**
	 * One task per image, so a retry or a speculative copy redoes one image, and results come back in order. The
	 * results are kept (memory, then disk): a dataset analysis reads the descriptors again where they are.
	 */
	private static JavaRDD<ImageTask.Done> explain(SparkSession spark, List<ImageTask.Input> tasks, ImageTask task,
		FolderBatch.Messages messages)
	{
		JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
		jsc.setJobDescription("ablation-ca explain: " + tasks.size() + " images");
		return jsc.parallelize(tasks, tasks.size()).map(task).persist(StorageLevel.MEMORY_AND_DISK());
	}

	/** Runs the job that computes {@code rdd} with progress notes, and brings its elements to the driver. */
	private static <T> List<T> collect(JavaRDD<T> rdd, SparkSession spark, FolderBatch.Messages messages) {
		Progress progress = new Progress(rdd.getNumPartitions(), messages);
		spark.sparkContext().addSparkListener(progress);
		try {
			return rdd.collect();
		}
		catch (Exception e) { // Spark throws its checked SparkException from Scala code
			String executor = ExecutorFailure.find(e);
			if (executor != null) throw new IllegalStateException(executor, e);
			if (e instanceof SparkException || e.getCause() instanceof SparkException)
				throw new IllegalStateException("the Spark job failed: " + firstLine(e.getMessage()) + ". Fix: see the " +
					"executor logs (spark.task.maxFailures attempts per image were made); results finished so far are " +
					"kept and the next run skips them.", e);
			if (e instanceof RuntimeException r) throw r;
			throw new IllegalStateException(e);
		}
		finally {
			spark.sparkContext().removeSparkListener(progress);
		}
	}

	/**
	 * A note every {@value #PROGRESS_SECONDS} s while the images run on the cluster ("Spark: 120 of 1000 images
	 * done"); the per-image lines follow when the job has ended. The explain job is the only one running then.
	 */
	private static final class Progress extends SparkListener {
		private final int total;
		private final FolderBatch.Messages messages;
		private final AtomicInteger done = new AtomicInteger(), failed = new AtomicInteger();
		private volatile long last = System.nanoTime();

		Progress(int total, FolderBatch.Messages messages) {
			this.total = total;
			this.messages = messages;
		}

		@Override
		public void onTaskEnd(SparkListenerTaskEnd end) {
			if (end.taskInfo().successful()) done.incrementAndGet();
			else failed.incrementAndGet();
			long now = System.nanoTime();
			if (messages == null || now - last < PROGRESS_SECONDS * 1_000_000_000L) return;
			last = now;
			messages.note("Spark: " + done.get() + " of " + total + " images done" + (failed.get() > 0 ? ", " +
				failed.get() + " task attempts failed (retried)" : "") + ".");
		}
	}

	static final int PROGRESS_SECONDS = 30;

	private static String firstLine(String s) {
		if (s == null) return "(no message)";
		int end = s.indexOf('\n');
		return end < 0 ? s : s.substring(0, end);
	}

}
