package io.github.ablationca.imagej;

import io.github.ablationca.engine.Explanation;
import io.github.ablationca.engine.ObjectGroup;
import io.github.ablationca.engine.ObjectInfo;
import io.github.ablationca.engine.PairRelation;
import io.github.ablationca.image.RgbImage;
import io.github.ablationca.segment.LabelImage;

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
import java.awt.FontMetrics;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

/**
 * Draws an {@link Explanation} over its image the way the Fiji command shows it, and flattens that view to a picture
 * (what a Fiji user sees), so the command line writes the same {@code overlay.png}.
 * <p>
 * The picture is a {@link Canvas}: the image (magnified for small images) at the top left and, to its right, a
 * margin with the colour bar, its title and the labels that found no free place on the image, so nothing of the
 * image is hidden by the bar. Layers on the image, bottom to top: the heatmap, semi-transparent (red = the object
 * supports the target class, blue = it speaks against it); thin yellow superpixel contours; group outlines labelled
 * {@code G1, G2, ...}; for the top pairs a line between the two objects' centroids labelled {@code #rank
 * +correlation}, green for synergy (positive correlation: the objects work together), magenta for redundancy
 * (negative: either one suffices), thicker for stronger correlation, dashed when not significant. Labels never
 * overlap each other, and each is placed where it covers least of the objects it names.
 * <pre>{@code
 * OverlayRenderer.writePng(rgbImage, explanation, new OverlayRenderer.Style(), Path.of("overlay.png"));
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
	/** The margin's background and text. */
	static final Color MARGIN = Color.WHITE, MARGIN_TEXT = Color.BLACK;

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
		/** The colour bar (and with it the margin beside the image). */
		public boolean calibrationBar = true;
		/** Attribution colour range {@code [-range, range]}; NaN = the largest |value| of this explanation. */
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

	/**
	 * The layout of a picture: the image, magnified {@code scale} times, at the top left ({@code imageWidth x
	 * imageHeight} picture pixels), and a margin of {@code width - imageWidth} pixels to its right.
	 */
	public record Canvas(int imageWidth, int imageHeight, int scale, int width, int height, Font font) {

		/** Where the margin starts. */
		int marginX() {
			return imageWidth;
		}

		int padding() {
			return Math.max(3, font.getSize() / 2);
		}
	}

	private OverlayRenderer() {}

	/** The integer magnification that makes the shorter side at least 256 pixels (1 for usual images, at most 16). */
	public static int autoScale(int width, int height) {
		int shorter = Math.min(width, height);
		if (shorter >= 256) return 1;
		return Math.max(1, Math.min(16, (int) Math.ceil(256.0 / shorter)));
	}

	/** Label font for a (magnified) picture of {@code w x h} pixels. */
	static Font labelFont(int w, int h) {
		int size = (int) Math.round(Math.min(w, h) / 28.0);
		return new Font(Font.SANS_SERIF, Font.BOLD, Math.max(9, Math.min(28, size)));
	}

	/**
	 * The canvas of an image of {@code width x height} drawn at {@code scale} (0 = {@link #autoScale}): with a margin
	 * wide enough for the colour bar, its values and labels, when the style draws the bar.
	 */
	public static Canvas canvas(int width, int height, int scale, Style style) {
		int s = scale > 0 ? scale : autoScale(width, height);
		int w = width * s, h = height * s;
		Font font = labelFont(w, h);
		int margin = 0;
		if (style.calibrationBar) {
			FontMetrics fm = HeatmapRenderer.fontMetrics(font);
			int pad = Math.max(3, font.getSize() / 2);
			// the widest texts the margin holds: the title, a legend label, the longest value HeatmapRenderer writes
			int text = Math.max(fm.stringWidth("probability"), fm.stringWidth("#10 " + signed(-0.99)));
			margin = pad + Math.max(text, barWidth(w, h) + pad + fm.stringWidth("-9.99e-05")) + pad;
		}
		return new Canvas(w, h, s, w + margin, h, font);
	}

	private static int barWidth(int w, int h) {
		return Math.max(6, (int) Math.round(Math.min(w, h) * 0.04));
	}

	/**
	 * The overlay ROIs of one explanation on the canvas of {@code scale} (see {@link #canvas}).
	 *
	 * @param position stack position for every ROI (1-based), 0 = shown on every slice
	 */
	public static Overlay overlay(Explanation e, Style style, int scale, int position) {
		Overlay overlay = new Overlay();
		addTo(overlay, e, style, canvas(e.width(), e.height(), scale, style), position);
		return overlay;
	}

	/** Adds the ROIs of one explanation on {@code canvas} to an existing overlay (for stacks: one call per slice). */
	public static void addTo(Overlay overlay, Explanation e, Style style, Canvas canvas, int position) {
		int scale = canvas.scale();
		double range = Double.isNaN(style.range) ? HeatmapRenderer.symmetricRange(List.of(e)) : style.range;
		double base = Math.max(1, Math.min(canvas.imageWidth(), canvas.imageHeight()) / 160.0);
		if (style.heatmapOpacity > 0) {
			ImageRoi heat = new ImageRoi(0, 0, HeatmapRenderer.colorize(e.heatmap(), e.width(), e.height(), range,
				scale));
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
		LabelPlacer labels = new LabelPlacer(e.labels(), canvas);
		drawGroups(overlay, e, style, canvas, position, base, labels);
		drawPairs(overlay, e, style, canvas, position, base, labels);
		if (style.calibrationBar) {
			int bottom = addCalibrationBar(overlay, canvas, range, unit(e), position);
			labels.legend(overlay, bottom, position);
		}
	}

	private static void drawGroups(Overlay overlay, Explanation e, Style style, Canvas canvas, int position,
		double base, LabelPlacer labels)
	{
		int drawn = 0;
		for (ObjectGroup g : e.groups()) {
			if (drawn >= style.groupsToDraw) break;
			if (g.members().length < 2) continue;
			Roi outline = ObjectRois.unionOutline(e.labels(), g.members(), canvas.scale());
			if (outline == null) continue;
			Color color = GROUP_COLORS[(g.rank() - 1 + GROUP_COLORS.length) % GROUP_COLORS.length];
			outline.setStrokeColor(color);
			outline.setStrokeWidth((float) (2 * base));
			outline.setName("group " + g.rank());
			add(overlay, outline, position);
			drawn++;
			if (style.labels) {
				java.awt.Rectangle r = outline.getBounds();
				labels.place(overlay, "G" + g.rank(), "group " + g.rank() + " label", color, r.x, r.y, g.members(),
					position);
			}
		}
	}

	private static void drawPairs(Overlay overlay, Explanation e, Style style, Canvas canvas, int position,
		double base, LabelPlacer labels)
	{
		int drawn = 0;
		List<ObjectInfo> objects = e.objects();
		for (PairRelation p : e.pairs()) {
			if (drawn >= style.pairsToDraw) break;
			if (!(p.score() > 0) || !Double.isFinite(p.correlation())) continue;
			Line line = pairLine(objects.get(p.a()), objects.get(p.b()), canvas.scale());
			Color color = p.correlation() >= 0 ? SYNERGY : REDUNDANCY;
			float width = (float) (base * (1 + 3 * Math.min(1, Math.abs(p.correlation()))));
			if (p.significant()) line.setStroke(new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
			else line.setStroke(new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 10f,
				new float[] {(float) (4 * base), (float) (3 * base)}, 0f));
			line.setStrokeColor(color);
			line.setName(pairName(p));
			add(overlay, line, position);
			drawn++;
			if (style.labels)
				labels.place(overlay, "#" + p.rank() + " " + signed(p.correlation()), pairName(p) + " label", color,
					(line.x1d + line.x2d) / 2, (line.y1d + line.y2d) / 2, new int[] {p.a(), p.b()}, position);
		}
	}

	/**
	 * Places labels on the image so that they never overlap each other and cover as little as possible of the
	 * objects they name: candidate positions on rings around the anchor, the free one that covers the fewest pixels
	 * of the named objects wins (nearer is better among equals). A label with no free place goes to the legend in
	 * the margin, below the colour bar.
	 */
	private static final class LabelPlacer {
		private final LabelImage objects;
		private final Canvas canvas;
		private final List<Rectangle2D> placed = new ArrayList<>();
		private final List<TextRoi> overflow = new ArrayList<>();

		LabelPlacer(LabelImage objects, Canvas canvas) {
			this.objects = objects;
			this.canvas = canvas;
		}

		void place(Overlay overlay, String text, String name, Color color, double anchorX, double anchorY,
			int[] named, int position)
		{
			TextRoi label = new TextRoi(0, 0, text, canvas.font());
			label.setStrokeColor(color);
			label.setFillColor(new Color(0, 0, 0, 160));
			label.setAntiAlias(true);
			label.setName(name);
			Rectangle2D size = label.getFloatBounds();
			double w = size.getWidth(), h = size.getHeight();
			boolean[] isNamed = new boolean[objects.count()];
			for (int m : named)
				isNamed[m] = true;
			Rectangle2D best = null;
			double bestCost = Double.POSITIVE_INFINITY;
			for (int ring = 0; ring <= 10; ring++) {
				int directions = ring == 0 ? 1 : 16;
				for (int k = 0; k < directions; k++) {
					double angle = 2 * Math.PI * k / directions;
					double cx = anchorX + ring * 0.9 * h * Math.cos(angle), cy = anchorY + ring * 0.9 * h * Math.sin(angle);
					Rectangle2D box = new Rectangle2D.Double(cx - w / 2, cy - h / 2, w, h);
					if (!inside(box) || overlapsPlaced(box)) continue;
					double cost = 1000 * covered(box, isNamed) + ring;
					if (cost < bestCost) {
						bestCost = cost;
						best = box;
					}
				}
				if (best != null && bestCost < 1) break; // a free place on no named object: nearer ones were tried
			}
			if (best == null) {
				overflow.add(label);
				return;
			}
			label.setLocation(best.getX(), best.getY());
			placed.add(best);
			add(overlay, label, position);
		}

		private boolean inside(Rectangle2D box) {
			return box.getMinX() >= 0 && box.getMinY() >= 0 && box.getMaxX() <= canvas.imageWidth() &&
				box.getMaxY() <= canvas.imageHeight();
		}

		private boolean overlapsPlaced(Rectangle2D box) {
			for (Rectangle2D r : placed)
				if (r.intersects(box.getX() - 1, box.getY() - 1, box.getWidth() + 2, box.getHeight() + 2)) return true;
			return false;
		}

		/** The fraction of the box's image pixels that belong to a named object. */
		private double covered(Rectangle2D box, boolean[] isNamed) {
			int s = canvas.scale(), w = objects.width(), h = objects.height();
			int x0 = Math.max(0, (int) Math.floor(box.getMinX() / s)), x1 = Math.min(w - 1, (int) (box.getMaxX() / s));
			int y0 = Math.max(0, (int) Math.floor(box.getMinY() / s)), y1 = Math.min(h - 1, (int) (box.getMaxY() / s));
			int[] l = objects.labels();
			int on = 0, all = 0;
			for (int y = y0; y <= y1; y++)
				for (int x = x0; x <= x1; x++, all++)
					if (isNamed[l[y * w + x]]) on++;
			return all == 0 ? 0 : (double) on / all;
		}

		/** The labels without a place on the image, listed in the margin from {@code top} down, as far as they fit. */
		void legend(Overlay overlay, int top, int position) {
			int pad = canvas.padding(), y = top + pad;
			for (TextRoi label : overflow) {
				Rectangle2D size = label.getFloatBounds();
				if (y + size.getHeight() > canvas.height() - pad) break;
				label.setLocation(canvas.marginX() + pad, y);
				add(overlay, label, position);
				y += (int) Math.ceil(size.getHeight()) + 2;
			}
		}
	}

	/**
	 * Adds the vertical colour bar (red = +range at the top, blue = -range at the bottom), its title (the score
	 * scale) and its values to the margin of {@code canvas}.
	 *
	 * @return the y below the bar and its labels
	 */
	static int addCalibrationBar(Overlay overlay, Canvas canvas, double range, String unit, int position) {
		Font font = canvas.font();
		FontMetrics fm = HeatmapRenderer.fontMetrics(font);
		int pad = canvas.padding(), line = fm.getHeight();
		int x = canvas.marginX() + pad, barWidth = barWidth(canvas.imageWidth(), canvas.imageHeight());
		int titleY = pad, y = titleY + line + pad / 2;
		int barHeight = Math.max(8, Math.min((int) Math.round(canvas.height() * 0.5), canvas.height() - y - pad));
		ColorProcessor bar = new ColorProcessor(barWidth, barHeight);
		for (int row = 0; row < barHeight; row++) {
			int c = HeatmapRenderer.argb(range - 2 * range * row / Math.max(1, barHeight - 1), range);
			for (int col = 0; col < barWidth; col++)
				bar.set(col, row, c);
		}
		ImageRoi barRoi = new ImageRoi(x, y, bar);
		barRoi.setName("calibration bar");
		add(overlay, barRoi, position);
		int tx = x + barWidth + pad;
		add(overlay, barText(unit, x, titleY, font), position);
		add(overlay, barText(HeatmapRenderer.formatRange(range), tx, y - line / 2.0, font), position);
		add(overlay, barText("0", tx, y + barHeight / 2.0 - line / 2.0, font), position);
		add(overlay, barText(HeatmapRenderer.formatRange(-range), tx, y + barHeight - line / 2.0, font), position);
		return y + barHeight + line / 2;
	}

	private static TextRoi barText(String s, double x, double y, Font font) {
		TextRoi t = new TextRoi(x, y, s, font);
		t.setStrokeColor(MARGIN_TEXT);
		t.setAntiAlias(true);
		t.setName("calibration bar label");
		return t;
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

	static String unit(Explanation e) {
		return e.heatmapValues() == null ? "" : e.heatmapValues().unit(e.scoreScale());
	}

	private static void add(Overlay overlay, Roi roi, int position) {
		roi.setPosition(position);
		overlay.add(roi);
	}

	/** The input magnified as the canvas says (nearest neighbour), with the margin blank: a colour image to draw on. */
	static ColorProcessor onCanvas(RgbImage input, Canvas canvas) {
		int s = canvas.scale(), w = input.width(), cw = canvas.width();
		int[] src = input.toArgb(), dst = new int[cw * canvas.height()];
		java.util.Arrays.fill(dst, MARGIN.getRGB());
		for (int y = 0; y < canvas.imageHeight(); y++)
			for (int x = 0; x < canvas.imageWidth(); x++)
				dst[y * cw + x] = src[(y / s) * w + x / s];
		return new ColorProcessor(cw, canvas.height(), dst);
	}

	/**
	 * A colour copy of {@code input} on its canvas (magnified by {@link Style#scale}, margin beside it) carrying the
	 * overlay of {@code e}.
	 *
	 * @throws IllegalArgumentException if the input and the explanation differ in size
	 */
	public static ImagePlus overlayImage(String title, RgbImage input, Explanation e, Style style) {
		if (input.width() != e.width() || input.height() != e.height())
			throw new IllegalArgumentException("The image is " + input.width() + " x " + input.height() +
				" pixels but the explanation is for " + e.width() + " x " + e.height() + "; pass the explained image.");
		Canvas canvas = canvas(input.width(), input.height(), style.scale, style);
		ImagePlus imp = new ImagePlus(title, onCanvas(input, canvas));
		Overlay overlay = new Overlay();
		addTo(overlay, e, style, canvas, 0);
		imp.setOverlay(overlay);
		return imp;
	}

	/** The flattened overlay view of {@code e} on {@code input}: what a Fiji user sees. */
	public static BufferedImage flatten(RgbImage input, Explanation e, Style style) {
		return overlayImage("overlay", input, e, style).flatten().getBufferedImage();
	}

	/** Writes {@link #flatten(RgbImage, Explanation, Style)} as a PNG file (parent folders are created). */
	public static void writePng(RgbImage input, Explanation e, Style style, Path png) throws IOException {
		Path parent = png.toAbsolutePath().getParent();
		if (parent != null) Files.createDirectories(parent);
		if (!ImageIO.write(flatten(input, e, style), "png", png.toFile()))
			throw new IOException("No PNG writer available for " + png);
	}
}
