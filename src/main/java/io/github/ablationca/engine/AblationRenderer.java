package io.github.ablationca.engine;

import io.github.ablationca.image.BilinearResize;
import io.github.ablationca.image.RgbImage;
import io.github.ablationca.segment.LabelImage;

/**
 * Renders ablated images straight into model space. For every model pixel the bilinear taps of
 * {@link BilinearResize} are looked up once: a pixel whose (non-zero-weight) taps all lie in one object is, in any
 * ablation, either that object's resized image value or its resized fill value, both precomputed; a pixel on an
 * object border keeps its four weighted taps (image and fill products) with their objects. Rendering a mask is
 * then a few block copies (runs of pixels of one object) plus the border pixels, with no work at input resolution, and gives exactly (bit for bit, up to the sign of zero) the image
 * that ablating at input resolution and then resizing with the same map gives: the same float products are summed
 * in the same order.
 *
 * <pre>{@code
 * BilinearResize resize = BilinearResize.of(w, h, 224, 224, ResizeMode.STRETCH);
 * AblationRenderer renderer = new AblationRenderer(image, FillImages.mean(image), labels, resize);
 * renderer.render(keep, batch, n * classifier.imageSize()); // keep[i] = object i stays visible
 * }</pre>
 */
public final class AblationRenderer {

	private final int objects;
	private final int pixels;
	/** Per model pixel: its single object, or -1 for a border pixel. */
	private final int[] pixelObject;
	/** Runs of consecutive (row-major) model pixels of one object: first pixel, length, object. */
	private final int[] runStart, runLength, runObject;
	/** Per model pixel, 3 channels: the resized image and fill values (single-object pixels). */
	private final float[] imageValue;
	private final float[] fillValue;
	/** Border pixels: model pixel index, 4 tap objects, 4 x 3 weighted image and fill products. */
	private final int[] borderPixel;
	private final int[] borderObject;
	private final boolean[] borderSeen;
	private final float[] borderImage;
	private final float[] borderFill;

	/**
	 * @param image the input image (input resolution); read once, not kept
	 * @param fill the fill image, same size (see {@link FillImages})
	 * @param labels the objects, same size
	 * @param resize the map from input resolution to the model input
	 */
	public AblationRenderer(RgbImage image, RgbImage fill, LabelImage labels, BilinearResize resize) {
		int w = resize.srcWidth(), h = resize.srcHeight();
		requireSize("image", image.width(), image.height(), w, h);
		requireSize("fill", fill.width(), fill.height(), w, h);
		requireSize("label image", labels.width(), labels.height(), w, h);
		objects = labels.count();
		pixels = resize.dstWidth() * resize.dstHeight();
		int[] label = labels.labels();
		float[] img = image.data(), base = fill.data();
		pixelObject = new int[pixels];
		imageValue = new float[3 * pixels];
		fillValue = new float[3 * pixels];
		int borders = 0;
		for (int p = 0; p < pixels; p++) {
			int object = singleObject(resize, label, p);
			pixelObject[p] = object;
			if (object < 0) {
				borders++;
				continue;
			}
			resizePixel(resize, img, p, imageValue, 3 * p);
			resizePixel(resize, base, p, fillValue, 3 * p);
		}
		int runs = 0;
		for (int p = 0; p < pixels; p++)
			if (pixelObject[p] >= 0 && (p == 0 || pixelObject[p - 1] != pixelObject[p])) runs++;
		runStart = new int[runs];
		runLength = new int[runs];
		runObject = new int[runs];
		for (int p = 0, r = -1; p < pixels; p++) {
			if (pixelObject[p] < 0) continue;
			if (p == 0 || pixelObject[p - 1] != pixelObject[p]) {
				r++;
				runStart[r] = p;
				runObject[r] = pixelObject[p];
			}
			runLength[r]++;
		}
		borderPixel = new int[borders];
		borderObject = new int[4 * borders];
		borderSeen = new boolean[4 * borders];
		borderImage = new float[12 * borders];
		borderFill = new float[12 * borders];
		for (int p = 0, b = 0; p < pixels; p++) {
			if (pixelObject[p] >= 0) continue;
			borderPixel[b] = p;
			for (int t = 0; t < 4; t++) {
				int src = resize.tap(p, t);
				float wt = resize.weight(p, t);
				borderObject[4 * b + t] = label[src];
				borderSeen[4 * b + t] = wt != 0;
				for (int c = 0; c < 3; c++) {
					borderImage[12 * b + 3 * t + c] = wt * img[3 * src + c];
					borderFill[12 * b + 3 * t + c] = wt * base[3 * src + c];
				}
			}
			b++;
		}
	}

