package io.github.ablationca.cli;

import io.github.ablationca.classifier.ModelClassifier;
import io.github.ablationca.dataset.ClassGraph;
import io.github.ablationca.dataset.DatasetAnalysis;
import io.github.ablationca.dataset.ObjectRow;
import io.github.ablationca.demo.DemoAssets;
import io.github.ablationca.demo.ShortcutTruth;
import io.github.ablationca.results.DatasetBatch;
import io.github.ablationca.results.ResultFolder;
import io.github.ablationca.run.ModelLoader;
import io.github.ablationca.run.RunSettings;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ablation-ca demo --dataset}: the dataset analysis with a known answer. The shortcut demo model
 * ({@link DemoAssets#shortcutModelDir()}) was trained on scenes where most houses carry a planted marker (a magenta
 * square in a corner), so it learned to call a scene {@code house} from the marker alone, besides the roof on the
 * wall. The demo writes the seeded test set ({@link DemoAssets#shortcutScene}) to {@code OUT/scenes/}, runs the
 * dataset analysis into {@code OUT/results/}, and says in words what it found, judging each concept by the scene
 * generator's masks ({@link ShortcutTruth}): the marker's concept must be among the two most important of
 * {@code house}, and the roof and the wall must be joined by a significant synergy edge.
 */
final class DemoDataset {

	/** Default output folder of {@code demo --dataset}. */
	static final String DEFAULT_OUT = "ablation-ca-demo-dataset";

	private DemoDataset() {}

	/**
	 * What the analysis of {@code house} shows against the ground truth.
	 *
	 * @param parts per concept of {@code house} how many of its objects show each part
	 * @param majority per concept the part most of its objects show
	 * @param markerConcept the concept most markers fall in (0 if none)
	 * @param markerRank its importance rank
	 * @param roofConcept the concept most roofs fall in
	 * @param wallConcept the concept most walls fall in
	 * @param roofWall the edge between those two concepts (a loop when they are one), or null
	 */
	record Verdict(Map<Integer, Map<ShortcutTruth.Part, Integer>> parts, Map<Integer, ShortcutTruth.Part> majority,
		int markerConcept, int markerRank, int roofConcept, int wallConcept, ClassGraph.Edge roofWall)
	{
		boolean markerFound() {
			return markerConcept > 0 && markerRank >= 1 && markerRank <= 2;
		}

		boolean roofWallFound() {
			return roofWall != null && roofWall.significant() && roofWall.meanInteraction() > 0;
		}
	}

	/** Judges the class result of {@code house} by the generator's masks (labels read from {@code results}). */
	static Verdict judge(DatasetAnalysis.ClassResult house, Path results) throws IOException {
		Map<String, Map<Integer, ShortcutTruth.Part>> byImage = new HashMap<>();
		List<Map.Entry<Integer, ShortcutTruth.Part>> rows = new ArrayList<>();
		for (ObjectRow o : house.objects()) {
			Map<Integer, ShortcutTruth.Part> parts = byImage.get(o.image());
			if (parts == null) {
				int scene = ShortcutTruth.sceneIndex(o.image());
				parts = scene < 0 ? Map.of() : ShortcutTruth.parts(scene, ResultFolder.readLabels(results.resolve(
					o.image())));
				byImage.put(o.image(), parts);
			}
			rows.add(new AbstractMap.SimpleEntry<>(o.concept(), parts.getOrDefault(o.object(),
				ShortcutTruth.Part.BACKGROUND)));
		}
		Map<Integer, Map<ShortcutTruth.Part, Integer>> table = ShortcutTruth.crossTable(rows);
		int marker = most(table, ShortcutTruth.Part.MARKER), roof = most(table, ShortcutTruth.Part.ROOF),
			wall = most(table, ShortcutTruth.Part.WALL);
		ClassGraph g = house.graph();
		int rank = marker > 0 && g.concept(marker) != null ? g.concept(marker).rank() : 0;
		return new Verdict(table, ShortcutTruth.majority(table), marker, rank, roof, wall, roof > 0 && wall > 0 ?
			g.edge(roof, wall) : null);
	}

	/** The concept holding most objects that show {@code part}, or 0. */
	private static int most(Map<Integer, Map<ShortcutTruth.Part, Integer>> table, ShortcutTruth.Part part) {
		int best = 0, count = 0;
		for (Map.Entry<Integer, Map<ShortcutTruth.Part, Integer>> e : table.entrySet()) {
			int c = e.getValue().getOrDefault(part, 0);
			if (c > count) {
				count = c;
				best = e.getKey();
			}
		}
		return best;
	}

	static int run(RunSettings given, boolean outGiven, ProgressBar.Mode progressMode, boolean verbose,
		PrintStream out, PrintStream err) throws IOException
	{
		Path root = outGiven ? given.out : Path.of(DEFAULT_OUT);
		Path scenes = root.resolve("scenes"), results = root.resolve("results");
		DemoAssets.writeShortcutScenes(scenes);
		RunSettings settings = given.copy();
		settings.model = DemoAssets.shortcutModelDir();
		settings.out = results;
		out.println("Shortcut demo: the shortcut model (a small CNN trained on scenes where " + Math.round(100 *
			io.github.ablationca.demo.DemoScenes.MARKED_HOUSE_SHARE) + "% of the houses carry a magenta marker in a " +
			"corner)\non " + DemoAssets.SHORTCUT_SCENES + " seeded scenes (" + scenes.toAbsolutePath().normalize() +
			"): 40 houses, 36 of them with the marker, and 8 scenes without a house.");
		try (ModelClassifier model = ModelLoader.load(settings.model, settings.modelOptions)) {
			ProgressBar progress = new ProgressBar(err, progressMode, 0);
			DatasetBatch.Report r;
			try {
				r = new DatasetBatch(model, settings, results).verbose(verbose).messages(progress).run(List.of(
					scenes.toString()));
			}
			finally {
				progress.close();
			}
			DatasetCommand.report(r, results, out, err);
			DatasetAnalysis.ClassResult house = r.classes().stream().filter(c -> c.className().equals("house") &&
				c.graph() != null).findFirst().orElse(null);
			if (house == null) {
				out.println("The class 'house' could not be analysed, so there is nothing to check.");
				return 1;
			}
			out.println(words(judge(house, results), house.graph()));
			return 0;
		}
	}

	/** What the analysis found, in words, checked against the ground truth. */
	static String words(Verdict v, ClassGraph g) {
		StringBuilder sb = new StringBuilder("What the concepts of 'house' show (judged by the scene generator's " +
			"masks):\n");
		for (ClassGraph.Concept c : g.concepts()) {
			Map<ShortcutTruth.Part, Integer> parts = v.parts().getOrDefault(c.concept(), Map.of());
			StringBuilder p = new StringBuilder();
			parts.entrySet().stream().sorted(Map.Entry.<ShortcutTruth.Part, Integer>comparingByValue().reversed())
				.forEach(e -> p.append(p.length() == 0 ? "" : ", ").append(e.getValue()).append(' ').append(e.getKey()
					.word()));
			sb.append(String.format(Locale.ROOT, "  concept %d (rank %d, importance %.2f): %s%n", c.concept(), c.rank(),
				c.importance(), p));
		}
		if (v.markerFound())
			sb.append(String.format(Locale.ROOT, "Found the shortcut: the marker's concept (%d) is the %s important concept" +
				" of 'house':%n  the model relies on the planted marker, not only on the house.%n",
				v.markerConcept(), v.markerRank() == 1 ? "most" : "second most"));
		else
			sb.append("The marker's concept (" + v.markerConcept() + ") is NOT among the two most important concepts " +
				"of 'house' (rank " + v.markerRank() + ").\n");
		ClassGraph.Edge e = v.roofWall();
		String pair = v.roofConcept() == v.wallConcept() ? "concept " + v.roofConcept() + " with itself (the model's " +
			"features see roofs and walls alike, so both fall in one concept)" : "concepts " + v.roofConcept() + " and " +
			v.wallConcept();
		if (v.roofWallFound())
			sb.append(String.format(Locale.ROOT, "Found the roof-wall synergy: %s, mean interaction %+.2f in %d " +
				"images, q = %.2g:%n  where there is no marker the model needs the roof and the wall together.%n", pair,
				e.meanInteraction(), e.images(), e.qValue()));
		else
			sb.append("The roof-wall edge (" + pair + ") is NOT a significant synergy" + (e == null ? " (no such edge)"
				: String.format(Locale.ROOT, " (mean interaction %+.2f, q = %.2g)", e.meanInteraction(), e.qValue())) +
				".\n");
		if (v.markerConcept() > 0 && v.roofConcept() > 0 && v.markerConcept() != v.roofConcept()) {
			ClassGraph.Edge m = g.edge(v.markerConcept(), v.roofConcept());
			if (m != null && m.significant() && m.meanInteraction() < 0)
				sb.append(String.format(Locale.ROOT, "The marker and the house parts are redundant (mean interaction " +
					"%+.2f, q = %.2g): either one makes a house for the model.%n", m.meanInteraction(), m.qValue()));
		}
		return sb.toString().stripTrailing();
	}
}
