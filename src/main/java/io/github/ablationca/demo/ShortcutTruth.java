package io.github.ablationca.demo;

import io.github.ablationca.segment.LabelImage;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ground truth of the shortcut demo's objects, judged by the scene generator's own masks
 * ({@link DemoAssets#shortcutScene}): an object shows the roof, the wall, the marker or a distractor when at least
 * half of its pixels lie on that shape, else the background. What {@code demo --dataset} and its test check the
 * concepts against; the oracle is the generator, not the method.
 */
public final class ShortcutTruth {

	/** What an object shows. */
	public enum Part {
		ROOF, WALL, MARKER, DISTRACTOR, BACKGROUND;

		/** The part in words: "roof", "marker", ... */
		public String word() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}
	}

	private ShortcutTruth() {}

	/** The index of a shortcut test scene from its result name ({@code scene_07} or {@code scene_07-2}), or -1. */
	public static int sceneIndex(String resultName) {
		java.util.regex.Matcher m = java.util.regex.Pattern.compile("scene_(\\d+).*").matcher(resultName);
		return m.matches() ? Integer.parseInt(m.group(1)) : -1;
	}

	/** The part each object of {@code labels} (the objects of shortcut test scene {@code scene}) shows, by id. */
	public static Map<Integer, Part> parts(int scene, LabelImage labels) {
		DemoScenes.Scene s = DemoAssets.shortcutScene(scene);
		int size = labels.width();
		if (labels.height() != size)
			throw new IllegalArgumentException("The objects of scene " + scene + " are " + labels.width() + " x " +
				labels.height() + "; shortcut scenes are square.");
		int[] lab = labels.labels();
		int[] total = new int[labels.count()];
		for (int v : lab)
			total[v]++;
		Map<Part, int[]> on = new EnumMap<>(Part.class);
		for (DemoScenes.Shape shape : s.shapes()) {
			Part part = switch (shape.kind()) {
				case ROOF -> Part.ROOF;
				case WALL -> Part.WALL;
				case MARKER -> Part.MARKER;
				default -> Part.DISTRACTOR;
			};
			boolean[] m = s.mask(shape, size);
			int[] counts = on.computeIfAbsent(part, p -> new int[labels.count()]);
			for (int p = 0; p < m.length; p++)
				if (m[p]) counts[lab[p]]++;
		}
		Map<Integer, Part> out = new TreeMap<>();
		for (int o = 0; o < labels.count(); o++) {
			Part part = Part.BACKGROUND;
			for (Map.Entry<Part, int[]> e : on.entrySet())
				if (2 * e.getValue()[o] >= total[o]) part = e.getKey();
			out.put(o + 1, part);
		}
		return out;
	}

	/** How many objects of each concept show each part, from (concept, part) per object. */
	public static Map<Integer, Map<Part, Integer>> crossTable(List<Map.Entry<Integer, Part>> conceptAndPart) {
		Map<Integer, Map<Part, Integer>> table = new TreeMap<>();
		for (Map.Entry<Integer, Part> e : conceptAndPart)
			table.computeIfAbsent(e.getKey(), c -> new EnumMap<>(Part.class)).merge(e.getValue(), 1, Integer::sum);
		return table;
	}

	/** The part most objects of each concept show. */
	public static Map<Integer, Part> majority(Map<Integer, Map<Part, Integer>> crossTable) {
		Map<Integer, Part> m = new TreeMap<>();
		for (Map.Entry<Integer, Map<Part, Integer>> e : crossTable.entrySet())
			m.put(e.getKey(), e.getValue().entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey());
		return m;
	}
}
