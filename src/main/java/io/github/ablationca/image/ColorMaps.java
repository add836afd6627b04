package io.github.ablationca.image;

/**
 * The colour maps of every picture the project draws, defined once: the diverging blue-white-red map of signed
 * values (heatmaps of contributions: red supports the class, blue speaks against it) and a black-red-yellow-white map
 * of non-negative values. Plain RGB ints ({@code 0xRRGGBB}); ImageJ's LUT is built from the same function.
 * <pre>{@code
 * int rgb = ColorMaps.diverging(ColorMaps.divergingIndex(value, range)); // 0 = blue, 128 = white, 255 = red
 * }</pre>
 */
public final class ColorMaps {

	private ColorMaps() {}

	/** RGB of diverging index {@code i} (0..255): 0 blue, 128 white, 255 red, linear in between. */
	public static int diverging(int i) {
		if (i <= 128) {
			int t = Math.round(255f * i / 128f); // 0 at blue, 255 at white
			return t << 16 | t << 8 | 255;
		}
		int t = Math.round(255f * (255 - i) / 127f); // 255 at white, 0 at red
		return 255 << 16 | t << 8 | t;
	}

	/** The diverging index of {@code value} for the range {@code [-range, range]}; NaN and a range of 0 give white. */
	public static int divergingIndex(double value, double range) {
		if (!Double.isFinite(value) || !(range > 0)) return 128;
		double t = (value + range) / (2 * range);
		int i = (int) Math.round(t * 255);
		return i < 0 ? 0 : Math.min(255, i);
	}

	/** 0 black, 1/3 red, 2/3 yellow, 1 white (values clamped to 0..1). */
	public static int hot(double v) {
		v = Math.max(0, Math.min(1, v));
		int r = (int) Math.round(255 * Math.min(1, 3 * v));
		int g = (int) Math.round(255 * Math.max(0, Math.min(1, 3 * v - 1)));
		int b = (int) Math.round(255 * Math.max(0, Math.min(1, 3 * v - 2)));
		return r << 16 | g << 8 | b;
	}
}
