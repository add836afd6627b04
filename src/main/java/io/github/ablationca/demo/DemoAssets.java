package io.github.ablationca.demo;

import io.github.ablationca.engine.ExplainSettings;
import io.github.ablationca.image.RgbImage;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo model and demo images that ship inside the jar (resources under {@code io/github/ablationca/demo/}).
 * <p>
 * TensorFlow loads a SavedModel only from a folder, so {@link #modelDir()} copies the model out of the classpath
 * (jar or classes folder) once into a cache folder named after the model's content hash and returns that folder.
 * The demo images are the {@link DemoScenes#demoScene hand-designed demo scenes} rendered at
 * {@value #IMAGE_SIZE} x {@value #IMAGE_SIZE}; {@link #image} returns one with the ground-truth masks of its roof,
 * wall and distractors, which is what the demo's correct answer is checked against.
 *
 * <pre>{@code
 * Path model = DemoAssets.modelDir();                     // saved_model.pb, variables/, labels.txt, ablation-ca.properties
 * DemoAssets.DemoImage demo = DemoAssets.image(DemoAssets.DEFAULT_IMAGE);
 * RgbImage img = demo.image();                            // 256 x 256, a house with distractors
 * boolean[] roof = demo.roofMask(), wall = demo.wallMask();
 * }</pre>
 */
public final class DemoAssets {

	/** Classpath folder of the demo assets. */
	public static final String RESOURCE_DIR = "/io/github/ablationca/demo/";
	/** The files of the model folder, relative to it. */
	public static final List<String> MODEL_FILES = List.of("saved_model.pb", "variables/variables.index",
		"variables/variables.data-00000-of-00001", "labels.txt", "ablation-ca.properties");
	/** Side of the demo images in pixels. */
	public static final int IMAGE_SIZE = 256;
	/** The image the demo explains by default. */
	public static final String DEFAULT_IMAGE = DemoScenes.DEMO_NAMES.get(0);

	private static Path cachedModelDir;

	private DemoAssets() {}

	/** A demo image with the ground truth of its scene (masks row-major at the image's size). */
	public record DemoImage(String name, RgbImage image, DemoScenes.Scene scene, boolean[] roofMask,
		boolean[] wallMask, List<boolean[]> distractorMasks)
	{
		/** Whether the image shows a house (the demo model's {@code house} class). */
		public boolean isHouse() {
			return scene.isHouse();
		}
	}

	/** Segments the demo asks for: few enough that the roof and the wall each stay one whole superpixel. */
	public static final int DEMO_SEGMENTS = 16;

	/**
	 * The settings the demo runs with: the engine defaults, but {@value #DEMO_SEGMENTS} segments, since at 40 SLIC
	 * cuts the wall into pieces and roof x wall-piece pairs compete with the planted pair.
	 */
	public static ExplainSettings explainSettings() {
		ExplainSettings s = new ExplainSettings();
		s.segments = DEMO_SEGMENTS;
		return s;
	}

	/** Names of the demo images ({@code house} first, the default). */
	public static List<String> imageNames() {
		return DemoScenes.DEMO_NAMES;
	}

	/**
	 * The demo model folder, copied out of the classpath on first use into
	 * {@code <java.io.tmpdir>/ablation-ca-demo-model-<content hash>} (reused while the model is unchanged).
	 *
	 * @throws IllegalStateException if the model is missing from the classpath (a broken build)
	 */
	public static synchronized Path modelDir() {
		if (cachedModelDir == null || !complete(cachedModelDir)) cachedModelDir = extractCached("model/",
			"ablation-ca-demo-model-");
		return cachedModelDir;
	}

	/**
	 * The shortcut demo model folder (trained on {@link DemoScenes#generateShortcut} scenes: most houses carry a
	 * planted marker), copied out of the classpath like {@link #modelDir()}.
	 */
	public static synchronized Path shortcutModelDir() {
		if (cachedShortcutDir == null || !complete(cachedShortcutDir)) cachedShortcutDir = extractCached(
			SHORTCUT_MODEL + "/", "ablation-ca-shortcut-model-");
		return cachedShortcutDir;
	}

	/** Resource folder of the shortcut demo model, relative to {@link #RESOURCE_DIR}. */
	public static final String SHORTCUT_MODEL = "shortcut-model";
	private static Path cachedShortcutDir;

	private static Path extractCached(String folder, String prefix) {
		List<byte[]> contents = new ArrayList<>();
		for (String f : MODEL_FILES)
			contents.add(resource(folder + f));
		Path dir = Paths.get(System.getProperty("java.io.tmpdir"), prefix + hash(contents));
		try {
			if (!complete(dir)) {
				// Write to a private folder first and move it into place, so no reader ever sees half a model.
				Files.createDirectories(dir.getParent());
				Path tmp = Files.createTempDirectory(dir.getParent(), dir.getFileName() + ".part");
				write(contents, tmp);
				try {
					Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
				}
				catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
					deleteRecursively(tmp);
					if (!complete(dir))
						throw new IOException("Could not place the demo model at " + dir + ": " + e.getMessage(), e);
				}
				catch (IOException e) {
					// Another process may have moved its copy in first (the target is then a non-empty folder).
					deleteRecursively(tmp);
					if (!complete(dir))
						throw e;
				}
			}
		}
		catch (IOException e) {
			throw new UncheckedIOException("Could not extract the demo model to " + dir +
				"; check that java.io.tmpdir is writable (" + e.getMessage() + ")", e);
		}
		return dir;
	}

	/** Scenes in the shortcut demo's test set: 40 houses (36 with the marker) and 8 scenes without a house. */
	public static final int SHORTCUT_SCENES = 48;
	/** Stream seed of the shortcut demo's test set (the training uses other streams). */
	public static final long SHORTCUT_TEST_STREAM = 0x7E57_5CE7EL;

	/**
	 * Scene {@code i} of the shortcut demo's test set: scenes 0-39 are houses, every one but each tenth (9, 19, ...)
	 * with the planted marker; scenes 40-47 have no house (and no marker). Seeded, so the same set every time.
	 */
	public static DemoScenes.Scene shortcutScene(int i) {
		if (i < 0 || i >= SHORTCUT_SCENES)
			throw new IllegalArgumentException("Scene " + i + " is outside 0.." + (SHORTCUT_SCENES - 1));
		long seed = DemoScenes.mix(SHORTCUT_TEST_STREAM, i);
		if (i < 40) return DemoScenes.generateShortcut(seed, DemoScenes.Layout.HOUSE, i % 10 != 9);
		DemoScenes.Layout[] others = { DemoScenes.Layout.ROOF_ONLY, DemoScenes.Layout.WALL_ONLY,
			DemoScenes.Layout.SIDE_BY_SIDE, DemoScenes.Layout.WALL_ON_ROOF, DemoScenes.Layout.ROOF_FLOATING,
			DemoScenes.Layout.ROOF_ON_DISTRACTOR, DemoScenes.Layout.DISTRACTORS_ONLY, DemoScenes.Layout.SIDE_BY_SIDE };
		return DemoScenes.generateShortcut(seed, others[i - 40], false);
	}

	/** The file name of shortcut test scene {@code i}: {@code scene_07.png}. */
	public static String shortcutSceneName(int i) {
		return String.format(java.util.Locale.ROOT, "scene_%02d", i);
	}

	/** Renders the shortcut demo's test set at {@link #IMAGE_SIZE} into {@code dir/scene_<i>.png}. */
	public static List<Path> writeShortcutScenes(Path dir) throws IOException {
		Files.createDirectories(dir);
		List<Path> files = new ArrayList<>();
		for (int i = 0; i < SHORTCUT_SCENES; i++) {
			Path file = dir.resolve(shortcutSceneName(i) + ".png");
			if (!Files.isRegularFile(file)) {
				Path tmp = dir.resolve(shortcutSceneName(i) + ".png.part");
				writePng(shortcutScene(i).render(IMAGE_SIZE), tmp);
				Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
			}
			files.add(file);
		}
		return files;
	}

	/** Copies the demo model files into {@code dir} (created if needed) and returns {@code dir}. */
	public static Path extractModel(Path dir) throws IOException {
		List<byte[]> contents = new ArrayList<>();
		for (String f : MODEL_FILES)
			contents.add(resource("model/" + f));
		write(contents, dir);
		return dir;
	}

	private static void write(List<byte[]> contents, Path dir) throws IOException {
		for (int i = 0; i < MODEL_FILES.size(); i++) {
			Path p = dir.resolve(MODEL_FILES.get(i));
			Files.createDirectories(p.getParent());
			Files.write(p, contents.get(i));
		}
	}

	private static boolean complete(Path dir) {
		for (String f : MODEL_FILES)
			if (!Files.isRegularFile(dir.resolve(f)))
				return false;
		return true;
	}

	private static String hash(List<byte[]> contents) {
		try {
			MessageDigest sha = MessageDigest.getInstance("SHA-256");
			for (byte[] c : contents)
				sha.update(c);
			byte[] d = sha.digest();
			StringBuilder s = new StringBuilder();
			for (int i = 0; i < 6; i++)
				s.append(String.format("%02x", d[i]));
			return s.toString();
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
		}
	}

	/** The bytes of a demo resource (path relative to {@link #RESOURCE_DIR}). */
	static byte[] resource(String relative) {
		try (InputStream in = DemoAssets.class.getResourceAsStream(RESOURCE_DIR + relative)) {
			if (in == null)
				throw new IllegalStateException("Demo resource " + RESOURCE_DIR + relative + " is missing from the " +
					"classpath; rebuild with 'mvn -B -DskipTests package' (or retrain: scripts/train-demo-model).");
			return in.readAllBytes();
		}
		catch (IOException e) {
			throw new UncheckedIOException("Could not read demo resource " + relative, e);
		}
	}

	/** The committed PNG of demo image {@code name}. */
	public static byte[] imagePng(String name) {
		checkName(name);
		return resource("images/" + name + ".png");
	}

	/** Writes demo image {@code name} as {@code dir/<name>.png} (for tools that read files) and returns the path. */
	public static Path extractImage(String name, Path dir) throws IOException {
		byte[] png = imagePng(name);
		Files.createDirectories(dir);
		Path p = dir.resolve(name + ".png");
		Files.write(p, png);
		return p;
	}

	/** Demo image {@code name} (decoded from the committed PNG) with the ground-truth masks of its scene. */
	public static DemoImage image(String name) {
		checkName(name);
		RgbImage img;
		try (InputStream in = new java.io.ByteArrayInputStream(imagePng(name))) {
			img = readPng(in);
		}
		catch (IOException e) {
			throw new UncheckedIOException("Could not decode demo image " + name, e);
		}
		if (img.width() != img.height())
			throw new IllegalStateException("Demo image " + name + " is not square: " + img.width() + " x " + img.height());
		DemoScenes.Scene scene = DemoScenes.demoScene(name);
		int size = img.width();
		boolean[] roof = scene.roof().map(s -> scene.mask(s, size)).orElse(new boolean[size * size]);
		boolean[] wall = scene.wall().map(s -> scene.mask(s, size)).orElse(new boolean[size * size]);
		List<boolean[]> distractors = new ArrayList<>();
		for (DemoScenes.Shape s : scene.distractors())
			distractors.add(scene.mask(s, size));
		return new DemoImage(name, img, scene, roof, wall, List.copyOf(distractors));
	}

	private static void checkName(String name) {
		if (!DemoScenes.DEMO_NAMES.contains(name))
			throw new IllegalArgumentException("Unknown demo image '" + name + "'; choose one of " + DemoScenes.DEMO_NAMES);
	}

	/** Renders every demo scene at {@link #IMAGE_SIZE} into {@code dir/<name>.png} (the committed demo images). */
	public static void writeDemoImages(Path dir) throws IOException {
		Files.createDirectories(dir);
		for (String name : DemoScenes.DEMO_NAMES)
			writePng(DemoScenes.demoScene(name).render(IMAGE_SIZE), dir.resolve(name + ".png"));
	}

	/** Writes an RGB image as an 8-bit PNG (values rounded and clamped to 0..255). */
	public static void writePng(RgbImage img, Path file) throws IOException {
		BufferedImage b = new BufferedImage(img.width(), img.height(), BufferedImage.TYPE_INT_RGB);
		b.setRGB(0, 0, img.width(), img.height(), img.toArgb(), 0, img.width());
		if (!ImageIO.write(b, "png", file.toFile()))
			throw new IOException("No PNG writer in this Java runtime");
	}

	/** Reads a PNG (or any format ImageIO knows) as RGB. */
	public static RgbImage readPng(InputStream in) throws IOException {
		BufferedImage b = ImageIO.read(in);
		if (b == null)
			throw new IOException("Not a readable image");
		int w = b.getWidth(), h = b.getHeight();
		return RgbImage.fromArgb(b.getRGB(0, 0, w, h, null, 0, w), w, h);
	}


	/** Deletes a folder and everything in it; nothing happens when it does not exist. */
	public static void deleteRecursively(Path dir) throws IOException {
		if (!Files.exists(dir))
			return;
		try (var files = Files.walk(dir)) {
			for (Path p : (Iterable<Path>) files.sorted(java.util.Comparator.reverseOrder())::iterator)
				Files.delete(p);
		}
	}
}
