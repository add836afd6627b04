package io.github.ablationca.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A small line chart with plain AWT: one thin coloured line per series (e.g. per image) and their mean as a thick
 * black line with dots, over a common x axis (e.g. the segment count), optionally logarithmic. NaN values leave
 * gaps (a failed run) and are left out of the mean.
 *
 * <pre>{@code
 * LinePlot plot = new LinePlot("max |correlation|", "segments", new double[] {10, 20, 40}, true);
 * plot.add("dog", new double[] {0.3, 0.4, 0.5});
 * HeatmapPanel.write(plot.render(480, 320), Path.of("sweep.png"));
 * }</pre>
 */
public final class LinePlot {

	/** Margins around the plotting area, in pixels. */
	static final int LEFT = 58, RIGHT = 12, TOP = 26, BOTTOM = 40;
	static final Color MEAN = Color.BLACK;
	private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
		new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
		new Color(0xbcbd22), new Color(0x17becf)};

	private final String title;
	private final String xLabel;
	private final double[] x;
	private final boolean logX;
	private final Map<String, double[]> series = new LinkedHashMap<>();

	/**
	 * @param x ascending, positive if {@code logX}
	 */
	public LinePlot(String title, String xLabel, double[] x, boolean logX) {
		if (x == null || x.length == 0) throw new IllegalArgumentException("A plot needs at least one x value.");
		for (int i = 0; i < x.length; i++) {
			if (logX && !(x[i] > 0)) throw new IllegalArgumentException("A logarithmic x axis needs positive values.");
			if (i > 0 && !(x[i] > x[i - 1])) throw new IllegalArgumentException("x values must ascend.");
		}
		this.title = title;
		this.xLabel = xLabel;
		this.x = x.clone();
		this.logX = logX;
	}

	/** One series (a thin line); {@code y[i]} belongs to {@code x[i]}, NaN = no value. */
	public LinePlot add(String name, double[] y) {
		if (y.length != x.length)
			throw new IllegalArgumentException("Series " + name + " has " + y.length + " values for " + x.length + " x values.");
		series.put(name, y.clone());
		return this;
	}

	/** Mean over the series at each x, NaN values skipped (NaN where no series has a value). */
	public double[] mean() {
		double[] m = new double[x.length];
		for (int i = 0; i < x.length; i++) {
			double s = 0;
			int n = 0;
			for (double[] y : series.values())
				if (!Double.isNaN(y[i])) {
					s += y[i];
					n++;
				}
			m[i] = n == 0 ? Double.NaN : s / n;
		}
		return m;
	}

	/** The value range shown on the y axis: the data's, widened a little (and to a unit span if flat). */
	double[] yRange() {
		double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
		for (double[] y : series.values())
			for (double v : y)
				if (!Double.isNaN(v)) {
					lo = Math.min(lo, v);
					hi = Math.max(hi, v);
				}
		if (lo > hi) return new double[] {0, 1};
		if (hi - lo < 1e-12) return new double[] {lo - 0.5, hi + 0.5};
		double pad = 0.05 * (hi - lo);
		return new double[] {lo - pad, hi + pad};
	}

	/** Pixel column of x value {@code v} in a plot {@code width} pixels wide. */
	double xPixel(double v, int width) {
		double a = axis(x[0]), b = axis(x[x.length - 1]);
		double f = b == a ? 0.5 : (axis(v) - a) / (b - a);
		return LEFT + f * (width - LEFT - RIGHT);
	}

	/** Pixel row of y value {@code v} in a plot {@code height} pixels high. */
	double yPixel(double v, int height) {
		double[] r = yRange();
		return TOP + (r[1] - v) / (r[1] - r[0]) * (height - TOP - BOTTOM);
	}

	private double axis(double v) {
		return logX ? Math.log(v) : v;
	}

	public BufferedImage render(int width, int height) {
		BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = img.createGraphics();
		g.setColor(Color.WHITE);
		g.fillRect(0, 0, width, height);
		draw(g, 0, 0, width, height);
		g.dispose();
		return img;
	}

	/** Draws the plot into {@code g} at {@code (ox, oy)}, {@code width x height} pixels. */
	public void draw(Graphics2D g, int ox, int oy, int width, int height) {
		g = (Graphics2D) g.create();
		g.translate(ox, oy);
		g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
		g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
		int x0 = LEFT, x1 = width - RIGHT, y0 = TOP, y1 = height - BOTTOM;
		g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
		g.setColor(Color.BLACK);
		g.drawString(title, x0, 17);
		// axes, ticks at every x value, 5 y ticks
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
		FontMetrics fm = g.getFontMetrics();
		g.setColor(new Color(0xdddddd));
		double[] r = yRange();
		for (int t = 0; t <= 4; t++) {
			double v = r[0] + t * (r[1] - r[0]) / 4;
			int py = (int) Math.round(yPixel(v, height));
			g.drawLine(x0, py, x1, py);
		}
		g.setColor(Color.BLACK);
		g.drawRect(x0, y0, x1 - x0, y1 - y0);
		for (int t = 0; t <= 4; t++) {
			double v = r[0] + t * (r[1] - r[0]) / 4;
			int py = (int) Math.round(yPixel(v, height));
			String s = format(v, r[1] - r[0]);
			g.drawString(s, x0 - 4 - fm.stringWidth(s), py + fm.getAscent() / 2 - 1);
		}
		int lastLabelEnd = Integer.MIN_VALUE;
		for (double v : x) {
			int px = (int) Math.round(xPixel(v, width));
			g.drawLine(px, y1, px, y1 + 3);
			String s = format(v, Math.abs(x[x.length - 1] - x[0]) + 1);
			int sx = px - fm.stringWidth(s) / 2;
			if (sx > lastLabelEnd + 3) {
				g.drawString(s, sx, y1 + 4 + fm.getAscent());
				lastLabelEnd = sx + fm.stringWidth(s);
			}
		}
		String xl = xLabel + (logX ? " (log scale)" : "");
		g.drawString(xl, (x0 + x1 - fm.stringWidth(xl)) / 2, height - 6);
		// series: thin coloured lines; the mean: thick black with dots
		g.clipRect(x0, y0, x1 - x0 + 1, y1 - y0 + 1);
		int k = 0;
		for (double[] y : series.values()) {
			g.setColor(PALETTE[k++ % PALETTE.length]);
			g.setStroke(new BasicStroke(1f));
			g.draw(path(y, width, height));
		}
		double[] m = mean();
		g.setColor(MEAN);
		g.setStroke(new BasicStroke(3f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
		g.draw(path(m, width, height));
		for (int i = 0; i < x.length; i++)
			if (!Double.isNaN(m[i])) {
				int px = (int) Math.round(xPixel(x[i], width)), py = (int) Math.round(yPixel(m[i], height));
				g.fillOval(px - 4, py - 4, 9, 9);
			}
		g.dispose();
	}

	private Path2D path(double[] y, int width, int height) {
		Path2D.Double p = new Path2D.Double();
		boolean pen = false;
		for (int i = 0; i < x.length; i++) {
			if (Double.isNaN(y[i])) {
				pen = false;
				continue;
			}
			double px = xPixel(x[i], width), py = yPixel(y[i], height);
			if (pen) p.lineTo(px, py);
			else p.moveTo(px, py);
			pen = true;
		}
		return p;
	}

	private static String format(double v, double span) {
		if (span >= 20 || v == Math.rint(v) && span >= 4) return String.format(Locale.ROOT, "%.0f", v);
		if (span >= 2) return String.format(Locale.ROOT, "%.1f", v);
		if (span >= 0.2) return String.format(Locale.ROOT, "%.2f", v);
		return String.format(Locale.ROOT, "%.3g", v);
	}

	/**
	 * Several plots in a grid, {@code columns} wide, each {@code cellWidth x cellHeight}, with a legend line of the
	 * series names (colours as in the plots) at the bottom.
	 */
	public static BufferedImage grid(List<LinePlot> plots, int columns, int cellWidth, int cellHeight) {
		if (plots.isEmpty()) throw new IllegalArgumentException("No plots to draw.");
		int rows = (plots.size() + columns - 1) / columns;
		List<String> names = new ArrayList<>(plots.get(0).series.keySet());
		int legend = 24;
		BufferedImage img = new BufferedImage(columns * cellWidth, rows * cellHeight + legend,
			BufferedImage.TYPE_INT_RGB);
		Graphics2D g = img.createGraphics();
		g.setColor(Color.WHITE);
		g.fillRect(0, 0, img.getWidth(), img.getHeight());
		for (int i = 0; i < plots.size(); i++)
			plots.get(i).draw(g, (i % columns) * cellWidth, (i / columns) * cellHeight, cellWidth, cellHeight);
		g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
		int lx = LEFT, ly = rows * cellHeight + 16;
		g.setColor(MEAN);
		g.fillRect(lx, ly - 6, 18, 4);
		g.drawString("mean", lx + 22, ly);
		lx += 22 + g.getFontMetrics().stringWidth("mean") + 16;
		for (int k = 0; k < names.size(); k++) {
			g.setColor(PALETTE[k % PALETTE.length]);
			g.fillRect(lx, ly - 5, 18, 2);
			g.setColor(Color.BLACK);
			g.drawString(names.get(k), lx + 22, ly);
			lx += 22 + g.getFontMetrics().stringWidth(names.get(k)) + 16;
		}
		g.dispose();
		return img;
	}
}
