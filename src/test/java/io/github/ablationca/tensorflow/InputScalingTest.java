package io.github.ablationca.tensorflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.ablationca.classifier.ValueRange;

import org.junit.jupiter.api.Test;

/** The gradient adapter's scaling built from a classifier value range feeds the model what the classifier feeds. */
class InputScalingTest {

	@Test
	void ofValueRangeMapsPixelsAsTheClassifierDoes() {
		for (ValueRange r : ValueRange.values()) {
			InputScaling s = InputScaling.of(r);
			for (int c = 0; c < 3; c++)
				for (float p : new float[] {0, 1, 77, 127.5f, 128, 200, 255})
					assertEquals(r.apply(p, c), p * s.scale()[c] + s.offset()[c], 1e-5, r + " channel " + c + " at " + p);
		}
		// the hand-written presets agree with the ranges they stand for
		InputScaling minusOneToOne = InputScaling.of(ValueRange.MINUS_ONE_TO_ONE), range = InputScaling.range(-1, 1);
		for (int c = 0; c < 3; c++) {
			assertEquals(range.scale()[c], minusOneToOne.scale()[c], 1e-7);
			assertEquals(range.offset()[c], minusOneToOne.offset()[c], 1e-6);
			assertEquals(1f, InputScaling.of(ValueRange.ZERO_TO_255).scale()[c]);
			assertEquals(0f, InputScaling.of(ValueRange.ZERO_TO_255).offset()[c], 0f);
		}
		assertThrows(IllegalArgumentException.class, () -> InputScaling.of((ValueRange) null));
	}
}
