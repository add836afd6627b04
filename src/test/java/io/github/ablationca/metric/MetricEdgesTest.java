package io.github.ablationca.metric;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ablationca.attribution.AttributionRequest;
import io.github.ablationca.image.RgbImage;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The evaluation's edges by hand: means over several rows (a hit rate of one half, a fractional call count), a
 * method that failed everywhere, the request checked before any method runs, progress inside each stage's share
 * when the curves report batch by batch, the pointing game's first pixel and its messages.
 */
class MetricEdgesTest {

	private static final int S = CausalMetricTest.SIZE;

	private static EvaluationRow row(String image, String method, double del, double hit, double calls) {
		return new EvaluationRow(image, method, del, 1 - del, 0.25, 0.75, hit, calls, 2, null, null);
	}

	@Test
	void meansAverageEveryColumnOverTheSuccessfulRows() {
		List<EvaluationRow> rows = List.of(row("a.png", "m", 0.2, 1, 3), row("b.png", "m", 0.4, 0, 2),
			row("c.png", "m", 0.9, Double.NaN, 10), new EvaluationRow("d.png", "m", Double.NaN, Double.NaN, Double.NaN,
				Double.NaN, Double.NaN, Double.NaN, Double.NaN, null, "boom"), new EvaluationRow("a.png", "broken",
					Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, null, "boom"),
			row("mean", "m", 100, 1, 100));
		List<EvaluationRow> means = Evaluation.means(rows);
		assertEquals(2, means.size());
		EvaluationRow m = means.get(0);
		assertEquals("m", m.method());
		assertEquals((0.2 + 0.4 + 0.9) / 3, m.deletionAuc(), 1e-12, "three successful rows; the mean row skipped");
		assertEquals(0.5, m.pointingHit(), 1e-12, "one hit and one miss among the two rows with a mask");
		assertEquals(5, m.modelCalls(), 1e-12);
		assertNull(m.error());
		assertEquals(List.of("mean", "m", "0.5000", "0.5000", "0.2500", "0.7500", "0.500", "5", "2.000"), m.cells());
		EvaluationRow broken = means.get(1);
		assertEquals("failed on every image", broken.error());
		assertEquals(List.of("mean", "broken", "", "", "", "", "", "", ""), broken.cells());
		// a fractional mean call count keeps one decimal
		assertEquals("2.5", Evaluation.means(List.of(row("a", "x", 0, 1, 2), row("b", "x", 0, 1, 3))).get(0).cells()
			.get(7));
	}

	@Test
	void theRequestIsCheckedBeforeAnyMethodRuns() {
		RgbImage img = OneRegionClassifier.scene(S, S, 8, 8, 16, 16);
		OneRegionClassifier c = new OneRegionClassifier(img, 8, 8, 16, 16);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Evaluation().run("x.png",
			AttributionRequest.of(img, c, 2), null, List.of()));
		assertTrue(e.getMessage().contains("Target class index 2"), e.getMessage());
	}

	@Test
	void curvesReportedBatchByBatchStayInsideTheirShares() {
		RgbImage img = OneRegionClassifier.scene(S, S, 8, 8, 16, 16);
		OneRegionClassifier c = new OneRegionClassifier(img, 8, 8, 16, 16);
		List<double[]> fractions = new ArrayList<>();
		List<String> messages = new ArrayList<>();
		Evaluation eval = new Evaluation(new CausalMetric().withSteps(4), new RoadMetric().withFractions(0.25, 0.5)
			.withImputer(new NoisyLinearImputer().withNoise(0)), 15);
		eval.run("x.png", AttributionRequest.of(img, c, 0).withBatchSize(1).withProgress((f, msg) -> {
			fractions.add(new double[] {f});
			messages.add(msg);
		}), null, List.of(EvaluationTest.fixed("only", CausalMetricTest.heatmap(true, 1), 1)));
		// one method owns [0, 1]: deletion [0.6, 0.7], insertion [0.7, 0.8], ROAD [0.8, 0.9] and [0.9, 1]; with one
		// image per batch the 5 points of each curve report 1/5, 2/5, ..., 5/5 of their share
		String[] stage = {"only: deletion", "only: insertion"};
		for (int s = 0; s < 2; s++) {
			List<Double> mine = new ArrayList<>();
			for (int i = 0; i < messages.size(); i++)
				if (messages.get(i).startsWith(stage[s])) mine.add(fractions.get(i)[0]);
			assertEquals(5, mine.size(), stage[s]);
			for (int k = 0; k < 5; k++)
				assertEquals(0.6 + 0.1 * s + 0.1 * (k + 1) / 5, mine.get(k), 1e-12, stage[s] + " " + k);
		}
	}

	@Test
	void pointingTakesTheFirstPixelWhenItIsTheMaximum() {
		ObjectMask corner = new ObjectMask(4, 3, new boolean[] {true, false, false, false, false, false, false, false,
			false, false, false, false}, null);
		float[] heat = {5, 1, 2, 3, 4, 1, 1, 1, 1, 1, 1, 4.5f};
		PointingGame.Result r = PointingGame.evaluate(heat, corner, 0);
		assertEquals(0, r.x());
		assertEquals(0, r.y());
		assertTrue(r.hit());
		float[] later = {Float.NaN, 1, 2, 3, 4, 1, 1, 1, 1, 1, 1, 4.5f};
		r = PointingGame.evaluate(later, corner, 0);
		assertEquals(List.of(3, 2), List.of(r.x(), r.y()));
		assertEquals(Math.hypot(3, 2), r.distance(), 1e-12);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PointingGame.evaluate(null,
			corner, 0));
		assertTrue(e.getMessage().startsWith("Attribution has 0 values but the mask is 4 x 3"), e.getMessage());
	}

	@Test
	void targetMessagesNameTheModelsRange() {
		RgbImage img = OneRegionClassifier.scene(S, S, 8, 8, 16, 16);
		OneRegionClassifier c = new OneRegionClassifier(img, 8, 8, 16, 16);
		float[] heat = CausalMetricTest.heatmap(true, 1);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CausalMetric().deletion(img,
			heat, c, 2));
		assertEquals("Target class index 2 is outside the model's 0..1.", e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> new RoadMetric().morf(img, heat, c, -1, 0));
		assertEquals("Target class index -1 is outside the model's 0..1.", e.getMessage());
	}

	@Test
	void roadDefaultsAndDescriptions() {
		double[] fractions = RoadMetric.defaultFractions();
		assertArrayEquals(new double[] {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9}, fractions, 1e-12);
		fractions[0] = 0.5; // a copy
		assertEquals(0.1, RoadMetric.defaultFractions()[0], 1e-12);
		assertArrayEquals(RoadMetric.defaultFractions(), new RoadMetric().fractions(), 0);
		NoisyLinearImputer imputer = new NoisyLinearImputer().withNoise(1.5);
		assertEquals(1.5, imputer.noiseSigma());
		assertEquals("noisy-linear-imputation(sigma 1.5, MULTIGRID)", imputer.toString());
		assertEquals("noisy-linear-imputation(sigma 2.0, NONE)", new NoisyLinearImputer().withNoise(2).withPreconditioner(
			NoisyLinearImputer.Preconditioner.NONE).toString());
		assertEquals("road(fractions [0.25, 0.5], noisy-linear-imputation(sigma 1.5, MULTIGRID), STRETCH)",
			new RoadMetric().withFractions(0.25, 0.5).withImputer(imputer).toString());
	}
}
