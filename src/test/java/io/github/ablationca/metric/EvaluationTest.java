package io.github.ablationca.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ablationca.baseline.ExplainRequest;
import io.github.ablationca.baseline.Explainer;
import io.github.ablationca.baseline.Heatmap;
import io.github.ablationca.baseline.Lime;
import io.github.ablationca.baseline.Occlusion;
import io.github.ablationca.image.RgbImage;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Rows of evaluation.csv from hand-made heatmaps whose scores are known in closed form. */
class EvaluationTest {

	/** An "explainer" that returns a fixed heatmap and claims a fixed number of model calls. */
	static Explainer fixed(String name, float[] values, long calls) {
		return new Explainer() {
			@Override
			public String name() {
				return name;
			}

			@Override
			public Heatmap explain(ExplainRequest r) {
				return new Heatmap(name, r.image().width(), r.image().height(), values, calls, 0.5);
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
		List<Explainer> methods = List.of(fixed("perfect", CausalMetricTest.heatmap(true, 1), 7),
			fixed("reversed", CausalMetricTest.heatmap(false, 1), 9), new Lime(), new Occlusion());
		List<EvaluationRow> rows = new ArrayList<>(eval.run("a.png", ExplainRequest.of(img, c, 0), mask, methods));
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
			"occlusion finds the region: " + occlusion.toCsv());

		// a second image without a mask, then the means
		rows.addAll(eval.run("b.png", ExplainRequest.of(img, c, 0), null,
			List.of(fixed("perfect", CausalMetricTest.heatmap(true, 1), 9))));
		List<EvaluationRow> means = Evaluation.means(rows);
		assertEquals(List.of("perfect", "reversed", "lime", "occlusion"), means.stream().map(EvaluationRow::method)
			.toList());
		EvaluationRow mp = means.get(0);
		assertEquals("mean", mp.image());
		assertEquals(0.125, mp.deletionAuc(), 1e-9);
		assertEquals(8, mp.modelCalls());
		assertEquals(1, mp.pointingHit(), "pointing averages over images with a mask only");
		assertTrue(means.get(2).failed());

		String csv = Evaluation.toCsv(rows);
		String[] lines = csv.split("\n");
		assertEquals("image,method,deletion_auc,insertion_auc,pointing_hit,model_calls,seconds", lines[0]);
		assertEquals("a.png,perfect,0.1250,0.8750,1,7,0.500", lines[1]);
		assertEquals("a.png,lime,,,,,", lines[3]);
		assertEquals("b.png,perfect,0.1250,0.8750,,9,0.500", lines[5]);
		assertEquals("mean,perfect,0.1250,0.8750,1,8,0.500", Evaluation.toCsv(means).split("\n")[1]);
		assertEquals("\"a,b\"", EvaluationRow.quote("a,b"));
	}
}
