package io.github.ablationca.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ablationca.classifier.Classifier;
import io.github.ablationca.image.ResizeMode;
import io.github.ablationca.metric.PairChecks;
import io.github.ablationca.run.ExplainRunner;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * {@link PairChecks}' model calls as the model sees them: the direct checks send at most the run's batch size per
 * call and never an empty call; the replication is a different run from the one it checks, even at seed 0; the
 * random contexts follow the seed (two seeds, two sets of contexts).
 */
class PairChecksStreamsTest {

	/** Records every predict call: its image count and a hash of each image. */
	private static final class Recorder implements Classifier {
		final Classifier model;
		final List<Integer> counts = new ArrayList<>();
		final List<Integer> images = new ArrayList<>();

		Recorder(Classifier model) {
			this.model = model;
		}

		@Override
		public int inputWidth() {
			return model.inputWidth();
		}

		@Override
		public int inputHeight() {
			return model.inputHeight();
		}

		@Override
		public List<String> labels() {
			return model.labels();
		}

		@Override
		public float[][] predict(float[] batch, int count) {
			counts.add(count);
			int size = imageSize();
			for (int n = 0; n < count; n++)
				images.add(Arrays.hashCode(Arrays.copyOfRange(batch, n * size, (n + 1) * size)));
			return model.predict(batch, count);
		}

		void clear() {
			counts.clear();
			images.clear();
		}
	}

	private static Recorder model(OracleScene scene) {
		return new Recorder(new OracleClassifier(scene, OracleScene.WIDTH, OracleScene.HEIGHT, ResizeMode.STRETCH,
			new int[] {0, 1, 2}, v -> 0.4 + 0.2 * v[0] * v[1] + 0.2 * v[0] * v[1] * v[2], true));
	}

	private static ExplainSettings settings(long seed) {
		ExplainSettings s = new ExplainSettings();
		s.samples = 64;
		s.scoreScale = ScoreScale.PROBABILITY;
		s.heatmap = HeatmapValues.MAIN_EFFECT;
		s.target = "planted";
		s.batchSize = 16;
		s.seed = seed;
		return s;
	}

	@Test
	void directChecksGoInBatchesOfAtMostTheBatchSizeAndNeverEmpty() {
		OracleScene scene = new OracleScene();
		Recorder model = model(scene);
		ExplainSettings s = settings(3);
		Explanation run = new ExplainRunner(model, s, EngineLogger.NONE).explain(scene.rgb(), scene.labelImage(), null);
		model.clear();
		// 8 contexts of 4 images, 16 images a call: exactly two full calls after the replication's
		new PairChecks(1, 8).check(model, scene.rgb(), run, s);
		List<Integer> direct = model.counts.subList(model.counts.size() - 2, model.counts.size());
		assertEquals(List.of(16, 16), direct, "calls " + model.counts);
		for (int c : model.counts)
			assertTrue(c >= 1 && c <= 16, "calls " + model.counts);
		assertEquals(1 + OracleScene.OBJECTS + 64 + 32, model.images.size());
	}

	@Test
	void theReplicationIsAnotherRunEvenAtSeedZero() {
		OracleScene scene = new OracleScene();
		Recorder model = model(scene);
		ExplainSettings s = settings(0);
		Explanation run = new ExplainRunner(model, s, EngineLogger.NONE).explain(scene.rgb(), scene.labelImage(), null);
		List<Integer> first = List.copyOf(model.images);
		model.clear();
		new PairChecks(0, 1).check(model, scene.rgb(), run, s);
		assertEquals(first.size(), model.images.size(), "the same budget");
		assertNotEquals(first, model.images, "the replication samples other masks");
	}

	@Test
	void twoSeedsDrawTwoSetsOfContexts() {
		OracleScene scene = new OracleScene();
		Recorder model = model(scene);
		ExplainSettings s = settings(0);
		Explanation run = new ExplainRunner(model, s, EngineLogger.NONE).explain(scene.rgb(), scene.labelImage(), null);
		List<List<Integer>> contexts = new ArrayList<>();
		for (long seed : new long[] {0, 16}) {
			model.clear();
			new PairChecks(1, 12).check(model, scene.rgb(), run, settings(seed));
			contexts.add(List.copyOf(model.images.subList(model.images.size() - 48, model.images.size())));
		}
		assertNotEquals(contexts.get(0), contexts.get(1));
	}
}
