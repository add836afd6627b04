package io.github.ablationca.attribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ablationca.engine.CanceledException;
import io.github.ablationca.image.RgbImage;
import io.github.ablationca.segment.LabelImage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Every baseline on the additive oracle: the planted regions (weights 0.35, 0.2, 0.1, 0) must come out in planted
 * order, and the ignored region near zero.
 */
class AttributionOracleTest {

	private static double[] regionMeans(AdditiveOracle o, Attribution h, int factor) {
		double[] m = new double[o.regions.length];
		for (int r = 0; r < m.length; r++)
			m[r] = o.regionMean(h, r, factor);
		return m;
	}

	/** Planted order, and the weight-0 region below {@code zeroFraction} of the top region. */
	private static void assertPlantedOrder(double[] m, double zeroFraction, String what) {
		String msg = what + " region means " + Arrays.toString(m);
		assertTrue(m[0] > m[1] && m[1] > m[2] && m[2] > m[3], msg);
		assertTrue(Math.abs(m[3]) < zeroFraction * m[0], msg);
	}

	@Test
	void occlusionRanksPlantedRegions() {
		RgbImage scene = AdditiveOracle.standard(0).scene();
		AdditiveOracle o = AdditiveOracle.standard(Fill.meanColor(scene)[0]);
		Attribution h = new Occlusion().explain(AttributionRequest.of(scene, o, 0));
		assertPlantedOrder(regionMeans(o, h, 1), 0.01, "occlusion");
		// window 6, stride 3 on 48 pixels: 15 positions per axis, plus the unperturbed image
		assertEquals(1 + 15 * 15, h.modelCalls());
	}

	@Test
	void occlusionWindowInsideARegionDropsByItsShare() {
		// window 10 at stride 10 starting at 0 and a region at (10, 10): the window (10..19)^2 covers it exactly
		AdditiveOracle o = new AdditiveOracle(40, 40, 10, new int[][] {{10, 10}}, new double[] {0.5}, 0.2, 0);
		Attribution h = new Occlusion(10, 10, Fill.black()).explain(AttributionRequest.of(o.scene(), o, 0));
		assertEquals(0.5, h.get(15, 15), 1e-5);
		assertEquals(0.0, h.get(5, 5), 1e-6);
	}

	/**
	 * RISE's estimate is noisy: S(p) = E[f m_p] / p carries the variance of f from every region. For the oracle the
	 * expected gap between neighbouring regions is about 0.12 x their weight gap (0.012 here), and the standard
	 * deviation of a gap scales as 1 / sqrt(N): about 0.005 at the default N = 4000 (a coin toss for the ranking)
	 * and 0.0025 at N = 16000, so 16000 masks put the ranking about 5 standard deviations clear.
	 */
	static final int RISE_MASKS_FOR_RANKING = 16000;

	@Test
	void riseRanksPlantedRegions() {
		RgbImage scene = AdditiveOracle.standard(0).scene();
		AdditiveOracle o = AdditiveOracle.standard(Fill.meanColor(scene)[0]);
		Attribution h = new Rise(RISE_MASKS_FOR_RANKING).explain(AttributionRequest.of(scene, o, 0).withSeed(5));
		double[] m = regionMeans(o, h, 1);
		// RISE saliency is E[f | pixel kept], base included, so the regions are compared with each other
		assertTrue(m[0] > m[1] && m[1] > m[2] && m[2] > m[3], Arrays.toString(m));
		assertEquals(RISE_MASKS_FOR_RANKING, h.modelCalls());
	}

	@Test
	void riseSaliencyIsTheScoreWeightedMaskMean() {
		// a classifier that ignores the image: every mask gets score c, so S = c * mean(m) / p, about c everywhere
		AdditiveOracle o = new AdditiveOracle(21, 21, 3, new int[][] {{0, 0}}, new double[] {0}, 0.3, 0);
		Attribution h = new Rise(3000, 7, 0.5, Fill.black()).explain(AttributionRequest.of(o.scene(), o, 0));
		double mean = 0;
		for (float v : h.values())
			mean += v / h.values().length;
		// mean(m) estimates p = 0.5 with standard error about 0.5 / sqrt(3000 * 49 / 4) ~ 0.002
		assertEquals(0.3, mean, 0.01);
	}

