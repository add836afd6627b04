package io.github.ablationca.report;

import io.github.ablationca.metric.ObjectMask;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

/** Reads object masks for the pointing game from image files (first band's raw sample values). */
public final class MaskFiles {

	private MaskFiles() {}

	/** Raw sample values of the first band, row-major. */
	public static int[] readValues(Path file, int[] size) throws IOException {
		if (!Files.isRegularFile(file)) throw new IllegalArgumentException("Mask file " + file + " does not exist.");
		BufferedImage img = ImageIO.read(file.toFile());
		if (img == null) throw new IllegalArgumentException("Mask file " + file + " is not an image Java can read " +
			"(use PNG, BMP, GIF or JPEG).");
		Raster r = img.getRaster();
		int w = img.getWidth(), h = img.getHeight();
		int[] v = new int[w * h];
		r.getSamples(0, 0, w, h, 0, v);
		size[0] = w;
		size[1] = h;
		return v;
	}

	/** A trimap as in {@code images/masks/dog_mask.png}: 0 = object, 1 = background, 2 = boundary (ignored). */
	public static ObjectMask readTrimap(Path file) throws IOException {
		int[] size = new int[2];
		int[] v = readValues(file, size);
		return ObjectMask.fromTrimap(v, size[0], size[1]);
	}

	/** A binary mask: any non-zero value = object. */
	public static ObjectMask readBinary(Path file) throws IOException {
		int[] size = new int[2];
		int[] v = readValues(file, size);
		boolean[] obj = new boolean[v.length];
		for (int i = 0; i < v.length; i++)
			obj[i] = v[i] != 0;
		return new ObjectMask(size[0], size[1], obj, null);
	}
}
