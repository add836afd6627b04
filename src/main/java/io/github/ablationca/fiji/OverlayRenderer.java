package io.github.ablationca.fiji;

import io.github.ablationca.engine.Explanation;
import io.github.ablationca.engine.ObjectGroup;
import io.github.ablationca.engine.ObjectInfo;
import io.github.ablationca.engine.PairRelation;
import io.github.ablationca.image.RgbImage;

import ij.ImagePlus;
import ij.gui.ImageRoi;
import ij.gui.Line;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.gui.TextRoi;
import ij.process.ColorProcessor;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

/**
 * Draws an {@link Explanation} over its image the way the Fiji command shows it, and flattens that view to a
 * picture (what a Fiji user sees), so the command line and batch runs can write the same {@code overlay.png}.
 * <p>
 * Layers, bottom to top: the image as the classifier sees it; the heatmap, semi-transparent (red = the object
 * supports the target class, blue = it speaks against it); thin yellow superpixel contours; group outlines
 * labelled {@code G1, G2, ...}; for the top pairs a line between the two objects' centroids labelled
 * {@code #rank +correlation}, green for synergy (positive correlation: the objects work together), magenta for
 * redundancy (negative: either one suffices), thicker for stronger correlation, dashed when not significant at the
 * run's false discovery rate; a calibration bar.
 * <pre>{@code
 * // command line: write what a Fiji user would see
 * OverlayRenderer.writePng(rgbImage, explanation, new OverlayRenderer.Style(), Path.of("overlay.png"));
 * // or keep the picture
 * BufferedImage picture = OverlayRenderer.flatten(rgbImage, explanation, new OverlayRenderer.Style());
 * }</pre>
 */
public final class OverlayRenderer {

	/** Synergy (positive correlation). */
	public static final Color SYNERGY = new Color(0, 220, 0);
	/** Redundancy (negative correlation). */
	public static final Color REDUNDANCY = new Color(255, 0, 255);
	/** Superpixel contours. */
	public static final Color CONTOUR = new Color(255, 255, 0, 150);
	/** Outline colours of groups 1, 2, ... (repeating). */
	static final Color[] GROUP_COLORS = {new Color(255, 140, 0), new Color(0, 200, 255), new Color(255, 255, 255),
		new Color(160, 100, 255), new Color(255, 90, 90)};

	/** What to draw and how; public fields with defaults. */
	public static final class Style {
		/** Lines for the pairs of rank 1..pairsToDraw (0 = none). */
		public int pairsToDraw = 10;
		/** Outlines for the groups of rank 1..groupsToDraw (groups of 2+ objects only). */
		public int groupsToDraw = 5;
		/** Opacity of the heatmap layer, 0 (invisible) .. 1 (opaque). */
		public double heatmapOpacity = 0.5;
		/** Superpixel contours. */
		public boolean contours = true;
		/** Rank/correlation and group labels. */
		public boolean labels = true;
		/** The calibration bar of the heatmap colours. */
		public boolean calibrationBar = true;
		/** Heatmap colour range {@code [-range, range]}; NaN = the largest |contribution| of this explanation. */
		public double range = Double.NaN;
		/**
		 * Magnification of the flattened picture (nearest neighbour); 0 = automatic ({@link #autoScale}: small images
		 * such as 32 x 32 CIFAR images are enlarged so labels stay readable), 1 = image pixels, as Fiji shows at 100%.
		 */
		public int scale = 0;

		public Style copy() {
			Style s = new Style();
			s.pairsToDraw = pairsToDraw;
			s.groupsToDraw = groupsToDraw;
			s.heatmapOpacity = heatmapOpacity;
			s.contours = contours;
			s.labels = labels;
			s.calibrationBar = calibrationBar;
			s.range = range;
			s.scale = scale;
			return s;
		}
	}

	private OverlayRenderer() {}

	/** The integer magnification that makes the shorter side at least 256 pixels (1 for usual images, at most 16). */
	public static int autoScale(int width, int height) {
		int shorter = Math.min(width, height);
		if (shorter >= 256) return 1;
		return Math.max(1, Math.min(16, (int) Math.ceil(256.0 / shorter)));
	}

	static int effectiveScale(Style style, int width, int height) {
		return style.scale > 0 ? style.scale : autoScale(width, height);
	}

	/** Label font for a (magnified) picture of {@code w x h} pixels. */
	static Font labelFont(int w, int h) {
		int size = (int) Math.round(Math.min(w, h) / 28.0);
		return new Font(Font.SANS_SERIF, Font.BOLD, Math.max(9, Math.min(28, size)));
	}