	private static void requireSize(String what, int w, int h, int ew, int eh) {
		if (w != ew || h != eh)
			throw new IllegalArgumentException("The " + what + " is " + w + " x " + h + " but the resize map expects " +
				ew + " x " + eh + "; build all of them from the same image.");
	}

	/** The object of all taps with non-zero weight, or -1 if they lie in several objects. */
	private static int singleObject(BilinearResize resize, int[] label, int p) {
		int object = -1;
		for (int t = 0; t < 4; t++) {
			if (resize.weight(p, t) == 0) continue;
			int l = label[resize.tap(p, t)];
			if (object < 0) object = l;
			else if (object != l) return -1;
		}
		return object < 0 ? label[resize.tap(p, 0)] : object;
	}

	/** Exactly {@link BilinearResize#apply}'s arithmetic for one pixel. */
	private static void resizePixel(BilinearResize resize, float[] s, int p, float[] dst, int o) {
		int a = 3 * resize.tap(p, 0), b = 3 * resize.tap(p, 1), c = 3 * resize.tap(p, 2), d = 3 * resize.tap(p, 3);
		float wa = resize.weight(p, 0), wb = resize.weight(p, 1), wc = resize.weight(p, 2), wd = resize.weight(p, 3);
		for (int ch = 0; ch < 3; ch++)
			dst[o + ch] = wa * s[a + ch] + wb * s[b + ch] + wc * s[c + ch] + wd * s[d + ch];
	}

	/** Number of objects the masks address. */
	public int objects() {
		return objects;
	}

	/** Floats one rendered image takes: model width x height x 3. */
	public int imageSize() {
		return 3 * pixels;
	}

	/**
	 * Which objects the model sees at all: those read by some model pixel with a non-zero weight. With
	 * {@code CENTER_CROP}, objects outside the central square are not seen, and ablating them changes nothing.
	 */
	public boolean[] seenObjects() {
		boolean[] seen = new boolean[objects];
		for (int o : runObject)
			seen[o] = true;
		for (int b = 0; b < borderPixel.length; b++)
			for (int t = 0; t < 4; t++)
				if (borderSeen[4 * b + t]) seen[borderObject[4 * b + t]] = true;
		return seen;
	}

	/** Model pixels whose taps straddle objects (the only ones that need more than a copy). */
	public int borderPixels() {
		return borderPixel.length;
	}

	/**
	 * Writes the image with every object {@code i} where {@code keep[i]} is false replaced by the fill into
	 * {@code dst[offset .. offset + imageSize())}, NHWC as a classifier batch expects.
	 */
	public void render(boolean[] keep, float[] dst, int offset) {
		if (keep.length < objects)
			throw new IllegalArgumentException("mask has " + keep.length + " entries for " + objects + " objects");
		for (int r = 0; r < runStart.length; r++) {
			int j = 3 * runStart[r];
			System.arraycopy(keep[runObject[r]] ? imageValue : fillValue, j, dst, offset + j, 3 * runLength[r]);
		}
		for (int b = 0; b < borderPixel.length; b++) {
			int o = offset + 3 * borderPixel[b];
			float[] s0 = keep[borderObject[4 * b]] ? borderImage : borderFill;
			float[] s1 = keep[borderObject[4 * b + 1]] ? borderImage : borderFill;
			float[] s2 = keep[borderObject[4 * b + 2]] ? borderImage : borderFill;
			float[] s3 = keep[borderObject[4 * b + 3]] ? borderImage : borderFill;
			int k = 12 * b;
			for (int ch = 0; ch < 3; ch++)
				dst[o + ch] = s0[k + ch] + s1[k + 3 + ch] + s2[k + 6 + ch] + s3[k + 9 + ch];
		}
	}
}
