package io.github.ablationca.segment;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import io.github.ablationca.TestData;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.type.numeric.ARGBType;

/** Loads the shared test photos as ImgLib2 ARGB images, and builds bigger ones by bilinear upscaling. */
public final class SlicTestImages {

	private SlicTestImages() {}

	/** Every photo of {@code images/imagenet}, {@code images/masks/dog.png} and {@code images/cifar10}, sorted. */
	public static List<Path> allPhotos() {
		List<Path> all = new java.util.ArrayList<>(list(TestData.image("imagenet")));
		all.add(TestData.image("masks/dog.png"));
		all.addAll(list(TestData.image("cifar10")));
		return all;
	}

	public static List<Path> list(Path dir) {
		try (Stream<Path> s = Files.list(dir)) {
			List<Path> files = s.filter(p -> p.toString().matches(".*\\.(png|jpg)")).sorted().collect(Collectors
				.toList());
			if (files.isEmpty()) throw new IllegalStateException("No images in " + dir);
			return files;
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	public static ArrayImg<ARGBType, IntArray> load(Path file) {
		try {
			BufferedImage img = ImageIO.read(file.toFile());
			if (img == null) throw new IllegalStateException("Cannot decode " + file);
			int w = img.getWidth(), h = img.getHeight();
			return ArrayImgs.argbs(img.getRGB(0, 0, w, h, null, 0, w), w, h);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** Bilinear resize of an ARGB image (half-pixel centres, edges clamped), rounded to 8 bits. */
	public static ArrayImg<ARGBType, IntArray> resize(ArrayImg<ARGBType, IntArray> src, int dw, int dh) {
		int sw = (int) src.dimension(0), sh = (int) src.dimension(1);
		int[] s = src.update(null).getCurrentStorageArray();
		int[] d = new int[dw * dh];
		for (int y = 0; y < dh; y++) {
			double fy = Math.max(0, Math.min(sh - 1, (y + 0.5) * sh / dh - 0.5));
			int y0 = (int) fy, y1 = Math.min(sh - 1, y0 + 1);
			double wy = fy - y0;
			for (int x = 0; x < dw; x++) {
				double fx = Math.max(0, Math.min(sw - 1, (x + 0.5) * sw / dw - 0.5));
				int x0 = (int) fx, x1 = Math.min(sw - 1, x0 + 1);
				double wx = fx - x0;
				int p = 0xff000000;
				for (int shift = 16; shift >= 0; shift -= 8) {
					double v = (1 - wy) * ((1 - wx) * ch(s[y0 * sw + x0], shift) + wx * ch(s[y0 * sw + x1], shift)) +
						wy * ((1 - wx) * ch(s[y1 * sw + x0], shift) + wx * ch(s[y1 * sw + x1], shift));
					p |= Math.min(255, (int) Math.round(v)) << shift;
				}
				d[y * dw + x] = p;
			}
		}
		return ArrayImgs.argbs(d, dw, dh);
	}

	private static int ch(int argb, int shift) {
		return (argb >> shift) & 0xff;
	}
}
