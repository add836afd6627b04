package io.github.ablationca.spark;

import io.github.ablationca.classifier.FeatureLayer;
import io.github.ablationca.dataset.DatasetAnalysis;
import io.github.ablationca.dataset.ObjectRow;
import io.github.ablationca.dataset.PairRow;
import io.github.ablationca.image.RgbImage;
import io.github.ablationca.results.DatasetBatch;
import io.github.ablationca.run.RunSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import scala.Tuple2;
import scala.Tuple3;

/**
 * The dataset analysis on Apache Spark ({@link DatasetBatch} with this as its distributor): each image is explained
 * and its objects described by a task on an executor's model ({@link ImageTask}, the one per-image unit), and each
 * class is analysed by a task: the objects and pairs are read from the batch's Parquet tables
 * ({@link ResultTablesJob}), joined with the descriptors the executors kept, grouped by class, and each class's
 * concepts and graph are computed ({@link DatasetAnalysis#analyseClass}, the same function as on one machine) and its
 * folder written there ({@link DatasetBatch#writeClass}). The driver gets back only the classes' findings, without
 * their pairs; the same seed gives the same concepts and graphs as the in-process analysis.
 * <pre>{@code
 * SparkSession spark = SparkBatch.session("local[*]");
 * DatasetBatch.Report r = new DatasetBatch(model, settings, settings.out).run(List.of("images/"),
 *     new SparkDataset(spark, settings));
 * }</pre>
 */
public final class SparkDataset implements DatasetBatch.Distributor {

	private final SparkSession spark;
	private final RunSettings settings;
	private SparkBatch.Described explained;

	/**
	 * @param settings the run's settings as the user gave them (the executors resolve them for their model)
	 */
	public SparkDataset(SparkSession spark, RunSettings settings) {
		this.spark = spark;
		this.settings = settings;
	}

	@Override
	public DatasetBatch.Explained explain(DatasetBatch owner, List<String> operands, FeatureLayer layer)
		throws IOException
	{
		explained = SparkBatch.run(spark, owner.classifier(), settings, operands, owner.forced(), owner.verbose(),
			owner.messages(), layer.name());
		return new DatasetBatch.Explained(explained.report(), explained.described(), explained.modelCalls());
	}

	@Override
	public List<DatasetAnalysis.ClassResult> analyse(DatasetBatch owner, List<DatasetBatch.Described> analysed) {
		if (analysed.isEmpty() || explained.onExecutors() == null) {
			explained.release();
			return List.of();
		}
		JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
		jsc.setJobDescription("ablation-ca dataset: " + analysed.size() + " results by class");
		// The order of the results (the clustering's starting point depends on it) and where each image is.
		Map<String, Integer> order = new HashMap<>();
		Map<String, DatasetBatch.Described> byName = new HashMap<>();
		for (DatasetBatch.Described d : analysed) {
			order.put(d.name(), order.size());
			byName.put(d.name(), d);
		}
		Broadcast<Map<String, Integer>> orderOf = jsc.broadcast(order);
		Broadcast<Map<String, DatasetBatch.Described>> results = jsc.broadcast(byName);
		int partitions = Math.max(1, Math.min(analysed.size(), 4 * jsc.defaultParallelism()));

		JavaPairRDD<String, float[][]> descriptors = explained.onExecutors()
			.filter(d -> orderOf.value().containsKey(d.name()))
			.mapToPair(d -> new Tuple2<>(d.name(), d.image().descriptors()));
		JavaPairRDD<String, Row> objects = byResult(explained.objects().javaRDD(), orderOf);
		JavaPairRDD<String, Row> pairs = byResult(explained.pairs().javaRDD(), orderOf);
		Path out = owner.out().toAbsolutePath().normalize();
		String outText = out.toString();
		int concepts = owner.settings().concepts;
		long seed = owner.settings().method.seed;
		double fdr = owner.settings().method.falseDiscoveryRate;

		List<DatasetAnalysis.ClassResult> classes = new ArrayList<>(descriptors.cogroup(objects, pairs, partitions)
			.map(r -> image(r._1(), results.value().get(r._1()).className(), r._2()))
			.keyBy(DatasetAnalysis.Image::className)
			.groupByKey(partitions)
			.map(c -> analyseClass(c._1(), c._2(), orderOf.value(), results.value(), Path.of(outText), concepts, seed,
				fdr))
			.collect());
		classes.sort(Comparator.comparing(DatasetAnalysis.ClassResult::className));
		explained.release();
		orderOf.destroy();
		results.destroy();
		return classes;
	}

