package io.github.ablationca.cli;

import io.github.ablationca.classifier.Classifier;
import io.github.ablationca.results.DatasetBatch;
import io.github.ablationca.results.FolderBatch;
import io.github.ablationca.run.RunSettings;
import io.github.ablationca.spark.ResultTablesJob;
import io.github.ablationca.spark.SparkBatch;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code explain --master URL}: the batch on Apache Spark ({@link SparkBatch}). Spark is not part of the plugin's
 * runtime: it is found on the class path (scripts/ablation-ca adds target/spark-dependency, spark-submit brings its
 * own) or reported missing with the fix; package spark is loaded only after that check.
 */
final class SparkFace {

	private SparkFace() {}

	/** Whether this JVM was started by spark-submit (it sets the master as a system property). */
	static boolean underSparkSubmit() {
		return System.getProperty("spark.master") != null && sparkOnClassPath();
	}

	/** Before anything is loaded: Spark's logging configuration (warnings and errors only). */
	static void prepare() {
		io.github.ablationca.spark.SparkLogging.quiet();
	}

	static boolean sparkOnClassPath() {
		try {
			Class.forName("org.apache.spark.sql.SparkSession", false, SparkFace.class.getClassLoader());
			return true;
		}
		catch (ClassNotFoundException | LinkageError e) {
			return false;
		}
	}

	/**
	 * The settings the driver loads its model with. On {@code local[N]} the executor runs in the driver's JVM, and
	 * TensorFlow sizes its thread pool once per process, by the first model loaded: so the driver's model gets the
	 * executor's N threads per call too, unless {@code model_threads} is given. Otherwise {@code settings} as they are.
	 */
	static RunSettings forDriver(String master, RunSettings settings) {
		if (master == null || settings.modelOptions.modelThreads != null || !sparkOnClassPath()) return settings;
		int cores = SparkBatch.localCores(master);
		if (cores == 0) return settings;
		RunSettings s = settings.copy();
		s.modelOptions.modelThreads = cores;
		return s;
	}

	/**
	 * Runs the dataset analysis {@code batch} on Spark ({@link io.github.ablationca.spark.SparkDataset}); null after
	 * printing the error on {@code err} when Spark cannot run it (the caller exits with 1).
	 */
	static DatasetBatch.Report runDataset(String master, DatasetBatch batch, RunSettings settings,
		List<String> inputs, PrintStream err) throws IOException
	{
		if (!sparkOnClassPath()) {
			err.println("Error: --master " + master + " needs Apache Spark, which is not on the class path. Fix: " +
				"build with 'mvn -B -DskipTests package' (it puts Spark in target/spark-dependency, which " +
				"scripts/ablation-ca adds), start the analysis with spark-submit (docs/spark.md), or give --master " +
				DatasetCommand.IN_PROCESS + ".");
			return null;
		}
		try {
			DatasetBatch.Report r = SparkBatch.onSession(master, spark -> batch.run(inputs,
				new io.github.ablationca.spark.SparkDataset(spark, settings)));
			err.println("Tables: " + settings.out.resolve(ResultTablesJob.OBJECTS) + ", " +
				settings.out.resolve(ResultTablesJob.PAIRS) + " (Parquet: the objects and pairs of every result)");
			return r;
		}
		catch (IllegalStateException e) {
			err.println("Error: " + e.getMessage());
			return null;
		}
	}

	/**
	 * Runs the batch on Spark; null after printing the error on {@code err} when Spark cannot run it (the caller exits
	 * with 1).
	 */
	static FolderBatch.Report run(ExplainCommand.Arguments a, Classifier model, FolderBatch.Messages progress,
		PrintStream err) throws IOException
	{
		if (!sparkOnClassPath()) {
			err.println("Error: --master " + a.master + " needs Apache Spark, which is not on the class path. Fix: " +
				"build with 'mvn -B -DskipTests package' (it puts Spark in target/spark-dependency, which " +
				"scripts/ablation-ca adds), or start the batch with spark-submit (docs/spark.md).");
			return null;
		}
		try {
			FolderBatch.Report r = SparkBatch.runOnMaster(a.master, model, a.settings, a.inputs, a.force, a.verbose,
				progress);
			err.println("Tables: " + a.settings.out.resolve(ResultTablesJob.OBJECTS) + ", " +
				a.settings.out.resolve(ResultTablesJob.PAIRS) + " (Parquet: the objects and pairs of every result)");
			return r;
		}
		catch (IllegalArgumentException | IllegalStateException e) {
			err.println("Error: " + e.getMessage());
			return null;
		}
	}
}
