package io.github.ablationca.metric;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ablationca.classifier.Classifier;
import io.github.ablationca.engine.CanceledException;
import io.github.ablationca.engine.ProgressListener;
import io.github.ablationca.image.RgbImage;
import io.github.ablationca.metric.RoadMetric.Order;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * ROAD on a classifier that sees only one region R (area A = 256 of N = 1024 pixels; probability = the share of R's
 * pixels that still show the original). Removing k = floor(f N) pixels, a perfect heatmap (1 on R) takes R first:
 * MoRF scores 1 - k/A until R is gone, then 0; LeRF removes the N - A other pixels first and scores 1 until
 * k > N - A, then 1 - (k - (N - A))/A. A reversed heatmap swaps the two. An imputed pixel never shows the original
 * again: R is a red/green checkerboard (220/30, 30/200) whose imputed values are means of both phases, far more than
 * the noise away from either.
 */
class RoadMetricTest {

	static final int SIZE = CausalMetricTest.SIZE, N = SIZE * SIZE, A = CausalMetricTest.RW * CausalMetricTest.RH;

	static double morfOfPerfect(double f) {
		return Math.max(0, 1 - Math.floor(f * N + 1e-9) / A);
	}

	static double lerfOfPerfect(double f) {
		return 1 - Math.max(0, Math.floor(f * N + 1e-9) - (N - A)) / A;
	}

	static double mean(double[] fractions, java.util.function.DoubleUnaryOperator score) {
		return Arrays.stream(fractions).map(score).average().orElseThrow();
	}

	@Test
	void perfectHeatmapBeatsTheReversedOneInBothOrdersWithTheClosedFormValues() {
		RgbImage img = OneRegionClassifier.scene(SIZE, SIZE, 8, 8, 16, 16);
		OneRegionClassifier c = new OneRegionClassifier(img, 8, 8, 16, 16);
		RoadMetric road = new RoadMetric();
		double[] f = road.fractions();
		assertArrayEquals(new double[] {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9}, f);
		RoadCurve morf = road.morf(img, CausalMetricTest.heatmap(true, 1), c, 0, 1);
		RoadCurve lerf = road.lerf(img, CausalMetricTest.heatmap(true, 1), c, 0, 1);
		RoadCurve morfReversed = road.morf(img, CausalMetricTest.heatmap(false, 1), c, 0, 1);
		RoadCurve lerfReversed = road.lerf(img, CausalMetricTest.heatmap(false, 1), c, 0, 1);
		for (int k = 0; k < f.length; k++) {
			assertEquals(morfOfPerfect(f[k]), morf.score()[k], 1e-9, "MoRF at " + f[k]);
			assertEquals(lerfOfPerfect(f[k]), lerf.score()[k], 1e-9, "LeRF at " + f[k]);
			assertEquals(lerfOfPerfect(f[k]), morfReversed.score()[k], 1e-9);
			assertEquals(morfOfPerfect(f[k]), lerfReversed.score()[k], 1e-9);
		}
		// (2 - 306/256) / 9 = 0.0894 and (9 - 204/256) / 9 = 0.9115
		assertEquals((2 - 306.0 / 256) / 9, morf.mean(), 1e-9);
		assertEquals((9 - 204.0 / 256) / 9, lerf.mean(), 1e-9);
		assertEquals(mean(f, RoadMetricTest::morfOfPerfect), morf.mean(), 1e-12);
		assertTrue(morf.mean() < morfReversed.mean(), "MoRF: lower is better");
		assertTrue(lerf.mean() > lerfReversed.mean(), "LeRF: higher is better");
		assertEquals("morf", morf.order());
		assertEquals(9, morf.modelCalls());
		assertArrayEquals(f, morf.fraction());
	}

	@Test
	void otherFractionsAndAnInputResolutionHeatmap() {
		// the image at twice the model size; the heatmap at input resolution is box-averaged onto the model grid
		RgbImage small = OneRegionClassifier.scene(SIZE, SIZE, 8, 8, 16, 16);
		RgbImage big = new RgbImage(2 * SIZE, 2 * SIZE);
		for (int y = 0; y < 2 * SIZE; y++)
			for (int x = 0; x < 2 * SIZE; x++)
				for (int ch = 0; ch < 3; ch++)
					big.set(x, y, ch, small.get(x / 2, y / 2, ch));
		OneRegionClassifier c = new OneRegionClassifier(small, 8, 8, 16, 16);
		RoadCurve morf = new RoadMetric().withFractions(0.125, 0.25, 0.5).withBatchSize(2)
			.morf(big, CausalMetricTest.heatmap(true, 2), c, 0, 5);
		assertArrayEquals(new double[] {0.5, 0, 0}, morf.score(), 1e-9, "128 of R's 256 pixels, then all of R");
		assertEquals(3, morf.modelCalls());
	}

