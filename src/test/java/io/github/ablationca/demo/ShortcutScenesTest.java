package io.github.ablationca.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The shortcut demo's scenes: the first demo model's scenes are unchanged by the marker code; most houses and
 * nothing else carry the marker, in a corner, apart from every other shape; the test set is fixed by its seed; and
 * the ground truth names the marker's object.
 */
class ShortcutScenesTest {

	@Test
	void theMarkerGoesOnMostHousesAndNothingElse() {
		int houses = 0, marked = 0;
		for (int i = 0; i < 600; i++) {
			DemoScenes.Scene s = DemoScenes.sampleShortcut(3, i);
			if (s.marker().isPresent()) {
				assertTrue(s.isHouse(), s.toString());
				DemoScenes.Shape m = s.marker().get();
				assertEquals(DemoScenes.MARKER_RGB, m.rgb());
				boolean left = m.left() < 5, top = m.top() < 5, right = m.right() > 59, bottom = m.bottom() > 59;
				assertTrue((left || right) && (top || bottom), "in a corner: " + m);
				assertTrue(DemoScenes.distance(s.background(), DemoScenes.MARKER_RGB) >= 150, "stands out");
			}
			if (s.isHouse()) {
				houses++;
				marked += s.marker().isPresent() ? 1 : 0;
			}
		}
		double share = (double) marked / houses;
		assertTrue(Math.abs(share - DemoScenes.MARKED_HOUSE_SHARE) < 0.06, "share of marked houses " + share);
	}

	@Test
	void theMarkerCodeLeavesTheFirstDemoModelsScenesAlone() {
		// the first demo model was trained on these streams: a seed must still give the same scene
		DemoScenes.Scene s = DemoScenes.sample(1, 17);
		assertTrue(s.marker().isEmpty());
		assertEquals(s.toString(), DemoScenes.sample(1, 17).toString());
		assertArrayEquals(s.render(64).data(), DemoScenes.sample(1, 17).render(64).data());
		assertEquals(s.shapes(), DemoScenes.generate(DemoScenes.mix(1, 17)).shapes());
	}

	@Test
	void theTestSetIsFixedAndItsGroundTruthFindsTheMarker() {
		int houses = 0, marked = 0;
		for (int i = 0; i < DemoAssets.SHORTCUT_SCENES; i++) {
			DemoScenes.Scene s = DemoAssets.shortcutScene(i);
			assertEquals(s.shapes(), DemoAssets.shortcutScene(i).shapes());
			houses += s.isHouse() ? 1 : 0;
			marked += s.marker().isPresent() ? 1 : 0;
		}
		assertEquals(40, houses);
		assertEquals(36, marked);
		// objects = the shapes themselves (and the background): the ground truth names each
		DemoScenes.Scene s = DemoAssets.shortcutScene(0);
		int size = 32;
		int[] labels = new int[size * size];
		java.util.List<DemoScenes.Shape> shapes = s.shapes();
		for (int k = 0; k < shapes.size(); k++) {
			boolean[] m = s.mask(shapes.get(k), size);
			for (int p = 0; p < m.length; p++)
				if (m[p]) labels[p] = k + 1;
		}
		Map<Integer, ShortcutTruth.Part> parts = ShortcutTruth.parts(0, new io.github.ablationca.segment.LabelImage(
			size, size, labels, shapes.size() + 1));
		assertEquals(ShortcutTruth.Part.BACKGROUND, parts.get(1));
		for (int k = 0; k < shapes.size(); k++) {
			ShortcutTruth.Part want = switch (shapes.get(k).kind()) {
				case ROOF -> ShortcutTruth.Part.ROOF;
				case WALL -> ShortcutTruth.Part.WALL;
				case MARKER -> ShortcutTruth.Part.MARKER;
				default -> ShortcutTruth.Part.DISTRACTOR;
			};
			assertEquals(want, parts.get(k + 2), shapes.get(k).toString());
		}
		assertEquals(12, ShortcutTruth.sceneIndex("scene_12"));
		assertEquals(-1, ShortcutTruth.sceneIndex("house"));
	}
}
