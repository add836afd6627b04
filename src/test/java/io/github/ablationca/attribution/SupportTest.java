package io.github.ablationca.attribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ablationca.classifier.Classifier;
import io.github.ablationca.engine.FillImages;
import io.github.ablationca.image.BilinearResize;
import io.github.ablationca.image.ResizeMode;
import io.github.ablationca.image.RgbImage;
import io.github.ablationca.segment.LabelImage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The shared machinery: model space mapping, fills, LIME's rendering through the engine, the weighted ridge. */
class SupportTest {

	@Test
	void toInputUpsamplesInTheRightOrientation() {
		ModelSpace s = ModelSpace.of(40, 20, 4, 2, ResizeMode.STRETCH);
		float[] m = {0, 1, 2, 3, 10, 11, 12, 13};
		float[] in = s.toInput(m);
		// input pixel (x, y) maps to model coordinate ((x + 0.5) / 10 - 0.5, (y + 0.5) / 10 - 0.5)
		for (int y = 0; y < 20; y++)
			for (int x = 0; x < 40; x++) {
				double mx = Math.min(3, Math.max(0, (x + 0.5) / 10 - 0.5));
				double my = Math.min(1, Math.max(0, (y + 0.5) / 10 - 0.5));
				assertEquals(mx + 10 * my, in[y * 40 + x], 1e-5, "pixel " + x + "," + y);
			}
	}

	@Test
	void centerCropLeavesPixelsTheModelCannotSeeAtZero() {
		ModelSpace s = ModelSpace.of(30, 10, 5, 5, ResizeMode.CENTER_CROP);
		float[] m = new float[25];
		java.util.Arrays.fill(m, 2);
		float[] in = s.toInput(m);
		for (int y = 0; y < 10; y++)
			for (int x = 0; x < 30; x++)
				assertEquals(x >= 10 && x < 20 ? 2f : 0f, in[y * 30 + x], 0, "pixel " + x + "," + y);
		// and back: the crop's box averages are the constant
		float[] back = s.toModel(in);
		for (float v : back)
			assertEquals(2f, v, 1e-6);
	}

	@Test
	void centerCropIsTheResizersCropForNonSquareModels() {
		// 30 x 10 image, 6 x 4 model: the crop keeps the model's 3:2 shape, 15 x 10 at x = 7..21
		ModelSpace s = ModelSpace.of(30, 10, 6, 4, ResizeMode.CENTER_CROP);
		float[] ones = new float[24];
		java.util.Arrays.fill(ones, 1);
		float[] in = s.toInput(ones);
		// an image whose value is its column: the resizer reads only the crop's columns
		RgbImage ramp = new RgbImage(30, 10);
		for (int y = 0; y < 10; y++)
			for (int x = 0; x < 30; x++)
				ramp.set(x, y, 0, x);
		float[] fitted = s.fit(ramp).data();
		float lo = Float.MAX_VALUE, hi = -Float.MAX_VALUE;
		for (int p = 0; p < 24; p++) {
			lo = Math.min(lo, fitted[3 * p]);
			hi = Math.max(hi, fitted[3 * p]);
		}
		for (int x = 0; x < 30; x++)
			assertEquals(x >= 7 && x < 22 ? 1f : 0f, in[x], 0, "column " + x);
		assertTrue(lo >= 7 && hi <= 21, lo + ".." + hi);
	}

	@Test
	void toModelAveragesTheFootprint() {
		ModelSpace s = ModelSpace.of(4, 4, 2, 2, ResizeMode.STRETCH);
		float[] in = new float[16];
		for (int i = 0; i < 16; i++)
			in[i] = i;
		// top-left footprint holds pixels 0, 1, 4, 5
		assertArrayEquals(new float[] {2.5f, 4.5f, 10.5f, 12.5f}, s.toModel(in), 1e-6f);
		// upsampling (model larger than the image): bilinear value at the model pixel centre
		ModelSpace up = ModelSpace.of(2, 1, 4, 1, ResizeMode.STRETCH);
		assertArrayEquals(new float[] {0, 0.25f, 0.75f, 1}, up.toModel(new float[] {0, 1}), 1e-6f);
	}

