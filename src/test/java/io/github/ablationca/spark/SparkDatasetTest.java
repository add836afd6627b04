package io.github.ablationca.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ablationca.classifier.ForwardingClassifier;
import io.github.ablationca.classifier.ModelClassifier;
import io.github.ablationca.dataset.DatasetAnalysis;
import io.github.ablationca.demo.DemoAssets;
import io.github.ablationca.results.DatasetBatch;
import io.github.ablationca.results.ResultFolder;
import io.github.ablationca.run.Json;
import io.github.ablationca.run.ModelLoader;
import io.github.ablationca.run.RunSettings;
import io.github.ablationca.run.Settings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dataset analysis on Spark against its oracle, the in-process analysis with the same seed: the same per-image
 * folders, and per class the same concepts, edges, objects and graph byte for byte. The driver's model makes no
 * model call: the images are explained and described on the executor, the classes analysed there.
 */
class SparkDatasetTest {

	/** Fast settings for the shortcut demo model: few objects and samples. */
	private static RunSettings settings(Path out) {
		RunSettings s = new RunSettings();
		s.model = DemoAssets.shortcutModelDir();
		Settings.get("segments").apply(s, "10");
		Settings.get("samples").apply(s, "120");
		Settings.get("heatmap").apply(s, "main-effect");
		Settings.get("seed").apply(s, "3");
		s.out = out;
		return s;
	}

	/** A model that counts the calls made on it. */
	private static final class Counting extends ForwardingClassifier {
		long calls;

		Counting(ModelClassifier delegate) {
			super(delegate);
		}

		@Override
		public float[][] predict(float[] images, int count) {
			calls += count;
			return delegate.predict(images, count);
		}
	}

	@Test
	void local2GivesTheConceptsAndGraphsOfTheInProcessAnalysis(@TempDir Path tmp) throws Exception {
		Path in = tmp.resolve("in");
		Files.createDirectories(in);
		for (int i = 0; i < 12; i++)
			DemoAssets.writePng(DemoAssets.shortcutScene(i).render(128), in.resolve(DemoAssets.shortcutSceneName(i) +
				".png"));
		RunSettings local = settings(tmp.resolve("in-process"));
		RunSettings distributed = settings(tmp.resolve("spark"));
		DatasetBatch.Report expected, actual;
		long driverCalls;
		try (ModelClassifier model = ModelLoader.load(local.model, local.modelOptions)) {
			expected = new DatasetBatch(model, local, local.out).run(List.of(in.toString()));
			Counting driver = new Counting(model);
			SparkSession spark = SparkBatch.session("local[2]");
			try {
				actual = new DatasetBatch(driver, distributed, distributed.out).run(List.of(in.toString()),
					new SparkDataset(spark, distributed));
			}
			finally {
				spark.stop();
			}
			driverCalls = driver.calls;
		}
		assertEquals(0, driverCalls, "the driver's model explains nothing: the executor's does");
		assertEquals(expected.batch(), actual.batch());
		assertTrue(expected.explanationCalls() > 0);
		assertEquals(expected.explanationCalls(), actual.explanationCalls());
		assertEquals(expected.descriptorCalls(), actual.descriptorCalls());

		SparkBatchTest.assertSameResults(local.out, distributed.out);
		List<String> classes = expected.classes().stream().map(DatasetAnalysis.ClassResult::className).toList();
		assertEquals(classes, actual.classes().stream().map(DatasetAnalysis.ClassResult::className).toList());
		assertTrue(expected.analysed().size() >= 1, "at least one class has a graph: " + classes);
		for (DatasetAnalysis.ClassResult c : expected.analysed()) {
			Path a = DatasetBatch.classFolder(local.out, c.className());
			Path b = DatasetBatch.classFolder(distributed.out, c.className());
			assertEquals(files(a), files(b), "the same files for class " + c.className());
			for (String f : List.of("concepts.csv", "edges.csv", "objects.csv", "graph.graphml"))
				assertEquals(Files.readString(a.resolve(f)), Files.readString(b.resolve(f)), b.resolve(f).toString());
		}
		Map<String, Object> s1 = Json.parseObject(Files.readString(local.out.resolve(ResultFolder.DATASET).resolve(
			ResultFolder.SUMMARY)));
		Map<String, Object> s2 = Json.parseObject(Files.readString(distributed.out.resolve(ResultFolder.DATASET)
			.resolve(ResultFolder.SUMMARY)));
		for (String key : List.of("classes", "model_calls", "images", "explained", "failures", "feature_layer"))
			assertEquals(s1.get(key), s2.get(key), key);
		assertTrue(Files.isDirectory(distributed.out.resolve(ResultTablesJob.OBJECTS)), "the tables the classes read");
	}

	private static List<String> files(Path folder) throws Exception {
		try (Stream<Path> s = Files.list(folder)) {
			return s.map(p -> p.getFileName().toString()).sorted().toList();
		}
	}
}
