package io.github.ablationca.fiji;

import io.github.ablationca.engine.HeatmapValues;
import io.github.ablationca.engine.Explanation;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.ImageRoi;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.gui.TextRoi;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.LUT;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/**
 * Paints Ablation-CA heatmaps the way Fiji shows them: 32-bit contribution images with a diverging blue-white-red
 * LUT, a display range symmetric around 0 (white = no effect, red = the object supports the target class, blue =
 * the object speaks against it) and a calibration bar drawn as overlay ROIs, so it also works headless.
 * <pre>{@code
 * double range = HeatmapRenderer.symmetricRange(List.of(explanation));
 * ImagePlus heat = HeatmapRenderer.heatmapImage("cat.png Ablation-CA heatmap", List.of(explanation), w, h, range);
 * }</pre>
 */
public final class HeatmapRenderer {

	/**
	 * Images whose shorter side is below this get no calibration bar drawn into the 32-bit heatmap (its labels would
	 * cover the image); the range is then in the image's Info and value unit, and the flattened overlay, which
	 * enlarges small images, always carries the bar.
	 */
	public static final int MIN_SIDE_FOR_BAR = 96;

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

	/** RGB of LUT index {@code i} (0..255). */
	static int[] divergingRgb(int i) {
		if (i <= 128) {
			int t = Math.round(255f * i / 128f); // 0 at blue, 255 at white
			return new int[] {t, t, 255};
		}
		int t = Math.round(255f * (255 - i) / 127f); // 255 at white, 0 at red
		return new int[] {255, t, t};
	}

	/** LUT index of {@code value} for the display range {@code [-range, range]}; NaN maps to white (128). */
	static int lutIndex(double value, double range) {
		if (!Double.isFinite(value) || range <= 0) return 128;
		double t = (value + range) / (2 * range);
		int i = (int) Math.round(t * 255);
		return i < 0 ? 0 : Math.min(255, i);
	}

	/** ARGB of {@code value} on the diverging scale, opaque. */
	public static int argb(double value, double range) {
		int[] c = divergingRgb(lutIndex(value, range));
		return 0xff000000 | c[0] << 16 | c[1] << 8 | c[2];
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
	 * with the diverging LUT, the
	 * symmetric display range and a calibration bar overlay (images of at least {@link #MIN_SIDE_FOR_BAR} pixels). A
	 * null entry (failed slice) becomes a NaN slice.
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
		if (Math.min(width, height) >= MIN_SIDE_FOR_BAR) {
			Overlay overlay = new Overlay();
			addCalibrationBar(overlay, width, height, 1, range, unit, 0);
			imp.setOverlay(overlay);
		}
		String values = explanations.stream().filter(java.util.Objects::nonNull).findFirst()
			.map(e -> e.heatmapValues() == HeatmapValues.MAIN_EFFECT ? "main effect" : "contribution").orElse("contribution");
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

	/**
	 * Adds a vertical calibration bar (red = +range at the top, blue = -range at the bottom) with its labels to the
	 * upper right corner of an image of {@code width x height} pixels drawn at {@code scale}.
	 *
	 * @param position stack position of the ROIs, 0 = every slice
	 */
	public static void addCalibrationBar(Overlay overlay, int width, int height, int scale, double range, String unit,
		int position)
	{
		int w = width * scale, h = height * scale;
		Font font = OverlayRenderer.labelFont(w, h);
		int barHeight = Math.max(8, (int) Math.round(h * 0.4));
		int barWidth = Math.max(3, (int) Math.round(Math.min(w, h) * 0.035));
		String top = formatRange(range), mid = "0", bottom = formatRange(-range);
		FontMetrics fm = fontMetrics(font);
		int textWidth = Math.max(fm.stringWidth(top), Math.max(fm.stringWidth(bottom), fm.stringWidth(unit)));
		int margin = Math.max(2, barWidth / 2);
		int x = Math.max(0, w - margin - textWidth - margin - barWidth);
		int y = Math.max(0, margin + fm.getHeight());
		if (y + barHeight > h) barHeight = Math.max(2, h - y);

		ColorProcessor bar = new ColorProcessor(barWidth, barHeight);
		for (int row = 0; row < barHeight; row++) {
			double value = range - 2 * range * row / Math.max(1, barHeight - 1);
			int c = argb(value, range);
			for (int col = 0; col < barWidth; col++)
				bar.set(col, row, c);
		}
		// A dark box behind bar and text keeps the labels readable on any image.
		Roi box = new Roi(x - margin, y - fm.getHeight() - margin / 2, w - (x - margin),
			barHeight + 2 * fm.getHeight() + margin);
		box.setFillColor(new Color(0, 0, 0, 140));
		box.setName("calibration bar background");
		add(overlay, box, position);

		ImageRoi barRoi = new ImageRoi(x, y, bar);
		barRoi.setName("calibration bar");
		add(overlay, barRoi, position);

		Color text = Color.WHITE;
		int tx = x + barWidth + margin;
		add(overlay, text(top, tx, y - fm.getAscent() / 2.0, font, text), position);
		add(overlay, text(mid, tx, y + barHeight / 2.0 - fm.getHeight() / 2.0, font, text), position);
		add(overlay, text(bottom, tx, y + barHeight - fm.getHeight() / 2.0, font, text), position);
		add(overlay, text(unit, x, y - fm.getHeight(), font, text), position);
	}

	private static TextRoi text(String s, double x, double y, Font font, Color color) {
		TextRoi t = new TextRoi(x, y, s, font);
		t.setStrokeColor(color);
		t.setAntiAlias(true);
		t.setName("calibration bar label");
		return t;
	}

	private static void add(Overlay overlay, Roi roi, int position) {
		roi.setPosition(position);
		overlay.add(roi);
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
