package io.github.ablationca.attribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ablationca.classifier.SizedTestModel;
import io.github.ablationca.classifier.GradientModel;
import io.github.ablationca.image.ResizeMode;
import io.github.ablationca.image.RgbImage;
import io.github.ablationca.segment.LabelImage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.junit.jupiter.api.Test;

/**
 * The attribution methods against answers derived from their definitions, on models that record what they are sent:
 * integrated gradients' trapezoid error on a cubic model, LIME's weighted ridge recomputed from the masks the model
 * saw, RISE's score-weighted mask mean from the masks decoded out of the images, occlusion's window average by hand;
 * the parameter bounds, the batch loop and the descriptions.
 */
class AttributionKnownAnswerTest {

	/** A model of {@code width x height} pixels that records every image and batch and scores each image. */
	private static final class Recorder extends SizedTestModel {
		final ToDoubleFunction<float[]> score;
		final List<float[]> images = new ArrayList<>();
		final List<Double> scores = new ArrayList<>();
		final List<Integer> batches = new ArrayList<>();

		Recorder(int width, int height, ToDoubleFunction<float[]> score) {
			super(width, height, "target", "rest");
			this.score = score;
		}

		@Override
		public float[][] predict(float[] batch, int count) {
			batches.add(count);
			float[][] out = new float[count][];
			for (int b = 0; b < count; b++) {
				float[] image = Arrays.copyOfRange(batch, b * imageSize(), (b + 1) * imageSize());
				float p = (float) score.applyAsDouble(image);
				images.add(image);
				scores.add((double) p);
				out[b] = new float[] {p, 1 - p};
			}
			return out;
		}
	}

	/** Random colours 20..250 per channel: no channel equals a fill of 0 or 10. */
	private static RgbImage colourful(int w, int h, long seed) {
		java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
		RgbImage img = new RgbImage(w, h);
		for (int i = 0; i < img.data().length; i++)
			img.data()[i] = 20 + r.nextInt(231);
		return img;
	}

	// ---------------------------------------------------------------- integrated gradients

	/** {@code f(x) = c * sum x^3} over the model's values, with its exact gradient {@code 3 c x^2}. */
	private static final class Cubic implements GradientModel {
		static final double C = 1e-7;
		final int width, height;
		final List<Integer> batches = new ArrayList<>();

		Cubic(int width, int height) {
			this.width = width;
			this.height = height;
		}

		@Override
		public int inputWidth() {
			return width;
		}

		@Override
		public int inputHeight() {
			return height;
		}

		@Override
		public void gradients(float[] images, int count, int target, float[] dst) {
			batches.add(count);
			for (int i = 0; i < count * imageSize(); i++)
				dst[i] = (float) (3 * C * images[i] * images[i]);
		}
	}

	/**
	 * Along the path {@code x' + a d} ({@code d = x - x'}) the cubic's gradient is quadratic in {@code a}; the
	 * trapezoid rule over {@code m} steps integrates 1 and {@code a} exactly and {@code a^2} with the error
	 * {@code 1 / (6 m^2)}. So each value's attribution is {@code c (x^3 - x'^3) + c d^3 / (2 m^2)}: the exact integral
	 * (completeness) plus the trapezoid error. Channels summed; 3 steps in batches of 2 (4 gradient evaluations).
	 */
	@Test
	void integratedGradientsOfACubicAreTheTrapezoidRuleByHand() {
		int w = 5, h = 4, m = 3;
		RgbImage image = colourful(w, h, 3);
		Cubic cubic = new Cubic(w, h);
		Recorder classifier = new Recorder(w, h, x -> 0.5);
		List<Double> progress = new ArrayList<>();
		List<String> messages = new ArrayList<>();
		Attribution a = new IntegratedGradients(cubic, Fill.constant(10, 10, 10), m, ChannelReduction.SUM).explain(
			AttributionRequest.of(image, classifier, 0).withBatchSize(2).withProgress((f, msg) -> {
				progress.add(f);
				messages.add(msg);
			}));
		assertEquals(List.of(2, 2), cubic.batches);
		assertEquals(List.of(0.5, 1.0), progress);
		assertEquals(List.of("integrated gradients 2/4", "integrated gradients 4/4"), messages);
		assertEquals(m + 1, a.modelCalls());
		for (int p = 0; p < w * h; p++) {
			double expected = 0;
			for (int c = 0; c < 3; c++) {
				double x = image.data()[3 * p + c], d = x - 10;
				expected += Cubic.C * (x * x * x - 1000) + Cubic.C * d * d * d / (2 * m * m);
			}
			assertEquals(expected, a.values()[p], 1e-5 * Math.abs(expected), "pixel " + p);
		}
	}

