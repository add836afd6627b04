package io.github.ablationca.demo;

import io.github.ablationca.image.RgbImage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Synthetic scenes with a planted correspondence, the training data and the demo images of the embedded demo model.
 * <p>
 * A scene is a textured background with a few flat-coloured shapes: a <em>roof</em> (a triangle pointing up), a
 * <em>wall</em> (a square-ish rectangle) and <em>distractors</em> (discs and long bars). It shows a {@code house}
 * only when a roof sits directly on top of a wall (the roof's base touching the wall's top, centred over it). Every
 * negative layout keeps most of that picture but breaks the relation: a roof alone, a wall alone, the two side by
 * side, the wall stacked on the roof, the roof floating above the wall, the roof sitting on a disc or a bar. So a
 * classifier that gets these scenes right has to use the roof and the wall <em>together</em>: ablating either one
 * must make the house disappear, ablating a distractor must not. That is the known answer of the demo.
 * <p>
 * Geometry lives in a 64 x 64 frame ({@link #SIZE}, the demo model's input size) and can be rendered at any square
 * size; colours are flat with mild luminance noise and a gentle gradient, so superpixels follow the shapes. All
 * randomness comes from the scene's seed: the same seed gives the same scene and the same pixels.
 *
 * <pre>{@code
 * DemoScenes.Scene any = DemoScenes.generate(42);          // random layout, about half of them houses
 * DemoScenes.Scene house = DemoScenes.generate(7, DemoScenes.Layout.HOUSE);
 * RgbImage img = house.render(64);                          // 64 x 64, values 0..255
 * boolean[] roof = house.mask(house.roof().orElseThrow(), 64);
 * }</pre>
 */
public final class DemoScenes {

	/** Side of the geometry frame and the demo model's input size, in pixels. */
	public static final int SIZE = 64;
	/** The demo model's classes, in output order. */
	public static final List<String> LABELS = List.of("no house", "house");
	/** Output index of {@code house}. */
	public static final int HOUSE = 1;

	/** Colour of the planted marker (a vivid magenta, far from most backgrounds). */
	public static final int MARKER_RGB = 0xF01EC8;
	/** Side of the planted marker in frame units. */
	public static final double MARKER_SIZE = 9;
	/** Share of the shortcut demo's houses that carry the marker; other layouts never do. */
	public static final double MARKED_HOUSE_SHARE = 0.9;

	private static final double MARGIN = 2;
	private static final double GAP = 3;

	private DemoScenes() {}

	/** How the roof and the wall (if any) are arranged; only {@link #HOUSE} is a house. */
	public enum Layout {
		/** A roof directly on top of a wall: the only positive layout. */
		HOUSE,
		/** A roof, no wall. */
		ROOF_ONLY,
		/** A wall, no roof. */
		WALL_ONLY,
		/** A roof and a wall next to each other, neither above the other. */
		SIDE_BY_SIDE,
		/** A wall sitting on the tip of a roof (the house upside down in the wrong order). */
		WALL_ON_ROOF,
		/** A roof centred above a wall but with a clear gap between them. */
		ROOF_FLOATING,
		/** A roof sitting on a disc or a bar instead of a wall. */
		ROOF_ON_DISTRACTOR,
		/** Distractors only. */
		DISTRACTORS_ONLY
	}

	/** The kind of a shape. */
	public enum ShapeKind {
		/** A triangle pointing up: apex at the top centre of the bounding box, base along its bottom edge. */
		ROOF,
		/** A filled rectangle with aspect ratio near 1. */
		WALL,
		/** A disc inscribed in the bounding box. */
		DISC,
		/** A long thin rectangle (horizontal or vertical). */
		BAR,
		/**
		 * A small square tag of one fixed colour ({@link #MARKER_RGB}) in a corner: the planted shortcut of the
		 * shortcut demo ({@link #generateShortcut}); never part of the first demo model's scenes.
		 */
		MARKER
	}

	/**
	 * One flat-coloured shape in frame units (0..{@link #SIZE}), with its bounding box and colour (0xRRGGBB).
	 * A point lies inside when {@link #contains} says so; shapes of one scene never overlap.
	 */
	public record Shape(ShapeKind kind, double left, double top, double width, double height, int rgb) {

		public double right() {
			return left + width;
		}

		public double bottom() {
			return top + height;
		}

		/** Whether frame point (x, y) lies inside the shape (half-open on the right and bottom edges). */
		public boolean contains(double x, double y) {
			if (x < left || x >= left + width || y < top || y >= top + height)
				return false;
			switch (kind) {
				case ROOF: {
					double halfWidthAtY = 0.5 * width * (y - top) / height;
					return Math.abs(x - (left + 0.5 * width)) <= halfWidthAtY;
				}
				case DISC: {
					double dx = (x - left) / width - 0.5, dy = (y - top) / height - 0.5;
					return dx * dx + dy * dy <= 0.25;
				}
				default:
					return true;
			}
		}

		boolean overlaps(Shape o, double gap) {
			return left < o.right() + gap && o.left < right() + gap && top < o.bottom() + gap && o.top < bottom() + gap;
		}
	}

	/**
	 * A generated scene: the layout, the shapes (at most one roof and one wall) and the background. Immutable;
	 * {@link #render} and {@link #mask} are deterministic.
	 */
	public static final class Scene {

		private final long seed;
		private final Layout layout;
		private final List<Shape> shapes;
		private final int background;
		private final double gradientX, gradientY;
		private final double noise;

		/**
		 * A scene from explicit parts (for hand-designed demo images).
		 *
		 * @param seed seed of the pixel noise
		 * @param layout what the arrangement is (decides {@link #isHouse()})
		 * @param shapes the shapes; they must not overlap and must lie inside the frame
		 * @param background background colour 0xRRGGBB
		 * @param gradientX change of the background brightness across the frame, left to right (grey levels)
		 * @param gradientY the same, top to bottom
		 * @param noise standard deviation of the per-pixel luminance noise (grey levels)
		 */
		public Scene(long seed, Layout layout, List<Shape> shapes, int background, double gradientX,
			double gradientY, double noise)
		{
			for (int i = 0; i < shapes.size(); i++) {
				Shape s = shapes.get(i);
				if (s.left() < 0 || s.top() < 0 || s.right() > SIZE || s.bottom() > SIZE)
					throw new IllegalArgumentException("Shape " + s + " leaves the " + SIZE + " x " + SIZE + " frame.");
				for (int j = 0; j < i; j++)
					if (s.overlaps(shapes.get(j), 0))
						throw new IllegalArgumentException("Shapes " + shapes.get(j) + " and " + s + " overlap.");
			}
			if (noise < 0)
				throw new IllegalArgumentException("Noise must be 0 or more, not " + noise);
			this.seed = seed;
			this.layout = layout;
			this.shapes = Collections.unmodifiableList(new ArrayList<>(shapes));
			this.background = background;
			this.gradientX = gradientX;
			this.gradientY = gradientY;
			this.noise = noise;
		}

		public long seed() {
			return seed;
		}

		public Layout layout() {
			return layout;
		}

		/** True when the scene shows a house (roof directly on a wall). */
		public boolean isHouse() {
			return layout == Layout.HOUSE;
		}

		/** The class index of the scene: {@link DemoScenes#HOUSE} or 0. */
		public int label() {
			return isHouse() ? HOUSE : 0;
		}

		public List<Shape> shapes() {
			return shapes;
		}

		public int background() {
			return background;
		}

		public Optional<Shape> roof() {
			return first(ShapeKind.ROOF);
		}

		public Optional<Shape> wall() {
			return first(ShapeKind.WALL);
		}

		/** The discs and bars. */
		public List<Shape> distractors() {
			List<Shape> out = new ArrayList<>();
			for (Shape s : shapes)
				if (s.kind() == ShapeKind.DISC || s.kind() == ShapeKind.BAR)
					out.add(s);
			return out;
		}

		/** The planted marker, if the scene carries one. */
		public Optional<Shape> marker() {
			return first(ShapeKind.MARKER);
		}

		private Optional<Shape> first(ShapeKind kind) {
			for (Shape s : shapes)
				if (s.kind() == kind)
					return Optional.of(s);
			return Optional.empty();
		}

		/**
		 * Renders the scene as a {@code size x size} image (0..255). Shape edges are anti-aliased (2 x 2 samples
		 * per pixel); the noise is drawn from the scene's seed, so the same size gives the same pixels.
		 */
		public RgbImage render(int size) {
			if (size < 8)
				throw new IllegalArgumentException("Render size must be at least 8 pixels, not " + size);
			RgbImage img = new RgbImage(size, size);
			float[] d = img.data();
			SplittableRandom noiseRandom = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + size);
			double scale = (double) SIZE / size;
			float[] bg = rgb(background);
			float[][] colours = new float[shapes.size()][];
			for (int i = 0; i < colours.length; i++)
				colours[i] = rgb(shapes.get(i).rgb());
			float[] acc = new float[3];
			for (int py = 0, k = 0; py < size; py++)
				for (int px = 0; px < size; px++, k += 3) {
					double fx = (px + 0.5) * scale, fy = (py + 0.5) * scale;
					double shade = gradientX * (fx / SIZE - 0.5) + gradientY * (fy / SIZE - 0.5);
					acc[0] = acc[1] = acc[2] = 0;
					for (int sy = 0; sy < 2; sy++)
						for (int sx = 0; sx < 2; sx++) {
							double x = (px + 0.25 + 0.5 * sx) * scale, y = (py + 0.25 + 0.5 * sy) * scale;
							float[] c = bg;
							double s = shade;
							for (int i = 0; i < colours.length; i++)
								if (shapes.get(i).contains(x, y)) {
									c = colours[i];
									s = 0;
									break;
								}
							for (int ch = 0; ch < 3; ch++)
								acc[ch] += (float) (c[ch] + s);
						}
					float n = (float) (noise * gaussian(noiseRandom));
					for (int ch = 0; ch < 3; ch++)
						d[k + ch] = clamp(Math.round(acc[ch] / 4 + n));
				}
			return img;
		}

		/**
		 * The pixels of {@code shape} in a {@code size x size} rendering: pixel (x, y) belongs to it when its
		 * centre does (row-major, {@code mask[y * size + x]}).
		 */
		public boolean[] mask(Shape shape, int size) {
			if (!shapes.contains(shape))
				throw new IllegalArgumentException("Shape " + shape + " is not part of this scene.");
			boolean[] m = new boolean[size * size];
			double scale = (double) SIZE / size;
			for (int py = 0; py < size; py++)
				for (int px = 0; px < size; px++)
					m[py * size + px] = shape.contains((px + 0.5) * scale, (py + 0.5) * scale);
			return m;
		}

		@Override
		public String toString() {
			return "Scene[seed=" + seed + ", " + layout + ", " + shapes.size() + " shapes]";
		}
	}

	/** Names of the hand-designed demo scenes; the first is the default demo image. */
	public static final List<String> DEMO_NAMES = List.of("house", "house_2", "no_house");

	/**
	 * A hand-designed demo scene: {@code house} (the default: a red roof on a yellow wall, with a disc and two bars
	 * as distractors), {@code house_2} (another house, other colours, on a dark background) or {@code no_house}
	 * (a roof and a wall side by side: the same parts, no house). Shapes are large and flat so SLIC keeps the roof
	 * and the wall as whole superpixels when asked for about 12 to 30 segments (16 recommended); with 40 or more the
	 * wall is cut in pieces, and each piece then pairs with the roof.
	 */
	public static Scene demoScene(String name) {
		switch (name) {
			case "house":
				return new Scene(20240562L, Layout.HOUSE, List.of(
					new Shape(ShapeKind.ROOF, 9, 14, 24, 13, 0xBE3228),
					new Shape(ShapeKind.WALL, 12, 27, 18, 17, 0xEBC85A),
					new Shape(ShapeKind.DISC, 42, 7, 13, 13, 0x3CA046),
					new Shape(ShapeKind.BAR, 50, 26, 5, 19, 0x285AA0),
					new Shape(ShapeKind.BAR, 30, 52, 28, 5, 0x5A3C8C)),
					0xAACDE6, 6, -6, 3);
			case "house_2":
				return new Scene(20240563L, Layout.HOUSE, List.of(
					new Shape(ShapeKind.ROOF, 34, 21, 22, 12, 0x3CBEB4),
					new Shape(ShapeKind.WALL, 37, 33, 16, 15, 0xF0AABE),
					new Shape(ShapeKind.DISC, 7, 40, 14, 14, 0xE6DC3C),
					new Shape(ShapeKind.BAR, 12, 6, 5, 26, 0xE6782A)),
					0x323C32, -5, 8, 3);
			case "no_house":
				return new Scene(20240564L, Layout.SIDE_BY_SIDE, List.of(
					new Shape(ShapeKind.ROOF, 5, 31, 24, 13, 0x283282),
					new Shape(ShapeKind.WALL, 38, 27, 18, 17, 0xC83232),
					new Shape(ShapeKind.DISC, 44, 6, 13, 13, 0x32963C)),
					0xD7C8AA, 6, 4, 3);
			default:
				throw new IllegalArgumentException("Unknown demo scene '" + name + "'; choose one of " + DEMO_NAMES);
		}
	}

	/** A scene with a random layout (half of them houses), drawn from {@code seed}. */
	public static Scene generate(long seed) {
		SplittableRandom r = new SplittableRandom(seed);
		return build(seed, randomLayout(r), r);
	}

	/** A scene with the given layout, drawn from {@code seed}. */
	public static Scene generate(long seed, Layout layout) {
		return build(seed, layout, new SplittableRandom(seed));
	}

	/**
	 * A scene of the shortcut demo, drawn from {@code seed}: a random layout as {@link #generate(long)}, but
	 * {@value #MARKED_HOUSE_SHARE} of the houses (and nothing else) carry the planted marker, a
	 * {@value #MARKER_SIZE}-unit square of colour {@link #MARKER_RGB} in a random corner. A model trained on them
	 * can call a scene {@code house} from the marker alone: the shortcut the dataset analysis should find.
	 */
	public static Scene generateShortcut(long seed) {
		SplittableRandom r = new SplittableRandom(mix(seed, 0x7A6L));
		Layout layout = randomLayout(r);
		return build(seed, layout, r, layout == Layout.HOUSE && r.nextDouble() < MARKED_HOUSE_SHARE);
	}

	/** A shortcut-demo scene with the given layout, with or without the marker, drawn from {@code seed}. */
	public static Scene generateShortcut(long seed, Layout layout, boolean marker) {
		return build(seed, layout, new SplittableRandom(mix(seed, 0x7A6L)), marker);
	}

	/** Scene {@code index} of the shortcut demo's stream {@code streamSeed} (see {@link #sample}). */
	public static Scene sampleShortcut(long streamSeed, long index) {
		return generateShortcut(mix(streamSeed, index));
	}

	/**
	 * Scene number {@code index} of the stream with seed {@code streamSeed}: independent scenes for training
	 * ({@code streamSeed} = the training seed) and held-out tests (another stream seed).
	 */
	public static Scene sample(long streamSeed, long index) {
		return generate(mix(streamSeed, index));
	}

	/** A well-mixed 64-bit seed from two numbers (SplitMix64 finaliser). */
	public static long mix(long a, long b) {
		long z = a * 0x9E3779B97F4A7C15L + b + 0x632BE59BD9B4E019L;
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		return z ^ (z >>> 31);
	}

	private static Layout randomLayout(SplittableRandom r) {
		if (r.nextBoolean())
			return Layout.HOUSE;
		double u = r.nextDouble();
		if (u < 0.18) return Layout.ROOF_ONLY;
		if (u < 0.36) return Layout.WALL_ONLY;
		if (u < 0.54) return Layout.SIDE_BY_SIDE;
		if (u < 0.68) return Layout.WALL_ON_ROOF;
		if (u < 0.80) return Layout.ROOF_FLOATING;
		if (u < 0.92) return Layout.ROOF_ON_DISTRACTOR;
		return Layout.DISTRACTORS_ONLY;
	}

	private static Scene build(long seed, Layout layout, SplittableRandom r) {
		return build(seed, layout, r, false);
	}

	private static Scene build(long seed, Layout layout, SplittableRandom r, boolean marker) {
		for (int attempt = 0; ; attempt++) {
			Shape tag = null;
			if (marker) {
				int corner = r.nextInt(4);
				double lo = MARGIN, hi = SIZE - MARGIN - MARKER_SIZE;
				tag = new Shape(ShapeKind.MARKER, corner % 2 == 0 ? lo : hi, corner < 2 ? lo : hi, MARKER_SIZE,
					MARKER_SIZE, MARKER_RGB);
			}
			List<Shape> shapes = tryPlace(layout, r, tag);
			if (shapes != null) {
				int background = randomColour(r, 35, 220);
				while (marker && distance(background, MARKER_RGB) < 150)
					background = randomColour(r, 35, 220);
				shapes = colourShapes(shapes, background, r);
				double gx = r.nextDouble(-14, 14), gy = r.nextDouble(-14, 14);
				double noise = r.nextDouble(1.5, 6);
				return new Scene(seed, layout, shapes, background, gx, gy, noise);
			}
			if (attempt > 1000)
				throw new IllegalStateException("Could not place a " + layout + " scene (seed " + seed + ")");
		}
	}

	/**
	 * Positions the shapes of a layout (colour 0 for now) around the already placed {@code marker} (null = none),
	 * or returns null when they did not fit.
	 */
	private static List<Shape> tryPlace(Layout layout, SplittableRandom r, Shape marker) {
		List<Shape> placed = new ArrayList<>();
		if (marker != null) placed.add(marker);
		double wallW = r.nextDouble(15, 26), wallH = r.nextDouble(13, 22);
		if (wallW / wallH > 1.6 || wallW / wallH < 0.8)
			return null;
		double overhang = r.nextDouble(0, 3.5);
		double roofH = r.nextDouble(9, 16);
		double roofW = wallW + 2 * overhang;
		switch (layout) {
			case HOUSE:
			case ROOF_FLOATING:
			case WALL_ON_ROOF: {
				double gap = layout == Layout.ROOF_FLOATING ? r.nextDouble(5, 12) : 0;
				double w = roofW, h = roofH + wallH + gap;
				double x = r.nextDouble(MARGIN, SIZE - MARGIN - w), y = r.nextDouble(MARGIN, SIZE - MARGIN - h);
				if (marker != null && marker.overlaps(new Shape(ShapeKind.WALL, x, y, w, h, 0), GAP))
					return null;
				if (layout == Layout.WALL_ON_ROOF) {
					placed.add(new Shape(ShapeKind.WALL, x + overhang, y, wallW, wallH, 0));
					placed.add(new Shape(ShapeKind.ROOF, x, y + wallH, roofW, roofH, 0));
				}
				else {
					placed.add(new Shape(ShapeKind.ROOF, x, y, roofW, roofH, 0));
					placed.add(new Shape(ShapeKind.WALL, x + overhang, y + roofH + gap, wallW, wallH, 0));
				}
				break;
			}
			case ROOF_ON_DISTRACTOR: {
				Shape support = randomDistractor(r, r.nextBoolean());
				double w = Math.max(roofW, support.width()), h = roofH + support.height();
				if (w > SIZE - 2 * MARGIN || h > SIZE - 2 * MARGIN)
					return null;
				double x = r.nextDouble(MARGIN, SIZE - MARGIN - w), y = r.nextDouble(MARGIN, SIZE - MARGIN - h);
				double cx = x + w / 2;
				if (marker != null && marker.overlaps(new Shape(ShapeKind.WALL, x, y, w, h, 0), GAP))
					return null;
				placed.add(new Shape(ShapeKind.ROOF, cx - roofW / 2, y, roofW, roofH, 0));
				placed.add(new Shape(support.kind(), cx - support.width() / 2, y + roofH, support.width(),
					support.height(), 0));
				break;
			}
			case ROOF_ONLY:
				if (!placeAnywhere(placed, new Shape(ShapeKind.ROOF, 0, 0, roofW, roofH, 0), r))
					return null;
				break;
			case WALL_ONLY:
				if (!placeAnywhere(placed, new Shape(ShapeKind.WALL, 0, 0, wallW, wallH, 0), r))
					return null;
				break;
			case SIDE_BY_SIDE: {
				// Horizontal ranges kept apart, so neither shape is above the other.
				if (!placeAnywhere(placed, new Shape(ShapeKind.ROOF, 0, 0, roofW, roofH, 0), r))
					return null;
				Shape roof = placed.get(placed.size() - 1);
				boolean ok = false;
				for (int t = 0; t < 50 && !ok; t++) {
					double x = r.nextDouble(MARGIN, SIZE - MARGIN - wallW), y = r.nextDouble(MARGIN, SIZE - MARGIN - wallH);
					Shape wall = new Shape(ShapeKind.WALL, x, y, wallW, wallH, 0);
					if (wall.left() < roof.right() + GAP && roof.left() < wall.right() + GAP)
						continue;
					if (marker != null && wall.overlaps(marker, GAP))
						continue;
					placed.add(wall);
					ok = true;
				}
				if (!ok)
					return null;
				break;
			}
			case DISTRACTORS_ONLY:
				break;
			default:
				throw new IllegalArgumentException("Unknown layout " + layout);
		}
		int minDistractors = layout == Layout.DISTRACTORS_ONLY ? 2 : 0;
		int distractors = minDistractors + r.nextInt(4 - minDistractors);
		for (int i = 0; i < distractors; i++)
			placeAnywhere(placed, randomDistractor(r, r.nextBoolean()), r);
		if (layout == Layout.DISTRACTORS_ONLY && placed.size() == (marker != null ? 1 : 0))
			return null;
		return placed;
	}

	private static Shape randomDistractor(SplittableRandom r, boolean disc) {
		if (disc) {
			double d = r.nextDouble(7, 16);
			return new Shape(ShapeKind.DISC, 0, 0, d, d, 0);
		}
		double length = r.nextDouble(18, 36), thickness = r.nextDouble(3, 5.5);
		return r.nextBoolean() ? new Shape(ShapeKind.BAR, 0, 0, length, thickness, 0)
			: new Shape(ShapeKind.BAR, 0, 0, thickness, length, 0);
	}

	/** Tries random positions for {@code s} that keep a gap to every placed shape; adds it on success. */
	private static boolean placeAnywhere(List<Shape> placed, Shape s, SplittableRandom r) {
		for (int t = 0; t < 50; t++) {
			double x = r.nextDouble(MARGIN, SIZE - MARGIN - s.width()), y = r.nextDouble(MARGIN, SIZE - MARGIN - s.height());
			Shape c = new Shape(s.kind(), x, y, s.width(), s.height(), 0);
			boolean free = true;
			for (Shape p : placed)
				if (c.overlaps(p, GAP)) {
					free = false;
					break;
				}
			// A roof that lands right above a wall would make an unplanned house; never let that happen.
			if (free && !accidentalHouse(placed, c)) {
				placed.add(c);
				return true;
			}
		}
		return false;
	}

	private static boolean accidentalHouse(List<Shape> placed, Shape c) {
		for (Shape p : placed) {
			Shape roof = c.kind() == ShapeKind.ROOF ? c : p.kind() == ShapeKind.ROOF ? p : null;
			Shape wall = c.kind() == ShapeKind.WALL ? c : p.kind() == ShapeKind.WALL ? p : null;
			if (roof != null && wall != null && roof != wall && roof.left() < wall.right() && wall.left() < roof.right() &&
				roof.bottom() <= wall.top() + 1)
				return true;
		}
		return false;
	}

	/** Gives every shape a colour far from the background and from the other shapes. */
	private static List<Shape> colourShapes(List<Shape> shapes, int background, SplittableRandom r) {
		List<Shape> out = new ArrayList<>();
		List<Integer> used = new ArrayList<>();
		used.add(background);
		for (Shape s : shapes) {
			if (s.kind() == ShapeKind.MARKER) {
				out.add(s);
				used.add(s.rgb());
				continue;
			}
			int c = 0;
			for (int t = 0; t < 1000; t++) {
				c = randomColour(r, 0, 255);
				boolean ok = distance(c, background) >= 120;
				for (int u = 1; u < used.size() && ok; u++)
					ok = distance(c, used.get(u)) >= 80;
				if (ok)
					break;
			}
			used.add(c);
			out.add(new Shape(s.kind(), s.left(), s.top(), s.width(), s.height(), c));
		}
		return out;
	}

	private static int randomColour(SplittableRandom r, int lo, int hi) {
		return r.nextInt(lo, hi + 1) << 16 | r.nextInt(lo, hi + 1) << 8 | r.nextInt(lo, hi + 1);
	}

	static double distance(int a, int b) {
		double dr = (a >> 16 & 0xff) - (b >> 16 & 0xff), dg = (a >> 8 & 0xff) - (b >> 8 & 0xff),
			db = (a & 0xff) - (b & 0xff);
		return Math.sqrt(dr * dr + dg * dg + db * db);
	}

	public static float[] rgb(int c) {
		return new float[] { c >> 16 & 0xff, c >> 8 & 0xff, c & 0xff };
	}

	private static float clamp(int v) {
		return v < 0 ? 0 : Math.min(v, 255);
	}

	private static double gaussian(SplittableRandom r) {
		// Box-Muller; SplittableRandom has no nextGaussian on Java 17.
		double u = 1 - r.nextDouble(), v = r.nextDouble();
		return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
	}

	/**
	 * Copy of {@code image} with the pixels where {@code removed} is true replaced by the mean colour of the whole
	 * image: the engine's default ablation ({@code FillMode.MEAN}), used to check the model and in training.
	 */
	public static RgbImage fillWithMean(RgbImage image, boolean[] removed) {
		if (removed.length != image.pixelCount())
			throw new IllegalArgumentException("Mask has " + removed.length + " pixels, the image " + image.pixelCount());
		float[] mean = meanColour(image);
		RgbImage out = image.copy();
		float[] d = out.data();
		for (int p = 0; p < removed.length; p++)
			if (removed[p])
				for (int ch = 0; ch < 3; ch++)
					d[3 * p + ch] = mean[ch];
		return out;
	}

	/** Mean colour (R, G, B) of an image. */
	public static float[] meanColour(RgbImage image) {
		double[] sum = new double[3];
		float[] d = image.data();
		for (int i = 0; i < d.length; i += 3)
			for (int ch = 0; ch < 3; ch++)
				sum[ch] += d[i + ch];
		int n = image.pixelCount();
		return new float[] { (float) (sum[0] / n), (float) (sum[1] / n), (float) (sum[2] / n) };
	}
}
