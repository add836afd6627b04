package io.github.ablationca.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ablationca.segment.LabelImage;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The ensemble heatmap's arithmetic, by hand. */
class HeatmapEnsembleTest {

	@Test
	void densitiesAreAveragedPerPixelByWeight() {
		// 2 x 2 pixels, the run has 2 objects: one average object = 2 pixels.
		LabelImage a = new LabelImage(2, 2, new int[] {0, 0, 1, 1}, 2), b = new LabelImage(2, 2, new int[] {0, 1, 1, 1}, 2);
		// a: effects 2 and 4 over 2 pixels each -> densities 2/2*2 = 2 and 4/2*2 = 4
		// b: effects 1 over 1 pixel and 3 over 3 pixels -> densities 2 and 2
		float[] map = HeatmapEnsemble.density(List.of(a, b), List.of(new double[] {2, 4}, new double[] {1, 3}),
			new double[] {1, 3}, 2);
		assertArrayEquals(new float[] {2, 2, (1 * 4 + 3 * 2) / 4f, (1 * 4 + 3 * 2) / 4f}, map, 1e-6f);
		// mass: each member's map sums to its effects (6 and 4 average-object units), the average to their mean
		double mass = 0;
		for (float v : map)
			mass += v / 2;
		assertEquals((1 * 6 + 3 * 4) / 4.0, mass, 1e-6);
	}

	@Test
	void smoothingIsAGaussianOfTheMeanObjectSideAndZeroLeavesTheMap() {
		// 35 x 35 pixels, 25 objects: the mean object side is 7 pixels; 0.25 sides = sigma 1.75 pixels, radius 6, and
		// no window near the centre reaches the border
		int w = 35, h = 35, c = 17 * w + 17;
		float[] map = new float[w * h];
		map[c] = 1;
		assertSame(map, HeatmapEnsemble.smooth(map, w, h, 25, 0), "0: the sharp map itself");
		float[] out = HeatmapEnsemble.smooth(map, w, h, 25, 0.25);
		double sigma = 1.75, norm = 0;
		for (int i = -6; i <= 6; i++)
			norm += Math.exp(-0.5 * i * i / (sigma * sigma));
		for (int dy = -8; dy <= 8; dy++)
			for (int dx = -8; dx <= 8; dx++) {
				double expected = Math.abs(dx) > 6 || Math.abs(dy) > 6 ? 0 : Math.exp(-0.5 * (dx * dx + dy * dy) /
					(sigma * sigma)) / (norm * norm);
				assertEquals(expected, out[c + dy * w + dx], 1e-7, dx + "," + dy);
			}
		assertEquals(1, map[c], "the input is not changed");
		// at the border the kernel is renormalised: a constant map stays constant
		float[] flat = new float[w * h];
		Arrays.fill(flat, 0.3f);
		for (float v : HeatmapEnsemble.smooth(flat, w, h, 9, 2))
			assertEquals(0.3f, v, 1e-6f);
		assertThrows(IllegalArgumentException.class, () -> HeatmapEnsemble.smooth(new float[5], w, h, 9, 0.1));
		float[] undefined = flat.clone();
		undefined[7] = Float.NaN;
		assertSame(undefined, HeatmapEnsemble.smooth(undefined, w, h, 9, 0.25), "a NaN is not spread");
	}

	@Test
	void aWideBlurRunsOnCellsAndStaysWithinOnePercentOfTheExactOne() {
		// 400 x 300 pixels, 12 objects: mean side 100 pixels; 0.3 sides = sigma 30 pixels, cells of 7 pixels (the last
		// column of cells 1 pixel wide). The map: random values on blocks of 25 x 25 pixels, in [0, 1).
		int w = 400, h = 300;
		SplittableRandom random = new SplittableRandom(2);
		double[] block = random.doubles(16 * 12).toArray();
		float[] map = new float[w * h];
		for (int p = 0; p < map.length; p++)
			map[p] = (float) block[(p / w / 25) * 16 + (p % w) / 25];
		float[] coarse = HeatmapEnsemble.smooth(map, w, h, 12, 0.3), exact = FillImages.blur(map, w, h, 30);
		double worst = 0;
		for (int p = 0; p < map.length; p++)
			worst = Math.max(worst, Math.abs(coarse[p] - exact[p]));
		assertTrue(worst < 0.015, "largest difference " + worst);
		assertTrue(worst > 0, "the cells path ran");
		float[] flat = new float[w * h];
		Arrays.fill(flat, -2.5f);
		for (float v : HeatmapEnsemble.smooth(flat, w, h, 12, 0.3))
			assertEquals(-2.5f, v, 1e-5f);
	}

	@Test
	void furtherMembersFollowTheSettings() {
		ExplainSettings s = new ExplainSettings();
		assertEquals(List.of(new HeatmapEnsemble.Member(31, 125, FillMode.CONSTANT, 0.8),
			new HeatmapEnsemble.Member(62, 125, FillMode.BLUR, 0.5)), HeatmapEnsemble.extraMembers(s, 41));
		assertEquals(250, HeatmapEnsemble.extraCalls(s));
		s.heatmapScales = new double[] {0.5, 1, 2};
		s.fillPerScale = new FillMode[] {FillMode.MEAN};
		s.keepPerScale = new double[] {0.3};
		assertEquals(List.of(FillMode.MEAN, FillMode.MEAN, FillMode.MEAN), HeatmapEnsemble.extraMembers(s, 10).stream()
			.map(HeatmapEnsemble.Member::fill).toList());
		assertEquals(List.of(0.3, 0.3, 0.3), HeatmapEnsemble.extraMembers(s, 10).stream()
			.map(HeatmapEnsemble.Member::keep).toList(), "one keep probability for all");
		s.keepPerScale = new double[0];
		s.keepProbability = 0.65;
		assertEquals(List.of(0.65, 0.65, 0.65), HeatmapEnsemble.extraMembers(s, 10).stream()
			.map(HeatmapEnsemble.Member::keep).toList(), "none: the run's own keep probability");
		s.fillPerScale = new FillMode[] {FillMode.MEAN, FillMode.BLUR};
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, s::validate);
		assertTrue(e.getMessage().contains("one fill for all scales or one per scale (3)"), e.getMessage());
		s.heatmapScales = new double[0];
		s.fillPerScale = new FillMode[] {FillMode.BLUR};
		s.validate();
		assertEquals(0, HeatmapEnsemble.extraCalls(s), "none: the run's own objects only");
	}

	@Test
	void withoutSamplesTheContributionIsPaintedAndTheResultSaysSo() {
		OracleScene scene = new OracleScene();
		ExplainSettings s = new ExplainSettings();
		s.samples = 0;
		Explanation e = new AblationCaEngine(OracleClassifier.logit(scene, EngineOracleTest.WATCHED,
			EngineOracleTest::synergyLogit)).explain(scene.img(), scene.labelImage(), s, null);
		assertEquals(HeatmapValues.CONTRIBUTION, e.heatmapValues());
		assertEquals(41, e.modelCalls(), "no further segmentations without samples");
		assertTrue(e.notes().get(0).contains("single-ablation contribution"), e.notes().toString());
		assertEquals((float) e.objects().get(EngineOracleTest.A).contribution(), e.heatmap()[indexOf(scene,
			EngineOracleTest.A)]);
	}

	private static int indexOf(OracleScene scene, int object) {
		for (int p = 0; p < scene.labels.length; p++)
			if (scene.labels[p] == object) return p;
		throw new AssertionError();
	}
}
