package io.github.ablationca.image;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

/**
 * An RGB image as the algorithms use it: interleaved float samples on the 8-bit scale (0..255), row-major,
 * {@code data[(y * width + x) * 3 + c]} with c = 0 red, 1 green, 2 blue. The same layout as one image of a
 * {@link io.github.ablationca.classifier.Classifier} batch, so a model-sized RgbImage can be copied straight into one.
 */
public final class RgbImage {

	private final int width;
	private final int height;
	private final float[] data;

	public RgbImage(int width, int height) {
		this(width, height, new float[checkedSize(width, height)]);
	}

	/** Wraps {@code data} (not copied). */
	public RgbImage(int width, int height, float[] data) {
		if (data.length != checkedSize(width, height))
			throw new IllegalArgumentException("RGB data has " + data.length + " values, expected " + width + " x " +
				height + " x 3 = " + (3L * width * height));
		this.width = width;
		this.height = height;
		this.data = data;
	}

	private static int checkedSize(int width, int height) {
		if (width <= 0 || height <= 0)
			throw new IllegalArgumentException("Image is empty (" + width + " x " + height +
				" pixels); open or select an image with at least one pixel.");
		long n = 3L * width * height;
		if (n > Integer.MAX_VALUE)
			throw new IllegalArgumentException("Image " + width + " x " + height +
				" is too large for one RGB buffer; crop or scale it down.");
		return (int) n;
	}

	/** Packs ARGB ints (as in an ImageJ ColorProcessor) into a new RgbImage; alpha is ignored. */
	public static RgbImage fromArgb(int[] argb, int width, int height) {
		RgbImage img = new RgbImage(width, height);
		if (argb.length != width * height)
			throw new IllegalArgumentException("ARGB array has " + argb.length + " pixels, expected " + width * height);
		float[] d = img.data;
		for (int i = 0, j = 0; i < argb.length; i++) {
			int v = argb[i];
			d[j++] = (v >> 16) & 0xff;
			d[j++] = (v >> 8) & 0xff;
			d[j++] = v & 0xff;
		}
		return img;
	}

	/** ARGB ints (opaque), each sample rounded and clamped to 0..255. */
	public int[] toArgb() {
		int[] out = new int[width * height];
		for (int i = 0, j = 0; i < out.length; i++, j += 3)
			out[i] = 0xff000000 | clamp(data[j]) << 16 | clamp(data[j + 1]) << 8 | clamp(data[j + 2]);
		return out;
	}

	private static int clamp(float v) {
		int r = Math.round(v);
		return r < 0 ? 0 : Math.min(r, 255);
	}

	public int width() {
		return width;
	}

	public int height() {
		return height;
	}

	public int pixelCount() {
		return width * height;
	}

	/** The backing array (live, not a copy). */
	public float[] data() {
		return data;
	}

	public float get(int x, int y, int channel) {
		return data[(y * width + x) * 3 + channel];
	}

	public void set(int x, int y, int channel, float value) {
		data[(y * width + x) * 3 + channel] = value;
	}

	public RgbImage copy() {
		return new RgbImage(width, height, data.clone());
	}

	/** An ImgLib2 view of the same memory with dimensions (channel, x, y). */
	public ArrayImg<FloatType, FloatArray> asImg() {
		return ArrayImgs.floats(data, 3, width, height);
	}
}
