package io.github.ablationca.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ablationca.classifier.SizedTestModel;
import io.github.ablationca.image.ResizeMode;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The engine at the edges its checks draw: the smallest usable model input, batches that divide the calls exactly,
 * the wording of the samples refusal per sampling scheme, the memory bound at exactly 80%, and an ensemble whose
 * further member sees what the run's own members cannot.
 */
class EngineEdgesTest {

	private final OracleScene scene = new OracleScene();

	/** A model of {@code width x height} pixels that answers {@code P(planted) = 0.2 + 0.6 * (share of pixels not black)}. */
	private static final class NotBlack extends SizedTestModel {
		final List<Integer> batches = new ArrayList<>();

		NotBlack(int width, int height) {
			super(width, height, "other", "planted");
		}

		@Override
		public float[][] predict(float[] images, int count) {
			batches.add(count);
			int pixels = width * height;
			float[][] out = new float[count][];
			for (int b = 0; b < count; b++) {
				int shown = 0;
				for (int p = 0; p < pixels; p++) {
					int o = b * pixels * 3 + 3 * p;
					if (images[o] > 0.5f || images[o + 1] > 0.5f || images[o + 2] > 0.5f) shown++;
				}
				double probability = 0.2 + 0.6 * shown / pixels;
				out[b] = new float[] {(float) (1 - probability), (float) probability};
			}
			return out;
		}
	}

	/** A model input of one pixel per row or column is usable (the check refuses only sizes below 1). */
	@Test
	void aModelInputOnePixelWideOrHighIsUsable() {
		for (int[] size : new int[][] {{1, 5}, {5, 1}, {1, 1}}) {
			NotBlack model = new NotBlack(size[0], size[1]);
			ExplainSettings s = new ExplainSettings();
			s.samples = 0;
			s.target = "planted";
			s.scoreScale = ScoreScale.PROBABILITY;
			Explanation e = new AblationCaEngine(model).explain(scene.img(), scene.labelImage(), s, null);
			// the scene has no black pixel and the mean fill is not black: every image the model sees scores 0.8
			assertEquals(0.8, e.targetProbability(), 1e-6, size[0] + " x " + size[1]);
			assertEquals(1 + OracleScene.OBJECTS, e.modelCalls());
		}
	}

	/**
	 * 40 objects and 59 samples are 100 calls, 5 batches of 20; the further member's 20 samples one more batch.
	 * A loop that ran once more would call the model with 0 images.
	 */
	@Test
	void callsThatFillTheBatchesExactlyNeedNoEmptyBatch() {
		NotBlack model = new NotBlack(OracleScene.WIDTH, OracleScene.HEIGHT);
		ExplainSettings s = new ExplainSettings();
		s.samples = 59;
		s.batchSize = 20;
		s.target = "planted";
		s.heatmapScales = new double[] {0.5};
		s.fillPerScale = new FillMode[] {FillMode.MEAN};
		s.keepPerScale = new double[] {0.5};
		s.samplesPerScale = 20;
		Explanation e = new AblationCaEngine(model).explain(scene.img(), scene.labelImage(), s, null);
		assertEquals(120, e.modelCalls());
		assertEquals(List.of(20, 20, 20, 20, 20, 20), model.batches);
	}

