package io.github.ablationca.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ablationca.attribution.AttributionRequest;
import io.github.ablationca.attribution.AttributionMethod;
import io.github.ablationca.attribution.Attribution;
import io.github.ablationca.attribution.Lime;
import io.github.ablationca.attribution.Occlusion;
import io.github.ablationca.image.RgbImage;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Rows of evaluation.csv from hand-made heatmaps whose scores are known in closed form. */
class EvaluationTest {

	/** An "explainer" that returns a fixed heatmap and claims a fixed number of model calls. */
	static AttributionMethod fixed(String name, float[] values, long calls) {
		return new AttributionMethod() {
			@Override
			public String name() {
				return name;
			}

			@Override
			public Attribution explain(AttributionRequest r) {
				return new Attribution(name, r.image().width(), r.image().height(), values, calls, 0.5);
			}
		};
	}

	@Test
	void rowsCarryTheClosedFormScores() {
		int s = CausalMetricTest.SIZE;
		RgbImage img = OneRegionClassifier.scene(s, s, 8, 8, 16, 16);
		OneRegionClassifier c = new OneRegionClassifier(img, 8, 8, 16, 16);
		boolean[] obj = new boolean[s * s];
		for (int y = 8; y < 24; y++)
			for (int x = 8; x < 24; x++)
				obj[y * s + x] = true;
		ObjectMask mask = new ObjectMask(s, s, obj, null);
		Evaluation eval = new Evaluation(new CausalMetric().withSteps(64));
		List<AttributionMethod> methods = List.of(fixed("perfect", CausalMetricTest.heatmap(true, 1), 7),
			fixed("reversed", CausalMetricTest.heatmap(false, 1), 9), new Lime(), new Occlusion());
		List<EvaluationRow> rows = new ArrayList<>(eval.run("a.png", AttributionRequest.of(img, c, 0), mask, methods));
		assertEquals(4, rows.size());
		EvaluationRow perfect = rows.get(0), reversed = rows.get(1), lime = rows.get(2), occlusion = rows.get(3);
		assertEquals(0.125, perfect.deletionAuc(), 1e-9);
		assertEquals(0.875, perfect.insertionAuc(), 1e-9);
		assertEquals(1, perfect.pointingHit());
		assertEquals(7, perfect.modelCalls());
		assertEquals(0.875, reversed.deletionAuc(), 1e-9);
		assertEquals(0.125, reversed.insertionAuc(), 1e-9);
		// the reversed map peaks at pixel (0, 0), 8 * sqrt(2) = 11.3 pixels from the object: a hit with 15 pixels
		assertEquals(1, reversed.pointingHit());
		// LIME without superpixels fails with its message; the others still ran
		assertTrue(lime.failed());
		assertTrue(lime.error().contains("withSegments"), lime.error());
		assertNull(lime.heatmap());
		assertNotNull(occlusion.heatmap());
		assertTrue(occlusion.deletionAuc() < 0.5 && occlusion.insertionAuc() > 0.5,
			"occlusion finds the region: " + occlusion.cells());

		// a second image without a mask, then the means
		rows.addAll(eval.run("b.png", AttributionRequest.of(img, c, 0), null,
			List.of(fixed("perfect", CausalMetricTest.heatmap(true, 1), 9))));
		List<EvaluationRow> means = Evaluation.means(rows);
		assertEquals(List.of("perfect", "reversed", "lime", "occlusion"), means.stream().map(EvaluationRow::method)
			.toList());
		EvaluationRow mp = means.get(0);
		assertEquals("mean", mp.image());
		assertEquals(0.125, mp.deletionAuc(), 1e-9);
		assertEquals(perfect.roadMorf(), mp.roadMorf(), 1e-12);
		assertEquals(8, mp.modelCalls());
		assertEquals(1, mp.pointingHit(), "pointing averages over images with a mask only");
		assertTrue(means.get(2).failed());

		assertEquals(List.of("image", "method", "deletion_auc", "insertion_auc", "road_morf", "road_lerf",
			"pointing_hit", "model_calls", "seconds"), EvaluationRow.COLUMNS);
		assertEquals(List.of("a.png", "perfect", "0.1250", "0.8750", "0.0894", "0.9115", "1", "7", "0.500"),
			rows.get(0).cells());
		assertEquals(List.of("a.png", "lime", "", "", "", "", "", "", ""), rows.get(2).cells(),
			"a failed method: empty cells");
		assertEquals(List.of("b.png", "perfect", "0.1250", "0.8750", "0.0894", "0.9115", "", "9", "0.500"),
			rows.get(4).cells());
		assertEquals(List.of("mean", "perfect", "0.1250", "0.8750", "0.0894", "0.9115", "1", "8", "0.500"),
			means.get(0).cells());
	}
}
