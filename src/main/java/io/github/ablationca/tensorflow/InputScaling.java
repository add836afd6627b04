package io.github.ablationca.tensorflow;

import io.github.ablationca.classifier.ValueRange;

import java.util.Arrays;

/**
 * How 8-bit-scale pixels (0..255, as in every {@code Classifier} batch) map to the values a model was trained on:
 * {@code model = pixel * scale[c] + offset[c]} per channel {@code c} (R, G, B). The gradient adapter applies it
 * before feeding and applies the chain rule after, so gradients are always with respect to 0..255 pixels.
 * Must match the value range the classifier uses for the same model: build it from that {@link ValueRange} with
 * {@link #of(ValueRange)} (as {@code evaluate} does with the DJL classifier's range).
 *
 * <pre>{@code
 * InputScaling same = InputScaling.of(classifier.valueRange()); // what the DJL classifier feeds
 * InputScaling mobilenet = InputScaling.range(-1, 1);          // 0 -> -1, 255 -> 1
 * InputScaling resnet8 = InputScaling.identity();             // raw 0..255
 * }</pre>
 */
public record InputScaling(float[] scale, float[] offset) {

	public InputScaling {
		if (scale == null || offset == null || scale.length != 3 || offset.length != 3)
			throw new IllegalArgumentException("Input scaling needs three scales and three offsets (R, G, B).");
		for (int c = 0; c < 3; c++)
			if (!Float.isFinite(scale[c]) || scale[c] == 0 || !Float.isFinite(offset[c]))
				throw new IllegalArgumentException("Input scaling must be finite with non-zero scales, got scale " +
					Arrays.toString(scale) + ", offset " + Arrays.toString(offset) + ".");
		scale = scale.clone();
		offset = offset.clone();
	}

	/** The same scale and offset on all channels. */
	public static InputScaling of(float scale, float offset) {
		return new InputScaling(new float[] {scale, scale, scale}, new float[] {offset, offset, offset});
	}

	/**
	 * The mapping of a classifier value range, {@code (p - mean[c]) / std[c]}: {@code scale = 1 / std},
	 * {@code offset = -mean / std}, so gradients and predictions see the same model inputs.
	 */
	public static InputScaling of(ValueRange range) {
		if (range == null) throw new IllegalArgumentException("No value range given; use the classifier's, e.g. " +
			"ValueRange.parse(\"-1..1\").");
		float[] s = new float[3], o = new float[3];
		for (int c = 0; c < 3; c++) {
			s[c] = 1f / range.std(c);
			o[c] = -range.mean(c) / range.std(c);
		}
		return new InputScaling(s, o);
	}

	/** Raw 0..255 values. */
	public static InputScaling identity() {
		return of(1, 0);
	}

	/** 0..255 mapped linearly onto {@code [min, max]}, e.g. {@code range(-1, 1)} or {@code range(0, 1)}. */
	public static InputScaling range(float min, float max) {
		if (!(max > min)) throw new IllegalArgumentException("Value range needs max > min, got [" + min + ", " + max +
			"].");
		return of((max - min) / 255f, min);
	}

	/** {@code (pixel / 255 - mean[c]) / std[c]}, mean and std on the 0..1 scale (ImageNet: 0.485, 0.456, 0.406 / 0.229, 0.224, 0.225). */
	public static InputScaling meanStd(float[] mean, float[] std) {
		if (mean == null || std == null || mean.length != 3 || std.length != 3)
			throw new IllegalArgumentException("Mean/std scaling needs three means and three standard deviations.");
		float[] s = new float[3], o = new float[3];
		for (int c = 0; c < 3; c++) {
			s[c] = 1f / (255f * std[c]);
			o[c] = -mean[c] / std[c];
		}
		return new InputScaling(s, o);
	}

	@Override
	public float[] scale() {
		return scale.clone();
	}

	@Override
	public float[] offset() {
		return offset.clone();
	}

	@Override
	public String toString() {
		return "InputScaling(scale=" + Arrays.toString(scale) + ", offset=" + Arrays.toString(offset) + ")";
	}
}
