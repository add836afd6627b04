package io.github.ablationca.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ablationca.image.BilinearResize;
import io.github.ablationca.image.ResizeMode;
import io.github.ablationca.image.RgbImage;
import io.github.ablationca.segment.LabelImage;

import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Rendering in model space equals ablating at input resolution and then resizing, exactly. */
class AblationRendererTest {

	/** Irregular objects: nearest of {@code objects} random seed points (like superpixels, with ragged borders). */
	static LabelImage voronoi(int w, int h, int objects, long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		int[] sx = new int[objects], sy = new int[objects];
		for (int i = 0; i < objects; i++) {
			sx[i] = random.nextInt(w);
			sy[i] = random.nextInt(h);
		}
		int[] labels = new int[w * h];
		for (int y = 0, p = 0; y < h; y++)
			for (int x = 0; x < w; x++, p++) {
				int best = 0;
				long bestD = Long.MAX_VALUE;
				for (int i = 0; i < objects; i++) {
					long d = (long) (x - sx[i]) * (x - sx[i]) + (long) (y - sy[i]) * (y - sy[i]);
					if (d < bestD) {
						bestD = d;
						best = i;
					}
				}
				labels[p] = best;
			}
		return new LabelImage(w, h, labels, objects);
	}

	static RgbImage randomImage(int w, int h, long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		RgbImage img = new RgbImage(w, h);
		for (int j = 0; j < img.data().length; j++)
			img.data()[j] = random.nextInt(256);
		return img;
	}

	/** The reference: replace ablated objects' pixels by the baseline at input resolution, then resize. */
	static float[] ablateThenResize(RgbImage image, RgbImage baseline, LabelImage labels, boolean[] keep,
		BilinearResize resize)
	{
		RgbImage ablated = image.copy();
		int[] l = labels.labels();
		for (int p = 0; p < l.length; p++)
			if (!keep[l[p]]) for (int c = 0; c < 3; c++)
				ablated.data()[3 * p + c] = baseline.data()[3 * p + c];
		return resize.apply(ablated).data();
	}

	@ParameterizedTest
	@CsvSource({"64, 48, 64, 48, STRETCH, MEAN", "200, 150, 64, 64, STRETCH, BLUR", "50, 70, 224, 224, STRETCH, NOISE",
		"300, 200, 96, 96, CENTER_CROP, MEAN", "31, 97, 45, 20, CENTER_CROP, CONSTANT"})
	void renderEqualsAblateThenResize(int w, int h, int mw, int mh, ResizeMode mode, FillMode fill) {
		RgbImage image = randomImage(w, h, 3);
		float[] original = image.data().clone();
		LabelImage labels = voronoi(w, h, 25, 4);
		ExplainSettings s = new ExplainSettings();
		s.fill = fill;
		s.constantColor = new float[] {12, 200, 77};
		RgbImage baseline = FillImages.fill(image, s);
		BilinearResize resize = BilinearResize.of(w, h, mw, mh, mode);
		AblationRenderer renderer = new AblationRenderer(image, baseline, labels, resize);
		if (w != mw || h != mh) assertTrue(renderer.borderPixels() > 0, "the test must exercise object borders");
		else assertTrue(renderer.borderPixels() == 0, "same size: every model pixel is one input pixel");
		SplittableRandom random = new SplittableRandom(5);
		int size = renderer.imageSize();
		float[] batch = new float[3 * size];
		boolean[] keep = new boolean[labels.count()];
		for (int trial = 0; trial < 12; trial++) {
			for (int i = 0; i < keep.length; i++)
				keep[i] = trial == 0 || (trial != 1 && random.nextBoolean()); // all kept, all ablated, random
			int slot = trial % 3;
			renderer.render(keep, batch, slot * size);
			float[] expected = ablateThenResize(image, baseline, labels, keep, resize);
			float[] actual = java.util.Arrays.copyOfRange(batch, slot * size, (slot + 1) * size);
			assertArrayEquals(expected, actual, 0f, "mask " + trial);
		}
		assertArrayEquals(original, image.data(), 0f, "the image is not modified");
	}

	@ParameterizedTest
	@CsvSource({"image, 9, 10", "image, 10, 11", "fill, 8, 10", "fill, 10, 11", "label image, 11, 10",
		"label image, 10, 9"})
	void mismatchedSizesAreRejectedByName(String which, int w, int h) {
		BilinearResize resize = BilinearResize.of(10, 10, 5, 5, ResizeMode.STRETCH);
		RgbImage image = new RgbImage(which.equals("image") ? w : 10, which.equals("image") ? h : 10);
		RgbImage fill = new RgbImage(which.equals("fill") ? w : 10, which.equals("fill") ? h : 10);
		int lw = which.equals("label image") ? w : 10, lh = which.equals("label image") ? h : 10;
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> new AblationRenderer(image, fill, new LabelImage(lw, lh, new int[lw * lh], 1), resize));
		assertEquals("The " + which + " is " + w + " x " + h + " but the resize map expects 10 x 10; build all of " +
			"them from the same image.", e.getMessage());
	}

	@org.junit.jupiter.api.Test
	void aMaskShorterThanTheObjectsIsRefused() {
		RgbImage image = randomImage(10, 10, 2);
		AblationRenderer r = new AblationRenderer(image, FillImages.mean(image), voronoi(10, 10, 4, 1),
			BilinearResize.of(10, 10, 5, 5, ResizeMode.STRETCH));
		assertEquals(4, r.objects());
		assertEquals(75, r.imageSize());
		assertThrows(IllegalArgumentException.class, () -> r.render(new boolean[3], new float[75], 0));
		r.render(new boolean[5], new float[75], 0); // a longer mask is fine: entries past the objects are unused
	}

	@org.junit.jupiter.api.Test
	void anObjectReadOnlyByBorderPixelsIsSeen() {
		// one pixel (5, 5) of object 1 in a 10 x 10 image, resized to 4 x 4: model pixel (2, 2) samples (5.75, 5.75),
		// four taps (5..6, 5..6) of non-zero weight (the pixel's 0.0625); no model pixel lies inside the object
		int[] labels = new int[100];
		labels[55] = 1;
		RgbImage image = randomImage(10, 10, 7);
		AblationRenderer r = new AblationRenderer(image, FillImages.mean(image), new LabelImage(10, 10, labels, 2),
			BilinearResize.of(10, 10, 4, 4, ResizeMode.STRETCH));
		assertEquals(1, r.borderPixels());
		assertArrayEquals(new boolean[] {true, true}, r.seenObjects());
	}

	@org.junit.jupiter.api.Test
	void objectsOutsideTheCentreCropAreNotSeen() {
		// 3 columns of objects on a 90 x 30 image; the centre square (x 30..59) shows only the middle one.
		int[] labels = new int[90 * 30];
		for (int p = 0; p < labels.length; p++)
			labels[p] = (p % 90) / 30;
		RgbImage image = randomImage(90, 30, 1);
		AblationRenderer r = new AblationRenderer(image, FillImages.mean(image), new LabelImage(90, 30, labels, 3),
			BilinearResize.of(90, 30, 15, 15, ResizeMode.CENTER_CROP));
		org.junit.jupiter.api.Assertions.assertArrayEquals(new boolean[] {false, true, false}, r.seenObjects());
	}
}
