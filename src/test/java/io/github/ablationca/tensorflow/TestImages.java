package io.github.ablationca.tensorflow;

import io.github.ablationca.image.RgbImage;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

import javax.imageio.ImageIO;

/** Reads test images with ImageIO (the algorithm-side tests use no ImageJ). */
final class TestImages {
	private TestImages() {}

	static RgbImage read(Path file) {
		try {
			BufferedImage img = ImageIO.read(file.toFile());
			if (img == null) throw new IllegalStateException("ImageIO cannot decode " + file);
			int w = img.getWidth(), h = img.getHeight();
			return RgbImage.fromArgb(img.getRGB(0, 0, w, h, null, 0, w), w, h);
		}
		catch (IOException e) {
			throw new IllegalStateException("Cannot read test image " + file, e);
		}
	}
}
