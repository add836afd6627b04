package io.github.ablationca.imagej;

import io.github.ablationca.dataset.ClassGraph;
import io.github.ablationca.image.RgbImage;
import io.github.ablationca.segment.LabelImage;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The pictures of the dataset analysis: object patches (the object cropped with a margin, the rest greyed), concept
 * montages of the most typical patches ({@code concept_<k>.png}) and the class graph ({@code graph.png}: concept
 * montages as nodes, green synergy and magenta redundancy edges, width by strength, dashed when not significant; a
 * ring beside a node is the loop of pairs within one concept).
 */
public final class DatasetPictures {

	/** Side of a patch in a concept montage, pixels. */
	public static final int TILE = 96;
	/** Edge colours, as in the overlay: green synergy, magenta redundancy. */
	public static final Color SYNERGY = new Color(0x1E, 0xA0, 0x4B), REDUNDANCY = new Color(0xC8, 0x28, 0x9B);
	/** Edges drawn at most in graph.png (significant ones first, then by importance). */
	public static final int MAX_EDGES = 20;

	private DatasetPictures() {}

	/**
	 * Object {@code index} (0-based) of {@code image}: its bounding box with a margin, as a square, scaled to
	 * {@code size} pixels; pixels of other objects greyed (their brightness kept, faded towards grey).
	 */
	public static BufferedImage patch(RgbImage image, LabelImage labels, int index, int size) {
		int w = image.width(), h = image.height();
		int[] lab = labels.labels();
		int x0 = w, y0 = h, x1 = -1, y1 = -1;
		for (int y = 0, p = 0; y < h; y++)
			for (int x = 0; x < w; x++, p++)
				if (lab[p] == index) {
					x0 = Math.min(x0, x);
					x1 = Math.max(x1, x);
					y0 = Math.min(y0, y);
					y1 = Math.max(y1, y);
				}
		if (x1 < 0) return blank(size);
		int side = Math.max(x1 - x0 + 1, y1 - y0 + 1);
		side = Math.max(4, side + Math.max(2, side / 5));
		int cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
		int left = cx - side / 2, top = cy - side / 2;
		BufferedImage crop = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
		float[] d = image.data();
		for (int y = 0; y < side; y++)
			for (int x = 0; x < side; x++) {
				int sx = left + x, sy = top + y;
				int rgb;
				if (sx < 0 || sy < 0 || sx >= w || sy >= h) rgb = 0xF0F0F0;
				else {
					int p = sy * w + sx;
					int r = clamp(d[3 * p]), g = clamp(d[3 * p + 1]), b = clamp(d[3 * p + 2]);
					if (lab[p] != index) {
						int grey = clamp(170 + 0.3f * (0.299f * r + 0.587f * g + 0.114f * b - 128));
						r = g = b = grey;
					}
					rgb = r << 16 | g << 8 | b;
				}
				crop.setRGB(x, y, rgb);
			}
		BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = out.createGraphics();
		g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, side > size ? RenderingHints.VALUE_INTERPOLATION_BILINEAR
			: RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
		g.drawImage(crop, 0, 0, size, size, null);
		g.dispose();
		return out;
	}

	private static BufferedImage blank(int size) {
		BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = out.createGraphics();
		g.setColor(new Color(0xF0F0F0));
		g.fillRect(0, 0, size, size);
		g.dispose();
		return out;
	}

