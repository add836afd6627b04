package io.github.ablationca.attribution;

/**
 * One attribution method's answer: a value per pixel of the <em>input</em> image, row-major
 * ({@code values[y * width + x]}), higher = more evidence for the target class.
 *
 * @param method the method's name, e.g. {@code "rise"}
 * @param width input image width
 * @param height input image height
 * @param values {@code width * height} values (live array, not copied)
 * @param modelCalls images the method sent through the model (one image = one call; a gradient evaluation,
 *        forward plus backward pass, counts as one call)
 * @param seconds wall-clock time of the explanation
 */
public record Attribution(String method, int width, int height, float[] values, long modelCalls, double seconds) {

	public Attribution {
		if (values.length != width * height)
			throw new IllegalArgumentException("heatmap has " + values.length + " values, expected " + width + " x " +
				height);
	}

	public float get(int x, int y) {
		return values[y * width + x];
	}
}
