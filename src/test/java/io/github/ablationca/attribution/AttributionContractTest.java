package io.github.ablationca.attribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ablationca.engine.ExplainSettings;
import io.github.ablationca.engine.HeatmapValues;
import io.github.ablationca.image.ResizeMode;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * What every attribution method promises: the request is checked first, {@code seconds} is the wall-clock time of
 * the call, and the model space maps heatmaps exactly (bilinear interpolation reproduces {@code a + bx + cy + dxy};
 * a box filter averages whole footprints; a centre crop keeps the middle).
 */
class AttributionContractTest {

	private static List<AttributionMethod> methods(AdditiveOracle o) {
		ExplainSettings s = new ExplainSettings();
		s.samples = 16;
		return List.of(new Occlusion(), new Rise(20), new Lime(20, 0.5, 0.25, 1, Fill.black()),
			new GradientSaliency(o), new IntegratedGradients(o, Fill.black(), 3, null), new AblationCaMethod(s));
	}

	@Test
	void everyMethodChecksTheRequestFirst() {
		AdditiveOracle o = AdditiveOracle.standard(0);
		for (AttributionMethod m : methods(o)) {
			// a target the model does not have fails in the request's check, with its message, not deep inside
			IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.explain(AttributionRequest
				.of(o.scene(), o, 2).withSegments(o.regionLabels(1))), m.name());
			assertEquals("Target class index 2 is outside the model's 0..1; pass an output index of this model.", e
				.getMessage(), m.name());
		}
	}

	@Test
	void secondsIsTheWallClockTimeOfTheCall() {
		AdditiveOracle o = AdditiveOracle.standard(0);
		AttributionRequest r = AttributionRequest.of(o.scene(), o, 0).withSegments(o.regionLabels(1));
		for (AttributionMethod m : methods(o)) {
			long t0 = System.nanoTime();
			Attribution a = m.explain(r);
			double elapsed = (System.nanoTime() - t0) * 1e-9;
			assertTrue(a.seconds() > 0 && a.seconds() <= elapsed, m.name() + ": " + a.seconds() + " s of " + elapsed);
		}
		// a method sharing an engine run reports the run's time, not zero
		AblationCaMethod.SharedRun run = new AblationCaMethod.SharedRun();
		ExplainSettings s = new ExplainSettings();
		s.samples = 16;
		Attribution first = AblationCaMethod.sharing(s, HeatmapValues.CONTRIBUTION, run).explain(r);
		Attribution second = AblationCaMethod.sharing(s, HeatmapValues.MAIN_EFFECT, run).explain(r);
		assertTrue(first.seconds() > 0);
		assertEquals(first.seconds(), second.seconds());
	}

	@Test
	void saliencyReportsItsOneGradientAndDefaultsToTheLargestMagnitude() {
		AdditiveOracle o = AdditiveOracle.standard(0);
		AttributionRequest r = AttributionRequest.of(o.scene(), o, 0);
		List<Double> progress = new ArrayList<>();
		Attribution byDefault = new GradientSaliency(o, null).explain(r.withProgress((f, m) -> progress.add(f)));
		assertEquals(List.of(1.0), progress);
		assertArrayEquals(new GradientSaliency(o, ChannelReduction.MAX_ABS).explain(r).values(), byDefault.values());
		assertArrayEquals(new IntegratedGradients(o, Fill.black(), 3, ChannelReduction.SUM).explain(r).values(),
			new IntegratedGradients(o, Fill.black(), 3, null).explain(r).values());
		new IntegratedGradients(o, Fill.black(), 1, null); // one step is enough
		assertThrows(IllegalArgumentException.class, () -> new IntegratedGradients(o, Fill.black(), 0, null));
	}

	/** {@code f(x, y) = 1 + 2x + 3y + 0.5xy} at input pixel (x, y). */
	private static float[] bilinearFunction(int w, int h) {
		float[] map = new float[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				map[y * w + x] = (float) (1 + 2 * x + 3 * y + 0.5 * x * y);
		return map;
	}

	@Test
	void upsamplingToTheModelIsBilinearAtEachModelPixelsCentre() {
		// 4 x 3 image, 8 x 9 model: model pixel m's centre is at input (m + 0.5) * 4 / 8 - 0.5, clamped to the image
		ModelSpace s = ModelSpace.of(4, 3, 8, 9, ResizeMode.STRETCH);
		float[] model = s.toModel(bilinearFunction(4, 3));
		for (int my = 0; my < 9; my++)
			for (int mx = 0; mx < 8; mx++) {
				double x = Math.min(3, Math.max(0, (mx + 0.5) * 4 / 8 - 0.5));
				double y = Math.min(2, Math.max(0, (my + 0.5) * 3 / 9 - 0.5));
				assertEquals(1 + 2 * x + 3 * y + 0.5 * x * y, model[my * 8 + mx], 1e-5, mx + "," + my);
			}
	}

	@Test
	void downsamplingOneAxisAveragesWholeFootprints() {
		// 4 x 9 image, 4 x 3 model: the width is kept, each model row is the mean of three input rows; for y^2 this
		// is not the value at the footprint's centre
		float[] map = new float[4 * 9];
		for (int y = 0; y < 9; y++)
			for (int x = 0; x < 4; x++)
				map[y * 4 + x] = y * y + x;
		float[] model = ModelSpace.of(4, 9, 4, 3, ResizeMode.STRETCH).toModel(map);
		for (int my = 0; my < 3; my++)
			for (int x = 0; x < 4; x++) {
				int a = 3 * my;
				assertEquals((a * a + (a + 1) * (a + 1) + (a + 2) * (a + 2)) / 3.0 + x, model[my * 4 + x], 1e-4);
			}
	}

	@Test
	void aCentreCropKeepsTheMiddleOfPortraitAndLandscapeImages() {
		// portrait 4 x 8 to 4 x 4: rows 2..5; landscape 8 x 4: columns 2..5; at the crop's size each model pixel is
		// one input pixel
		float[] portrait = bilinearFunction(4, 8), landscape = bilinearFunction(8, 4);
		float[] p = ModelSpace.of(4, 8, 4, 4, ResizeMode.CENTER_CROP).toModel(portrait);
		float[] l = ModelSpace.of(8, 4, 4, 4, ResizeMode.CENTER_CROP).toModel(landscape);
		for (int y = 0; y < 4; y++)
			for (int x = 0; x < 4; x++) {
				assertEquals(portrait[(y + 2) * 4 + x], p[y * 4 + x], 0, "portrait " + x + "," + y);
				assertEquals(landscape[y * 8 + x + 2], l[y * 4 + x], 0, "landscape " + x + "," + y);
			}
		// and back: the crop gets the model values, the rows outside it 0
		float[] back = ModelSpace.of(4, 8, 4, 4, ResizeMode.CENTER_CROP).toInput(p);
		for (int y = 0; y < 8; y++)
			for (int x = 0; x < 4; x++)
				assertEquals(y >= 2 && y < 6 ? portrait[y * 4 + x] : 0, back[y * 4 + x], 1e-5, "back " + x + "," + y);
	}
}
