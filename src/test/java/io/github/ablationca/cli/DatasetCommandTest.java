package io.github.ablationca.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ablationca.demo.DemoAssets;
import io.github.ablationca.results.ResultFolder;
import io.github.ablationca.run.Json;
import io.github.ablationca.run.Table;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * {@code ablation-ca dataset} as a user runs it, on demo scenes with the demo model: the per-image folders of
 * {@code explain} plus the class folders; a re-run resumes; bad input gets a message with the fix and exit 1.
 */
class DatasetCommandTest {

	/** Fast settings: few objects and samples (the known-answer demo runs with the full settings elsewhere). */
	private static List<String> args(Path out, String... more) {
		List<String> a = new ArrayList<>(List.of("dataset", "--model", DemoAssets.modelDir().toString(), "--out",
			out.toString(), "--segments", "10", "--samples", "120", "--heatmap", "main-effect", "--progress", "off"));
		a.addAll(List.of(more));
		return a;
	}

	private static CliRun run(List<String> args) {
		return CliRun.of(args.toArray(new String[0]));
	}

	/** Shortcut scenes {@code indices} rendered at 128 x 128 into {@code dir}. */
	private static Path scenes(Path dir, int... indices) throws Exception {
		Files.createDirectories(dir);
		for (int i : indices)
			DemoAssets.writePng(DemoAssets.shortcutScene(i).render(128), dir.resolve(DemoAssets.shortcutSceneName(i) +
				".png"));
		return dir;
	}

