package io.github.ablationca.engine;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.ablationca.classifier.Classifier;
import io.github.ablationca.image.ResizeMode;

/** The engine's exact bookkeeping: progress, the edges of its refusals, its warnings and its checks of the model. */
class EngineContractTest {

	private final OracleScene scene = new OracleScene();

	private OracleClassifier probability(double base) {
		return new OracleClassifier(scene, OracleScene.WIDTH, OracleScene.HEIGHT, ResizeMode.STRETCH, new int[] {0, 1,
			2}, v -> base + 0.3 * v[0] * v[1] + 0.1 * v[2], true);
	}

	/** Records what the engine says. */
	static final class Recorder implements EngineLogger {
		final List<String> logs = new ArrayList<>(), warnings = new ArrayList<>();

		@Override
		public void log(String message) {
			logs.add(message);
		}

		@Override
		public void warn(String message) {
			warnings.add(message);
		}
	}

	/**
	 * 40 objects, 100 samples, batches of 20, one further segmentation of 10 samples: model calls 141 + 10; progress
	 * 0.05 after segmentation, then {@code 0.05 + 0.9 * done / 151} after every batch, 0.95 for the statistics, 1.
	 */
	@Test
	void progressFollowsTheCallsExactly() {
		ExplainSettings s = new ExplainSettings();
		s.samples = 100;
		s.batchSize = 20;
		s.heatmapScales = new double[] {0.5};
		s.fillPerScale = new FillMode[] {FillMode.MEAN};
		s.keepPerScale = new double[] {0.5};
		s.samplesPerScale = 10;
		List<Double> fractions = new ArrayList<>();
		List<String> messages = new ArrayList<>();
		Explanation e = new AblationCaEngine(probability(0.2)).explain(scene.img(), scene.labelImage(), s, (f, m) -> {
			fractions.add(f);
			messages.add(m);
		});
		assertEquals(151, e.modelCalls());
		List<String> expected = new ArrayList<>(List.of("40 objects", "Sensitivity analysis 20/41",
			"Sensitivity analysis 40/41", "Monte Carlo ablations 19/100", "Monte Carlo ablations 39/100",
			"Monte Carlo ablations 59/100", "Monte Carlo ablations 79/100", "Monte Carlo ablations 99/100",
			"Monte Carlo ablations 100/100", "Heatmap segmentation 1/1: 10/10", "Correlating 780 pairs", "Done"));
		assertEquals(expected, messages);
		int[] done = {20, 40, 60, 80, 100, 120, 140, 141, 151};
		assertEquals(0.05, fractions.get(0), 1e-12);
		for (int k = 0; k < done.length; k++)
			assertEquals(0.05 + 0.9 * done[k] / 151, fractions.get(k + 1), 1e-12, messages.get(k + 1));
		assertEquals(0.95, fractions.get(10), 1e-12);
		assertEquals(1.0, fractions.get(11));
	}

