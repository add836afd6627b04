package io.github.ablationca.classifier;

/**
 * Numerically stable softmax: {@code p_i = exp(z_i - max z) / sum_j exp(z_j - max z)}, summed in double.
 * <pre>{@code
 * float[] probabilities = Softmax.of(logits);
 * }</pre>
 */
public final class Softmax {

	private Softmax() {}

	/** A new array with the softmax of {@code logits}. */
	public static float[] of(float[] logits) {
		float[] out = logits.clone();
		inPlace(out, 0, out.length);
		return out;
	}

	/**
	 * Replaces {@code values[offset .. offset + length)} by their softmax.
	 *
	 * @throws IllegalArgumentException if the range is empty or a value is NaN
	 */
	public static void inPlace(float[] values, int offset, int length) {
		if (length <= 0) throw new IllegalArgumentException("Softmax of an empty vector");
		float max = Float.NEGATIVE_INFINITY;
		for (int i = offset; i < offset + length; i++) {
			float v = values[i];
			if (Float.isNaN(v))
				throw new IllegalArgumentException("Model output contains NaN at class " + (i - offset) +
					"; check the model's value range (the input may be scaled wrongly).");
			if (v > max) max = v;
		}
		if (max == Float.NEGATIVE_INFINITY) {
			for (int i = offset; i < offset + length; i++)
				values[i] = 1f / length;
			return;
		}
		if (max == Float.POSITIVE_INFINITY) {
			// Infinite logits: the probability mass is shared by the infinite ones.
			int count = 0;
			for (int i = offset; i < offset + length; i++)
				if (values[i] == Float.POSITIVE_INFINITY) count++;
			for (int i = offset; i < offset + length; i++)
				values[i] = values[i] == Float.POSITIVE_INFINITY ? 1f / count : 0f;
			return;
		}
		double sum = 0;
		for (int i = offset; i < offset + length; i++)
			sum += Math.exp((double) values[i] - max);
		for (int i = offset; i < offset + length; i++)
			values[i] = (float) (Math.exp((double) values[i] - max) / sum);
	}
}
