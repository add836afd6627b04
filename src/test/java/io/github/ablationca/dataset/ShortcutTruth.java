package io.github.ablationca.dataset;

import io.github.ablationca.demo.DemoAssets;
import io.github.ablationca.demo.DemoScenes;
import io.github.ablationca.results.ResultFolder;
import io.github.ablationca.run.Table;
import io.github.ablationca.segment.LabelImage;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ground truth of the shortcut demo's objects, judged by the scene generator's own masks: an object is the roof,
 * the wall, the marker or a distractor when at least half of its pixels lie on that shape, else background.
 * Used by the tests and by {@code demo --dataset}'s checks; the oracle is the generator, not the method.
 */
final class ShortcutTruth {

	/** What an object shows. */
	enum Part { ROOF, WALL, MARKER, DISTRACTOR, BACKGROUND }

	private ShortcutTruth() {}

	/** The part each object of result {@code name} ({@code scene_<i>}) shows, by object id. */
	static Map<Integer, Part> parts(Path out, String name) throws IOException {
		int i = Integer.parseInt(name.substring(name.lastIndexOf('_') + 1));
		DemoScenes.Scene scene = DemoAssets.shortcutScene(i);
		LabelImage labels = ResultFolder.readLabels(out.resolve(name));
		int size = labels.width();
		int[] lab = labels.labels();
		int[] total = new int[labels.count()];
		Map<Part, int[]> on = new HashMap<>();
		for (DemoScenes.Shape s : scene.shapes()) {
			Part part = switch (s.kind()) {
				case ROOF -> Part.ROOF;
				case WALL -> Part.WALL;
				case MARKER -> Part.MARKER;
				default -> Part.DISTRACTOR;
			};
			boolean[] m = scene.mask(s, size);
			int[] counts = on.computeIfAbsent(part, p -> new int[labels.count()]);
			for (int p = 0; p < m.length; p++)
				if (m[p]) counts[lab[p]]++;
		}
		for (int v : lab)
			total[v]++;
		Map<Integer, Part> out2 = new TreeMap<>();
		for (int o = 0; o < labels.count(); o++) {
			Part part = Part.BACKGROUND;
			for (Map.Entry<Part, int[]> e : on.entrySet())
				if (2 * e.getValue()[o] >= total[o]) part = e.getKey();
			out2.put(o + 1, part);
		}
		return out2;
	}

	/** Per concept of {@code objects.csv} of a class folder, how many of its objects show each part. */
	static Map<Integer, Map<Part, Integer>> crossTable(Path out, Path classFolder) throws IOException {
		Table objects = Table.readCsv(new StringReader(Files.readString(classFolder.resolve("objects.csv"))));
		Map<String, Map<Integer, Part>> cache = new HashMap<>();
		Map<Integer, Map<Part, Integer>> table = new TreeMap<>();
		for (int r = 0; r < objects.size(); r++) {
			String image = String.valueOf(objects.get(r, "image"));
			int object = Integer.parseInt(String.valueOf(objects.get(r, "object")));
			int concept = Integer.parseInt(String.valueOf(objects.get(r, "concept")));
			Part part = cache.computeIfAbsent(image, n -> {
				try {
					return parts(out, n);
				}
				catch (IOException e) {
					throw new java.io.UncheckedIOException(e);
				}
			}).get(object);
			table.computeIfAbsent(concept, c -> new TreeMap<>()).merge(part, 1, Integer::sum);
		}
		return table;
	}

	/** The part most objects of each concept show. */
	static Map<Integer, Part> majority(Map<Integer, Map<Part, Integer>> crossTable) {
		Map<Integer, Part> m = new TreeMap<>();
		for (Map.Entry<Integer, Map<Part, Integer>> e : crossTable.entrySet())
			m.put(e.getKey(), e.getValue().entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey());
		return m;
	}

	public static void main(String[] args) throws IOException {
		Path out = Path.of(args[0]);
		System.out.println(crossTable(out, out.resolve("dataset/house")));
	}
}
