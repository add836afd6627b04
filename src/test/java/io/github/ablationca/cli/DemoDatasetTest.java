package io.github.ablationca.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ablationca.demo.DemoAssets;
import io.github.ablationca.demo.ShortcutTruth;
import io.github.ablationca.results.ResultFolder;
import io.github.ablationca.run.Table;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ablation-ca demo --dataset}, the dataset analysis with a known answer: the shortcut model learned that a
 * magenta marker in a corner means {@code house}. From the written files alone, with each object judged by the scene
 * generator's own masks, the marker's concept must be among the two most important concepts of {@code house}, and the
 * concepts of the roofs and the walls must be joined by a significant synergy edge.
 */
class DemoDatasetTest {

	@Test
	void theShortcutDemoFindsTheMarkerAndTheRoofWallSynergy(@TempDir Path tmp) throws Exception {
		Path out = tmp.resolve("demo");
		CliRun r = CliRun.of("demo", "--dataset", "--out", out.toString(), "--progress", "off");
		assertEquals(0, r.exit(), r.out() + r.err());
		Path results = out.resolve("results"), house = results.resolve("dataset/house");
		assertEquals(DemoAssets.SHORTCUT_SCENES, Files.list(out.resolve("scenes")).count(), "the seeded test set");

		// every object of 'house', judged by the generator's masks
		Table objects = Table.parseCsv(Files.readString(house.resolve("objects.csv")));
		Map<String, Map<Integer, ShortcutTruth.Part>> parts = new HashMap<>();
		Map<Integer, Map<ShortcutTruth.Part, Integer>> table = new TreeMap<>();
		for (int i = 0; i < objects.size(); i++) {
			String image = (String) objects.get(i, "image");
			Map<Integer, ShortcutTruth.Part> p = parts.get(image);
			if (p == null) {
				p = ShortcutTruth.parts(ShortcutTruth.sceneIndex(image), ResultFolder.readLabels(results.resolve(image)));
				parts.put(image, p);
			}
			int concept = Integer.parseInt((String) objects.get(i, "concept"));
			table.computeIfAbsent(concept, c -> new EnumMap<>(ShortcutTruth.Part.class)).merge(p.get(Integer.parseInt(
				(String) objects.get(i, "object"))), 1, Integer::sum);
		}
		int marker = holdingMost(table, ShortcutTruth.Part.MARKER), roof = holdingMost(table, ShortcutTruth.Part.ROOF),
			wall = holdingMost(table, ShortcutTruth.Part.WALL);
		String seen = "concepts by part: " + table;

		// the marker's concept: mostly markers, among the two most important concepts
		Map<ShortcutTruth.Part, Integer> m = table.get(marker);
		int markers = m.getOrDefault(ShortcutTruth.Part.MARKER, 0), inMarker = m.values().stream().mapToInt(
			Integer::intValue).sum();
		assertTrue(markers >= 30 && markers * 10 >= inMarker * 9, "a concept of the markers: " + seen);
		Table concepts = Table.parseCsv(Files.readString(house.resolve("concepts.csv")));
		int rank = 0;
		for (int i = 0; i < concepts.size(); i++)
			if (Integer.parseInt((String) concepts.get(i, "concept")) == marker)
				rank = Integer.parseInt((String) concepts.get(i, "rank"));
		assertTrue(rank == 1 || rank == 2, "the marker's concept " + marker + " has rank " + rank + "; " + seen);

		// the roof-wall edge: a significant synergy
		Table edges = Table.parseCsv(Files.readString(house.resolve("edges.csv")));
		boolean found = false;
		for (int i = 0; i < edges.size(); i++) {
			int a = Integer.parseInt((String) edges.get(i, "concept_a")), b = Integer.parseInt((String) edges.get(i,
				"concept_b"));
			if (a == Math.min(roof, wall) && b == Math.max(roof, wall)) {
				found = true;
				assertEquals("1", edges.get(i, "significant"), "roof-wall edge " + a + "-" + b + " significant");
				assertTrue(Double.parseDouble((String) edges.get(i, "mean_interaction")) > 0, "a synergy");
				assertEquals("synergy", edges.get(i, "kind"));
			}
		}
		assertTrue(found, "an edge joins the roofs' concept " + roof + " and the walls' concept " + wall + "; " + seen);

		// and the demo says so in words
		assertTrue(r.out().contains("Found the shortcut"), r.out());
		assertTrue(r.out().contains("Found the roof-wall synergy"), r.out());
		assertTrue(Files.isRegularFile(house.resolve("graph.png")));
		assertTrue(Files.isRegularFile(results.resolve("dataset/summary.json")));
	}

	private static int holdingMost(Map<Integer, Map<ShortcutTruth.Part, Integer>> table, ShortcutTruth.Part part) {
		int best = 0, count = 0;
		for (Map.Entry<Integer, Map<ShortcutTruth.Part, Integer>> e : table.entrySet())
			if (e.getValue().getOrDefault(part, 0) > count) {
				count = e.getValue().get(part);
				best = e.getKey();
			}
		return best;
	}
}
