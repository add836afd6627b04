package io.github.ablationca.classifier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.ablationca.image.ResizeMode;
import io.github.ablationca.image.RgbImage;

/** The model-side preprocessing (fit, rounding, value ranges) and the output side (softmax, top-k) by hand. */
class PreprocessingByHandTest {

	@Test
	void preprocessorFitsRoundsAndWritesIntoItsSlot() {
		ImagePreprocessor p = new ImagePreprocessor(1, 1, ResizeMode.CENTER_CROP, true);
		assertEquals(1, p.width());
		assertEquals(1, p.height());
		assertEquals(ResizeMode.CENTER_CROP, p.mode());
		assertTrue(p.roundTo8Bit());
		assertEquals(3, p.imageSize());
		// a 3 x 1 image cropped to its centre pixel (1, 0)
		RgbImage img = new RgbImage(3, 1, new float[] {0, 0, 0, 10.5f, 11.5f, 300, 0, 0, 0});
		assertArrayEquals(new float[] {10, 12, 255}, p.apply(img).data(), "half to even, clamped");
		float[] batch = new float[7];
		p.apply(img, batch, 4);
		assertArrayEquals(new float[] {0, 0, 0, 0, 10, 12, 255}, batch);
		assertThrows(IllegalArgumentException.class, () -> p.apply(img, new float[7], 5), "no room at offset 5");
		assertThrows(IllegalArgumentException.class, () -> p.apply(img, new float[7], -1));
		assertThrows(IllegalArgumentException.class, () -> p.apply(null, new float[3], 0));
		assertArrayEquals(new float[] {10, 12, 255, 10, 12, 255}, p.pack(List.of(img, img)));
		assertSame(p.resize(3, 1), p.resize(3, 1), "the map of the last size is kept");
		assertEquals(5, p.resize(5, 1).srcWidth());
		// stretching and no rounding: the mean of the three pixels' centres at 1.5 / 3 ... is pixel 1 again
		ImagePreprocessor stretch = new ImagePreprocessor(1, 1, null, false);
		assertEquals(ResizeMode.STRETCH, stretch.mode());
		assertFalse(stretch.roundTo8Bit());
		assertArrayEquals(new float[] {10.5f, 11.5f, 300}, stretch.apply(img).data());
		for (int[] size : new int[][] {{0, 1}, {1, 0}, {-1, 5}})
			assertThrows(IllegalArgumentException.class, () -> new ImagePreprocessor(size[0], size[1], null, false));
		assertEquals(1, new ImagePreprocessor(1, 1, null, false).width(), "1 x 1 is a valid model size");
	}

	@Test
	void roundingIsHalfToEvenAndClamped() {
		float[] v = {-0.4f, 0f, 0.5f, 1.5f, 2.5f, 254.5f, 254.6f, 255f, 256f, Float.NaN, 0.2f, -0f};
		ImagePreprocessor.roundTo8Bit(v, 0, v.length);
		// an 8-bit value has no sign: -0 becomes 0 (assertArrayEquals compares floats bit for bit)
		assertArrayEquals(new float[] {0, 0, 0, 2, 2, 254, 255, 255, 255, 0, 0, 0}, v);
		float[] part = {7.7f, 7.7f, 7.7f};
		ImagePreprocessor.roundTo8Bit(part, 1, 1);
		assertArrayEquals(new float[] {7.7f, 8, 7.7f}, part, "only the range");
	}