	@Test
	void limeRecoversThePlantedWeights() {
		AdditiveOracle o = AdditiveOracle.standard(0);
		Attribution h = new Lime(1000, 0.5, 0.25, 1, Fill.black())
			.explain(AttributionRequest.of(o.scene(), o, 0).withSegments(o.regionLabels(1)).withSeed(3));
		double[] m = regionMeans(o, h, 1);
		assertPlantedOrder(m, 0.05, "lime");
		// the oracle is linear in the masks: weighted least squares is exact, ridge (alpha 1) shrinks by ~1%
		for (int r = 0; r < 4; r++)
			assertEquals(o.weights[r], m[r], 0.02, "LIME coefficient of region " + r);
		assertEquals(1000, h.modelCalls());
	}

	@Test
	void limeDefaultFillUsesSuperpixelMeans() {
		// each region's superpixel also holds a 3-pixel strip of background beside it, so lime's default fill (the
		// superpixel's mean colour) is a red between background and region, the same for all four regions
		AdditiveOracle o = AdditiveOracle.standard(0);
		RgbImage scene = o.scene();
		int[] lab = o.regionLabels(1).labels().clone();
		for (int y = 0; y < 48; y++)
			for (int x = 0; x < 48; x++)
				if (o.regionOf(x, y, -1) < 0) {
					int near = o.regionOf(x < 24 ? x - 3 : x + 3, y, -1);
					lab[y * 48 + x] = near >= 0 ? near : 4;
				}
		LabelImage sp = new LabelImage(48, 48, lab, 5);
		RgbImage hidden = Fill.segmentMean().apply(scene, sp);
		float hiddenRed = hidden.get(8, 8, 0);
		assertEquals((100 * AdditiveOracle.RED + 30 * AdditiveOracle.BACKGROUND) / 130, hiddenRed, 1e-3);
		for (int[] r : o.regions)
			assertEquals(hiddenRed, hidden.get(r[0] + 5, r[1] + 5, 0), 1e-3);
		// the oracle measures visibility against that hidden red
		AdditiveOracle probe = new AdditiveOracle(48, 48, 10, o.regions, o.weights, o.base, hiddenRed);
		Attribution h = new Lime().explain(AttributionRequest.of(scene, probe, 0).withSegments(sp));
		double[] m = regionMeans(probe, h, 1);
		assertPlantedOrder(m, 0.05, "lime (segment-mean fill)");
		for (int r = 0; r < 4; r++)
			assertEquals(o.weights[r], m[r], 0.02, "LIME coefficient of region " + r);
	}

	@Test
	void saliencyRanksPlantedRegions() {
		AdditiveOracle o = AdditiveOracle.standard(0);
		Attribution h = new GradientSaliency(o).explain(AttributionRequest.of(o.scene(), o, 0));
		double[] m = regionMeans(o, h, 1);
		assertPlantedOrder(m, 1e-9, "saliency");
		// max_c |d p / d red| = w / (area * 200)
		assertEquals(0.35 / 100 / 200, m[0], 1e-9);
		assertEquals(1, h.modelCalls());
	}

	@Test
	void integratedGradientsRankAndAreComplete() {
		AdditiveOracle o = AdditiveOracle.standard(0);
		RgbImage scene = o.scene();
		Attribution h = new IntegratedGradients(o).explain(AttributionRequest.of(scene, o, 0).withBatchSize(8));
		assertPlantedOrder(regionMeans(o, h, 1), 1e-9, "integrated gradients");
		// completeness: the attributions add up to f(x) - f(black)
		double sum = 0;
		for (float v : h.values())
			sum += v;
		double fx = o.score(scene.data(), 0), f0 = o.score(new float[scene.data().length], 0);
		assertEquals(fx - f0, sum, 1e-4);
		assertEquals(IntegratedGradients.DEFAULT_STEPS + 1, h.modelCalls());
	}

	@Test
	void heatmapsComeBackAtInputResolution() {
		// the model sees 48 x 48; the image is the same scene at 96 x 96
		RgbImage small = AdditiveOracle.standard(0).scene();
		AdditiveOracle o = AdditiveOracle.standard(Fill.meanColor(small)[0]);
		RgbImage big = o.scene(2);
		AttributionRequest r = AttributionRequest.of(big, o, 0).withSegments(o.regionLabels(2));
		for (AttributionMethod e : List.of(new Occlusion(), new Rise(RISE_MASKS_FOR_RANKING),
			new Lime(500, 0.5, 0.25, 1, Fill.imageMean())))
		{
			Attribution h = e.explain(r);
			assertEquals(96, h.width());
			assertEquals(96, h.height());
			double[] m = regionMeans(o, h, 2);
			assertTrue(m[0] > m[1] && m[1] > m[2] && m[2] > m[3], e.name() + " " + Arrays.toString(m));
		}
	}

