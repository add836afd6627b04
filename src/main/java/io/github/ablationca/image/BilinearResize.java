package io.github.ablationca.image;

/**
 * Bilinear resampling as a fixed linear map: every output pixel is a weighted sum of (up to) four input pixels.
 * Half-pixel centres, no antialiasing, edges clamped: the convention of TensorFlow's
 * {@code tf.image.resize(..., 'bilinear')} and of the reference preprocessing in {@code ../shared/data/README.md}.
 * <p>
 * The taps are computed once, so the same map can resize the image, a baseline and every ablated variant of it
 * exactly alike. Because resampling is linear per pixel, ablating in model space through these taps gives exactly
 * the image that ablating at full resolution and then resizing would give.
 *
 * <pre>{@code
 * BilinearResize r = BilinearResize.of(img.width(), img.height(), 224, 224, ResizeMode.CENTER_CROP);
 * RgbImage modelInput = r.apply(img);
 * }</pre>
 */
public final class BilinearResize {

	private final int srcWidth, srcHeight, dstWidth, dstHeight;
	/** Four source pixel indices per output pixel. */
	private final int[] taps;
	/** Four weights per output pixel, summing to 1. */
	private final float[] weights;

	private BilinearResize(int srcWidth, int srcHeight, int dstWidth, int dstHeight, int cropX, int cropY,
		int cropW, int cropH)
	{
		this.srcWidth = srcWidth;
		this.srcHeight = srcHeight;
		this.dstWidth = dstWidth;
		this.dstHeight = dstHeight;
		int n = dstWidth * dstHeight;
		taps = new int[4 * n];
		weights = new float[4 * n];
		int[] x0 = new int[dstWidth], x1 = new int[dstWidth];
		float[] fx = new float[dstWidth];
		axis(dstWidth, cropX, cropW, x0, x1, fx);
		int[] y0 = new int[dstHeight], y1 = new int[dstHeight];
		float[] fy = new float[dstHeight];
		axis(dstHeight, cropY, cropH, y0, y1, fy);
		for (int y = 0, k = 0; y < dstHeight; y++)
			for (int x = 0; x < dstWidth; x++, k += 4) {
				float wx = fx[x], wy = fy[y];
				taps[k] = y0[y] * srcWidth + x0[x];
				taps[k + 1] = y0[y] * srcWidth + x1[x];
				taps[k + 2] = y1[y] * srcWidth + x0[x];
				taps[k + 3] = y1[y] * srcWidth + x1[x];
				weights[k] = (1 - wx) * (1 - wy);
				weights[k + 1] = wx * (1 - wy);
				weights[k + 2] = (1 - wx) * wy;
				weights[k + 3] = wx * wy;
			}
	}

	private static void axis(int outSize, int start, int inSize, int[] lo, int[] hi, float[] frac) {
		double scale = (double) inSize / outSize;
		for (int o = 0; o < outSize; o++) {
			double in = (o + 0.5) * scale - 0.5;
			double f = Math.floor(in);
			lo[o] = start + (int) Math.max(f, 0);
			hi[o] = start + (int) Math.min(Math.ceil(in), inSize - 1);
			frac[o] = (float) (in - f);
		}
	}

	/** The map from a {@code srcWidth x srcHeight} image to {@code dstWidth x dstHeight}, cropped as {@code mode} says. */
	public static BilinearResize of(int srcWidth, int srcHeight, int dstWidth, int dstHeight, ResizeMode mode) {
		if (srcWidth <= 0 || srcHeight <= 0)
			throw new IllegalArgumentException("Image is empty (" + srcWidth + " x " + srcHeight + " pixels).");
		if (dstWidth <= 0 || dstHeight <= 0)
			throw new IllegalArgumentException("Target size must be positive, not " + dstWidth + " x " + dstHeight);
		if (mode == ResizeMode.CENTER_CROP) {
			// The largest central region with the target's aspect ratio (a square for square models).
			int cropW = srcWidth, cropH = srcHeight;
			if ((long) srcWidth * dstHeight > (long) srcHeight * dstWidth)
				cropW = Math.max(1, (int) Math.round((double) srcHeight * dstWidth / dstHeight));
			else
				cropH = Math.max(1, (int) Math.round((double) srcWidth * dstHeight / dstWidth));
			return new BilinearResize(srcWidth, srcHeight, dstWidth, dstHeight, (srcWidth - cropW) / 2,
				(srcHeight - cropH) / 2, cropW, cropH);
		}
		return new BilinearResize(srcWidth, srcHeight, dstWidth, dstHeight, 0, 0, srcWidth, srcHeight);
	}

	public int srcWidth() {
		return srcWidth;
	}

	public int srcHeight() {
		return srcHeight;
	}

	public int dstWidth() {
		return dstWidth;
	}

	public int dstHeight() {
		return dstHeight;
	}

	/** Source pixel index ({@code y * srcWidth + x}) of tap {@code t} (0..3) of output pixel {@code p}. */
	public int tap(int p, int t) {
		return taps[4 * p + t];
	}

	/** Weight of tap {@code t} (0..3) of output pixel {@code p}. */
	public float weight(int p, int t) {
		return weights[4 * p + t];
	}

	public RgbImage apply(RgbImage src) {
		RgbImage dst = new RgbImage(dstWidth, dstHeight);
		apply(src, dst.data(), 0);
		return dst;
	}

	/** Resizes {@code src} into {@code dst} starting at float offset {@code offset} (for filling a batch buffer). */
	public void apply(RgbImage src, float[] dst, int offset) {
		if (src.width() != srcWidth || src.height() != srcHeight)
			throw new IllegalArgumentException("Image is " + src.width() + " x " + src.height() + ", this map expects " +
				srcWidth + " x " + srcHeight);
		float[] s = src.data();
		int n = dstWidth * dstHeight;
		for (int p = 0, k = 0, o = offset; p < n; p++, k += 4, o += 3) {
			int a = 3 * taps[k], b = 3 * taps[k + 1], c = 3 * taps[k + 2], d = 3 * taps[k + 3];
			float wa = weights[k], wb = weights[k + 1], wc = weights[k + 2], wd = weights[k + 3];
			for (int ch = 0; ch < 3; ch++)
				dst[o + ch] = wa * s[a + ch] + wb * s[b + ch] + wc * s[c + ch] + wd * s[d + ch];
		}
	}
}