	@Test
	void valueRangesByHand() {
		assertEquals(1f, ValueRange.MINUS_ONE_TO_ONE.apply(255, 0));
		assertEquals(-1f, ValueRange.MINUS_ONE_TO_ONE.apply(0, 2));
		assertEquals(-1f, ValueRange.CENTERED_128.apply(0, 1));
		assertEquals(127 / 128f, ValueRange.CENTERED_128.apply(255, 1));
		assertEquals(1f, ValueRange.ZERO_TO_ONE.apply(255, 2));
		assertEquals(17f, ValueRange.ZERO_TO_255.apply(17, 0));
		assertEquals((200 / 255f - 0.406f) / 0.225f, ValueRange.IMAGENET.apply(200, 2), 1e-5f);
		assertEquals(0.456f * 255, ValueRange.IMAGENET.mean(1), 1e-4f);
		assertEquals(0.229f * 255, ValueRange.IMAGENET.std(0), 1e-4f);
		assertEquals("-1..1", ValueRange.MINUS_ONE_TO_ONE.id());
		assertEquals("-1..1", ValueRange.MINUS_ONE_TO_ONE.toString());
		assertTrue(ValueRange.IMAGENET.description().contains("0.485"));
		assertSame(ValueRange.IMAGENET, ValueRange.parse(" Torch "));
		assertSame(ValueRange.CENTERED_128, ValueRange.parse("centered_128"));
		assertSame(ValueRange.ZERO_TO_ONE, ValueRange.parse("zero-to-one"));
		assertSame(ValueRange.MINUS_ONE_TO_ONE, ValueRange.parse("[-1, 1]"));
		assertEquals("-1..1, centered-128, 0..1, 0..255, imagenet", ValueRange.ids());
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ValueRange.parse("0..2"));
		assertTrue(e.getMessage().contains("'0..2'") && e.getMessage().contains(ValueRange.ids()), e.getMessage());
		assertTrue(assertThrows(IllegalArgumentException.class, () -> ValueRange.parse(null)).getMessage().contains(
			ValueRange.ids()));
	}

	@Test
	void softmaxOfSlicesInfinitiesAndOneClass() {
		// a slice of length 1 is probability 1, whatever its logit; the neighbours stay
		float[] one = {5, -3, 7};
		Softmax.inPlace(one, 1, 1);
		assertArrayEquals(new float[] {5, 1, 7}, one);
		// the slice's maximum is its own, not the array's: logits 0, ln 3 at offset 2 give 1/4, 3/4
		float[] shifted = {100, 100, 0, (float) Math.log(3)};
		Softmax.inPlace(shifted, 2, 2);
		assertArrayEquals(new float[] {100, 100, 0.25f, 0.75f}, shifted, 1e-6f);
		// all -infinity: uniform; +infinity shares the mass
		assertArrayEquals(new float[] {0.25f, 0.25f, 0.25f, 0.25f}, Softmax.of(new float[] {Float.NEGATIVE_INFINITY,
			Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY}));
		float[] inf = {3, Float.POSITIVE_INFINITY, 1, Float.POSITIVE_INFINITY, Float.POSITIVE_INFINITY, 2};
		Softmax.inPlace(inf, 1, 4);
		assertArrayEquals(new float[] {3, 1 / 3f, 0, 1 / 3f, 1 / 3f, 2}, inf, 1e-7f);
		// -infinity beside finite logits has probability 0
		assertArrayEquals(new float[] {0, 1}, Softmax.of(new float[] {Float.NEGATIVE_INFINITY, -50}));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Softmax.inPlace(
			new float[] {1, 2, Float.NaN}, 1, 2));
		assertTrue(e.getMessage().contains("at class 1"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> Softmax.inPlace(new float[3], 1, 0));
	}

	@Test
	void topKRanksNaNLastAndBreaksTiesByIndex() {
		float[] p = {Float.NaN, 0.2f, Float.NaN, 0.5f, 0.2f};
		List<ClassScore> all = Predictions.topK(p, null, 10);
		assertEquals(List.of(3, 1, 4, 0, 2), all.stream().map(ClassScore::index).toList());
		assertEquals("3", all.get(0).label());
		assertEquals(List.of(3, 1), Predictions.topK(p, null, 2).stream().map(ClassScore::index).toList());
		assertEquals(List.of(), Predictions.topK(p, null, 0));
		// a later NaN never displaces a number, a later number always displaces a NaN
		assertEquals(List.of(1, 4), Predictions.topK(new float[] {Float.NaN, 0.1f, Float.NaN, Float.NaN, 0.1f}, null,
			2).stream().map(ClassScore::index).toList());
		assertEquals(1, Predictions.argmax(new float[] {0.3f, 0.7f}));
		assertEquals(0, Predictions.argmax(new float[] {0.5f, 0.5f}), "the lowest index among equals");
		assertEquals(2, Predictions.argmax(new float[] {-1, -2, 0}));
		assertThrows(IllegalArgumentException.class, () -> Predictions.argmax(new float[0]));
		assertThrows(IllegalArgumentException.class, () -> Predictions.argmax(null));
		assertThrows(IllegalArgumentException.class, () -> Predictions.topK(null, null, 1));
		assertThrows(IllegalArgumentException.class, () -> Predictions.topK(p, null, -1));
		assertThrows(IllegalArgumentException.class, () -> Predictions.topK(p, List.of("a"), 1));
	}
}