	@Test
	void sameSeedSameResultForAnyBatchSize() {
		RgbImage scene = AdditiveOracle.standard(0).scene();
		AdditiveOracle o = AdditiveOracle.standard(Fill.meanColor(scene)[0]);
		AttributionRequest r = AttributionRequest.of(scene, o, 0).withSegments(o.regionLabels(1)).withSeed(11);
		for (AttributionMethod e : List.of(new Occlusion(), new Rise(300), new Lime(200, 0.5, 0.25, 1, Fill.black()))) {
			float[] a = e.explain(r.withBatchSize(1)).values();
			float[] b = e.explain(r.withBatchSize(7)).values();
			float[] c = e.explain(r.withBatchSize(64)).values();
			assertArrayEquals(a, b, e.name());
			assertArrayEquals(a, c, e.name());
		}
		float[] s1 = new Rise(300).explain(r).values(), s2 = new Rise(300).explain(r.withSeed(12)).values();
		assertFalse(Arrays.equals(s1, s2), "another seed must draw other masks");
	}

	@Test
	void theImageIsNeverModified() {
		AdditiveOracle o = AdditiveOracle.standard(0);
		RgbImage scene = o.scene();
		float[] before = scene.data().clone();
		AttributionRequest r = AttributionRequest.of(scene, o, 0).withSegments(o.regionLabels(1));
		for (AttributionMethod e : List.of(new Occlusion(), new Rise(50), new Lime(50, 0.5, 0.25, 1, Fill.black()),
			new GradientSaliency(o), new IntegratedGradients(o)))
			e.explain(r);
		assertArrayEquals(before, scene.data());
	}

	@Test
	void progressRisesToOneAndCancelStops() {
		AdditiveOracle o = AdditiveOracle.standard(0);
		AttributionRequest base = AttributionRequest.of(o.scene(), o, 0).withSegments(o.regionLabels(1)).withBatchSize(16);
		for (AttributionMethod e : List.of(new Occlusion(), new Rise(100), new Lime(100, 0.5, 0.25, 1, Fill.black()),
			new IntegratedGradients(o)))
		{
			List<Double> seen = new ArrayList<>();
			e.explain(base.withProgress((f, m) -> seen.add(f)));
			for (int i = 1; i < seen.size(); i++)
				assertTrue(seen.get(i) >= seen.get(i - 1), e.name() + " progress went back: " + seen);
			assertEquals(1.0, seen.get(seen.size() - 1), 1e-12, e.name());
			int[] batches = {0};
			assertThrows(CanceledException.class, () -> e.explain(base.withProgress((f, m) -> batches[0]++)
				.withCancel(() -> batches[0] >= 2)), e.name());
			assertTrue(batches[0] <= 2, e.name() + " ran " + batches[0] + " batches after cancel");
		}
	}

	@Test
	void badInputIsRefusedWithAClearMessage() {
		AdditiveOracle o = AdditiveOracle.standard(0);
		RgbImage scene = o.scene();
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> new Lime().explain(AttributionRequest.of(scene, o, 0)));
		assertTrue(e.getMessage().contains("withSegments"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> new Rise(10).explain(AttributionRequest.of(scene, o, 2)));
		assertTrue(e.getMessage().contains("Target class index 2"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class,
			() -> new Occlusion().explain(AttributionRequest.of(scene, o, 0).withBatchSize(0)));
		assertTrue(e.getMessage().contains("Batch size"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class,
			() -> new Lime().explain(AttributionRequest.of(scene, o, 0).withSegments(o.regionLabels(2))));
		assertTrue(e.getMessage().contains("segment this image"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> new Rise(0));
		assertThrows(IllegalArgumentException.class, () -> new Rise(10, 7, 1.0, Fill.black()));
		assertThrows(IllegalArgumentException.class, () -> new Occlusion(8, 4, Fill.segmentMean()));
		AdditiveOracle other = new AdditiveOracle(32, 32, 4, new int[][] {{0, 0}}, new double[] {0.5}, 0.1, 0);
		e = assertThrows(IllegalArgumentException.class,
			() -> new GradientSaliency(other).explain(AttributionRequest.of(scene, o, 0)));
		assertTrue(e.getMessage().contains("same model folder"), e.getMessage());
	}
}
