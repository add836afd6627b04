package io.github.ablationca.classifier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.ablationca.image.BilinearResize;
import io.github.ablationca.image.ResizeMode;
import io.github.ablationca.image.RgbImage;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Bilinear resize and the preprocessor against values computed by hand (half-pixel centres, clamped edges). */
class ImagePreprocessorTest {

	/** A grey image (R = G = B) from row-major values. */
	private static RgbImage grey(int w, int h, float... v) {
		RgbImage img = new RgbImage(w, h);
		for (int i = 0; i < v.length; i++)
			for (int c = 0; c < 3; c++)
				img.data()[3 * i + c] = v[i];
		return img;
	}

	private static float[] red(RgbImage img) {
		float[] r = new float[img.pixelCount()];
		for (int i = 0; i < r.length; i++)
			r[i] = img.data()[3 * i];
		return r;
	}

	@Test
	void upsamplingTwoPixelsToFourUsesHalfPixelCentres() {
		// output x = 0..3 samples input at (x + 0.5) / 2 - 0.5 = -0.25, 0.25, 0.75, 1.25 -> clamp, 25 %, 75 %, clamp
		RgbImage out = new ImagePreprocessor(4, 1, ResizeMode.STRETCH, false).apply(grey(2, 1, 0, 100));
		assertArrayEquals(new float[] {0, 25, 75, 100}, red(out), 1e-5f);
	}

	@Test
	void downsamplingByTwoAveragesEachTwoByTwoBlock() {
		// output (x, y) samples input at 2x + 0.5, 2y + 0.5: the mean of a 2 x 2 block
		RgbImage src = grey(4, 2, 0, 10, 20, 30, 40, 50, 60, 70);
		RgbImage out = new ImagePreprocessor(2, 1, ResizeMode.STRETCH, false).apply(src);
		assertArrayEquals(new float[] {(0 + 10 + 40 + 50) / 4f, (20 + 30 + 60 + 70) / 4f}, red(out), 1e-5f);
	}

	@Test
	void centerCropTakesTheMiddleSquare() {
		// 6 x 2 image: the central 2 x 2 square is columns 2 and 3; resizing it to 2 x 2 is the identity
		RgbImage src = grey(6, 2, 0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15);
		RgbImage crop = new ImagePreprocessor(2, 2, ResizeMode.CENTER_CROP, false).apply(src);
		assertArrayEquals(new float[] {2, 3, 12, 13}, red(crop), 0f);
		RgbImage stretch = new ImagePreprocessor(2, 2, ResizeMode.STRETCH, false).apply(src);
		// stretch: x samples 3x + 1 -> columns 1 and 4
		assertArrayEquals(new float[] {1, 4, 11, 14}, red(stretch), 0f);
	}

	@Test
	void channelsAreResizedIndependently() {
		RgbImage src = new RgbImage(2, 1, new float[] {0, 10, 200, 100, 30, 0});
		RgbImage out = new ImagePreprocessor(4, 1, ResizeMode.STRETCH, false).apply(src);
		// output pixel 1 = 75 % of pixel 0 + 25 % of pixel 1
		assertEquals(25f, out.get(1, 0, 0), 1e-5f);
		assertEquals(15f, out.get(1, 0, 1), 1e-5f);
		assertEquals(150f, out.get(1, 0, 2), 1e-5f);
	}

	@Test
	void roundingToThe8BitGridRoundsHalfToEvenAndClamps() {
		RgbImage src = grey(2, 1, 1, 2); // upsampled: 1, 1.25, 1.75, 2
		RgbImage out = new ImagePreprocessor(4, 1, ResizeMode.STRETCH, true).apply(src);
		assertArrayEquals(new float[] {1, 1, 2, 2}, red(out), 0f);
		float[] v = {-3f, 0.5f, 1.5f, 2.5f, 254.6f, 300f, Float.NaN};
		ImagePreprocessor.roundTo8Bit(v, 0, v.length);
		assertArrayEquals(new float[] {0, 0, 2, 2, 255, 255, 0}, v, 0f);
	}

	@Test
	void packWritesEachImageIntoItsOwnSlotAndLeavesTheInputAlone() {
		RgbImage a = grey(2, 1, 0, 100), b = grey(1, 1, 7);
		float[] before = a.data().clone();
		ImagePreprocessor pre = new ImagePreprocessor(4, 1, ResizeMode.STRETCH, false);
		float[] batch = pre.pack(List.of(a, b));
		assertEquals(2 * 12, batch.length);
		assertArrayEquals(new float[] {0, 0, 0, 25, 25, 25, 75, 75, 75, 100, 100, 100},
			java.util.Arrays.copyOfRange(batch, 0, 12), 1e-5f);
		for (int i = 12; i < 24; i++)
			assertEquals(7f, batch[i], 0f);
		assertArrayEquals(before, a.data(), 0f);
	}

	@Test
	void resizeMapIsCachedForTheSameSourceSize() {
		ImagePreprocessor pre = new ImagePreprocessor(8, 8, ResizeMode.CENTER_CROP, false);
		BilinearResize r = pre.resize(30, 20);
		assertSame(r, pre.resize(30, 20));
		assertEquals(40, pre.resize(40, 20).srcWidth());
	}

	@Test
	void identityWhenTheImageHasTheModelSize() {
		RgbImage src = grey(3, 2, 1, 2, 3, 4, 5, 6);
		assertArrayEquals(src.data(), new ImagePreprocessor(3, 2, ResizeMode.STRETCH, false).apply(src).data(), 0f);
	}

	@Test
	void badInputIsRefused() {
		ImagePreprocessor pre = new ImagePreprocessor(4, 4, ResizeMode.STRETCH, false);
		assertThrows(IllegalArgumentException.class, () -> pre.apply(null));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> pre.apply(grey(1, 1, 0), new float[40], 0));
		assertEquals(true, e.getMessage().contains("no room"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> new ImagePreprocessor(0, 4, ResizeMode.STRETCH, false));
	}

	/** {@code of}: the classifier's input size with the mode asked for, no rounding. */
	@Test
	void ofTakesTheClassifiersInputSize() {
		Classifier twoByTwo = new Classifier() {
			@Override
			public int inputWidth() {
				return 2;
			}

			@Override
			public int inputHeight() {
				return 2;
			}

			@Override
			public List<String> labels() {
				return List.of("a");
			}

			@Override
			public float[][] predict(float[] images, int count) {
				throw new UnsupportedOperationException();
			}
		};
		ImagePreprocessor p = ImagePreprocessor.of(twoByTwo, ResizeMode.CENTER_CROP);
		assertEquals(2, p.width());
		assertEquals(2, p.height());
		assertEquals(ResizeMode.CENTER_CROP, p.mode());
		// the central 2 x 2 square of a 6 x 2 image, unrounded
		RgbImage src = grey(6, 2, 0, 1, 2.4f, 3, 4, 5, 10, 11, 12, 13.6f, 14, 15);
		assertArrayEquals(new float[] {2.4f, 3, 12, 13.6f}, red(p.apply(src)), 0f);
	}
}
