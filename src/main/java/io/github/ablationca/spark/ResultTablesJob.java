package io.github.ablationca.spark;

import io.github.ablationca.results.ResultFolder;
import io.github.ablationca.run.Json;
import io.github.ablationca.run.ResultTables;
import io.github.ablationca.run.Table;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The Parquet tables of a Spark batch, across images: {@value #OBJECTS} (one row per object of every result) and
 * {@value #PAIRS} (one row per listed pair), each row keyed by the result ({@code name}, {@code image}, {@code slice})
 * and its target class, then the columns of {@code objects.csv} and {@code pairs.csv} ({@link ResultTables}). Built
 * by a Spark job from the complete result folders in the output folder, the one source of truth, and replaced as a
 * whole: the tables hold every result exactly once, whatever retries, kills and re-runs came before.
 */
public final class ResultTablesJob {

	/** The table folders in the output folder. */
	public static final String OBJECTS = "objects.parquet", PAIRS = "pairs.parquet";

	/** The columns that say which result a row is of. */
	static final List<String> KEY_COLUMNS = List.of("name", "image", "slice", "target_index", "target_label");

	public static final StructType OBJECT_SCHEMA = schema(ResultTables.OBJECT_COLUMNS);
	public static final StructType PAIR_SCHEMA = schema(ResultTables.PAIR_COLUMNS);

	private ResultTablesJob() {}

	/** Key columns then the table's columns; ids, counts and ranks are integers, significant a boolean. */
	private static StructType schema(List<String> tableColumns) {
		List<StructField> fields = new ArrayList<>();
		for (String c : KEY_COLUMNS)
			fields.add(DataTypes.createStructField(c, c.equals("slice") || c.equals("target_index") ? DataTypes.IntegerType
				: DataTypes.StringType, true));
		for (String c : tableColumns)
			fields.add(DataTypes.createStructField(c, typeOf(c), true));
		return DataTypes.createStructType(fields);
	}

	private static DataType typeOf(String column) {
		return switch (column) {
			case "id", "object_a", "object_b", "rank", "area" -> DataTypes.IntegerType;
			case "significant" -> DataTypes.BooleanType;
			default -> DataTypes.DoubleType;
		};
	}

	/**
	 * Rebuilds {@value #OBJECTS} and {@value #PAIRS} in {@code out} from the complete results {@code names}.
	 *
	 * @return the two tables as written (objects, pairs)
	 */
	static List<Dataset<Row>> write(SparkSession spark, Path out, List<String> names) throws IOException {
		JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
		String dir = out.toAbsolutePath().toString();
		int slices = Math.max(1, Math.min(names.size(), 4 * jsc.defaultParallelism()));
		JavaRDD<String> results = jsc.parallelize(names, slices);
		Path staging = out.resolve(StagedResults.STAGING).resolve("tables-" + UUID.randomUUID());
		List<Dataset<Row>> written = new ArrayList<>();
		for (String table : List.of(OBJECTS, PAIRS)) {
			boolean objects = table.equals(OBJECTS);
			StructType schema = objects ? OBJECT_SCHEMA : PAIR_SCHEMA;
			String csv = objects ? ResultFolder.OBJECTS : ResultFolder.PAIRS;
			JavaRDD<Row> rows = results.flatMap(name -> rowsOf(Path.of(dir, name), name, csv, schema).iterator());
			// One output file per partition: a few files, not one per image.
			spark.createDataFrame(rows, schema).coalesce(slices).write().mode(SaveMode.Overwrite)
				.parquet(staging.resolve(table).toUri().toString());
			Path target = out.resolve(table);
			StagedResults.publish(staging.resolve(table), target, staging.resolve(table + ".old"));
			written.add(spark.read().parquet(target.toUri().toString()));
		}
		StagedResults.deleteTree(staging);
		return written;
	}

	/** The rows of one result folder's table {@code csv}, keyed by the result. */
	static List<Row> rowsOf(Path folder, String name, String csv, StructType schema) {
		try {
			Map<String, Object> summary = Json.parseObject(Files.readString(folder.resolve(ResultFolder.SUMMARY)));
			Table t;
			try (Reader r = Files.newBufferedReader(folder.resolve(csv), StandardCharsets.UTF_8)) {
				t = Table.readCsv(r);
			}
			List<Row> rows = new ArrayList<>(t.size());
			String[] fields = schema.fieldNames();
			for (int i = 0; i < t.size(); i++) {
				Object[] cells = new Object[fields.length];
				for (int f = 0; f < fields.length; f++) {
					String column = fields[f];
					Object v = switch (column) {
						case "name" -> name;
						case "image", "target_label" -> summary.get(column) == null ? null : summary.get(column).toString();
						case "slice" -> summary.get("slice") instanceof Number n ? n.intValue() : null;
						case "target_index" -> summary.get("target_index") instanceof Number n ? n.intValue() : null;
						default -> t.columns().contains(column) ? t.get(i, column) : null;
					};
					cells[f] = KEY_COLUMNS.contains(column) ? v : parse(v, schema.apply(column).dataType());
				}
				rows.add(RowFactory.create(cells));
			}
			return rows;
		}
		catch (IOException e) {
			throw new UncheckedIOException(Nodes.here() + " cannot read the result " + folder + ": " + e.getMessage(), e);
		}
	}

	private static Object parse(Object cell, DataType type) {
		String s = cell == null ? "" : cell.toString().strip();
		if (s.isEmpty()) return null;
		if (type.equals(DataTypes.IntegerType)) return Integer.parseInt(s);
		if (type.equals(DataTypes.BooleanType)) return s.equals("1") || s.equalsIgnoreCase("true");
		return Double.parseDouble(s);
	}
}
