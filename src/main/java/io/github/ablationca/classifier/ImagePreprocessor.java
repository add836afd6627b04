package io.github.ablationca.classifier;

import io.github.ablationca.image.BilinearResize;
import io.github.ablationca.image.ResizeMode;
import io.github.ablationca.image.RgbImage;

import java.util.List;

/**
 * Fits RGB images of any size to a classifier's input: bilinear resize (half-pixel centres, no antialiasing, the
 * convention of {@code tf.image.resize}) of the whole image ({@link ResizeMode#STRETCH}, the default) or of its
 * central square ({@link ResizeMode#CENTER_CROP}), optionally rounded to the 8-bit grid afterwards (round half to
 * even, clamped to 0..255), as the reference preprocessing in {@code ../shared/data/README.md} does when it stores
 * the resized image as uint8.
 * <p>
 * The input image is never modified. The resize map of the last source size is cached, so a stream of equally sized
 * images (stack slices, a folder of camera images) computes its taps once.
 * <pre>{@code
 * ImagePreprocessor pre = new ImagePreprocessor(224, 224, ResizeMode.CENTER_CROP, true);
 * float[] batch = pre.pack(List.of(image1, image2));      // ready for classifier.predict(batch, 2)
 * RgbImage modelInput = pre.apply(image1);                 // or one image at model size
 * }</pre>
 */
public final class ImagePreprocessor {

	private final int width;
	private final int height;
	private final ResizeMode mode;
	private final boolean roundTo8Bit;
	private volatile BilinearResize lastResize;

	/**
	 * @param width model input width in pixels
	 * @param height model input height in pixels
	 * @param mode how the image is fitted ({@code null} = {@link ResizeMode#STRETCH})
	 * @param roundTo8Bit round resized samples to integers 0..255 (as when the resized image is stored as 8-bit)
	 */
	public ImagePreprocessor(int width, int height, ResizeMode mode, boolean roundTo8Bit) {
		if (width <= 0 || height <= 0)
			throw new IllegalArgumentException("Model input size must be positive, not " + width + " x " + height + ".");
		this.width = width;
		this.height = height;
		this.mode = mode == null ? ResizeMode.STRETCH : mode;
		this.roundTo8Bit = roundTo8Bit;
	}

	/** Stretches to the classifier's input size, no rounding. */
	public ImagePreprocessor(Classifier classifier) {
		this(classifier.inputWidth(), classifier.inputHeight(), ResizeMode.STRETCH, false);
	}

	/** Fits to the classifier's input size with {@code mode}, no rounding. */
	public static ImagePreprocessor of(Classifier classifier, ResizeMode mode) {
		return new ImagePreprocessor(classifier.inputWidth(), classifier.inputHeight(), mode, false);
	}

	public int width() {
		return width;
	}

	public int height() {
		return height;
	}

	public ResizeMode mode() {
		return mode;
	}

	public boolean roundTo8Bit() {
		return roundTo8Bit;
	}

	/** Floats per preprocessed image: {@code width * height * 3}. */
	public int imageSize() {
		return width * height * 3;
	}

	/** The resize map for a {@code srcWidth x srcHeight} image (cached for the last size asked). */
	public BilinearResize resize(int srcWidth, int srcHeight) {
		BilinearResize r = lastResize;
		if (r == null || r.srcWidth() != srcWidth || r.srcHeight() != srcHeight) {
			r = BilinearResize.of(srcWidth, srcHeight, width, height, mode);
			lastResize = r;
		}
		return r;
	}

	/** A new model-size image; {@code image} is not modified. */
	public RgbImage apply(RgbImage image) {
		RgbImage out = new RgbImage(width, height);
		apply(image, out.data(), 0);
		return out;
	}

	/**
	 * Writes the preprocessed image into {@code dst} at float offset {@code offset} (one image slot of a batch).
	 *
	 * @throws IllegalArgumentException if the image is missing or the slot does not fit into {@code dst}
	 */
	public void apply(RgbImage image, float[] dst, int offset) {
		if (image == null) throw new IllegalArgumentException("No image given.");
		int n = imageSize();
		if (offset < 0 || dst.length - offset < n)
			throw new IllegalArgumentException("Batch buffer of " + dst.length + " floats has no room for an image of " +
				n + " floats at offset " + offset + ".");
		resize(image.width(), image.height()).apply(image, dst, offset);
		if (roundTo8Bit) roundTo8Bit(dst, offset, n);
	}

	/** Preprocesses {@code images} into one new batch buffer, image {@code i} at {@code i * imageSize()}. */
	public float[] pack(List<RgbImage> images) {
		float[] batch = new float[Math.multiplyExact(images.size(), imageSize())];
		for (int i = 0; i < images.size(); i++)
			apply(images.get(i), batch, i * imageSize());
		return batch;
	}

	/** Rounds {@code values[offset .. offset + length)} to integers 0..255, half to even (as numpy.round). */
	public static void roundTo8Bit(float[] values, int offset, int length) {
		for (int i = offset, end = offset + length; i < end; i++) {
			float v = values[i];
			values[i] = v <= 0 || Float.isNaN(v) ? 0f : v >= 255 ? 255f : (float) Math.rint(v);
		}
	}
}
