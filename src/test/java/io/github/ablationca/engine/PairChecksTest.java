package io.github.ablationca.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.ablationca.image.ResizeMode;
import io.github.ablationca.metric.PairChecks;
import io.github.ablationca.run.ExplainRunner;

/**
 * {@link PairChecks} (package {@code metric}) on a game with known interactions, beside the engine's oracles: the
 * probability is {@code 0.4 + 0.5 v0 v1 - 0.3 v1 v2} of the visible fractions of objects 0, 1 and 2 (never clamped:
 * 0.1 to 0.9), so the four-point difference of pair (0, 1) is 0.5 in every context, of (1, 2) -0.3, and 0 for every
 * other pair (the default mean fill leaves no pixel of an ablated object as it was).
 */
class PairChecksTest {

	private static double exactInteraction(int a, int b) {
		int i = Math.min(a, b), j = Math.max(a, b);
		return i == 0 && j == 1 ? 0.5 : i == 1 && j == 2 ? -0.3 : 0;
	}

	@Test
	void directDifferencesAreTheGamesInteractionsAndTheCallsAreCounted() {
		OracleScene scene = new OracleScene();
		OracleClassifier model = new OracleClassifier(scene, OracleScene.WIDTH, OracleScene.HEIGHT, ResizeMode.STRETCH,
			new int[] {0, 1, 2}, v -> 0.4 + 0.5 * v[0] * v[1] - 0.3 * v[1] * v[2], true);
		ExplainSettings s = new ExplainSettings();
		s.samples = 300;
		s.scoreScale = ScoreScale.PROBABILITY;
		s.heatmap = HeatmapValues.MAIN_EFFECT;
		s.target = "planted";
		s.batchSize = 16;
		Explanation run = new ExplainRunner(model, s, EngineLogger.NONE).explain(scene.rgb(), scene.labelImage(),
			null);
		assertEquals(0.5, run.pair(0, 1).interaction(), 0.05, "the run finds the planted synergy");
		assertTrue(run.pair(0, 1).significant() && run.pair(1, 2).significant());

		int contexts = 21; // 4 images per context, 4 contexts per batch of 16: the last batch is partial
		int before = model.imagesSeen;
		PairChecks.Result r = new PairChecks(3, contexts).check(model, scene.rgb(), run, s);
		// the replication: 1 + n + samples calls (main-effect heatmap, no further segmentations); 4 per context
		assertEquals(1 + OracleScene.OBJECTS + 300 + 3 * 4 * contexts, r.modelCalls());
		assertEquals(r.modelCalls(), model.imagesSeen - before, "the calls the model saw");
		assertEquals(OracleScene.OBJECTS, r.objects());
		assertEquals(3, r.checked().size());
		int agreeing = 0, significant = 0;
		for (int k = 0; k < 3; k++) {
			PairRelation p = run.pairs().get(k);
			PairChecks.CheckedPair c = r.checked().get(k);
			assertEquals(List.of(p.a(), p.b()), List.of(c.a(), c.b()), "the run's pairs by rank");
			assertEquals(p.interaction(), c.estimate());
			assertEquals(p.significant(), c.significant());
			double exact = exactInteraction(c.a(), c.b());
			assertEquals(exact, c.direct(), 1e-6, "four-point difference of " + c.a() + "," + c.b());
			assertEquals(0, c.directError(), 1e-6, "the same in every context");
			assertEquals(exact != 0 && Math.signum(exact) == Math.signum(c.estimate()), c.agrees());
			agreeing += c.agrees() ? 1 : 0;
			significant += c.significant() ? 1 : 0;
		}
		assertEquals(List.of(0, 1), List.of(run.pairs().get(0).a(), run.pairs().get(0).b()), "the synergy ranks first");
		assertEquals(agreeing, r.agreeing());
		assertEquals(agreeing / 3.0, r.agreement(), 1e-12);
		assertEquals(significant, r.checkedSignificant());
		long runSignificant = run.pairs().stream().filter(PairRelation::significant).count();
		assertEquals(runSignificant, r.significantPairs());
		assertTrue(r.replicatedSigns() >= 2 && r.replicatedSigns() <= runSignificant, "the planted pairs replicate");
		assertEquals((double) r.replicatedSigns() / runSignificant, r.replicatedShare(), 1e-12);
	}

