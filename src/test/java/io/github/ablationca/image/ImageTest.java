package io.github.ablationca.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import net.imglib2.img.array.ArrayImgs;
import net.imglib2.view.Views;

/** Resizing, cropping, conversion and colour maps against values worked out by hand. */
class ImageTest {

	/** An image whose red sample is the pixel's index {@code y * width + x}, green 2x that, blue 0. */
	private static RgbImage indexed(int w, int h) {
		RgbImage img = new RgbImage(w, h);
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				img.set(x, y, 0, y * w + x);
				img.set(x, y, 1, 2 * (y * w + x));
			}
		return img;
	}

	private static float[] red(RgbImage img) {
		float[] r = new float[img.pixelCount()];
		for (int i = 0; i < r.length; i++)
			r[i] = img.data()[3 * i];
		return r;
	}

	/**
	 * Centre crop to 2 x 2: the central square has the short side (6) and starts at (long - short) / 2. Scaling 6 to 2
	 * puts the output centres at crop positions (o + 0.5) * 3 - 0.5 = 1 and 4, whole pixels: the output is those
	 * four pixels exactly.
	 */
	@Test
	void tapsAndWeightsByHand() {
		// 6 x 1 to 4 x 1: output pixel o samples x = (o + 0.5) * 1.5 - 0.5 = 0.25, 1.75, 3.25, 4.75; the row is exact
		// (weight 0 on the second row's taps, which repeat the first row's pixels)
		BilinearResize r = BilinearResize.of(6, 1, 4, 1, ResizeMode.STRETCH);
		int[][] taps = {{0, 1, 0, 1}, {1, 2, 1, 2}, {3, 4, 3, 4}, {4, 5, 4, 5}};
		float[][] weights = {{0.75f, 0.25f, 0, 0}, {0.25f, 0.75f, 0, 0}, {0.75f, 0.25f, 0, 0}, {0.25f, 0.75f, 0, 0}};
		for (int p = 0; p < 4; p++)
			for (int t = 0; t < 4; t++) {
				assertEquals(taps[p][t], r.tap(p, t), "tap " + t + " of pixel " + p);
				assertEquals(weights[p][t], r.weight(p, t), 1e-6f, "weight " + t + " of pixel " + p);
			}
	}

	@Test
	void centreCropOfPortraitAndLandscapeByHand() {
		// portrait 6 x 10: crop rows 2..7, output = pixels (1, 3), (4, 3), (1, 6), (4, 6)
		RgbImage portrait = BilinearResize.of(6, 10, 2, 2, ResizeMode.CENTER_CROP).apply(indexed(6, 10));
		assertArrayEquals(new float[] {3 * 6 + 1, 3 * 6 + 4, 6 * 6 + 1, 6 * 6 + 4}, red(portrait));
		assertEquals(2 * (3 * 6 + 4), portrait.get(1, 0, 1), "green follows the same taps");
		// landscape 10 x 6: crop columns 2..7, output = pixels (3, 1), (6, 1), (3, 4), (6, 4)
		RgbImage landscape = BilinearResize.of(10, 6, 2, 2, ResizeMode.CENTER_CROP).apply(indexed(10, 6));
		assertArrayEquals(new float[] {10 + 3, 10 + 6, 40 + 3, 40 + 6}, red(landscape));
		// an odd margin rounds down: 6 x 9 crops rows 1..6
		RgbImage odd = BilinearResize.of(6, 9, 2, 2, ResizeMode.CENTER_CROP).apply(indexed(6, 9));
		assertArrayEquals(new float[] {2 * 6 + 1, 2 * 6 + 4, 5 * 6 + 1, 5 * 6 + 4}, red(odd));
		// a non-square target keeps its own aspect: 12 x 12 to 2 x 1 crops the central 12 x 6 (rows 3..8);
		// x: (o + 0.5) * 6 - 0.5 = 2.5, 8.5; y: 0.5 * 6 - 0.5 = 2.5 (+3): halfway between rows 5 and 6
		RgbImage wide = BilinearResize.of(12, 12, 2, 1, ResizeMode.CENTER_CROP).apply(indexed(12, 12));
		assertArrayEquals(new float[] {(5 * 12 + 6 * 12) / 2f + 2.5f, (5 * 12 + 6 * 12) / 2f + 8.5f}, red(wide),
			1e-4f);
		// a square image is not cropped
		RgbImage square = BilinearResize.of(6, 6, 2, 2, ResizeMode.CENTER_CROP).apply(indexed(6, 6));
		assertArrayEquals(new float[] {7, 10, 25, 28}, red(square));
	}

	/** Stretching maps the whole image: 4 x 2 to 2 x 1 averages 2 x 2 blocks (positions 0.5 between pixels). */
	@Test
	void stretchResizeUsesTheWholeImageWithHalfPixelCentres() {
		BilinearResize r = BilinearResize.of(4, 2, 2, 1, ResizeMode.STRETCH);
		assertArrayEquals(new float[] {(0 + 1 + 4 + 5) / 4f, (2 + 3 + 6 + 7) / 4f}, red(r.apply(indexed(4, 2))));
		assertEquals(4, r.srcWidth());
		assertEquals(2, r.srcHeight());
		assertEquals(2, r.dstWidth());
		assertEquals(1, r.dstHeight());
		// taps and weights of output 1: pixels 2, 3, 6, 7, a quarter each
		for (int t = 0; t < 4; t++) {
			assertEquals(new int[] {2, 3, 6, 7}[t], r.tap(1, t));
			assertEquals(0.25f, r.weight(1, t));
		}
		// upscaling clamps at the edges: 2 x 1 to 4 x 1 gives positions -0.25, 0.25, 0.75, 1.25
		RgbImage up = BilinearResize.of(2, 1, 4, 1, ResizeMode.STRETCH).apply(indexed(2, 1));
		assertArrayEquals(new float[] {0, 0.25f, 0.75f, 1}, red(up), 1e-6f);
		// writing into a batch buffer at an offset
		float[] batch = new float[3 + 6];
		BilinearResize.of(4, 2, 2, 1, ResizeMode.STRETCH).apply(indexed(4, 2), batch, 3);
		assertArrayEquals(new float[] {0, 0, 0, 2.5f, 5, 0, 4.5f, 9, 0}, batch);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.apply(indexed(3, 2)));
		assertTrue(e.getMessage().contains("3 x 2"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> BilinearResize.of(0, 2, 2, 2, ResizeMode.STRETCH));
		assertThrows(IllegalArgumentException.class, () -> BilinearResize.of(2, 0, 2, 2, ResizeMode.STRETCH));
		assertThrows(IllegalArgumentException.class, () -> BilinearResize.of(2, 2, 0, 2, ResizeMode.STRETCH));
		assertThrows(IllegalArgumentException.class, () -> BilinearResize.of(2, 2, 2, 0, ResizeMode.CENTER_CROP));
		// a 1-pixel-wide crop: 1 x 5 to 3 x 3 crops to 1 x 1 (the middle pixel), never to nothing
		RgbImage thin = BilinearResize.of(1, 5, 3, 3, ResizeMode.CENTER_CROP).apply(indexed(1, 5));
		assertArrayEquals(new float[] {2, 2, 2, 2, 2, 2, 2, 2, 2}, red(thin), 1e-5f);
		RgbImage flat = BilinearResize.of(5, 1, 3, 3, ResizeMode.CENTER_CROP).apply(indexed(5, 1));
		assertArrayEquals(new float[] {2, 2, 2, 2, 2, 2, 2, 2, 2}, red(flat), 1e-5f);
	}

	@Test
	void greyImagesFollowTheDocumentedConversionRule() {
		// 8-bit: copied unscaled to R, G and B
		RgbImage bytes = ImageConversion.toRgb(ArrayImgs.unsignedBytes(new byte[] {0, 7, (byte) 200, (byte) 255}, 2,
			2));
		assertArrayEquals(new float[] {0, 0, 0, 7, 7, 7, 200, 200, 200, 255, 255, 255}, bytes.data());
		// 16-bit: finite min..max to 0..255
		RgbImage shorts = ImageConversion.toRgb(ArrayImgs.unsignedShorts(new short[] {100, 200, 300, 500}, 4, 1));
		assertArrayEquals(new float[] {0, 63.75f, 127.5f, 255}, red(shorts), 1e-4f);
		// 32-bit with NaN and infinities: they are left out of the range and become 0
		RgbImage floats = ImageConversion.toRgb(ArrayImgs.floats(new float[] {Float.NaN, -1, 3, Float.POSITIVE_INFINITY,
			Float.NEGATIVE_INFINITY, 1}, 6, 1));
		assertArrayEquals(new float[] {0, 0, 255, 0, 0, 127.5f}, red(floats), 1e-4f);
		// a given display range clamps: [0, 2] maps -1 to 0, 3 to 255, 1 to 127.5
		RgbImage ranged = ImageConversion.toRgb(ArrayImgs.floats(new float[] {-1, 3, 1, 2}, 4, 1), 0, 2);
		assertArrayEquals(new float[] {0, 255, 127.5f, 255}, red(ranged), 1e-4f);
		// only one end given: the other is the image's own
		RgbImage low = ImageConversion.toRgb(ArrayImgs.floats(new float[] {4, 6, 8}, 3, 1), 0, Double.NaN);
		assertArrayEquals(new float[] {127.5f, 191.25f, 255}, red(low), 1e-4f);
		RgbImage high = ImageConversion.toRgb(ArrayImgs.floats(new float[] {4, 6, 8}, 3, 1), Double.NaN, 12);
		assertArrayEquals(new float[] {0, 63.75f, 127.5f}, red(high), 1e-4f);
		// constant and all-NaN images are black
		assertArrayEquals(new float[] {0, 0}, red(ImageConversion.toRgb(ArrayImgs.floats(new float[] {5, 5}, 2, 1))));
		assertArrayEquals(new float[] {0, 0}, red(ImageConversion.toRgb(ArrayImgs.floats(new float[] {Float.NaN,
			Float.NaN}, 2, 1))));
		// RGB: channels as they are, alpha ignored; a translated view converts alike
		int[] argb = {0x80102030, 0xff405060};
		RgbImage rgb = ImageConversion.toRgb(ArrayImgs.argbs(argb, 2, 1));
		assertArrayEquals(new float[] {16, 32, 48, 64, 80, 96}, rgb.data());
		assertArrayEquals(rgb.data(), ImageConversion.toRgb(Views.translate(ArrayImgs.argbs(argb, 2, 1), 5, 5))
			.data());
	}

	@Test
	void badImagesAreRefusedWithTheProblem() {
		assertTrue(assertThrows(IllegalArgumentException.class, () -> ImageConversion.toRgb(null)).getMessage()
			.contains("No image"));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> ImageConversion.toRgb(ArrayImgs.floats(2, 2,
			2))).getMessage().contains("2D"));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> ImageConversion.toRgb(ArrayImgs.complexFloats(
			2, 2))).getMessage().contains("Unsupported pixel type"));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> ImageConversion.toRgb(Views.interval(ArrayImgs
			.floats(2, 2), new long[] {0, 0}, new long[] {-1, 1}))).getMessage().contains("0 x 2"));
		assertThrows(IllegalArgumentException.class, () -> new RgbImage(0, 3));
		assertThrows(IllegalArgumentException.class, () -> new RgbImage(3, 0));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> new RgbImage(50000, 50000)).getMessage()
			.contains("too large"));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> new RgbImage(2, 2, new float[11]))
			.getMessage().contains("expected 2 x 2 x 3 = 12"));
		assertThrows(IllegalArgumentException.class, () -> RgbImage.fromArgb(new int[3], 2, 2));
		assertThrows(IllegalArgumentException.class, () -> RgbImage.fromArgb(new int[1], 2, 2));
		assertEquals("ARGB array has 5 pixels, expected 6", assertThrows(IllegalArgumentException.class,
			() -> RgbImage.fromArgb(new int[5], 3, 2)).getMessage());
		// a virtual 100000 x 100000 image (nothing allocated) is refused before any buffer is made
		assertTrue(assertThrows(IllegalArgumentException.class, () -> ImageConversion.toRgb(Views.interval(Views
			.extendZero(ArrayImgs.floats(1, 1)), new long[] {0, 0}, new long[] {99999, 99999}))).getMessage().contains(
				"100000 x 100000 is not usable"));
		// the smallest images are fine: 1 x 1 and single rows and columns
		assertArrayEquals(new float[] {9, 9, 9}, ImageConversion.toRgb(ArrayImgs.unsignedBytes(new byte[] {9}, 1, 1))
			.data());
		assertEquals(3, ImageConversion.toRgb(ArrayImgs.unsignedBytes(new byte[3], 1, 3)).height());
		assertEquals(3, ImageConversion.toRgb(ArrayImgs.unsignedBytes(new byte[3], 3, 1)).width());
	}

	@Test
	void rgbImagePacksAndUnpacksArgb() {
		int[] argb = {0xff010203, 0x00fffefd, 0xff800000, 0xff000080, 0xff00ff00, 0xff7f7f7f};
		RgbImage img = RgbImage.fromArgb(argb, 3, 2);
		assertEquals(3, img.width());
		assertEquals(2, img.height());
		assertEquals(6, img.pixelCount());
		assertEquals(254, img.get(1, 0, 1));
		assertEquals(0x80, img.get(0, 1, 2));
		int[] back = img.toArgb();
		for (int i = 0; i < argb.length; i++)
			assertEquals(argb[i] | 0xff000000, back[i], "opaque, same colour at " + i);
		// rounded and clamped
		RgbImage odd = new RgbImage(2, 1, new float[] {-3, 255.6f, 127.5f, 300, 0.49f, 0.5f});
		assertArrayEquals(new int[] {0xff00ff80, 0xffff0001}, odd.toArgb());
		RgbImage copy = img.copy();
		copy.set(0, 0, 0, 99);
		assertEquals(1, img.get(0, 0, 0), "a copy is independent");
		assertEquals(99, copy.get(0, 0, 0));
		assertEquals(img.data()[5], img.asImg().getAt(2, 1, 0).get(), "asImg is (channel, x, y) on the same memory");
		assertEquals(3, img.asImg().dimension(1));
	}

	@Test
	void colourMapsByHand() {
		assertEquals(0x0000ff, ColorMaps.diverging(0));
		assertEquals(0xffffff, ColorMaps.diverging(128));
		assertEquals(0xff0000, ColorMaps.diverging(255));
		assertEquals(0x8080ff, ColorMaps.diverging(64), "halfway to white: round(255 * 64 / 128) = 128");
		assertEquals(0xff8181, ColorMaps.diverging(191), "round(255 * (255 - 191) / 127) = round(128.5) = 129");
		assertEquals(128, ColorMaps.divergingIndex(0, 1));
		assertEquals(0, ColorMaps.divergingIndex(-1, 1));
		assertEquals(255, ColorMaps.divergingIndex(1, 1));
		assertEquals(0, ColorMaps.divergingIndex(-5, 1), "clamped");
		assertEquals(255, ColorMaps.divergingIndex(5, 1), "clamped");
		assertEquals(191, ColorMaps.divergingIndex(0.5, 1), "round(0.75 * 255) = 191");
		assertEquals(64, ColorMaps.divergingIndex(-1, 2), "round(0.25 * 255) = 64");
		assertEquals(128, ColorMaps.divergingIndex(Double.NaN, 1));
		assertEquals(128, ColorMaps.divergingIndex(0.3, 0));
		assertEquals(128, ColorMaps.divergingIndex(Double.POSITIVE_INFINITY, 1));
		assertEquals(0x000000, ColorMaps.hot(0));
		assertEquals(0x000000, ColorMaps.hot(-1));
		assertEquals(0xff0000, ColorMaps.hot(1 / 3.0));
		assertEquals(0xffff00, ColorMaps.hot(2 / 3.0));
		assertEquals(0xffffff, ColorMaps.hot(1));
		assertEquals(0xffffff, ColorMaps.hot(7));
		assertEquals(0x800000, ColorMaps.hot(1 / 6.0 + 1e-4), "halfway to red: round(255 * 0.5003) = 128");
		assertEquals(0xff8000, ColorMaps.hot(0.5 + 1e-4));
		assertEquals(0xffff80, ColorMaps.hot(5 / 6.0 + 1e-4));
	}
}
