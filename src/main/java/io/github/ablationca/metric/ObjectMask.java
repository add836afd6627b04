package io.github.ablationca.metric;

/**
 * Where the object is, for the pointing game: {@code object[y * width + x]} marks object pixels; {@code ignore}
 * marks pixels that are neither object nor background (e.g. the boundary band of a trimap). Ignored pixels are not
 * object pixels: a maximum there is a hit only if it lies within the tolerance of an object pixel, and the result
 * says that it fell on an ignored pixel.
 */
public record ObjectMask(int width, int height, boolean[] object, boolean[] ignore) {

	public ObjectMask {
		if (width < 1 || height < 1) throw new IllegalArgumentException("Mask is empty (" + width + " x " + height + ").");
		if (object == null || object.length != width * height)
			throw new IllegalArgumentException("Mask needs " + width * height + " object flags.");
		if (ignore == null) ignore = new boolean[width * height];
		if (ignore.length != width * height)
			throw new IllegalArgumentException("Mask needs " + width * height + " ignore flags.");
		boolean any = false;
		for (boolean b : object)
			any |= b;
		if (!any) throw new IllegalArgumentException("Mask has no object pixels; the pointing game needs the object's " +
			"pixels marked (check the object value of the mask).");
	}

	/** A mask from integer labels: {@code objectValue} = object, {@code ignoreValue} = ignore (-1 = none). */
	public static ObjectMask fromLabels(int[] values, int width, int height, int objectValue, int ignoreValue) {
		if (values == null || values.length != width * height)
			throw new IllegalArgumentException("Mask values must hold " + width + " x " + height + " pixels.");
		boolean[] obj = new boolean[values.length], ign = new boolean[values.length];
		for (int i = 0; i < values.length; i++) {
			obj[i] = values[i] == objectValue;
			ign[i] = ignoreValue >= 0 && values[i] == ignoreValue;
		}
		return new ObjectMask(width, height, obj, ign);
	}

	/**
	 * An Oxford-IIIT-Pet-style trimap minus one, as {@code images/masks/dog_mask.png}: 0 = object, 1 = background,
	 * 2 = boundary (ignored).
	 */
	public static ObjectMask fromTrimap(int[] values, int width, int height) {
		return fromLabels(values, width, height, 0, 2);
	}

	public boolean isObject(int x, int y) {
		return object[y * width + x];
	}

	public boolean isIgnored(int x, int y) {
		return ignore[y * width + x];
	}
}
