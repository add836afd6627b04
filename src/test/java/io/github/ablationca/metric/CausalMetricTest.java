package io.github.ablationca.metric;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ablationca.attribution.Fill;
import io.github.ablationca.image.RgbImage;

import org.junit.jupiter.api.Test;

/**
 * Deletion and insertion on a classifier that sees only one region R of area A in an image of N pixels. Removing
 * R's pixels first (perfect heatmap) drops the score linearly to 0 over the fraction A/N: deletion AUC = A/(2N),
 * insertion AUC = 1 - A/(2N); removing them last (reversed heatmap) gives the mirror values.
 */
class CausalMetricTest {

	static final int SIZE = 32, RX = 8, RY = 8, RW = 16, RH = 16;
	static final double A_OVER_N = (double) (RW * RH) / (SIZE * SIZE); // 0.25

	/** 1 on R, 0 elsewhere (or the reverse), at {@code factor} x the model resolution. */
	static float[] heatmap(boolean perfect, int factor) {
		int s = SIZE * factor;
		float[] m = new float[s * s];
		for (int y = 0; y < s; y++)
			for (int x = 0; x < s; x++) {
				boolean in = x / factor >= RX && x / factor < RX + RW && y / factor >= RY && y / factor < RY + RH;
				m[y * s + x] = in == perfect ? 1 : 0;
			}
		return m;
	}

	@Test
	void closedFormAucsWhenStepsMeetTheRegionBoundary() {
		RgbImage img = OneRegionClassifier.scene(SIZE, SIZE, RX, RY, RW, RH);
		OneRegionClassifier c = new OneRegionClassifier(img, RX, RY, RW, RH);
		CausalMetric m = new CausalMetric().withSteps(64); // 16 pixels per step: R ends exactly at step 16
		Curve del = m.deletion(img, heatmap(true, 1), c, 0);
		Curve ins = m.insertion(img, heatmap(true, 1), c, 0);
		Curve delRev = m.deletion(img, heatmap(false, 1), c, 0);
		Curve insRev = m.insertion(img, heatmap(false, 1), c, 0);
		assertEquals(A_OVER_N / 2, del.auc(), 1e-9);
		assertEquals(1 - A_OVER_N / 2, ins.auc(), 1e-9);
		assertEquals(1 - A_OVER_N / 2, delRev.auc(), 1e-9);
		assertEquals(A_OVER_N / 2, insRev.auc(), 1e-9);
		// the curves themselves: 65 points from 0 to 1, start and end as defined
		assertEquals(65, del.fraction().length);
		assertEquals(65, del.modelCalls());
		assertEquals(0, del.fraction()[0]);
		assertEquals(1, del.fraction()[64]);
		assertEquals(1, del.score()[0], 1e-9);
		assertEquals(0, del.score()[64], 1e-9);
		assertEquals(0, ins.score()[0], 1e-9, "the blurred substrate must hide every region pixel");
		assertEquals(1, ins.score()[64], 1e-9);
		// per-step pixel count is the same protocol
		assertEquals(del.auc(), new CausalMetric().withPixelsPerStep(16).deletion(img, heatmap(true, 1), c, 0).auc(),
			1e-12);
	}

	@Test
	void offGridStepsStayWithinTheTrapezoidErrorBound() {
		RgbImage img = OneRegionClassifier.scene(SIZE, SIZE, RX, RY, RW, RH);
		OneRegionClassifier c = new OneRegionClassifier(img, RX, RY, RW, RH);
		CausalMetric m = new CausalMetric().withSteps(50); // 21 pixels per step; R ends inside a step
		double h = 21.0 / (SIZE * SIZE);
		// a kink with slope change k inside one trapezoid interval of width h errs by at most k h^2 / 8; k = N/A = 4
		double bound = 4 * h * h / 8 + 1e-9;
		assertEquals(A_OVER_N / 2, m.deletion(img, heatmap(true, 1), c, 0).auc(), bound);
		assertEquals(1 - A_OVER_N / 2, m.insertion(img, heatmap(true, 1), c, 0).auc(), bound);
		assertEquals(1 - A_OVER_N / 2, m.deletion(img, heatmap(false, 1), c, 0).auc(), bound);
		assertEquals(A_OVER_N / 2, m.insertion(img, heatmap(false, 1), c, 0).auc(), bound);
		// the last step is partial: 1024 = 48 * 21 + 16, so 50 points with the last fraction exactly 1
		Curve d = m.deletion(img, heatmap(true, 1), c, 0);
		assertEquals(50, d.fraction().length);
		assertEquals(1.0, d.fraction()[49]);
		assertEquals(48 * 21.0 / 1024, d.fraction()[48], 1e-12);
	}