	/**
	 * The overlay ROIs of one explanation, in the coordinates of the image magnified {@code scale} times.
	 *
	 * @param position stack position for every ROI (1-based), 0 = shown on every slice
	 * @param scale magnification (1 = image pixels)
	 */
	public static Overlay overlay(Explanation e, Style style, int scale, int position) {
		Overlay overlay = new Overlay();
		addTo(overlay, e, style, scale, position);
		return overlay;
	}

	/** Adds the ROIs of {@link #overlay} to an existing overlay (for stacks: one call per slice). */
	public static void addTo(Overlay overlay, Explanation e, Style style, int scale, int position) {
		int w = e.width() * scale, h = e.height() * scale;
		double range = Double.isNaN(style.range) ? HeatmapRenderer.symmetricRange(List.of(e)) : style.range;
		Font font = labelFont(w, h);
		double base = Math.max(1, Math.min(w, h) / 160.0);

		if (style.heatmapOpacity > 0) {
			ImageRoi heat = new ImageRoi(0, 0, HeatmapRenderer.colorize(e.heatmap(), e.width(), e.height(), range, scale));
			heat.setOpacity(Math.min(1, style.heatmapOpacity));
			heat.setName("heatmap");
			add(overlay, heat, position);
		}
		if (style.contours) for (Roi roi : ObjectRois.objectOutlines(e.labels(), scale)) {
			if (roi == null) continue;
			roi.setStrokeColor(CONTOUR);
			roi.setStrokeWidth(1);
			add(overlay, roi, position);
		}
		List<java.awt.geom.Rectangle2D> placed = new java.util.ArrayList<>();
		drawGroups(overlay, e, style, scale, position, font, base, placed);
		drawPairs(overlay, e, style, scale, position, font, base, placed);
		if (style.calibrationBar)
			HeatmapRenderer.addCalibrationBar(overlay, e.width(), e.height(), scale, range, unit(e), position);
	}

	private static void drawGroups(Overlay overlay, Explanation e, Style style, int scale, int position, Font font,
		double base, List<java.awt.geom.Rectangle2D> placed)
	{
		int drawn = 0;
		for (ObjectGroup g : e.groups()) {
			if (drawn >= style.groupsToDraw) break;
			if (g.members().length < 2) continue;
			Roi outline = ObjectRois.unionOutline(e.labels(), g.members(), scale);
			if (outline == null) continue;
			Color color = GROUP_COLORS[(g.rank() - 1 + GROUP_COLORS.length) % GROUP_COLORS.length];
			outline.setStrokeColor(color);
			outline.setStrokeWidth((float) (2 * base));
			outline.setName("group " + g.rank());
			add(overlay, outline, position);
			drawn++;
			if (style.labels) {
				// Top left inside the outline, away from the pair labels, which sit at line midpoints.
				java.awt.Rectangle r = outline.getBounds();
				TextRoi label = label("G" + g.rank(), r.x + base, r.y + base, font, color, false, placed);
				label.setName("group " + g.rank() + " label");
				add(overlay, label, position);
			}
		}
	}

	private static void drawPairs(Overlay overlay, Explanation e, Style style, int scale, int position, Font font,
		double base, List<java.awt.geom.Rectangle2D> placed)
	{
		int drawn = 0;
		List<ObjectInfo> objects = e.objects();
		for (PairRelation p : e.pairs()) {
			if (drawn >= style.pairsToDraw) break;
			if (!(p.score() > 0) || !Double.isFinite(p.correlation())) continue;
			ObjectInfo a = objects.get(p.a()), b = objects.get(p.b());
			Line line = pairLine(a, b, scale);
			Color color = p.correlation() >= 0 ? SYNERGY : REDUNDANCY;
			float width = (float) (base * (1 + 3 * Math.min(1, Math.abs(p.correlation()))));
			line.setStrokeColor(color);
			if (p.significant()) line.setStroke(new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
			else line.setStroke(new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 10f,
				new float[] {(float) (4 * base), (float) (3 * base)}, 0f));
			line.setName(pairName(p));
			add(overlay, line, position);
			drawn++;
			if (style.labels) {
				double mx = (line.x1d + line.x2d) / 2, my = (line.y1d + line.y2d) / 2;
				TextRoi label = label("#" + p.rank() + " " + signed(p.correlation()), mx, my, font, color, true, placed);
				label.setName(pairName(p) + " label");
				add(overlay, label, position);
			}
		}
	}

	/** The line between the centroids of two objects, in coordinates magnified {@code scale} times. */
	static Line pairLine(ObjectInfo a, ObjectInfo b, int scale) {
		// Centroids are in pixel-centre coordinates (pixel x covers x..x+1 in ImageJ's drawing coordinates).
		return new Line((a.centroidX() + 0.5) * scale, (a.centroidY() + 0.5) * scale, (b.centroidX() + 0.5) * scale,
			(b.centroidY() + 0.5) * scale);
	}

