package io.github.ablationca.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ablationca.image.ResizeMode;
import io.github.ablationca.image.RgbImage;
import io.github.ablationca.segment.LabelImage;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import net.imglib2.img.array.ArrayImgs;

import org.junit.jupiter.api.Test;

/**
 * The ensemble heatmap on a game whose every member's answer is known: the probability is {@code 0.2 + 0.6 v}, with
 * {@code v} the share of the image's pixels still showing the image. That game is additive over any segmentation:
 * an object of {@code a} pixels has main effect and single-ablation contribution {@code 0.6 a / pixels}, so its
 * density is {@code 0.6 / objects} per average object whatever its size or the segmentation, and the ensemble of
 * the run's main effects, its contributions and SLIC at other scales paints {@code 0.6 / n} at every pixel. A member
 * whose masks are not drawn or not rendered, or a contribution of the wrong sign, breaks that.
 */
class EnsembleOracleTest {

	private static final int W = 40, H = 40, CELL = 10, N = (W / CELL) * (H / CELL);

	@Test
	void anAdditiveGameOfVisiblePixelsPaintsTheSameDensityEverywhere() {
		SplittableRandom random = new SplittableRandom(3);
		int[] argb = new int[W * H], grid = new int[W * H];
		for (int p = 0; p < argb.length; p++) {
			argb[p] = 0xff000000 | random.nextInt(1 << 24); // noise: no pixel equals the mean fill
			grid[p] = (p / W / CELL) * (W / CELL) + (p % W) / CELL;
		}
		RgbImage rgb = RgbImage.fromArgb(argb, W, H);
		List<Double> visible = new ArrayList<>(); // the visible share of every image, in the order the model saw them
		OracleClassifier model = new OracleClassifier(rgb, new int[W * H], W, H, ResizeMode.STRETCH, new int[] {0},
			v -> {
				visible.add(v[0]);
				return 0.2 + 0.6 * v[0];
			}, true);
		ExplainSettings s = new ExplainSettings();
		s.samples = 64;
		s.batchSize = N + 1; // the first batch is exactly the sensitivity analysis
		s.target = "planted";
		s.scoreScale = ScoreScale.PROBABILITY; // the objects' values too; the ensemble is on that scale anyway
		s.fill = FillMode.MEAN;
		s.fillPerScale = new FillMode[] {FillMode.MEAN};
		s.heatmapScales = new double[] {0.75, 1.5};
		s.samplesPerScale = 100;
		s.keepPerScale = new double[] {0.8, 0.3};
		EngineContractTest.Recorder log = new EngineContractTest.Recorder();
		List<String> messages = new ArrayList<>();
		long t0 = System.nanoTime();
		Explanation e = new AblationCaEngine(model).logger(log).explain(ArrayImgs.argbs(argb, W, H), new LabelImage(W,
			H, grid, N), s, (f, m) -> messages.add(m));
		double wall = (System.nanoTime() - t0) * 1e-9;
		assertEquals(HeatmapValues.ENSEMBLE, e.heatmapValues());
		assertEquals(1 + N + 64 + 200, e.modelCalls());
		// each member hides objects with its own keep probability: the visible share of an image is its objects' mean
		// visibility weighted by area, so its expectation is the keep probability (standard error about 0.012 here)
		assertEquals(1 + N + 64 + 200, visible.size());
		assertEquals(0.5, mean(visible.subList(1 + N, 1 + N + 64)), 0.06, "the run's own keep probability");
		assertEquals(0.8, mean(visible.subList(1 + N + 64, 1 + N + 164)), 0.05, "member 1 keeps 0.8");
		assertEquals(0.3, mean(visible.subList(1 + N + 164, 1 + N + 264)), 0.05, "member 2 keeps 0.3");
		for (int p = 0; p < W * H; p++)
			assertEquals(0.6 / N, e.heatmap()[p], 2e-5, "pixel " + p);
		for (ObjectInfo o : e.objects()) {
			assertEquals(0.6 * CELL * CELL / (W * H), o.contribution(), 1e-6, "object " + o);
			assertEquals(0.6 * CELL * CELL / (W * H), o.mainEffect(), 1e-6, "object " + o);
		}

		assertEquals("Sensitivity analysis " + (N + 1) + "/" + (N + 1), messages.get(1), messages.toString());
		assertEquals(String.format(Locale.ROOT, "Ablation-CA: %d objects, %d model calls (%d sensitivity + %d Monte " +
			"Carlo + %d for the heatmap's other segmentations), batch %d, %s, %s", N, 1 + N + 64 + 200, N + 1, 64, 200,
			N + 1, e.measure(), s.scoreScale), log.logs.get(0));
		Explanation.Timings t = e.timings();
		assertTrue(t.model() >= 0 && t.model() <= t.total() && t.total() <= wall, t.toString());
		assertTrue(t.segmentation() > 0 && t.segmentation() <= t.total(), "SLIC of the two further members");
		String done = log.logs.get(log.logs.size() - 1);
		assertTrue(done.startsWith(String.format(Locale.ROOT, "Ablation-CA: done in %.2f s (segmentation %.2f s, " +
			"model %.2f s, %.1f%% outside the model)", t.total(), t.segmentation(), t.model(), 100 * t
				.outsideModelFraction())), done);
	}