	@Test
	void writesTheClassFoldersBesideThePerImageFoldersAndResumes(@TempDir Path tmp) throws Exception {
		Path in = scenes(tmp.resolve("in"), 0, 1, 2, 3, 4);
		Files.write(in.resolve("broken.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
		Path out = tmp.resolve("out");
		CliRun r = run(args(out, in.toString()));
		assertEquals(1, r.exit(), "one image failed: " + r.out() + r.err());
		assertTrue(Files.isDirectory(out.resolve("objects.parquet")), "by default on embedded Spark: " + r.err());
		for (int i = 0; i < 5; i++)
			assertTrue(ResultFolder.isComplete(out.resolve(DemoAssets.shortcutSceneName(i))), "per-image folder " + i);
		Table errors = Table.parseCsv(Files.readString(out.resolve(ResultFolder.ERRORS_CSV)));
		assertEquals(1, errors.size());
		assertTrue(String.valueOf(errors.get(0, "image")).contains("broken.png"));

		Map<String, Object> summary = Json.parseObject(Files.readString(out.resolve("dataset/summary.json")));
		assertEquals(6.0, ((Number) summary.get("images")).doubleValue());
		assertEquals(1.0, ((Number) summary.get("failures")).doubleValue());
		Map<?, ?> calls = (Map<?, ?>) summary.get("model_calls");
		// the explanation calls are those the per-image summaries report; one descriptor call per object
		double explanation = 0, objects = 0;
		for (int i = 0; i < 5; i++) {
			Map<String, Object> s = Json.parseObject(Files.readString(out.resolve(DemoAssets.shortcutSceneName(i))
				.resolve(ResultFolder.SUMMARY)));
			explanation += ((Number) s.get("model_calls")).doubleValue();
			objects += Table.parseCsv(Files.readString(out.resolve(DemoAssets.shortcutSceneName(i)).resolve(
				ResultFolder.OBJECTS))).size();
		}
		assertEquals(explanation, ((Number) calls.get("explanation")).doubleValue());
		assertEquals(objects, ((Number) calls.get("descriptor")).doubleValue());

		// the failed image is left out: the classes rest on the five scenes
		double inClasses = 0;
		for (Object c : (List<?>) summary.get("classes"))
			inClasses += ((Number) ((Map<?, ?>) c).get("images")).doubleValue();
		assertEquals(5, inClasses);
		Path house = out.resolve("dataset/house");
		for (String f : List.of("concepts.csv", "edges.csv", "objects.csv", "graph.graphml", "graph.png"))
			assertTrue(Files.isRegularFile(house.resolve(f)), f);
		Table concepts = Table.parseCsv(Files.readString(house.resolve("concepts.csv")));
		for (int k = 0; k < concepts.size(); k++)
			assertTrue(Files.isRegularFile(house.resolve("concept_" + concepts.get(k, "concept") + ".png")));
		assertTrue(r.out().contains("Class 'house'"), r.out());

		// GraphML: typed keys, one node per concept, edges between them
		Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(house.resolve("graph.graphml")
			.toFile());
		NodeList keys = doc.getElementsByTagName("key");
		boolean typed = false;
		for (int i = 0; i < keys.getLength(); i++) {
			Element k = (Element) keys.item(i);
			if (k.getAttribute("attr.name").equals("q_value")) typed = k.getAttribute("attr.type").equals("double");
		}
		assertTrue(typed, "q_value is a typed double attribute");
		assertEquals(concepts.size(), doc.getElementsByTagName("node").getLength());
		assertEquals(Table.parseCsv(Files.readString(house.resolve("edges.csv"))).size(), doc.getElementsByTagName(
			"edge").getLength());

		// a re-run, in-process, skips the complete images and comes to the same concepts and edges as Spark did
		String conceptsBefore = Files.readString(house.resolve("concepts.csv"));
		String edgesBefore = Files.readString(house.resolve("edges.csv"));
		Files.delete(in.resolve("broken.png"));
		CliRun again = run(args(out, "--master", "in-process", in.toString()));
		assertEquals(0, again.exit(), again.out() + again.err());
		assertTrue(again.out().contains("5 complete ones skipped"), again.out());
		Map<String, Object> second = Json.parseObject(Files.readString(out.resolve("dataset/summary.json")));
		assertEquals(0.0, ((Number) ((Map<?, ?>) second.get("model_calls")).get("explanation")).doubleValue());
		assertEquals(conceptsBefore, Files.readString(house.resolve("concepts.csv")));
		assertEquals(edgesBefore, Files.readString(house.resolve("edges.csv")));
		// the dataset folder is not mistaken for an image's result
		assertFalse(Files.readString(out.resolve(ResultFolder.SUMMARY_CSV)).contains("\ndataset,"));
	}

	@Test
	void noImagesAClassOfOneImageAndAWrongLayerGetMessagesWithTheFix(@TempDir Path tmp) throws Exception {
		Path empty = Files.createDirectories(tmp.resolve("empty"));
		CliRun none = run(args(tmp.resolve("o1"), empty.toString()));
		assertEquals(1, none.exit());
		assertTrue(none.err().contains("No images found") && none.err().contains("Fix:"), none.err());

		Path one = scenes(tmp.resolve("one"), 0);
		CliRun single = run(args(tmp.resolve("o2"), one.toString()));
		assertEquals(1, single.exit());
		String all = single.out() + single.err();
		assertTrue(all.contains("rests on 1 image") && all.contains("Fix: add images of 'house'"), all);
		assertTrue(single.err().contains("no class could be analysed"), single.err());

		Path two = scenes(tmp.resolve("two"), 0, 1);
		Path out3 = tmp.resolve("o3");
		CliRun layer = run(args(out3, "--feature-layer", "fc7", two.toString()));
		assertEquals(1, layer.exit());
		assertTrue(layer.err().contains("has no layer 'fc7'") && layer.err().contains("global_max_pool:0"),
			layer.err());
		assertFalse(Files.exists(out3.resolve(DemoAssets.shortcutSceneName(0))), "refused before any image");

		Path out4 = tmp.resolve("o4");
		CliRun master = run(args(out4, "--master", "spark://127.0.0.1:9", two.toString()));
		assertEquals(1, master.exit());
		assertTrue(master.err().contains("cannot reach the Spark master spark://127.0.0.1:9") && master.err()
			.contains("Fix:"), master.err());
		assertFalse(Files.exists(out4.resolve(DemoAssets.shortcutSceneName(0))), "refused before any image");
	}

	@Test
	void classesFromFoldersReportTheAccuracyAndKeepTheCorrectImages(@TempDir Path tmp) throws Exception {
		scenes(tmp.resolve("in/house"), 0, 1, 2);
		scenes(tmp.resolve("in/no house"), 40, 41, 3); // scene 3 is a house filed under "no house"
		Path out = tmp.resolve("out");
		CliRun r = run(args(out, "--classes-from-folders", tmp.resolve("in").toString()));
		assertEquals(0, r.exit(), r.out() + r.err());
		Map<String, Object> summary = Json.parseObject(Files.readString(out.resolve("dataset/summary.json")));
		Map<?, ?> accuracy = (Map<?, ?>) summary.get("accuracy");
		// the oracle: each image's predicted class (its summary) against its folder
		int[] correct = new int[2];
		int wrong = 0;
		try (var dirs = Files.list(out)) {
			for (Path d : dirs.filter(p -> Files.isRegularFile(p.resolve(ResultFolder.SUMMARY))).toList()) {
				if (d.getFileName().toString().equals("dataset")) continue;
				Map<String, Object> s = Json.parseObject(Files.readString(d.resolve(ResultFolder.SUMMARY)));
				String folder = String.valueOf(s.get("image")).contains("no house") ? "no house" : "house";
				boolean ok = folder.equals(s.get("target_label"));
				correct[folder.equals("house") ? 0 : 1] += ok ? 1 : 0;
				wrong += ok ? 0 : 1;
			}
		}
		assertEquals(correct[0] / 3.0, ((Number) ((Map<?, ?>) accuracy.get("house")).get("accuracy")).doubleValue(),
			1e-9);
		assertEquals(correct[1] / 3.0, ((Number) ((Map<?, ?>) accuracy.get("no house")).get("accuracy"))
			.doubleValue(), 1e-9);
		assertEquals((double) wrong, ((Number) summary.get("misclassified_left_out")).doubleValue());
		assertTrue(wrong >= 1, "scene 3 is a house in the wrong folder");
		assertTrue(r.out().contains("Accuracy of 'house'"), r.out());
	}
}