	@Test
	void fills() {
		RgbImage img = new RgbImage(6, 5);
		Random r = new Random(1);
		for (int i = 0; i < img.data().length; i++)
			img.data()[i] = r.nextInt(256);
		float[] mean = Fill.meanColor(img);
		RgbImage m = Fill.imageMean().apply(img, null);
		assertEquals(mean[1], m.get(3, 2, 1), 0);
		RgbImage c = Fill.constant(1, 2, 3).apply(img, null);
		assertEquals(3f, c.get(5, 4, 2), 0);
		// a blur keeps a constant image and moves a textured one towards its mean
		RgbImage flat = Fill.constant(7, 8, 9).apply(img, null);
		RgbImage blurredFlat = Fill.blur(0.2).apply(flat, null);
		for (int i = 0; i < flat.data().length; i++)
			assertEquals(flat.data()[i], blurredFlat.data()[i], 1e-4);
		RgbImage b = Fill.blur(0.5).apply(img, null);
		assertTrue(variance(b) < 0.5 * variance(img));
		// one blur in the project: the engine's, at sigma = fraction x shorter side
		assertArrayEquals(FillImages.blur(img, 0.5 * 5).data(), b.data(), 0f);
		assertArrayEquals(FillImages.mean(img).data(), m.data(), 0f);
		// segment means
		int[] lab = new int[30];
		for (int i = 15; i < 30; i++)
			lab[i] = 1;
		LabelImage sp = new LabelImage(6, 5, lab, 2);
		RgbImage s = Fill.segmentMean().apply(img, sp);
		double top = 0;
		for (int i = 0; i < 15; i++)
			top += img.data()[3 * i];
		assertEquals(top / 15, s.get(0, 0, 0), 1e-3);
		assertEquals(top / 15, s.get(2, 2, 0), 1e-3);
	}

	private static double variance(RgbImage img) {
		double s = 0, s2 = 0;
		for (float v : img.data()) {
			s += v;
			s2 += v * v;
		}
		int n = img.data().length;
		return s2 / n - (s / n) * (s / n);
	}

	/**
	 * LIME renders through the engine's renderer: every image it sends to the model must be the input with some set
	 * of superpixels replaced by the fill (their segment means), then resized; found here by trying all 2^9 sets.
	 */
	@Test
	void limeSendsTheInputAblatedThenResized() {
		Random r = new Random(2);
		int w = 50, h = 37, n = 9;
		RgbImage img = new RgbImage(w, h);
		for (int i = 0; i < img.data().length; i++)
			img.data()[i] = r.nextInt(256);
		int[] lab = new int[w * h];
		for (int i = 0; i < lab.length; i++)
			lab[i] = ((i % w) / 6 + (i / w) / 5) % n;
		LabelImage labels = new LabelImage(w, h, lab, n);
		RgbImage hidden = Fill.segmentMean().apply(img, labels);
		for (ResizeMode mode : ResizeMode.values()) {
			BilinearResize resize = BilinearResize.of(w, h, 16, 12, mode);
			List<float[]> sent = new ArrayList<>();
			Classifier recorder = new Classifier() {
				public int inputWidth() {
					return 16;
				}

				public int inputHeight() {
					return 12;
				}

				public List<String> labels() {
					return List.of("a", "b");
				}

				public float[][] predict(float[] images, int count) {
					float[][] out = new float[count][];
					for (int k = 0; k < count; k++) {
						sent.add(Arrays.copyOfRange(images, k * imageSize(), (k + 1) * imageSize()));
						out[k] = new float[] {r.nextFloat(), 0};
						out[k][1] = 1 - out[k][0];
					}
					return out;
				}
			};
			new Lime(8).explain(AttributionRequest.of(img, recorder, 0).withSegments(labels).withResize(mode)
				.withBatchSize(3));
			assertEquals(8, sent.size());
			assertArrayEquals(resize.apply(img).data(), sent.get(0), 1e-3f, "the first sample keeps everything");
			for (int s = 0; s < sent.size(); s++) {
				boolean found = false;
				for (int set = 0; set < (1 << n) && !found; set++) {
					RgbImage ablated = img.copy();
					for (int p = 0; p < lab.length; p++)
						if ((set >> lab[p] & 1) == 0)
							for (int c = 0; c < 3; c++)
								ablated.data()[3 * p + c] = hidden.data()[3 * p + c];
					found = maxDifference(resize.apply(ablated).data(), sent.get(s)) < 1e-3;
				}
				assertTrue(found, mode + ": sample " + s + " is no resized ablation of the input");
			}
		}
	}

	private static double maxDifference(float[] a, float[] b) {
		double d = 0;
		for (int i = 0; i < a.length; i++)
			d = Math.max(d, Math.abs(a[i] - b[i]));
		return d;
	}

