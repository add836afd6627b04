package io.github.ablationca.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.imglib2.img.array.ArrayImgs;

import org.junit.jupiter.api.Test;

/**
 * The count band and the pre-smoothing on images whose segment count is known by construction. On a flat 100 x 20
 * image, 10 segments form one row of 10 x 20 cells. A bright pixel where the first seed lands (the first flat
 * pixel of its 3 x 3 neighbourhood) keeps that cluster to itself: a one-pixel segment, merged away, so 9 remain,
 * which a tolerance of 10% accepts (9 = 10 x 0.9) and a tolerance of 0 does not (the largest is split); smoothed
 * first, the pixel is a low bump and its cluster an ordinary one. A missing 8 x 8 block inside one cell adds a
 * segment: 11, accepted at 10% (11 = 10 x 1.1), merged at 0.
 */
class SlicCountBandTest {

	private static LabelImage slic(float[] values, int w, int h, int k, double sigma, double tolerance) {
		return new Slic(k, 10, 10, sigma).withThreads(1).withCountTolerance(tolerance).segment(ArrayImgs.floats(values,
			w, h));
	}

	@Test
	void aClusterOfOneBrightPixelLeavesNineOfTen() {
		float[] values = new float[100 * 20];
		values[9 * 100 + 4] = 100; // the first seed's cell centre (5, 10) moves to (4, 9)
		assertEquals(9, slic(values.clone(), 100, 20, 10, 0, 0.1).count());
		assertEquals(10, slic(values.clone(), 100, 20, 10, 0, 0).count());
	}

	@Test
	void aMissingBlockInsideACellMakesElevenOfTen() {
		float[] values = new float[100 * 20];
		for (int y = 0; y < 8; y++)
			for (int x = 40; x < 48; x++)
				values[y * 100 + x] = Float.NaN;
		assertEquals(11, slic(values.clone(), 100, 20, 10, 0, 0.1).count());
		assertEquals(10, slic(values.clone(), 100, 20, 10, 0, 0).count());
	}

	@Test
	void smoothingSpreadsTheBrightPixelIntoAnOrdinaryCluster() {
		// smoothed with sigma 3 the bright pixel is a bump of height 100 / (2 pi 9) = 1.8: its cluster is an
		// ordinary cell again, and all 10 segments remain
		float[] values = new float[100 * 20];
		values[9 * 100 + 4] = 100;
		assertEquals(10, slic(values.clone(), 100, 20, 10, 3, 0.1).count());
		assertEquals(9, slic(values.clone(), 100, 20, 10, 0, 0.1).count());
	}
}