	@Test
	void theSamplesRefusalNamesAntitheticPairsOnlyForAntitheticSampling() {
		NotBlack model = new NotBlack(OracleScene.WIDTH, OracleScene.HEIGHT);
		ExplainSettings s = new ExplainSettings();
		s.samples = 42;
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> new AblationCaEngine(model).explain(scene.img(), scene.labelImage(), s, null));
		assertEquals("samples (42) are too few for 40 objects: the correlation tests need more than 42. Raise samples " +
			"to at least 43, lower segments, or set samples to 0 to skip the correlation analysis.", e.getMessage());
		s.sampling = SamplingScheme.ANTITHETIC;
		s.samples = 84;
		e = assertThrows(IllegalArgumentException.class,
			() -> new AblationCaEngine(model).explain(scene.img(), scene.labelImage(), s, null));
		assertEquals("samples (84) are too few for 40 objects: the correlation tests need more than 42 antithetic " +
			"pairs. Raise samples to at least 86, lower segments, or set samples to 0 to skip the correlation " +
			"analysis.", e.getMessage());
		assertTrue(model.batches.isEmpty());
	}

	/** A run needing exactly 80% of the memory left still runs; one byte more does not. */
	@Test
	void theMemoryBoundIsEightyPercentInclusive() {
		assertFalse(AblationCaEngine.exceedsMemory(80, 100));
		assertTrue(AblationCaEngine.exceedsMemory(81, 100));
		assertFalse(AblationCaEngine.exceedsMemory(0, 0));
		assertTrue(AblationCaEngine.exceedsMemory(1, 0));
		// a heap that may grow to 100, holds 60 of which 10 are free: 50 in use, 50 left
		assertEquals(50, AblationCaEngine.memoryLeft(100, 60, 10));
	}

	/**
	 * A model that responds only to black pixels. The run's own members hide objects with the image's mean colour,
	 * which this model does not notice: their main effects and contributions are 0. The further SLIC member hides
	 * with black (the constant fill's default): on its masks the probability is {@code 0.2 + 0.6 v}, additive in the
	 * visible pixels, so every object of that member has density {@code 0.6 / n} per average object of the run
	 * (EnsembleOracleTest's argument). The ensemble weighs the members by their calls: {@code 0.6 / n * T / (S + n +
	 * T)} at every pixel, with S the run's samples and T the member's; without the further member it would be 0.
	 */
	@Test
	void anEnsembleMemberWithItsOwnFillAddsWhatTheRunsMembersCannotSee() {
		NotBlack model = new NotBlack(OracleScene.WIDTH, OracleScene.HEIGHT);
		ExplainSettings s = new ExplainSettings();
		s.samples = 60;
		s.target = "planted";
		s.scoreScale = ScoreScale.PROBABILITY;
		s.fill = FillMode.MEAN;
		s.heatmapScales = new double[] {0.5};
		s.fillPerScale = new FillMode[] {FillMode.CONSTANT};
		s.keepPerScale = new double[] {0.8}; // additive game: the keep probability does not change the effects
		s.samplesPerScale = 100;
		int n = OracleScene.OBJECTS;
		Explanation e = new AblationCaEngine(model).explain(scene.img(), scene.labelImage(), s, null);
		assertEquals(HeatmapValues.ENSEMBLE, e.heatmapValues());
		for (ObjectInfo o : e.objects()) {
			assertEquals(0, o.contribution(), 1e-12, "the mean fill is invisible to this model: " + o);
			assertEquals(0, o.mainEffect(), 1e-9, "the mean fill is invisible to this model: " + o);
		}
		double expected = 0.6 / n * 100 / (60 + n + 100);
		for (int p = 0; p < e.heatmap().length; p++)
			assertEquals(expected, e.heatmap()[p], 1e-5, "pixel " + p);
		assertEquals(List.of(), e.pairs(), "the run's own target does not move");
	}

	/** The default {@link CorrelationMeasure#measureEach}: one result per score vector, as {@code measure} gives it. */
	@Test
	void measureEachOfAMeasureMeasuresEveryScoreVector() {
		CorrelationMeasure meanScore = new CorrelationMeasure() {
			@Override
			public String name() {
				return "mean";
			}

			@Override
			public Result measure(SampleMatrix samples) {
				double sum = 0;
				for (double y : samples.scores())
					sum += y;
				return new Result(name(), samples.objects(), samples.size(), new double[] {sum / samples.size()},
					new double[1], new double[0], new double[0], new double[0], new double[0], new double[0], 0);
			}
		};
		SampleMatrix m = new SampleMatrix(1, 3);
		m.add(new boolean[] {true}, 1);
		m.add(new boolean[] {false}, 2);
		m.add(new boolean[] {true}, 6);
		List<CorrelationMeasure.Result> each = meanScore.measureEach(m, List.of(new double[] {1, 2, 3},
			new double[] {0, 0, 9}));
		assertEquals(2, each.size());
		assertEquals(2.0, each.get(0).mainEffects()[0]);
		assertEquals(3.0, each.get(1).mainEffects()[0]);
		assertEquals(3.0, meanScore.measure(m).mainEffects()[0], "the matrix's own scores are left alone");
	}

	/** 64 objects fill a mask's word exactly; the columns read no bit of the next sample's mask. */
	@Test
	void columnsOfSixtyFourObjectsAtFullCapacity() {
		SampleMatrix m = new SampleMatrix(64, 2);
		boolean[] all = new boolean[64], ends = new boolean[64];
		java.util.Arrays.fill(all, true);
		ends[0] = ends[63] = true;
		m.add(all, 1);
		m.add(ends, 2);
		long[][] columns = m.columns();
		assertEquals(64, columns.length);
		for (int i = 0; i < 64; i++)
			assertEquals(i == 0 || i == 63 ? 0b11L : 0b01L, columns[i][0], "object " + i);
	}
}
