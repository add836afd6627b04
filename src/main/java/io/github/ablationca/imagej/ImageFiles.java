package io.github.ablationca.imagej;

import ij.ImagePlus;
import ij.io.Opener;
import io.github.ablationca.image.ImageConversion;
import io.github.ablationca.image.RgbImage;

import java.awt.GraphicsEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reading images with ImageJ 1.x for the command line (headless), and turning {@link ImagePlus} slices into the
 * {@link RgbImage} the algorithms take, by the rule of {@link ImageConversion}: RGB as is; 8-bit grey copied to R, G
 * and B unscaled; 8-bit indexed colour through its palette; 16- and 32-bit mapped from the image's display range
 * (min..max) to 0..255. ImageJ stays on this side: the algorithm packages never see an {@code ij.*} type.
 * <pre>{@code
 * ImagePlus imp = ImageFiles.open(Path.of("cells.tif"));
 * for (int slice = 1; slice <= imp.getStackSize(); slice++) {
 *     RgbImage rgb = ImageFiles.toRgb(imp, slice);
 *     ...
 * }
 * }</pre>
 */
public final class ImageFiles {

	private ImageFiles() {}

	/**
	 * Opens an image file (TIFF, PNG, JPEG, GIF, BMP, ... whatever ImageJ 1.x reads without plugins).
	 *
	 * @throws IllegalArgumentException naming the file and the problem (missing, folder, empty, unreadable, no pixels)
	 */
	public static ImagePlus open(Path file) {
		if (file == null) throw new IllegalArgumentException("No image file given.");
		if (!Files.exists(file)) throw new IllegalArgumentException("Image file " + file + " does not exist.");
		if (Files.isDirectory(file))
			throw new IllegalArgumentException(file + " is a folder, not an image file; give image files.");
		try {
			if (Files.size(file) == 0)
				throw new IllegalArgumentException("Image file " + file + " is empty (0 bytes).");
		}
		catch (IOException e) {
			throw new IllegalArgumentException("Cannot read image file " + file + ": " + e.getMessage(), e);
		}
		if (!Files.isReadable(file)) throw new IllegalArgumentException("Image file " + file + " is not readable.");
		ImagePlus imp;
		String said = "";
		if (GraphicsEnvironment.isHeadless()) {
			// Headless ImageJ reports errors by printing them; keep them off our standard output and quote them.
			ByteArrayOutputStream buffer = new ByteArrayOutputStream();
			synchronized (ImageFiles.class) {
				PrintStream out = System.out, err = System.err;
				try (PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
					System.setOut(capture);
					System.setErr(capture);
					imp = openQuietly(file);
				}
				finally {
					System.setOut(out);
					System.setErr(err);
				}
			}
			said = firstLines(buffer.toString(StandardCharsets.UTF_8));
		}
		else imp = openQuietly(file);
		if (imp == null)
			throw new IllegalArgumentException("Cannot read image file " + file + (said.isEmpty() ? "" : " (ImageJ: " +
				said + ")") + "; use TIFF, PNG, JPEG, GIF or BMP.");
		if (imp.getWidth() < 1 || imp.getHeight() < 1 || imp.getStackSize() < 1)
			throw new IllegalArgumentException("Image file " + file + " has no pixels (" + imp.getWidth() + " x " +
				imp.getHeight() + "); it is empty or not an image.");
		return imp;
	}

	private static ImagePlus openQuietly(Path file) {
		try {
			return new Opener().openImage(file.toAbsolutePath().toString());
		}
		catch (RuntimeException e) {
			return null;
		}
	}

	private static String firstLines(String text) {
		StringBuilder sb = new StringBuilder();
		for (String line : text.split("\\R")) {
			String l = line.strip();
			if (l.isEmpty() || l.startsWith("at ") || l.contains("Exception") && sb.length() > 0) continue;
			if (sb.length() > 0) sb.append(' ');
			sb.append(l);
			if (sb.length() > 200) break;
		}
		return sb.toString();
	}
}