	/** The rows of the results being analysed, keyed by result name. */
	private static JavaPairRDD<String, Row> byResult(JavaRDD<Row> rows, Broadcast<Map<String, Integer>> orderOf) {
		return rows.filter(r -> orderOf.value().containsKey(r.<String>getAs("name")))
			.mapToPair(r -> new Tuple2<>(r.<String>getAs("name"), r));
	}

	/**
	 * One result as the analysis takes it, from its Parquet rows: objects in id order, pairs in the order of
	 * {@code pairs.csv} (by rank), the descriptors in object order.
	 */
	static DatasetAnalysis.Image image(String name, String className,
		Tuple3<Iterable<float[][]>, Iterable<Row>, Iterable<Row>> rows)
	{
		float[][] descriptors = rows._1().iterator().next();
		List<Row> objectRows = sorted(rows._2(), Comparator.comparingInt(r -> r.<Integer>getAs("id")));
		List<Row> pairRows = sorted(rows._3(), Comparator.<Row>comparingInt(r -> intOr(r, "rank", Integer.MAX_VALUE))
			.thenComparingInt(r -> r.<Integer>getAs("object_a")).thenComparingInt(r -> r.<Integer>getAs("object_b")));
		List<ObjectRow> objects = new ArrayList<>(objectRows.size());
		for (Row r : objectRows)
			objects.add(new ObjectRow(name, className, r.<Integer>getAs("id"), 0, number(r, "contribution"), number(r,
				"main_effect"), intOr(r, "area", 0), Double.NaN));
		List<PairRow> pairs = new ArrayList<>(pairRows.size());
		for (Row r : pairRows)
			pairs.add(new PairRow(name, className, r.<Integer>getAs("object_a"), r.<Integer>getAs("object_b"), number(r,
				"correlation"), number(r, "interaction"), number(r, "p_value"), Boolean.TRUE.equals(r.getAs(
					"significant"))));
		return new DatasetAnalysis.Image(name, className, objects, pairs, descriptors);
	}

	/** The analysis of one class on an executor: its images in the batch's order, its folder written there. */
	private static DatasetAnalysis.ClassResult analyseClass(String className, Iterable<DatasetAnalysis.Image> images,
		Map<String, Integer> order, Map<String, DatasetBatch.Described> results, Path out, int concepts, long seed,
		double fdr)
	{
		List<DatasetAnalysis.Image> list = sorted(images, Comparator.comparingInt(i -> order.get(i.name())));
		DatasetAnalysis.ClassResult c = DatasetAnalysis.analyseClass(className, list, concepts, seed, fdr);
		Map<String, DatasetBatch.Described> mine = new HashMap<>();
		for (DatasetAnalysis.Image i : list)
			mine.put(i.name(), results.get(i.name()));
		try {
			DatasetBatch.writeClass(out, c, mine, SparkDataset::read);
		}
		catch (IOException e) {
			throw new UncheckedIOException(Nodes.here() + " cannot write the analysis of class '" + className + "' to " +
				DatasetBatch.classFolder(out, className) + ": " + e.getMessage(), e);
		}
		return c.withoutPairs();
	}

	/** A result's plane, on an executor: a file it sees, or one fetched through Hadoop's FileSystem. */
	private static RgbImage read(DatasetBatch.Described d) {
		if (!d.remote()) return DatasetBatch.read(d);
		Path local;
		try {
			local = HadoopInputs.fetch(d.file());
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		try {
			return DatasetBatch.read(new DatasetBatch.Described(d.name(), local.toString(), false, d.slice(),
				d.className(), d.trueClass(), d.objects(), null));
		}
		finally {
			try {
				Files.deleteIfExists(local);
			}
			catch (IOException e) {
				// a temporary file; the system's clean-up takes it
			}
		}
	}

	private static <T> List<T> sorted(Iterable<T> items, Comparator<T> order) {
		List<T> list = new ArrayList<>();
		items.forEach(list::add);
		list.sort(order);
		return list;
	}

	private static double number(Row r, String column) {
		Object v = r.getAs(column);
		return v == null ? Double.NaN : ((Number) v).doubleValue();
	}

	private static int intOr(Row r, String column, int missing) {
		Object v = r.getAs(column);
		return v == null ? missing : ((Number) v).intValue();
	}
}
