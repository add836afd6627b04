package io.github.ablationca.imagej;

import io.github.ablationca.engine.HeatmapValues;
import io.github.ablationca.engine.Explanation;
import io.github.ablationca.image.ColorMaps;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.LUT;

import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/**
 * Paints Ablation-CA heatmaps the way Fiji shows them: 32-bit contribution images with a diverging blue-white-red
 * LUT and a display range symmetric around 0 (white = no effect, red = the object supports the target class, blue =
 * the object speaks against it). Nothing is drawn over the values: the colour bar is in the overlay image's margin
 * ({@link OverlayRenderer}).
 * <pre>{@code
 * double range = HeatmapRenderer.symmetricRange(List.of(explanation));
 * ImagePlus heat = HeatmapRenderer.heatmapImage("cat.png Ablation-CA heatmap", List.of(explanation), w, h, range);
 * }</pre>
 */
public final class HeatmapRenderer {

	private HeatmapRenderer() {}

	/** The diverging LUT: index 0 blue, 128 white, 255 red (linear in between). */
	public static LUT divergingLut() {
		byte[] r = new byte[256], g = new byte[256], b = new byte[256];
		for (int i = 0; i < 256; i++) {
			int[] c = divergingRgb(i);
			r[i] = (byte) c[0];
			g[i] = (byte) c[1];
			b[i] = (byte) c[2];
		}
		return new LUT(r, g, b);
	}

	/** RGB of LUT index {@code i} (0..255), as {@code {r, g, b}}. */
	static int[] divergingRgb(int i) {
		int c = ColorMaps.diverging(i);
		return new int[] {c >> 16 & 0xff, c >> 8 & 0xff, c & 0xff};
	}

	/** LUT index of {@code value} for the display range {@code [-range, range]}; NaN maps to white (128). */
	static int lutIndex(double value, double range) {
		return ColorMaps.divergingIndex(value, range);
	}

	/** ARGB of {@code value} on the diverging scale, opaque. */
	public static int argb(double value, double range) {
		return 0xff000000 | ColorMaps.diverging(ColorMaps.divergingIndex(value, range));
	}

	/**
	 * The largest finite |contribution| over the heatmaps of {@code explanations} (nulls skipped), so that one colour
	 * means the same value on every slice; a tiny positive value when everything is 0.
	 */
	public static double symmetricRange(List<Explanation> explanations) {
		double max = 0;
		for (Explanation e : explanations)
			if (e != null) for (float v : e.heatmap())
				if (Float.isFinite(v)) max = Math.max(max, Math.abs(v));
		return max > 0 ? max : 1e-6;
	}

	/**
	 * A 32-bit image (stack when several explanations) of the heatmap values (contribution or main effect) per pixel,
	 * with the diverging LUT and the symmetric display range. A null entry (failed slice) becomes a NaN slice.
	 *
	 * @param sliceLabels label per slice, may be null
	 */
	public static ImagePlus heatmapImage(String title, List<Explanation> explanations, List<String> sliceLabels, int width,
		int height, double range, String unit)
	{
		ImageStack stack = new ImageStack(width, height);
		for (int i = 0; i < explanations.size(); i++) {
			Explanation e = explanations.get(i);
			float[] pixels = new float[width * height];
			if (e == null) java.util.Arrays.fill(pixels, Float.NaN);
			else {
				if (e.width() != width || e.height() != height)
					throw new IllegalArgumentException("heatmap " + e.width() + " x " + e.height() + " does not match " +
						width + " x " + height);
				System.arraycopy(e.heatmap(), 0, pixels, 0, pixels.length);
			}
			stack.addSlice(sliceLabels == null ? null : sliceLabels.get(i), new FloatProcessor(width, height, pixels));
		}
		ImagePlus imp = new ImagePlus(title, stack);
		imp.getProcessor().setLut(divergingLut());
		if (stack.size() > 1) for (int i = 1; i <= stack.size(); i++)
			stack.getProcessor(i).setLut(divergingLut());
		imp.setDisplayRange(-range, range);
		imp.getCalibration().setValueUnit(unit);
		String values = explanations.stream().filter(java.util.Objects::nonNull).findFirst()
			.map(e -> e.heatmapValues().description()).orElse("contributions");
		imp.setProperty("Info", "Ablation-CA heatmap: " + values + " per pixel (" + unit + "), display range " +
			formatRange(-range) + " .. " + formatRange(range) + "; red supports the target class, blue speaks against it.");
		return imp;
	}

	/**
	 * The heatmap coloured through the diverging LUT, upscaled {@code scale} times (nearest neighbour); NaN pixels
	 * are white.
	 */
	public static ColorProcessor colorize(float[] heatmap, int width, int height, double range, int scale) {
		int[] argb = new int[width * scale * height * scale];
		int outWidth = width * scale;
		for (int y = 0; y < height; y++)
			for (int x = 0; x < width; x++) {
				int c = argb(heatmap[y * width + x], range);
				for (int dy = 0; dy < scale; dy++) {
					int row = (y * scale + dy) * outWidth + x * scale;
					for (int dx = 0; dx < scale; dx++)
						argb[row + dx] = c;
				}
			}
		return new ColorProcessor(outWidth, height * scale, argb);
	}

	static String formatRange(double v) {
		double a = Math.abs(v);
		String s = a >= 100 || a == 0 ? String.format(Locale.ROOT, "%.0f", v)
			: a >= 1 ? String.format(Locale.ROOT, "%.2f", v) : String.format(Locale.ROOT, "%.3g", v);
		return v > 0 ? "+" + s : s;
	}

	static FontMetrics fontMetrics(Font font) {
		BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = scratch.createGraphics();
		try {
			return g.getFontMetrics(font);
		}
		finally {
			g.dispose();
		}
	}
}