	private static int clamp(float v) {
		return v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v);
	}

	/** Patches in a grid of {@code columns}, under a title line. */
	public static BufferedImage montage(List<BufferedImage> tiles, int columns, String title) {
		int n = Math.max(1, tiles.size()), cols = Math.min(columns, n), rows = (n + cols - 1) / cols, gap = 4;
		int tile = tiles.isEmpty() ? TILE : tiles.get(0).getWidth();
		int head = title == null ? 0 : 22;
		int width = Math.max(cols * (tile + gap) + gap, 200);
		BufferedImage out = new BufferedImage(width, head + rows * (tile + gap) + gap, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = out.createGraphics();
		g.setColor(Color.WHITE);
		g.fillRect(0, 0, out.getWidth(), out.getHeight());
		g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
		if (title != null) {
			g.setColor(Color.DARK_GRAY);
			g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
			g.drawString(title, gap, 16);
		}
		for (int i = 0; i < tiles.size(); i++)
			g.drawImage(tiles.get(i), gap + (i % cols) * (tile + gap), head + gap + (i / cols) * (tile + gap), null);
		g.dispose();
		return out;
	}

	/**
	 * The class graph: each concept as its montage ({@code icons}, by concept id) on a circle in rank order (rank 1
	 * at the top), labelled with its id, rank, importance and image share; edges between them, green for synergy and
	 * magenta for redundancy, width by |mean interaction|, solid when significant and dashed when not, at most
	 * {@value #MAX_EDGES} (significant first).
	 */
	public static BufferedImage graph(ClassGraph graph, Map<Integer, BufferedImage> icons, String title) {
		int size = 900, iconSize = 120, legend = 80;
		BufferedImage out = new BufferedImage(size, size + legend, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = out.createGraphics();
		g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
		g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
		g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
		g.setColor(Color.WHITE);
		g.fillRect(0, 0, out.getWidth(), out.getHeight());
		List<ClassGraph.Concept> nodes = graph.concepts();
		int n = nodes.size();
		double radius = n <= 1 ? 0 : size / 2.0 - iconSize * 1.25;
		Map<Integer, double[]> at = new java.util.HashMap<>();
		for (int i = 0; i < n; i++) {
			double angle = -Math.PI / 2 + 2 * Math.PI * i / Math.max(1, n);
			at.put(nodes.get(i).concept(), new double[] {size / 2.0 + radius * Math.cos(angle), size / 2.0 + 10 +
				radius * Math.sin(angle)});
		}
		List<ClassGraph.Edge> edges = new ArrayList<>(graph.edges());
		edges.sort((a, b) -> a.significant() != b.significant() ? (a.significant() ? -1 : 1) : Integer.compare(a.rank(),
			b.rank()));
		if (edges.size() > MAX_EDGES) edges = edges.subList(0, MAX_EDGES);
		double strongest = 1e-12;
		for (ClassGraph.Edge e : edges)
			strongest = Math.max(strongest, Math.abs(e.meanInteraction()));
		g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
		for (ClassGraph.Edge e : edges) {
			double[] a = at.get(e.conceptA()), b = at.get(e.conceptB());
			if (a == null || b == null) continue;
			float width = (float) (1.5 + 10 * Math.abs(e.meanInteraction()) / strongest);
			Color c = e.meanInteraction() >= 0 ? SYNERGY : REDUNDANCY;
			g.setColor(e.significant() ? c : new Color(c.getRed(), c.getGreen(), c.getBlue(), 150));
			Stroke stroke = e.significant() ? new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND)
				: new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10, new float[] {10, 8}, 0);
			g.setStroke(stroke);
			int mx, my;
			if (e.conceptA() == e.conceptB()) {
				// a loop: a ring outside the node, away from the centre of the picture
				double dx = a[0] - size / 2.0, dy = a[1] - size / 2.0 - 10, len = Math.hypot(dx, dy);
				if (len < 1) {
					dx = 0;
					dy = -1;
					len = 1;
				}
				dx /= len;
				dy /= len;
				int ring = 56;
				double cx = a[0] + dx * (iconSize * 0.62 + ring / 2.0), cy = a[1] + dy * (iconSize * 0.62 + ring / 2.0);
				g.drawOval((int) (cx - ring / 2.0), (int) (cy - ring / 2.0), ring, ring);
				mx = (int) (cx + dx * ring * 0.7);
				my = (int) (cy + dy * ring * 0.7);
			}
			else {
				g.drawLine((int) a[0], (int) a[1], (int) b[0], (int) b[1]);
				mx = (int) ((a[0] + b[0]) / 2);
				my = (int) ((a[1] + b[1]) / 2);
			}
			String label = String.format(Locale.ROOT, "%+.2f", e.meanInteraction());
			FontMetrics fm = g.getFontMetrics();
			g.setColor(new Color(255, 255, 255, 220));
			g.fillRoundRect(mx - fm.stringWidth(label) / 2 - 3, my - 12, fm.stringWidth(label) + 6, 17, 6, 6);
			g.setColor(c.darker());
			g.drawString(label, mx - fm.stringWidth(label) / 2, my + 1);
		}
		g.setStroke(new BasicStroke(2));
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
		for (ClassGraph.Concept c : nodes) {
			double[] p = at.get(c.concept());
			int x = (int) p[0] - iconSize / 2, y = (int) p[1] - iconSize / 2;
			BufferedImage icon = icons.get(c.concept());
			g.setColor(Color.WHITE);
			g.fillRect(x - 3, y - 3, iconSize + 6, iconSize + 6);
			if (icon != null) g.drawImage(icon, x, y, iconSize, iconSize, null);
			g.setColor(c.rank() <= 2 ? new Color(0x202020) : Color.GRAY);
			g.drawRect(x - 3, y - 3, iconSize + 6, iconSize + 6);
			String line1 = "C" + c.concept() + "  #" + c.rank();
			String line2 = String.format(Locale.ROOT, "imp %.2f, %.0f%% img", c.importance(), 100 * c.imageShare());
			FontMetrics fm = g.getFontMetrics();
			g.setColor(new Color(255, 255, 255, 220));
			int w = Math.max(fm.stringWidth(line1), fm.stringWidth(line2)) + 8;
			g.fillRect((int) p[0] - w / 2, y + iconSize + 4, w, 30);
			g.setColor(Color.BLACK);
			g.drawString(line1, (int) p[0] - fm.stringWidth(line1) / 2, y + iconSize + 17);
			g.drawString(line2, (int) p[0] - fm.stringWidth(line2) / 2, y + iconSize + 31);
		}
		g.setColor(Color.BLACK);
		g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
		if (title != null) g.drawString(title, 12, 22);
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
		int ly = size + 18;
		g.setStroke(new BasicStroke(4));
		g.setColor(SYNERGY);
		g.drawLine(12, ly, 52, ly);
		g.setColor(Color.BLACK);
		g.drawString("synergy (used together)", 58, ly + 4);
		g.setColor(REDUNDANCY);
		g.drawLine(230, ly, 270, ly);
		g.setColor(Color.BLACK);
		g.drawString("redundancy (either suffices)", 276, ly + 4);
		g.setStroke(new BasicStroke(4, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10, new float[] {8, 6}, 0));
		g.setColor(Color.GRAY);
		g.drawLine(470, ly, 510, ly);
		g.setColor(Color.BLACK);
		g.drawString("dashed: not significant (BH over edges)", 516, ly + 4);
		g.drawString("Nodes: concepts (their most typical objects), #rank by importance (main effects per image); " +
			"a ring: pairs within one concept.", 12, ly + 28);
		g.drawString(String.format(Locale.ROOT, "Width and label: mean interaction across images. %d images, %d " +
			"concepts, %d edges (%d drawn).", graph.images(), n, graph.edges().size(), edges.size()), 12, ly + 44);
		g.dispose();
		return out;
	}
}