	/**
	 * Only the left half's pixels count ({@code 0.2 + 0.6 v}, v its visible share): the sharp map is a step at the
	 * middle column. The smoothed run must be exactly the blur of the sharp run (same seed, same answers) with sigma
	 * = {@code heatmap_smoothing} x the mean object side, here 0.3 x 10 pixels.
	 */
	@Test
	void theSmoothedMapIsTheSharpMapBlurredBySidesOfTheMeanObject() {
		SplittableRandom random = new SplittableRandom(5);
		int[] argb = new int[W * H], grid = new int[W * H], half = new int[W * H];
		for (int p = 0; p < argb.length; p++) {
			argb[p] = 0xff000000 | random.nextInt(1 << 24);
			grid[p] = (p / W / CELL) * (W / CELL) + (p % W) / CELL;
			half[p] = p % W < W / 2 ? 0 : 1;
		}
		RgbImage rgb = RgbImage.fromArgb(argb, W, H);
		OracleClassifier model = new OracleClassifier(rgb, half, W, H, ResizeMode.STRETCH, new int[] {0},
			v -> 0.2 + 0.6 * v[0], true);
		ExplainSettings s = new ExplainSettings();
		s.samples = 64;
		s.target = "planted";
		s.heatmapScales = new double[0]; // the run's grid only: the sharp map is an exact step
		s.heatmapSmoothing = 0;
		float[] sharp = new AblationCaEngine(model).explain(ArrayImgs.argbs(argb, W, H), new LabelImage(W, H, grid, N),
			s, ProgressListener.NONE).heatmap();
		s.heatmapSmoothing = 0.3;
		float[] smooth = new AblationCaEngine(model).explain(ArrayImgs.argbs(argb, W, H), new LabelImage(W, H, grid,
			N), s, ProgressListener.NONE).heatmap();
		assertArrayEquals(FillImages.blur(sharp, W, H, 0.3 * CELL), smooth);
		// the step: far inside either half nothing changes; at the middle the blur meets the two levels half way
		int row = 20 * W;
		assertEquals(sharp[row + 2], smooth[row + 2], 1e-3 * Math.abs(sharp[row + 2]));
		assertEquals(0, smooth[row + W - 3], 1e-3 * Math.abs(sharp[row + 2]));
		// a left object's density: effect 0.6 x 100/1600 over its 100 pixels, per mean object of 100 pixels
		assertEquals(0.6 / (N / 2), sharp[row + 2], 1e-5);
		float middle = (smooth[row + W / 2 - 1] + smooth[row + W / 2]) / 2;
		assertEquals((sharp[row + 2] + sharp[row + W - 3]) / 2, middle, 0.02 * sharp[row + 2]);
	}

	@Test
	void theEnsembleMembersAnswersAreCheckedAndSelfSegmentationIsReported() {
		OracleScene scene = new OracleScene();
		ExplainSettings s = new ExplainSettings();
		s.samples = 60;
		s.heatmapScales = new double[] {0.5};
		s.fillPerScale = new FillMode[] {FillMode.MEAN};
		s.keepPerScale = new double[] {0.5};
		s.samplesPerScale = 10;
		s.target = "planted";
		// a model that answers with one score per image once the run's own 1 + 40 + 60 images are done
		OracleClassifier oracle = new OracleClassifier(scene, OracleScene.WIDTH, OracleScene.HEIGHT,
			ResizeMode.STRETCH, new int[] {0}, v -> 0.3 + 0.4 * v[0], true);
		io.github.ablationca.classifier.Classifier late = new io.github.ablationca.classifier.ForwardingClassifier(
			oracle) {
			int seen;

			@Override
			public float[][] predict(float[] images, int count) {
				float[][] out = delegate.predict(images, count);
				seen += count;
				return seen > 1 + OracleScene.OBJECTS + 60 ? new float[count][1] : out;
			}
		};
		IllegalStateException e = assertThrows(IllegalStateException.class, () -> new AblationCaEngine(late).explain(
			scene.img(), scene.labelImage(), s, null));
		assertTrue(e.getMessage().contains("returned 1 scores for an image but has 2 labels"), e.getMessage());

		// without a label image the engine segments first, and says so at 0
		s.samples = 0;
		List<String> messages = new ArrayList<>();
		List<Double> fractions = new ArrayList<>();
		new AblationCaEngine(oracle).explain(scene.img(), s, (f, m) -> {
			fractions.add(f);
			messages.add(m);
		});
		assertEquals("Segmenting into about 40 objects", messages.get(0));
		assertEquals(0.0, fractions.get(0));
	}

	@Test
	void theFlatTargetNoteNamesItsSpanAndTheMemoryRefusalTheMemoryLeft() {
		assertTrue(AblationCaEngine.whyNoPairs(3, 0.5f, 0.5f).contains("(it spans 0.0)"), AblationCaEngine.whyNoPairs(
			3, 0.5f, 0.5f));
		OracleScene scene = new OracleScene();
		ExplainSettings s = new ExplainSettings();
		s.samples = 1_500_000_000;
		s.heatmap = HeatmapValues.MAIN_EFFECT;
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new AblationCaEngine(
			new OracleClassifier(scene, OracleScene.WIDTH, OracleScene.HEIGHT, ResizeMode.STRETCH, new int[] {0},
				v -> 0.3, true)).explain(scene.img(), scene.labelImage(), s, null));
		Matcher m = Pattern.compile("more than the ([0-9.]+) GB Java can still use").matcher(e.getMessage());
		assertTrue(m.find(), e.getMessage());
		double left = Double.parseDouble(m.group(1));
		assertTrue(left > 0 && left <= Runtime.getRuntime().maxMemory() / 1e9 + 0.05, left + " GB");
	}

	private static double mean(List<Double> values) {
		return values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
	}
}