	@Test
	void integratedGradientsRefuseAGradientModelOfAnotherSize() {
		Recorder classifier = new Recorder(5, 4, x -> 0.5);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new IntegratedGradients(
			new Cubic(4, 4)).explain(AttributionRequest.of(colourful(5, 4, 1), classifier, 0)));
		assertEquals("The gradient model takes 4 x 4 images but the classifier takes 5 x 4; load both from the same " +
			"model folder.", e.getMessage());
	}

	// ---------------------------------------------------------------- LIME

	/**
	 * LIME on five vertical stripes with a black fill: the model reads which stripes are visible from the image and
	 * scores a game with an interaction, so the sample weights matter. From the masks it was sent, the test fits
	 * lime's model itself: sample weight {@code sqrt(exp(-d^2 / width^2))} with {@code d} the cosine distance to the
	 * all-ones mask ({@code 1 - sqrt(k / n)} for {@code k} kept, 1 for none), weighted ridge with an unpenalised
	 * intercept (centred on the weighted means, Commons Math LU). The first sample is the image itself; the others keep
	 * each stripe with probability 0.3.
	 */
	@Test
	void limeIsTheWeightedRidgeOfTheMasksTheModelSaw() {
		int n = 5, w = 10, h = 3;
		RgbImage image = colourful(w, h, 5);
		int[] lab = new int[w * h];
		for (int p = 0; p < lab.length; p++)
			lab[p] = (p % w) / 2;
		Recorder model = new Recorder(w, h, x -> {
			boolean[] z = stripes(x, w, h, n);
			return 0.1 + 0.3 * (z[0] ? 1 : 0) + 0.2 * (z[1] && z[2] ? 1 : 0) + 0.1 * (z[3] || z[4] ? 1 : 0);
		});
		double width = 0.4, alpha = 0.5;
		int samples = 40;
		Attribution a = new Lime(samples, 0.3, width, alpha, Fill.black()).explain(AttributionRequest.of(image, model,
			0).withSegments(new LabelImage(w, h, lab, n)).withBatchSize(7).withSeed(9));
		assertEquals(samples, model.images.size());
		double[][] z = new double[samples][n];
		double[] y = new double[samples], weight = new double[samples];
		int keptInAll = 0;
		for (int s = 0; s < samples; s++) {
			boolean[] mask = stripes(model.images.get(s), w, h, n);
			int k = 0;
			for (int j = 0; j < n; j++) {
				z[s][j] = mask[j] ? 1 : 0;
				if (mask[j]) k++;
			}
			keptInAll += k;
			if (s == 0) assertEquals(n, k, "the first sample is the image itself");
			double d = k == 0 ? 1 : 1 - k / (Math.sqrt(k) * Math.sqrt(n));
			weight[s] = Math.sqrt(Math.exp(-d * d / (width * width)));
			y[s] = model.scores.get(s);
		}
		double keptShare = (keptInAll - n) / (double) ((samples - 1) * n);
		assertEquals(0.3, keptShare, 0.12, "the other samples keep each stripe with probability 0.3");
		double[] coef = weightedRidge(z, y, weight, alpha);
		for (int p = 0; p < lab.length; p++)
			assertEquals(coef[lab[p]], a.values()[p], 1e-6, "pixel " + p + " of stripe " + lab[p]);
	}

	/** Which of {@code n} two-pixel-wide stripes are visible: a pixel that is not black. */
	private static boolean[] stripes(float[] image, int w, int h, int n) {
		boolean[] z = new boolean[n];
		for (int j = 0; j < n; j++)
			z[j] = image[3 * (2 * j)] > 0;
		return z;
	}

	/** Ridge with an unpenalised intercept and sample weights, from its normal equations. */
	private static double[] weightedRidge(double[][] x, double[] y, double[] w, double alpha) {
		int m = y.length, n = x[0].length;
		double sw = 0, ybar = 0;
		double[] xbar = new double[n];
		for (int s = 0; s < m; s++) {
			sw += w[s];
			ybar += w[s] * y[s];
			for (int j = 0; j < n; j++)
				xbar[j] += w[s] * x[s][j];
		}
		ybar /= sw;
		for (int j = 0; j < n; j++)
			xbar[j] /= sw;
		RealMatrix xc = new Array2DRowRealMatrix(m, n);
		RealVector yc = new ArrayRealVector(m);
		for (int s = 0; s < m; s++) {
			double r = Math.sqrt(w[s]);
			yc.setEntry(s, r * (y[s] - ybar));
			for (int j = 0; j < n; j++)
				xc.setEntry(s, j, r * (x[s][j] - xbar[j]));
		}
		RealMatrix normal = xc.transpose().multiply(xc);
		for (int j = 0; j < n; j++)
			normal.addToEntry(j, j, alpha);
		return new LUDecomposition(normal).getSolver().solve(xc.transpose().operate(yc)).toArray();
	}

	@Test
	void limeParameterBounds() {
		new Lime(2, 0.5, 0.25, 1, Fill.black());
		assertThrows(IllegalArgumentException.class, () -> new Lime(1, 0.5, 0.25, 1, Fill.black()));
		for (double p : new double[] {0, 1, Double.NaN})
			assertThrows(IllegalArgumentException.class, () -> new Lime(10, p, 0.25, 1, Fill.black()), "keep " + p);
		new Lime(10, 0.01, 1e-9, 1e-9, Fill.black());
		new Lime(10, 0.99, 0.25, 1, Fill.black());
		assertTrue(assertThrows(IllegalArgumentException.class, () -> new Lime(10, 0.5, 0, 1, Fill.black()))
			.getMessage().contains("kernel width must be positive (got 0.0)"));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> new Lime(10, 0.5, 0.25, 0, Fill.black()))
			.getMessage().contains("alpha must be positive (got 0.0)"));
	}

	// ---------------------------------------------------------------- RISE

	/**
	 * RISE with a constant fill: every image the model sees is {@code fill + m (image - fill)} with one mask value
	 * {@code m} in [0, 1] per pixel, the same for the three channels (decoded here from each channel separately). The
	 * saliency is {@code sum_i f(image_i) m_i / (N p)} over those decoded masks; at keep probability 0.3 the masks
	 * keep about 30% of the grid.
	 */
	@Test
	void riseIsTheScoreWeightedMeanOfTheMasksTheModelSaw() {
		int w = 9, h = 7, masks = 60;
		double keep = 0.3;
		RgbImage image = colourful(w, h, 8);
		Recorder model = new Recorder(w, h, x -> {
			double s = 0;
			for (int p = 0; p < 9; p++)
				s += x[3 * p] / 255.0;
			return s / 9;
		});
		Attribution a = new Rise(masks, 3, keep, Fill.constant(10, 10, 10)).explain(AttributionRequest.of(image,
			model, 0).withBatchSize(8).withSeed(4));
		assertEquals(masks, model.images.size());
		double[] expected = new double[w * h];
		double meanMask = 0;
		for (int i = 0; i < masks; i++) {
			float[] sent = model.images.get(i);
			for (int p = 0; p < w * h; p++) {
				double[] k = new double[3];
				for (int c = 0; c < 3; c++)
					k[c] = (sent[3 * p + c] - 10) / (image.data()[3 * p + c] - 10);
				assertEquals(k[0], k[1], 1e-5, "one mask value per pixel, image " + i + " pixel " + p);
				assertEquals(k[0], k[2], 1e-5, "one mask value per pixel, image " + i + " pixel " + p);
				assertTrue(k[0] > -1e-5 && k[0] < 1 + 1e-5, "a mask value in [0, 1]: " + k[0]);
				expected[p] += model.scores.get(i) * k[0] / (masks * keep);
				meanMask += k[0] / (masks * w * h);
			}
		}
		assertEquals(keep, meanMask, 0.1, "cells kept with probability 0.3");
		for (int p = 0; p < w * h; p++)
			assertEquals(expected[p], a.values()[p], 1e-5, "pixel " + p);
	}

	/**
	 * The mask upsampling on a diagonal 2 x 2 grid (no symmetry between rows): bilinear on the
	 * {@code (s + 1) cell}-pixel grid with half-pixel centres and clamped edges, written out per pixel; a grid on a
	 * non-square model has its own cell height.
	 */
	@Test
	void riseMasksOfADiagonalGridByHand() {
		Rise.MaskUpsampler up = new Rise.MaskUpsampler(2, 4, 4);
		boolean[] cells = {true, false, false, true};
		for (int[] shift : new int[][] {{0, 0}, {1, 1}, {0, 1}}) {
			float[] mask = new float[16];
			up.render(cells, shift[0], shift[1], mask);
			for (int y = 0; y < 4; y++)
				for (int x = 0; x < 4; x++) {
					// upsampled size 6: position u sits at (u + 0.5) / 3 - 0.5 on the grid, clamped to [0, 1]
					double gx = Math.min(1, Math.max(0, (x + shift[0] + 0.5) / 3 - 0.5));
					double gy = Math.min(1, Math.max(0, (y + shift[1] + 0.5) / 3 - 0.5));
					// cell (0, 0) and (1, 1) kept
					double expected = (1 - gx) * (1 - gy) + gx * gy;
					assertEquals(expected, mask[y * 4 + x], 1e-6, "shift " + Arrays.toString(shift) + " at " + x +
						"," + y);
				}
		}
		Rise.MaskUpsampler tall = new Rise.MaskUpsampler(3, 7, 10);
		assertEquals(3, tall.cellWidth, "ceil(7 / 3)");
		assertEquals(4, tall.cellHeight, "ceil(10 / 3)");
	}

	/**
	 * Below the last cell centre the upsampled mask is clamped, not interpolated: those rows repeat the row at the
	 * centre exactly (an interpolation between a row and itself would round in float).
	 */
	@Test
	void riseMaskRowsBeyondTheLastCentreRepeatExactly() {
		Rise.MaskUpsampler up = new Rise.MaskUpsampler(3, 20, 20);
		assertEquals(7, up.cellHeight);
		// upsampled height 28: row u sits at (u + 0.5) * 3 / 28 - 0.5 on the grid, past 2 from u = 23 on (rows 17..19)
		boolean[] cells = {true, false, true, false, true, true, true, false, false};
		float[] mask = new float[400];
		up.render(cells, 6, 6, mask);
		for (int y = 17; y < 20; y++)
			for (int x = 0; x < 20; x++)
				assertEquals(mask[17 * 20 + x], mask[y * 20 + x], 0f, "row " + y + ", column " + x);
		float[] interior = new float[20];
		System.arraycopy(mask, 17 * 20, interior, 0, 20);
		assertTrue(interior[5] > 0 && interior[5] < 1, "an interpolated value in the repeated row: " + interior[5]);
	}

	@Test
	void riseParameterBounds() {
		new Rise(1, 1, 0.5, Fill.black());
		assertThrows(IllegalArgumentException.class, () -> new Rise(0, 7, 0.5, Fill.black()));
		assertThrows(IllegalArgumentException.class, () -> new Rise(10, 0, 0.5, Fill.black()));
		for (double p : new double[] {0, 1, Double.NaN})
			assertThrows(IllegalArgumentException.class, () -> new Rise(10, 7, p, Fill.black()), "keep " + p);
		new Rise(10, 7, 0.01, Fill.black());
		new Rise(10, 7, 0.99, Fill.black());
	}

	// ---------------------------------------------------------------- occlusion

	/**
	 * A 4 x 2 model whose score is {@code sum over visible pixels of a_x}, with column weights {@code a}; windows of
	 * 2 x 2 at stride 1 start at columns 0, 1, 2 and drop {@code 2 (a_x0 + a_x0+1)}. Each pixel gets the mean drop
	 * of the windows that cover it: columns 0 and 3 one window, columns 1 and 2 two.
	 */
	@Test
	void occlusionAveragesTheDropsOfOverlappingWindows() {
		double[] col = {0.01, 0.02, 0.04, 0.08};
		RgbImage image = colourful(4, 2, 2);
		Recorder model = new Recorder(4, 2, x -> {
			double s = 0;
			for (int p = 0; p < 8; p++)
				if (x[3 * p] > 0) s += col[p % 4];
			return s;
		});
		Attribution a = new Occlusion(2, 1, Fill.black()).explain(AttributionRequest.of(image, model, 0));
		double d0 = 2 * (col[0] + col[1]), d1 = 2 * (col[1] + col[2]), d2 = 2 * (col[2] + col[3]);
		double[] expected = {d0, (d0 + d1) / 2, (d1 + d2) / 2, d2};
		for (int p = 0; p < 8; p++)
			assertEquals(expected[p % 4], a.values()[p], 1e-6, "pixel " + p);
		assertEquals(4, a.modelCalls(), "the image and three windows");
	}

	// ---------------------------------------------------------------- model space

	/**
	 * Equal width and a model three times shorter: the box filter averages three rows (the bilinear value at the
	 * footprint's centre would be the middle row alone).
	 */
	@Test
	void toModelAveragesTheFootprintWhenOnlyOneAxisShrinks() {
		ModelSpace space = ModelSpace.of(2, 6, 2, 2, ResizeMode.STRETCH);
		float[] map = {1, 2, 3, 4, 8, 9, 0, 1, 5, 5, 1, 0};
		// rows 0..2 and 3..5: (1 + 3 + 8) / 3, (2 + 4 + 9) / 3; (0 + 5 + 1) / 3, (1 + 5 + 0) / 3
		assertArrayEquals(new float[] {4, 5, 2, 2}, space.toModel(map), 1e-6f);
		// the same transposed: equal height, a model three times narrower
		float[] transposed = {1, 3, 8, 0, 5, 1, 2, 4, 9, 1, 5, 0};
		assertArrayEquals(new float[] {4, 2, 5, 2}, ModelSpace.of(6, 2, 2, 2, ResizeMode.STRETCH).toModel(transposed),
			1e-6f);
	}

	/**
	 * Outside the model pixels' centres the map is clamped, not interpolated: there a constant map comes back exactly
	 * (an interpolation weight between a pixel and itself would round in float). With a 1 x 1 model that is every
	 * input pixel; with larger ones the corners beyond the outer centres.
	 */
	@Test
	void toInputClampsBeyondTheOuterCentres() {
		int w = 7, h = 5;
		for (float v : new float[] {0.1f, 0.7f, 1 / 3f, 0.123456f, 3.3f}) {
			for (int size : new int[] {1, 2, 3}) {
				ModelSpace space = ModelSpace.of(w, h, size, size, ResizeMode.STRETCH);
				float[] map = new float[size * size];
				Arrays.fill(map, v);
				float[] out = space.toInput(map);
				for (int y = 0; y < h; y++)
					for (int x = 0; x < w; x++) {
						double mx = (x + 0.5) * size / w - 0.5, my = (y + 0.5) * size / h - 0.5;
						boolean clamped = (mx <= 0 || mx >= size - 1) && (my <= 0 || my >= size - 1);
						if (clamped) assertEquals(v, out[y * w + x], 0f, "value " + v + ", model " + size + " at " + x +
							"," + y);
						else assertEquals(v, out[y * w + x], 1e-6f);
					}
			}
		}
	}

	// ---------------------------------------------------------------- the batch loop and small parts

	/**
	 * Four samples in batches of two: two model calls (none with 0 images), progress from 0.2 to 0.6 in two steps;
	 * no cancel hook means never canceled.
	 */
	@Test
	void batchScorerCallsTheModelPerFullBatchAndReportsItsShare() {
		Recorder model = new Recorder(2, 1, x -> x[0] / 100.0);
		List<Double> fractions = new ArrayList<>();
		List<String> messages = new ArrayList<>();
		BatchScorer scorer = new BatchScorer(model, 0, 2, (f, m) -> {
			fractions.add(f);
			messages.add(m);
		}, null);
		float[] scores = new float[4];
		scorer.run(4, (i, slot, buf, off) -> Arrays.fill(buf, off, off + 6, 10 * i),
			(i, slot, p) -> scores[i] = p, "samples", 0.2, 0.6);
		assertEquals(List.of(2, 2), model.batches);
		assertArrayEquals(new float[] {0, 0.1f, 0.2f, 0.3f}, scores, 1e-6f);
		assertEquals(2, fractions.size());
		assertEquals(0.4, fractions.get(0), 1e-12);
		assertEquals(0.6, fractions.get(1), 1e-12);
		assertEquals(List.of("samples 2/4", "samples 4/4"), messages);
		assertEquals(4, scorer.calls());
		scorer.checkCanceled();
		// a second, smaller run reuses the buffer and still fills every slot it sends
		scorer.run(1, (i, slot, buf, off) -> Arrays.fill(buf, off, off + 6, 50), (i, slot, p) -> scores[0] = p, "one",
			0, 1);
		assertEquals(0.5f, scores[0], 1e-6f);
		assertFalse(AttributionRequest.of(colourful(2, 1, 1), model, 0).withCancel(null).canceled().getAsBoolean());
	}

	@Test
	void fillsByHand() {
		RgbImage two = new RgbImage(2, 1, new float[] {1, 2, 3, 3, 6, 10});
		assertArrayEquals(new float[] {2, 4, 6.5f}, Fill.meanColor(two), 0f);
		assertTrue(assertThrows(IllegalArgumentException.class, () -> Fill.blur(0)).getMessage().contains(
			"must be positive (got 0.0)"));
		assertEquals("blur(0.5)", Fill.blur(0.5).toString());
		assertEquals("constant(1.0,2.0,3.0)", Fill.constant(1, 2, 3).toString());
		assertEquals("image-mean", Fill.imageMean().toString());
		assertEquals("segment-mean", Fill.segmentMean().toString());
	}

	@Test
	void aRidgeWithoutWeightedSamplesIsRefused() {
		assertEquals("no weighted samples", assertThrows(IllegalStateException.class, () -> new WeightedRidge(2).solve(
			1)).getMessage());
		WeightedRidge zero = new WeightedRidge(1);
		zero.add(new boolean[] {true}, 1, 0);
		assertThrows(IllegalStateException.class, () -> zero.solve(1));
	}

	@Test
	void methodsByNameAndTheirDescriptions() {
		Cubic gradients = new Cubic(4, 4);
		io.github.ablationca.engine.ExplainSettings s = new io.github.ablationca.engine.ExplainSettings();
		s.segments = 7;
		s.samples = 64;
		AttributionMethod ablation = AttributionMethods.create(" Ablation-CA ", null, s);
		assertEquals("ablation-ca", ablation.name());
		assertEquals("ablation-ca(segments=7, samples=64, fill=MEAN)", ablation.toString());
		assertEquals("ablation-ca(segments=40, samples=" + new io.github.ablationca.engine.ExplainSettings().samples +
			", fill=MEAN)", AttributionMethods.create("ablation-ca", null, null).toString());
		assertEquals("occlusion(window=auto, stride=auto, fill=image-mean)", AttributionMethods.create("occlusion",
			null, null).toString());
		assertEquals("occlusion(window=4, stride=2, fill=constant(0.0,0.0,0.0))", new Occlusion(4, 2, Fill.black())
			.toString());
		assertEquals("saliency(MAX_ABS)", AttributionMethods.create("saliency", gradients, null).toString());
		assertEquals("integrated-gradients(steps=50, baseline=constant(0.0,0.0,0.0), SUM)", AttributionMethods.create(
			"integrated-gradients", gradients, null).toString());
		for (String n : List.of("saliency", " Integrated-Gradients "))
			assertTrue(AttributionMethods.needsGradients(n), n);
		for (String n : List.of("ablation-ca", "occlusion", "lime", "rise"))
			assertFalse(AttributionMethods.needsGradients(n), n);
		for (String n : List.of("lime", "ABLATION-CA", "ablation-ca-main-effect", " ablation-ca-contribution"))
			assertTrue(AttributionMethods.usesSuperpixels(n), n);
		for (String n : List.of("occlusion", "rise", "saliency", "integrated-gradients"))
			assertFalse(AttributionMethods.usesSuperpixels(n), n);
	}
}