	@Test
	void heatmapAtInputResolutionIsBroughtToTheModelGrid() {
		// the image is twice the model size; the same scene, so the same closed-form AUCs
		RgbImage small = OneRegionClassifier.scene(SIZE, SIZE, RX, RY, RW, RH);
		RgbImage big = new RgbImage(2 * SIZE, 2 * SIZE);
		for (int y = 0; y < 2 * SIZE; y++)
			for (int x = 0; x < 2 * SIZE; x++)
				for (int ch = 0; ch < 3; ch++)
					big.set(x, y, ch, small.get(x / 2, y / 2, ch));
		// the model sees the 2x2 block averages, which is the small scene only where blocks are uniform: use a
		// classifier that compares against what the model sees of the big image
		RgbImage seen = io.github.ablationca.attribution.ModelSpace.of(2 * SIZE, 2 * SIZE, SIZE, SIZE,
			io.github.ablationca.image.ResizeMode.STRETCH).fit(big);
		assertArrayEquals(small.data(), seen.data(), 1e-4f);
		OneRegionClassifier c = new OneRegionClassifier(seen, RX, RY, RW, RH);
		CausalMetric m = new CausalMetric().withSteps(64);
		assertEquals(A_OVER_N / 2, m.deletion(big, heatmap(true, 2), c, 0).auc(), 1e-9);
		assertEquals(1 - A_OVER_N / 2, m.insertion(big, heatmap(true, 2), c, 0).auc(), 1e-9);
	}

	@Test
	void substratesAreWhatTheySay() {
		RgbImage img = OneRegionClassifier.scene(SIZE, SIZE, RX, RY, RW, RH);
		OneRegionClassifier c = new OneRegionClassifier(img, RX, RY, RW, RH);
		// a deletion substrate equal to the image itself removes nothing: the score stays 1, AUC 1
		RgbImage flat = Fill.constant(90, 90, 90).apply(img, null);
		OneRegionClassifier onFlat = new OneRegionClassifier(flat, RX, RY, RW, RH);
		assertEquals(1.0, new CausalMetric().withSteps(16).withDeletionSubstrate(Fill.constant(90, 90, 90))
			.deletion(flat, heatmap(true, 1), onFlat, 0).auc(), 1e-9);
		// an insertion start from the mean colour instead of the blur: still hides R, same closed form
		assertEquals(1 - A_OVER_N / 2, new CausalMetric().withSteps(64).withInsertionSubstrate(Fill.imageMean())
			.insertion(img, heatmap(true, 1), c, 0).auc(), 1e-9);
	}

	@Test
	void orderIsByDecreasingValueTiesByIndexNanLast() {
		assertArrayEquals(new int[] {1, 3, 0, 4, 2}, CausalMetric.order(new float[] {0, 5, Float.NaN, 5, -1}));
	}

	@Test
	void badInput() {
		RgbImage img = OneRegionClassifier.scene(SIZE, SIZE, RX, RY, RW, RH);
		OneRegionClassifier c = new OneRegionClassifier(img, RX, RY, RW, RH);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> new CausalMetric().deletion(img, new float[10], c, 0));
		assertTrue(e.getMessage().contains("input image size"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> new CausalMetric().deletion(img, heatmap(true, 1), c, 5));
		assertThrows(IllegalArgumentException.class, () -> new CausalMetric().withSteps(0));
		assertThrows(IllegalArgumentException.class, () -> new CausalMetric().withDeletionSubstrate(Fill.segmentMean()));
	}
}
