package io.github.ablationca.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ablationca.classifier.Classifier;
import io.github.ablationca.engine.ExplainSettings;
import io.github.ablationca.engine.HeatmapEnsemble;
import io.github.ablationca.engine.HeatmapValues;
import io.github.ablationca.engine.ScoreScale;
import io.github.ablationca.image.RgbImage;
import io.github.ablationca.segment.LabelImage;
import io.github.ablationca.segment.Slic;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** Ablation-CA behind the explainer interface: the given superpixels, both maps, one shared engine run. */
class AblationCaMethodTest {

	private static ExplainSettings settings() {
		ExplainSettings s = new ExplainSettings();
		s.samples = 64;
		s.scoreScale = ScoreScale.PROBABILITY; // the oracle is linear in probability: exact contributions
		return s;
	}

	/** Counts the images the oracle classifies. */
	private static Classifier counting(AdditiveOracle o, AtomicLong images) {
		return new Classifier() {
			public int inputWidth() {
				return o.inputWidth();
			}

			public int inputHeight() {
				return o.inputHeight();
			}

			public List<String> labels() {
				return o.labels();
			}

			public float[][] predict(float[] batch, int count) {
				images.addAndGet(count);
				return o.predict(batch, count);
			}
		};
	}

	@Test
	void bothMapsGiveThePlantedWeightsOnTheGivenSuperpixelsFromOneRun() {
		RgbImage scene = AdditiveOracle.standard(0).scene(2);
		// the engine's default fill is the image mean: the oracle measures visibility against it
		AdditiveOracle o = AdditiveOracle.standard(Fill.meanColor(scene)[0]);
		LabelImage regions = o.regionLabels(2); // four squares and the background: 5 objects
		AtomicLong images = new AtomicLong();
		Classifier c = counting(o, images);
		AblationCaMethod.SharedRun run = new AblationCaMethod.SharedRun();
		AblationCaMethod contribution = AblationCaMethod.sharing(settings(),
			HeatmapValues.CONTRIBUTION, run);
		AblationCaMethod banzhaf = AblationCaMethod.sharing(settings(), HeatmapValues.MAIN_EFFECT,
			run);
		AttributionRequest r = AttributionRequest.of(scene, c, 0).withSegments(regions).withSeed(4);
		Attribution h = contribution.explain(r);
		Attribution m = banzhaf.explain(r);
		assertEquals("ablation-ca-contribution", h.method());
		assertEquals("ablation-ca-main-effect", m.method());
		// 1 unablated + 5 single ablations + 64 Monte Carlo samples, once for both maps
		assertEquals(1 + 5 + 64, h.modelCalls());
		assertEquals(h.modelCalls(), m.modelCalls());
		assertEquals(1 + 5 + 64, images.get());
		for (int k = 0; k < 4; k++) {
			// the given superpixels: one value over each whole square
			assertEquals(o.regionMean(h, k, 2), h.get(o.regions[k][0] * 2, o.regions[k][1] * 2), 1e-6);
			// an additive score: removing a region alone, and its mean effect over contexts, both equal its weight
			assertEquals(o.weights[k], o.regionMean(h, k, 2), 1e-4, "contribution of region " + k);
			assertEquals(o.weights[k], o.regionMean(m, k, 2), 1e-4, "main effect of region " + k);
		}
		// another seed is another run
		banzhaf.explain(r.withSeed(5));
		assertEquals(2 * (1 + 5 + 64), images.get());
	}