	static String pairName(PairRelation p) {
		return "pair " + p.rank() + ": " + (p.a() + 1) + "-" + (p.b() + 1);
	}

	static String signed(double v) {
		return String.format(Locale.ROOT, "%+.2f", v);
	}

	/**
	 * A label with a dark background; moved down (then up) in steps of its height while it would cover a label
	 * already placed, so labels of nearby pairs stay readable.
	 */
	private static TextRoi label(String text, double x, double y, Font font, Color color, boolean centred,
		List<java.awt.geom.Rectangle2D> placed)
	{
		TextRoi t = new TextRoi(x, y, text, font);
		t.setStrokeColor(color);
		t.setFillColor(new Color(0, 0, 0, 150));
		t.setAntiAlias(true);
		java.awt.geom.Rectangle2D box = t.getFloatBounds();
		double w = box.getWidth(), h = box.getHeight();
		if (centred) {
			x -= w / 2;
			y -= h / 2;
		}
		double y0 = y;
		for (int step = 1; step <= 8 && overlaps(x, y, w, h, placed); step++)
			y = y0 + (step % 2 == 1 ? 1 : -1) * ((step + 1) / 2) * h;
		t.setLocation(x, y);
		placed.add(new java.awt.geom.Rectangle2D.Double(x, y, w, h));
		return t;
	}

	private static boolean overlaps(double x, double y, double w, double h, List<java.awt.geom.Rectangle2D> placed) {
		for (java.awt.geom.Rectangle2D r : placed)
			if (r.intersects(x, y, w, h)) return true;
		return false;
	}

	static String unit(Explanation e) {
		return e.scoreScale() == null ? "" : e.scoreScale().name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	private static void add(Overlay overlay, Roi roi, int position) {
		roi.setPosition(position);
		overlay.add(roi);
	}

	/** The input magnified {@code scale} times (nearest neighbour) as an ImageJ colour image. */
	static ColorProcessor magnified(RgbImage input, int scale) {
		ColorProcessor cp = new ColorProcessor(input.width(), input.height(), input.toArgb());
		return scale == 1 ? cp : (ColorProcessor) resizeNearest(cp, scale);
	}

	private static ColorProcessor resizeNearest(ColorProcessor cp, int scale) {
		int w = cp.getWidth(), h = cp.getHeight(), ow = w * scale;
		int[] src = (int[]) cp.getPixels(), dst = new int[ow * h * scale];
		for (int y = 0; y < h * scale; y++)
			for (int x = 0; x < ow; x++)
				dst[y * ow + x] = src[(y / scale) * w + x / scale];
		return new ColorProcessor(ow, h * scale, dst);
	}

	/**
	 * A colour copy of {@code input} (magnified by {@link Style#scale}) carrying the overlay of {@code e}.
	 *
	 * @throws IllegalArgumentException if the input and the explanation differ in size
	 */
	public static ImagePlus overlayImage(String title, RgbImage input, Explanation e, Style style) {
		checkSize(input, e);
		int scale = effectiveScale(style, input.width(), input.height());
		ImagePlus imp = new ImagePlus(title, magnified(input, scale));
		imp.setOverlay(overlay(e, style, scale, 0));
		return imp;
	}

	/** The flattened overlay view of {@code e} on {@code input}: what a Fiji user sees. */
	public static BufferedImage flatten(RgbImage input, Explanation e, Style style) {
		ImagePlus flat = overlayImage("overlay", input, e, style).flatten();
		return flat.getBufferedImage();
	}

	/**
	 * The flattened overlay view of {@code e} on plane {@code stackIndex} (1-based) of {@code input}; the plane is
	 * converted as the Fiji command converts it ({@link ImagePlusConversion}).
	 */
	public static BufferedImage flatten(ImagePlus input, int stackIndex, Explanation e, Style style) {
		return flatten(ImagePlusConversion.rgb(input, stackIndex), e, style);
	}

	/** Writes {@link #flatten(RgbImage, Explanation, Style)} as a PNG file (parent folders are created). */
	public static void writePng(RgbImage input, Explanation e, Style style, Path png) throws IOException {
		writePng(flatten(input, e, style), png);
	}

	static void writePng(BufferedImage picture, Path png) throws IOException {
		Path parent = png.toAbsolutePath().getParent();
		if (parent != null) Files.createDirectories(parent);
		if (!ImageIO.write(picture, "png", png.toFile()))
			throw new IOException("No PNG writer available for " + png);
	}

	private static void checkSize(RgbImage input, Explanation e) {
		if (input.width() != e.width() || input.height() != e.height())
			throw new IllegalArgumentException("The image is " + input.width() + " x " + input.height() +
				" pixels but the explanation is for " + e.width() + " x " + e.height() + "; pass the explained image.");
	}
}
