package io.github.ablationca.report;

import io.github.ablationca.attribution.Attribution;
import io.github.ablationca.image.ColorMaps;
import io.github.ablationca.image.RgbImage;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

/**
 * A side-by-side picture of several heatmaps of one image: the image first, then each heatmap over a grey version
 * of it, each tile captioned. Each heatmap is scaled on its own: maps with negative values use a diverging
 * blue-white-red scale symmetric around 0 (+-max|v|), non-negative maps a black-red-yellow-white scale from their
 * minimum to their maximum (a RISE map sits on a large constant base). Plain AWT and ImageIO, no ImageJ.
 *
 * <pre>{@code
 * HeatmapPanel.write(HeatmapPanel.render(image, "dog.png", heatmaps, captions), out.resolve("dog_panel.png"));
 * }</pre>
 */
public final class HeatmapPanel {

	/** Longer side of a tile in pixels. */
	public static final int TILE = 224;
	private static final int CAPTION = 34, GAP = 4;

	private HeatmapPanel() {}

	/**
	 * @param title caption of the image tile (e.g. the file name)
	 * @param captions one line under each heatmap (e.g. AUCs); may be null; the method name is always shown
	 */
	public static BufferedImage render(RgbImage image, String title, List<Attribution> heatmaps, List<String> captions) {
		int w = image.width(), h = image.height();
		for (Attribution m : heatmaps)
			if (m.width() != w || m.height() != h)
				throw new IllegalArgumentException("The heatmap of '" + m.method() + "' is " + m.width() + " x " + m.height() +
					" but the image is " + w + " x " + h + ".");
		double s = (double) TILE / Math.max(w, h);
		int tw = Math.max(1, (int) Math.round(w * s)), th = Math.max(1, (int) Math.round(h * s));
		int tiles = 1 + heatmaps.size();
		BufferedImage out = new BufferedImage(tiles * tw + (tiles + 1) * GAP, th + CAPTION + 2 * GAP,
			BufferedImage.TYPE_INT_RGB);
		Graphics2D g = out.createGraphics();
		g.setColor(Color.WHITE);
		g.fillRect(0, 0, out.getWidth(), out.getHeight());
		g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
		g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
		BufferedImage rgb = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
		rgb.setRGB(0, 0, w, h, image.toArgb(), 0, w);
		g.drawImage(rgb, GAP, GAP, tw, th, null);
		caption(g, title, null, GAP, th + GAP, tw);
		for (int i = 0; i < heatmaps.size(); i++) {
			Attribution m = heatmaps.get(i);
			BufferedImage tile = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
			tile.setRGB(0, 0, w, h, overlay(image, m.values()), 0, w);
			int x = GAP + (i + 1) * (tw + GAP);
			g.drawImage(tile, x, GAP, tw, th, null);
			caption(g, m.method(), captions == null || i >= captions.size() ? null : captions.get(i), x, th + GAP, tw);
		}
		g.dispose();
		return out;
	}

	public static void write(BufferedImage panel, Path png) throws IOException {
		Path parent = png.toAbsolutePath().getParent();
		if (parent != null) Files.createDirectories(parent);
		if (!ImageIO.write(panel, "png", png.toFile())) throw new IOException("No PNG writer available");
	}

	private static void caption(Graphics2D g, String line1, String line2, int x, int y, int width) {
		g.setColor(Color.BLACK);
		g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
		g.drawString(fit(g, line1 == null ? "" : line1, width), x, y + 14);
		if (line2 != null) {
			g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
			g.drawString(fit(g, line2, width), x, y + 28);
		}
	}

	private static String fit(Graphics2D g, String s, int width) {
		while (s.length() > 1 && g.getFontMetrics().stringWidth(s) > width)
			s = s.substring(0, s.length() - 1);
		return s;
	}

	/** The heatmap's colours blended (60%) over the image in grey; ARGB ints. */
	static int[] overlay(RgbImage image, float[] values) {
		float[] d = image.data();
		float max = Float.NEGATIVE_INFINITY, min = Float.POSITIVE_INFINITY;
		for (float v : values)
			if (Float.isFinite(v)) {
				max = Math.max(max, v);
				min = Math.min(min, v);
			}
		if (min > max) min = max = 0;
		boolean signed = min < 0;
		// signed maps: symmetric around 0; non-negative maps: min..max (RISE maps sit on a large constant base)
		float from = signed ? 0 : min, scale = signed ? Math.max(max, -min) : max - min;
		int[] out = new int[values.length];
		for (int p = 0; p < values.length; p++) {
			float grey = (0.299f * d[3 * p] + 0.587f * d[3 * p + 1] + 0.114f * d[3 * p + 2]);
			float v = Float.isFinite(values[p]) && scale > 0 ? (values[p] - from) / scale : 0;
			int c = signed ? ColorMaps.diverging(ColorMaps.divergingIndex(v, 1)) : ColorMaps.hot(v);
			int r = blend((c >> 16) & 0xff, grey), gg = blend((c >> 8) & 0xff, grey), b = blend(c & 0xff, grey);
			out[p] = 0xff000000 | r << 16 | gg << 8 | b;
		}
		return out;
	}

	private static int blend(int color, float grey) {
		return Math.max(0, Math.min(255, Math.round(0.6f * color + 0.4f * grey)));
	}
}
