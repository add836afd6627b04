package io.github.ablationca.cli;

import ij.ImagePlus;
import ij.io.Opener;
import io.github.ablationca.fiji.ImagePlusConversion;
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
 * ImagePlus imp = ImagePlusImages.open(Path.of("cells.tif"));
 * for (int slice = 1; slice <= imp.getStackSize(); slice++) {
 *     RgbImage rgb = ImagePlusImages.toRgb(imp, slice);
 *     ...
 * }
 * }</pre>
 */
public final class ImagePlusImages {

	private ImagePlusImages() {}

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
			synchronized (ImagePlusImages.class) {
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

	/** The current slice of {@code imp} as RGB. */
	public static RgbImage toRgb(ImagePlus imp) {
		return toRgb(imp, imp.getCurrentSlice());
	}

	/**
	 * Slice {@code stackIndex} (1-based, as {@code ImageStack.getProcessor}) of {@code imp} as RGB; {@code imp} is
	 * not modified.
	 */
	public static RgbImage toRgb(ImagePlus imp, int stackIndex) {
		if (imp == null) throw new IllegalArgumentException("No image given; open an image first.");
		if (stackIndex < 1 || stackIndex > imp.getStackSize())
			throw new IllegalArgumentException("Slice " + stackIndex + " does not exist; the image has " +
				imp.getStackSize() + " slices.");
		if (imp.getWidth() < 1 || imp.getHeight() < 1)
			throw new IllegalArgumentException("Image " + imp.getTitle() + " is empty (" + imp.getWidth() + " x " +
				imp.getHeight() + " pixels).");
		return ImagePlusConversion.rgb(imp, stackIndex);
	}
}