	@Test
	void samplesMustExceedObjectsPlusTwoPerIndependentUnit() {
		ExplainSettings s = new ExplainSettings();
		s.heatmap = HeatmapValues.MAIN_EFFECT;
		s.samples = 43; // 40 objects + 3
		assertDoesNotThrow(() -> new AblationCaEngine(probability(0.2)).explain(scene.img(), scene.labelImage(), s,
			null));
		s.samples = 42;
		OracleClassifier model = probability(0.2);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new AblationCaEngine(model)
			.explain(scene.img(), scene.labelImage(), s, null));
		assertTrue(e.getMessage().contains("at least 43"), e.getMessage());
		assertEquals(0, model.imagesSeen, "refused before any model call");
		// antithetic: pairs of samples count, 2 x 43 = 86 is enough, 85 is not
		s.sampling = SamplingScheme.ANTITHETIC;
		s.samples = 86;
		assertDoesNotThrow(() -> new AblationCaEngine(probability(0.2)).explain(scene.img(), scene.labelImage(), s,
			null));
		s.samples = 85;
		e = assertThrows(IllegalArgumentException.class, () -> new AblationCaEngine(model).explain(scene.img(), scene
			.labelImage(), s, null));
		assertTrue(e.getMessage().contains("more than 42 antithetic pairs") && e.getMessage().contains("at least 86"),
			e.getMessage());
	}

	@Test
	void aRunThatCannotFitInMemoryIsRefusedBeforeAnyModelCall() {
		ExplainSettings s = new ExplainSettings();
		s.samples = 1_500_000_000; // 1.5e9 samples x 2 words x 8 bytes = 24 GB of table
		s.heatmap = HeatmapValues.MAIN_EFFECT;
		OracleClassifier model = probability(0.2);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new AblationCaEngine(model)
			.explain(scene.img(), scene.labelImage(), s, null));
		assertTrue(e.getMessage().contains("samples (1500000000) with 40 objects need about 24.0 GB"), e.getMessage());
		assertEquals(0, model.imagesSeen);
		// the estimate grows with both: one more word per sample from 65 objects on, pairs with samples only
		// 64 objects: one word of bits and a score per sample, 12 doubles per pair (2016), three (n+1)^2 matrices
		assertEquals(65L * 65 * 8 * 3, AblationCaEngine.memoryNeeded(64, 0), "the regression's matrices only");
		assertEquals(1000L * 2 * 8 + 2016L * 12 * 8 + 65L * 65 * 8 * 3, AblationCaEngine.memoryNeeded(64, 1000));
		assertEquals(1000L * 3 * 8 + 2080L * 12 * 8 + 66L * 66 * 8 * 3, AblationCaEngine.memoryNeeded(65, 1000),
			"a second word of bits from 65 objects on");
	}

	@Test
	void noPairsWithFewerThanThreeObjectsOrAFlatTarget() {
		assertTrue(AblationCaEngine.whyNoPairs(2, 0.1f, 0.9f).contains("2 objects leave no variation"));
		assertNull(AblationCaEngine.whyNoPairs(3, 0.1f, 0.9f));
		float high = 0.5f, eight = high - 8 * Math.ulp(high), nine = high - 9 * Math.ulp(high);
		assertTrue(AblationCaEngine.whyNoPairs(3, eight, high).contains("does not change beyond numerical noise"));
		assertNull(AblationCaEngine.whyNoPairs(3, nine, high), "nine float steps are a change");
		assertTrue(AblationCaEngine.whyNoPairs(3, high, high).contains("(0.500000)"), "names the probability");

		// through the engine: a model that ignores the image gives a note and a warning, no pairs
		Recorder log = new Recorder();
		ExplainSettings s = new ExplainSettings();
		s.samples = 60;
		s.heatmap = HeatmapValues.MAIN_EFFECT;
		Classifier flat = new OracleClassifier(scene, OracleScene.WIDTH, OracleScene.HEIGHT, ResizeMode.STRETCH,
			new int[] {0}, v -> 0.3, true);
		Explanation e = new AblationCaEngine(flat).logger(log).explain(scene.img(), scene.labelImage(), s, null);
		assertEquals(List.of(), e.pairs());
		assertEquals(1, e.notes().size());
		assertEquals(e.notes(), log.warnings);
	}

	@Test
	void aTargetBeyondTheLogOddsClampIsWarnedAbout() {
		Recorder log = new Recorder();
		ExplainSettings s = new ExplainSettings();
		s.samples = 0;
		s.target = "planted";
		new AblationCaEngine(new OracleClassifier(scene, OracleScene.WIDTH, OracleScene.HEIGHT, ResizeMode.STRETCH,
			new int[] {0}, v -> 1, true)).logger(log).explain(scene.img(), scene.labelImage(), s, null);
		assertEquals(1, log.warnings.stream().filter(w -> w.contains("beyond the log-odds clamp")).count(), log
			.warnings.toString());
		// on the probability scale there is no clamp, and inside the clamp no warning
		log.warnings.clear();
		s.scoreScale = ScoreScale.PROBABILITY;
		new AblationCaEngine(new OracleClassifier(scene, OracleScene.WIDTH, OracleScene.HEIGHT, ResizeMode.STRETCH,
			new int[] {0}, v -> 1, true)).logger(log).explain(scene.img(), scene.labelImage(), s, null);
		s.scoreScale = ScoreScale.LOG_ODDS;
		new AblationCaEngine(probability(0.2)).logger(log).explain(scene.img(), scene.labelImage(), s, null);
		assertEquals(List.of(), log.warnings);
		// the run's log line names the calls; a canceled run says after how many calls it stopped
		assertTrue(log.logs.stream().anyMatch(l -> l.startsWith("Ablation-CA: 40 objects, 41 model calls (41 " +
			"sensitivity + 0 Monte Carlo), batch 32")), log.logs.toString());
		log.logs.clear();
		OracleClassifier model = probability(0.2);
		AblationCaEngine engine = new AblationCaEngine(model).logger(log);
		model.onBatch = b -> engine.cancel();
		assertThrows(CanceledException.class, () -> engine.explain(scene.img(), scene.labelImage(), s, null));
		assertEquals("Ablation-CA: canceled after 32 model calls", log.logs.get(log.logs.size() - 1));
	}

	/** A model whose answer has the wrong shape is stopped with the shape it gave. */
	@Test
	void theModelsAnswerIsChecked() {
		ExplainSettings s = new ExplainSettings();
		s.samples = 0;
		for (int kind = 0; kind < 4; kind++) {
			int k = kind;
			OracleClassifier good = probability(0.2);
			Classifier bad = new Classifier() {
				public int inputWidth() {
					return good.inputWidth();
				}

				public int inputHeight() {
					return good.inputHeight();
				}

				public List<String> labels() {
					return good.labels();
				}

				public float[][] predict(float[] images, int count) {
					float[][] p = good.predict(images, count);
					if (k == 0) return null;
					if (k == 1) return java.util.Arrays.copyOf(p, count - 1);
					if (k == 2) p[count - 1] = null;
					if (k == 3) p[0] = new float[] {1, 0, 0};
					return p;
				}
			};
			IllegalStateException e = assertThrows(IllegalStateException.class, () -> new AblationCaEngine(bad)
				.explain(scene.img(), scene.labelImage(), s, null));
			String expected = new String[] {"returned nothing for 32 images", "returned 31 rows for 32 images",
				"returned no scores for an image but has 2 labels", "returned 3 scores for an image but has 2 labels"}[k];
			assertTrue(e.getMessage().contains(expected), e.getMessage());
		}
	}

	@Test
	void cancelStateAndAccessors() {
		OracleClassifier model = probability(0.2);
		AblationCaEngine engine = new AblationCaEngine(model);
		assertSame(model, engine.classifier());
		assertFalse(engine.isCanceled());
		engine.cancel();
		assertTrue(engine.isCanceled());
		ExplainSettings s = new ExplainSettings();
		s.samples = 0;
		engine.explain(scene.img(), scene.labelImage(), s, null);
		assertFalse(engine.isCanceled(), "a new run starts uncanceled");
		CorrelationMeasure m = CorrelationMeasure.PEARSON;
		assertSame(engine, engine.measure(m));
	}
}