	/**
	 * The ensemble map is a density whose mass is the score's total effect: each segmentation's main effects of an
	 * additive score add up to the sum of the planted weights, whatever its objects, so the map summed over the
	 * pixels (in units of the average object) gives that sum; and its largest values lie on the heaviest region.
	 */
	@Test
	void theEnsembleMapConservesTheTotalEffectAndRanksTheRegions() {
		RgbImage scene = AdditiveOracle.standard(0).scene(2);
		AdditiveOracle o = AdditiveOracle.standard(Fill.meanColor(scene)[0]);
		AtomicLong images = new AtomicLong();
		ExplainSettings s = settings();
		s.fillPerScale = new io.github.ablationca.engine.FillMode[] {io.github.ablationca.engine.FillMode.MEAN}; // the oracle sees visibility against the mean
		s.samplesPerScale = 40;
		LabelImage regions = o.regionLabels(2);
		Attribution e = AblationCaMethod.sharing(s, HeatmapValues.ENSEMBLE, new AblationCaMethod.SharedRun())
			.explain(AttributionRequest.of(scene, counting(o, images), 0).withSegments(regions).withSeed(3));
		assertEquals("ablation-ca", e.method());
		// 1 + 5 objects + 64 samples, then two further segmentations of round(5 x 0.75) and round(5 x 1.5) objects
		assertEquals(1 + 5 + 64 + 2 * 40, e.modelCalls());
		assertEquals(e.modelCalls(), images.get());
		double unit = (double) e.values().length / 5, mass = 0;
		for (float v : e.values())
			mass += v / unit;
		assertEquals(0.35 + 0.2 + 0.1, mass, 1e-3, "sum of the planted weights");
		double[] mean = new double[4];
		for (int k = 0; k < 4; k++)
			mean[k] = o.regionMean(e, k, 2);
		assertTrue(mean[0] > mean[1] && mean[1] > mean[2] && mean[2] > mean[3], java.util.Arrays.toString(mean));
	}

	@Test
	void withoutSuperpixelsTheEngineSegmentsAndTheMainEffectNeedsSamples() {
		AdditiveOracle o = AdditiveOracle.standard(0);
		ExplainSettings s = settings();
		s.segments = 9;
		AtomicLong images = new AtomicLong();
		Attribution h = new AblationCaMethod(s).explain(AttributionRequest.of(o.scene(), counting(o, images), 0));
		assertEquals(48, h.width());
		// the engine's own segmentation is SLIC with the run's settings on the image (deterministic): its count
		int objects = new Slic(s.segments, s.compactness, s.slicIterations, s.smoothingSigma).segment(
			net.imglib2.img.array.ArrayImgs.argbs(o.scene().toArgb(), o.scene().width(), o.scene().height())).count();
		// unablated + one per object + samples + the ensemble heatmap's further segmentations
		assertEquals(s.modelCalls(objects), h.modelCalls());
		assertEquals(1 + objects + 64 + HeatmapEnsemble.extraCalls(s), h.modelCalls());
		assertEquals(h.modelCalls(), images.get());
		s.samples = 0;
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new AblationCaMethod(s,
			HeatmapValues.MAIN_EFFECT).explain(AttributionRequest.of(o.scene(), o, 0)));
		assertTrue(e.getMessage().contains("samples"), e.getMessage());
	}

	/**
	 * The maps parsed from one list share one engine run per request, and each can hand back that run; a method made
	 * on its own keeps no run.
	 */
	@Test
	void mapsParsedTogetherShareOneRunAndHandItBack() {
		RgbImage scene = AdditiveOracle.standard(0).scene(2);
		AdditiveOracle o = AdditiveOracle.standard(Fill.meanColor(scene)[0]);
		AtomicLong images = new AtomicLong();
		AttributionMethods.Options options = new AttributionMethods.Options();
		options.ablation = settings();
		List<AttributionMethod> maps = AttributionMethods.parse("ablation-ca-contribution,ablation-ca-main-effect",
			null, options);
		AttributionRequest r = AttributionRequest.of(scene, counting(o, images), 0).withSegments(o.regionLabels(2));
		Attribution contribution = maps.get(0).explain(r);
		Attribution main = maps.get(1).explain(r);
		assertEquals(1 + 5 + 64, images.get(), "one run for both maps");
		assertEquals(contribution.modelCalls(), main.modelCalls());
		AblationCaMethod first = (AblationCaMethod) maps.get(0), second = (AblationCaMethod) maps.get(1);
		assertEquals(HeatmapValues.CONTRIBUTION, first.map());
		assertEquals(HeatmapValues.MAIN_EFFECT, second.map());
		assertEquals(1 + 5 + 64, first.explanation(r).modelCalls());
		assertTrue(first.explanation(r) == second.explanation(r), "the same run");
		assertEquals(null, first.explanation(r.withSeed(99)), "no run for another request");
		AblationCaMethod alone = new AblationCaMethod(settings(), HeatmapValues.CONTRIBUTION);
		alone.explain(r);
		assertEquals(null, alone.explanation(r), "a method on its own shares no run");
	}
}