	/**
	 * A difference that depends on the context: {@code 0.4 + 0.2 v0 v1 + 0.2 v0 v1 v2}, so the four-point difference
	 * of (0, 1) is 0.2 where object 2 is ablated and 0.4 where it is kept. Over {@code n} contexts with a share
	 * {@code p} of them keeping object 2, the mean is {@code 0.2 + 0.2 p} and the standard error of the mean
	 * {@code sqrt(sum (d - mean)^2 / (n - 1) / n) = 0.2 sqrt(p (1 - p) / (n - 1))}; {@code p} is about the keep
	 * probability (0.3 here: 400 contexts put it within 0.1 at more than four standard deviations).
	 */
	@Test
	void theDirectErrorIsTheStandardErrorOfTheContextsDifferences() {
		OracleScene scene = new OracleScene();
		OracleClassifier model = new OracleClassifier(scene, OracleScene.WIDTH, OracleScene.HEIGHT, ResizeMode.STRETCH,
			new int[] {0, 1, 2}, v -> 0.4 + 0.2 * v[0] * v[1] + 0.2 * v[0] * v[1] * v[2], true);
		ExplainSettings s = new ExplainSettings();
		s.samples = 200;
		s.keepProbability = 0.3;
		s.scoreScale = ScoreScale.PROBABILITY;
		s.heatmap = HeatmapValues.MAIN_EFFECT;
		s.target = "planted";
		Explanation run = new ExplainRunner(model, s, EngineLogger.NONE).explain(scene.rgb(), scene.labelImage(),
			null);
		int contexts = 400;
		PairChecks.Result r = new PairChecks(1, contexts).check(model, scene.rgb(), run, s);
		PairChecks.CheckedPair pair = r.checked().get(0);
		assertEquals(List.of(0, 1), List.of(pair.a(), pair.b()), "the strongest pair ranks first");
		double share = (pair.direct() - 0.2) / 0.2, p = Math.rint(share * contexts) / contexts;
		assertEquals(p, share, 1e-5, "a whole number of contexts (up to the model's float rounding)");
		assertEquals(0.3, p, 0.1, "share of contexts that keep object 2");
		assertEquals(0.2 * Math.sqrt(p * (1 - p) / (contexts - 1)), pair.directError(), 1e-9);
	}

	@Test
	void noTopPairsMeansReplicationOnlyAndEmptyResultsAreNaN() {
		PairChecks.Result empty = new PairChecks.Result(5, 0, 0, List.of(), 10);
		assertTrue(Double.isNaN(empty.replicatedShare()));
		assertTrue(Double.isNaN(empty.agreement()));
		assertEquals(0, empty.agreeing());
		PairChecks.CheckedPair zero = new PairChecks.CheckedPair(0, 1, false, 0, 0, 0);
		assertTrue(!zero.agrees(), "an estimate of 0 agrees with nothing");
		assertTrue(new PairChecks.CheckedPair(0, 1, true, -0.2, -0.1, 0).agrees());
		assertTrue(!new PairChecks.CheckedPair(0, 1, true, -0.2, 0.1, 0).agrees());
		assertEquals("PairChecks(top 5, 100 contexts)", new PairChecks().toString());
		assertThrows(IllegalArgumentException.class, () -> new PairChecks(-1, 10));
		assertThrows(IllegalArgumentException.class, () -> new PairChecks(1, 0));
		new PairChecks(0, 1); // replication only is allowed

		OracleScene scene = new OracleScene();
		OracleClassifier model = new OracleClassifier(scene, OracleScene.WIDTH, OracleScene.HEIGHT, ResizeMode.STRETCH,
			new int[] {0}, v -> 0.3 + 0.4 * v[0], true);
		ExplainSettings s = new ExplainSettings();
		s.samples = 0;
		s.target = "planted";
		Explanation noSamples = new ExplainRunner(model, s, EngineLogger.NONE).explain(scene.rgb(), scene
			.labelImage(), null);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PairChecks().check(model,
			scene.rgb(), noSamples, s));
		assertTrue(e.getMessage().contains("no Monte Carlo samples"), e.getMessage());

		s.samples = 100;
		s.heatmap = HeatmapValues.MAIN_EFFECT;
		Explanation run = new ExplainRunner(model, s, EngineLogger.NONE).explain(scene.rgb(), scene.labelImage(), null);
		int before = model.imagesSeen;
		PairChecks.Result r = new PairChecks(0, 5).check(model, scene.rgb(), run, s);
		assertEquals(List.of(), r.checked());
		assertEquals(1 + OracleScene.OBJECTS + 100, r.modelCalls());
		assertEquals(r.modelCalls(), model.imagesSeen - before);
	}
}