	@Test
	void weightedRidgeMatchesTheClosedForm() {
		// one feature: beta = sum w (x - xbar)(y - ybar) / (sum w (x - xbar)^2 + alpha), xbar, ybar weighted
		boolean[][] x = {{true}, {false}, {true}, {false}, {true}};
		double[] y = {3, 1, 2.5, 0.5, 4}, w = {1, 2, 0.5, 1, 3};
		WeightedRidge ridge = new WeightedRidge(1);
		double sw = 0, sx = 0, sy = 0;
		for (int i = 0; i < y.length; i++) {
			ridge.add(x[i], y[i], w[i]);
			sw += w[i];
			sx += w[i] * (x[i][0] ? 1 : 0);
			sy += w[i] * y[i];
		}
		double xbar = sx / sw, ybar = sy / sw, sxy = 0, sxx = 0;
		for (int i = 0; i < y.length; i++) {
			double xc = (x[i][0] ? 1 : 0) - xbar;
			sxy += w[i] * xc * (y[i] - ybar);
			sxx += w[i] * xc * xc;
		}
		double alpha = 1.5;
		double beta = sxy / (sxx + alpha);
		double[] fit = ridge.solve(alpha);
		assertEquals(beta, fit[0], 1e-12);
		assertEquals(ybar - xbar * beta, fit[1], 1e-12);
	}

	@Test
	void occlusionWindowPositionsCoverTheBorder() {
		assertArrayEquals(new int[] {0, 3, 6}, Occlusion.positions(10, 4, 3));
		assertArrayEquals(new int[] {0, 3, 6, 7}, Occlusion.positions(11, 4, 3));
		assertArrayEquals(new int[] {0}, Occlusion.positions(4, 4, 3));
	}

	@Test
	void riseMasksFollowTheAuthorsUpsampling() {
		// s = 2 on 4 pixels: cell 2, upsampled size 6; grid scale 2/6, so up pixel u sits at (u + 0.5) / 3 - 0.5
		Rise.MaskUpsampler up = new Rise.MaskUpsampler(2, 4, 4);
		assertEquals(2, up.cellWidth);
		float[] m = new float[16];
		up.render(new boolean[] {true, false, true, false}, 0, 0, m);
		double[] expected = new double[4];
		for (int x = 0; x < 4; x++) {
			double g = Math.min(1, Math.max(0, (x + 0.5) / 3 - 0.5));
			expected[x] = 1 - g; // column 0 kept, column 1 hidden
		}
		for (int y = 0; y < 4; y++)
			for (int x = 0; x < 4; x++)
				assertEquals(expected[x], m[y * 4 + x], 1e-6);
		// a shift moves the window over the upsampled mask
		up.render(new boolean[] {true, false, true, false}, 1, 0, m);
		assertEquals(1 - Math.min(1, Math.max(0, (1 + 0.5) / 3 - 0.5)), m[0], 1e-6);
	}

	@Test
	void explainersByName() {
		AdditiveOracle o = AdditiveOracle.standard(0);
		AttributionMethods.Options options = new AttributionMethods.Options();
		options.riseMasks = 123;
		options.limeSamples = 45;
		java.util.List<AttributionMethod> all = AttributionMethods.parse("ablation-ca, occlusion,LIME,rise,saliency,integrated-gradients" +
			",ablation-ca-contribution,ablation-ca-main-effect", o, options);
		assertEquals(AttributionMethods.NAMES, all.stream().map(AttributionMethod::name).toList());
		assertTrue(all.get(3).toString().contains("masks=123"), all.get(3).toString());
		assertTrue(all.get(2).toString().contains("samples=45"), all.get(2).toString());
		IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
			() -> AttributionMethods.parse("rise,gradcam", null, null));
		assertTrue(e.getMessage().contains("Unknown method 'gradcam'"), e.getMessage());
		e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
			() -> AttributionMethods.parse("saliency", null, null));
		assertTrue(e.getMessage().contains("ModelLoader.gradients"), e.getMessage());
		org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
			() -> AttributionMethods.parse("rise,rise", null, null));
	}

	@Test
	void channelReductionsByHand() {
		float[] v = {0, 0, 0, 1, -4, 2};
		assertEquals(4f, ChannelReduction.MAX_ABS.reduce(v, 1));
		assertEquals(-1f, ChannelReduction.SUM.reduce(v, 1));
		assertEquals(7f, ChannelReduction.SUM_ABS.reduce(v, 1));
		assertEquals(0f, ChannelReduction.SUM_ABS.reduce(v, 0));
		assertEquals(3f, ChannelReduction.MAX_ABS.reduce(new float[] {-3, 2, 1}, 0), "the largest magnitude, not value");
	}
}
