package io.github.ablationca.classifier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class SoftmaxAndPredictionsTest {

	@Test
	void softmaxOfHandComputedValues() {
		// exp(0) : exp(ln 2) : exp(ln 5) = 1 : 2 : 5
		float[] p = Softmax.of(new float[] {0f, (float) Math.log(2), (float) Math.log(5)});
		assertArrayEquals(new float[] {1 / 8f, 2 / 8f, 5 / 8f}, p, 1e-6f);
		// shifting all logits changes nothing, even far beyond exp's float range
		float e = (float) Math.E;
		assertArrayEquals(new float[] {1 / (1 + e), e / (1 + e)}, Softmax.of(new float[] {1000f, 1001f}), 1e-6f);
		float[] row = {9, 1, 2, 3, 9};
		Softmax.inPlace(row, 1, 3);
		assertEquals(9f, row[0]);
		assertEquals(9f, row[4]);
		assertEquals(1.0, row[1] + row[2] + row[3], 1e-6);
		assertArrayEquals(new float[] {0.5f, 0.5f, 0f}, Softmax.of(new float[] {Float.POSITIVE_INFINITY,
			Float.POSITIVE_INFINITY, 3f}), 0f);
		IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
			() -> Softmax.of(new float[] {1f, Float.NaN}));
		assertTrue(nan.getMessage().contains("NaN"));
	}

	@Test
	void topKSortsByProbabilityThenIndex() {
		float[] p = {0.1f, 0.3f, 0.05f, 0.3f, 0.25f};
		List<String> labels = List.of("a", "b", "c", "d", "e");
		List<ClassScore> top = Predictions.topK(p, labels, 3);
		assertEquals(List.of(new ClassScore(1, "b", 0.3f), new ClassScore(3, "d", 0.3f), new ClassScore(4, "e", 0.25f)),
			top);
		assertEquals(5, Predictions.topK(p, labels, 10).size());
		assertEquals(2, Predictions.topK(p, labels, 10).get(4).index());
		assertEquals(0, Predictions.topK(p, labels, 0).size());
		assertEquals("1", Predictions.topK(p, null, 1).get(0).label());
		assertEquals(1, Predictions.argmax(p));
		assertEquals(1, Predictions.argmax(new float[] {Float.NaN, 0.2f}));
		assertThrows(IllegalArgumentException.class, () -> Predictions.topK(p, List.of("a"), 1));
	}

	@Test
	void valueRangesMapTheEightBitScaleAsDocumented() {
		assertEquals(-1f, ValueRange.MINUS_ONE_TO_ONE.apply(0, 0), 1e-6f);
		assertEquals(1f, ValueRange.MINUS_ONE_TO_ONE.apply(255, 2), 1e-6f);
		assertEquals(-1f, ValueRange.CENTERED_128.apply(0, 1), 1e-6f);
		assertEquals(0f, ValueRange.CENTERED_128.apply(128, 1), 1e-6f);
		assertEquals(0.2f, ValueRange.ZERO_TO_ONE.apply(51, 0), 1e-6f);
		assertEquals(51f, ValueRange.ZERO_TO_255.apply(51, 0), 0f);
		assertEquals((1 - 0.456f) / 0.224f, ValueRange.IMAGENET.apply(255, 1), 1e-5f);
		assertEquals((0 - 0.406f) / 0.225f, ValueRange.IMAGENET.apply(0, 2), 1e-5f);
		assertEquals(ValueRange.MINUS_ONE_TO_ONE, ValueRange.parse("[-1, 1]"));
		assertEquals(ValueRange.MINUS_ONE_TO_ONE, ValueRange.parse("-1..1"));
		assertEquals(ValueRange.ZERO_TO_255, ValueRange.parse("ZERO_TO_255"));
		assertEquals(ValueRange.IMAGENET, ValueRange.parse("ImageNet"));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ValueRange.parse("0..2"));
		assertTrue(e.getMessage().contains("-1..1, centered-128, 0..1, 0..255, imagenet"), e.getMessage());
	}
}
