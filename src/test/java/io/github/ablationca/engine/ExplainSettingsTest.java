package io.github.ablationca.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import io.github.ablationca.image.ResizeMode;

/** Every setting's valid range at its edges, the copy, and the call count of a run. */
class ExplainSettingsTest {

	private static void accepted(Consumer<ExplainSettings> change) {
		ExplainSettings s = new ExplainSettings();
		change.accept(s);
		assertDoesNotThrow(s::validate);
	}

	private static void refused(Consumer<ExplainSettings> change, String fragment) {
		ExplainSettings s = new ExplainSettings();
		change.accept(s);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, s::validate);
		assertTrue(e.getMessage().contains(fragment), "'" + e.getMessage() + "' should mention " + fragment);
	}

	@Test
	void eachSettingIsCheckedAtTheEdgesOfItsRange() {
		accepted(s -> {});
		accepted(s -> s.segments = 2);
		refused(s -> s.segments = 1, "segments must be at least 2");
		accepted(s -> s.segments = 10000);
		refused(s -> s.segments = 10001, "segments must be at most 10000");
		accepted(s -> s.compactness = 1e-9);
		refused(s -> s.compactness = 0, "compactness");
		accepted(s -> s.slicIterations = 1);
		refused(s -> s.slicIterations = 0, "SLIC iterations");
		accepted(s -> s.smoothingSigma = 0);
		refused(s -> s.smoothingSigma = -1e-9, "smoothing sigma");
		accepted(s -> {
			s.samples = 0;
			s.heatmap = HeatmapValues.CONTRIBUTION;
		});
		refused(s -> s.samples = -1, "samples must be 0 or more");
		refused(s -> {
			s.samples = 0;
			s.heatmap = HeatmapValues.MAIN_EFFECT;
		}, "main-effect heatmap needs Monte Carlo samples");
		accepted(s -> s.keepProbability = 1e-9);
		refused(s -> s.keepProbability = 0, "keep probability");
		accepted(s -> s.keepProbability = 1 - 1e-9);
		refused(s -> s.keepProbability = 1, "keep probability");
		accepted(s -> s.batchSize = 1);
		refused(s -> s.batchSize = 0, "batch size");
		accepted(s -> s.falseDiscoveryRate = 1e-9);
		refused(s -> s.falseDiscoveryRate = 0, "false discovery rate");
		refused(s -> s.falseDiscoveryRate = 1, "false discovery rate");
		accepted(s -> s.falseDiscoveryRate = 1 - 1e-9);
		refused(s -> s.fill = null, "fill mode");
		refused(s -> s.constantColor = null, "constant colour");
		refused(s -> s.constantColor = new float[2], "constant colour");
		refused(s -> s.constantColor = new float[] {0, Float.NaN, 0}, "finite");
		accepted(s -> s.blurSigmaFraction = 1e-9);
		refused(s -> s.blurSigmaFraction = 0, "blur sigma");
		accepted(s -> s.topPredictions = 1);
		refused(s -> s.topPredictions = 0, "top predictions");
		refused(s -> s.scoreScale = null, "score scale");
		refused(s -> s.heatmap = null, "heatmap values");
		refused(s -> s.heatmapScales = null, "heatmap scales must be set");
		accepted(s -> {
			s.heatmapScales = new double[] {20, 1e-9};
			s.fillPerScale = new FillMode[] {FillMode.NOISE};
		});
		refused(s -> s.heatmapScales = new double[] {0.5, 20.001}, "(0, 20]");
		refused(s -> s.heatmapScales = new double[] {0}, "(0, 20]");
		accepted(s -> s.samplesPerScale = 1);
		refused(s -> s.samplesPerScale = 0, "heatmap samples");
		refused(s -> s.fillPerScale = null, "fill per scale");
		refused(s -> s.fillPerScale = new FillMode[0], "fill per scale");
		refused(s -> s.fillPerScale = new FillMode[] {FillMode.MEAN, FillMode.BLUR, FillMode.NOISE}, "one per scale (2)");
		refused(s -> s.fillPerScale = new FillMode[] {FillMode.MEAN, null}, "each fill must be");
		accepted(s -> s.heatmapScales = new double[0]); // the per-scale lists are then unused, whatever their length
		accepted(s -> {
			s.heatmapScales = new double[0];
			s.fillPerScale = new FillMode[] {FillMode.MEAN};
		});
		refused(s -> s.keepPerScale = null, "keep per scale");
		accepted(s -> s.keepPerScale = new double[0]);
		accepted(s -> s.keepPerScale = new double[] {1e-9});
		accepted(s -> s.keepPerScale = new double[] {0.5, 1 - 1e-9});
		refused(s -> s.keepPerScale = new double[] {0.5, 1}, "strictly between 0 and 1 (got 1.0)");
		refused(s -> s.keepPerScale = new double[] {0, 0.5}, "strictly between 0 and 1 (got 0.0)");
		refused(s -> s.keepPerScale = new double[] {0.5, 0.5, 0.5}, "one per scale (2)");
		accepted(s -> s.heatmapSmoothing = 0);
		accepted(s -> s.heatmapSmoothing = 5);
		refused(s -> s.heatmapSmoothing = -0.01, "heatmap smoothing must lie in [0, 5] mean object sides (got -0.01)");
		refused(s -> s.heatmapSmoothing = 5.01, "(got 5.01); try 0.05");
		refused(s -> s.heatmapSmoothing = Double.NaN, "heatmap smoothing");
		refused(s -> {
			s.heatmapScales = new double[] {2};
			s.fillPerScale = new FillMode[] {FillMode.MEAN};
		}, "keep per scale needs one keep probability for all scales or one per scale (1)");
		refused(s -> s.resize = null, "resize mode");
		refused(s -> s.sampling = null, "sampling scheme");
	}

	/** Every public field is copied (arrays deeply): a field added later and forgotten in copy() fails here. */
	@Test
	void copyCopiesEveryField() throws Exception {
		ExplainSettings s = new ExplainSettings();
		s.segments = 77;
		s.compactness = 3.5;
		s.slicIterations = 4;
		s.smoothingSigma = 0.25;
		s.fill = FillMode.NOISE;
		s.constantColor = new float[] {1, 2, 3};
		s.blurSigmaFraction = 0.2;
		s.samples = 321;
		s.keepProbability = 0.3;
		s.sampling = SamplingScheme.ANTITHETIC;
		s.seed = 99;
		s.target = "cat";
		s.scoreScale = ScoreScale.PROBABILITY;
		s.heatmap = HeatmapValues.CONTRIBUTION;
		s.heatmapScales = new double[] {2};
		s.samplesPerScale = 7;
		s.fillPerScale = new FillMode[] {FillMode.BLUR};
		s.keepPerScale = new double[] {0.6};
		s.heatmapSmoothing = 0.7;
		s.batchSize = 5;
		s.resize = ResizeMode.CENTER_CROP;
		s.falseDiscoveryRate = 0.1;
		s.topPredictions = 9;
		ExplainSettings defaults = new ExplainSettings(), c = s.copy();
		for (Field f : ExplainSettings.class.getFields()) {
			if (Modifier.isStatic(f.getModifiers())) continue;
			Object original = f.get(s), copied = f.get(c);
			if (original.getClass().isArray()) {
				assertNotSame(original, copied, f.getName() + " is copied, not shared");
				assertArrayEquals(new Object[] {original}, new Object[] {copied}, f.getName());
			}
			else assertEquals(original, copied, f.getName());
			assertTrue(!String.valueOf(f.get(defaults)).equals(String.valueOf(original)) || original.getClass()
				.isArray(), f.getName() + " was set to a value other than its default, so the copy is seen");
		}
	}

	@Test
	void modelCallsOfARun() {
		ExplainSettings s = new ExplainSettings();
		// 1 unablated + 40 single ablations + 500 samples + 2 scales x 125 for the ensemble heatmap
		assertEquals(1 + 40 + 500 + 250, s.modelCalls(40));
		assertEquals(250, s.heatmapCalls());
		s.heatmapScales = new double[] {0.5, 1, 2};
		s.fillPerScale = new FillMode[] {FillMode.MEAN};
		s.samplesPerScale = 10;
		assertEquals(1 + 12 + 500 + 30, s.modelCalls(12));
		s.heatmap = HeatmapValues.MAIN_EFFECT;
		assertEquals(1 + 12 + 500, s.modelCalls(12));
		assertEquals(0, s.heatmapCalls());
		s.heatmap = HeatmapValues.ENSEMBLE;
		s.samples = 0;
		assertEquals(1 + 12, s.modelCalls(12), "no samples: no ensemble either");
		assertEquals(0, s.heatmapCalls());
	}
}