	/** Class 0 probability = mean red of a region / 255: continuous, so the imputation noise shows in the score. */
	static Classifier meanRed(int size) {
		return new Classifier() {
			@Override
			public int inputWidth() {
				return size;
			}

			@Override
			public int inputHeight() {
				return size;
			}

			@Override
			public List<String> labels() {
				return List.of("red", "rest");
			}

			@Override
			public float[][] predict(float[] images, int count) {
				float[][] out = new float[count][];
				for (int n = 0; n < count; n++) {
					double s = 0;
					for (int y = 8; y < 24; y++)
						for (int x = 8; x < 24; x++)
							s += images[n * imageSize() + 3 * (y * size + x)];
					float p = (float) Math.min(1, Math.max(0, s / (256 * 255)));
					out[n] = new float[] {p, 1 - p};
				}
				return out;
			}
		};
	}

	@Test
	void theSameSeedGivesTheSameNumbersForAnyBatchSize() {
		RgbImage img = OneRegionClassifier.scene(SIZE, SIZE, 8, 8, 16, 16);
		Classifier c = meanRed(SIZE);
		float[] heat = CausalMetricTest.heatmap(true, 1);
		RoadMetric road = new RoadMetric();
		for (Order o : Order.values()) {
			RoadCurve a = road.curve(o, img, heat, c, 0, 7, ProgressListener.NONE, () -> false);
			RoadCurve b = road.withBatchSize(1).curve(o, img, heat, c, 0, 7, ProgressListener.NONE, () -> false);
			RoadCurve other = road.curve(o, img, heat, c, 0, 8, ProgressListener.NONE, () -> false);
			RoadCurve smooth = road.withImputer(new NoisyLinearImputer().withNoise(0)).curve(o, img, heat, c, 0, 7,
				ProgressListener.NONE, () -> false);
			assertArrayEquals(a.score(), b.score(), 0.0, o + ": batch size does not change the numbers");
			assertFalse(Arrays.equals(a.score(), other.score()), o + ": another seed, other noise");
			assertFalse(Arrays.equals(a.score(), smooth.score()), o + ": the noise reaches the classifier");
			// noise of sigma 2.55 on each imputed red value moves a mean over 256 pixels by well under 0.01
			assertArrayEquals(smooth.score(), a.score(), 0.01);
		}
	}

	@Test
	void removalCountsAndOrders() {
		assertEquals(102, RoadMetric.removedCount(0.1, 1024));
		assertEquals(29, RoadMetric.removedCount(0.29, 100), "0.29 * 100 = 28.999999999999996 in doubles: not 28");
		int[] ranking = {3, 0, 2, 1};
		assertArrayEquals(new boolean[] {true, false, false, true}, RoadMetric.removed(ranking, 2, Order.MORF));
		assertArrayEquals(new boolean[] {false, true, true, false}, RoadMetric.removed(ranking, 2, Order.LERF));
		assertTrue(RoadMetric.noiseSeed(1, Order.MORF, 0) != RoadMetric.noiseSeed(1, Order.LERF, 0));
		assertTrue(RoadMetric.noiseSeed(1, Order.MORF, 1) != RoadMetric.noiseSeed(1, Order.LERF, 0));
	}

	@Test
	void badInputAndCancel() {
		RgbImage img = OneRegionClassifier.scene(SIZE, SIZE, 8, 8, 16, 16);
		OneRegionClassifier c = new OneRegionClassifier(img, 8, 8, 16, 16);
		for (double[] f : new double[][] {{0, 0.5}, {0.5, 1}, {0.5, 0.4}, {0.3, 0.3}, {Double.NaN}, {}})
			assertThrows(IllegalArgumentException.class, () -> new RoadMetric().withFractions(f), Arrays.toString(f));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> new RoadMetric().morf(img, new float[10], c, 0, 1));
		assertTrue(e.getMessage().contains("input image size"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> new RoadMetric().morf(img, new float[N], c, 2, 1));
		assertThrows(CanceledException.class, () -> new RoadMetric().curve(Order.MORF, img, new float[N], c, 0, 1,
			ProgressListener.NONE, () -> true));
	}
}
