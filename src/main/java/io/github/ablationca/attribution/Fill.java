package io.github.ablationca.attribution;

import io.github.ablationca.engine.FillImages;
import io.github.ablationca.image.RgbImage;
import io.github.ablationca.segment.LabelImage;

/**
 * What replaces hidden pixels: the "baseline" of occlusion, RISE, LIME and integrated gradients, and the substrate
 * of the deletion/insertion metrics. {@link #apply} turns an image into its fully hidden version; an attribution method
 * then mixes image and fill per pixel. The image mean and the blur are the engine's ({@link FillImages}), so
 * Ablation-CA and the baselines hide pixels the same way.
 *
 * <pre>{@code
 * RgbImage grey = Fill.imageMean().apply(image, null);
 * RgbImage blurred = Fill.blur(5.0 / 224).apply(image, null); // the RISE paper's insertion substrate
 * }</pre>
 */
public final class Fill {

	private enum Kind {
		CONSTANT, IMAGE_MEAN, SEGMENT_MEAN, BLUR
	}

	private final Kind kind;
	private final float[] color;
	private final double sigmaFraction;

	private Fill(Kind kind, float[] color, double sigmaFraction) {
		this.kind = kind;
		this.color = color;
		this.sigmaFraction = sigmaFraction;
	}

	/** One colour everywhere, RGB on the 0..255 scale. */
	public static Fill constant(float red, float green, float blue) {
		return new Fill(Kind.CONSTANT, new float[] {red, green, blue}, 0);
	}

	/** Black (0, 0, 0). */
	public static Fill black() {
		return constant(0, 0, 0);
	}

	/** The image's mean colour everywhere. */
	public static Fill imageMean() {
		return new Fill(Kind.IMAGE_MEAN, null, 0);
	}

	/**
	 * Each superpixel filled with its own mean colour: the lime package's default for images
	 * ({@code hide_color=None}). Needs the segments in {@link #apply}.
	 */
	public static Fill segmentMean() {
		return new Fill(Kind.SEGMENT_MEAN, null, 0);
	}

	/**
	 * A Gaussian blur of the image, sigma = {@code sigmaFraction} x the shorter image side: {@link FillImages#blur}
	 * (kernel cut at 3 sigma and renormalised over the pixels inside the image at the border).
	 * {@code 5.0 / 224} is the RISE paper's insertion substrate (sigma 5 on 224 x 224).
	 */
	public static Fill blur(double sigmaFraction) {
		if (!(sigmaFraction > 0))
			throw new IllegalArgumentException("Blur sigma fraction must be positive (got " + sigmaFraction +
				"); try 0.0223 (sigma 5 at 224 pixels).");
		return new Fill(Kind.BLUR, null, sigmaFraction);
	}

	/** True for fills that need superpixels. */
	public boolean needsSegments() {
		return kind == Kind.SEGMENT_MEAN;
	}

	/**
	 * {@code fill}, checked for a method that has no superpixels.
	 *
	 * @throws IllegalArgumentException naming {@code method} and the fills it can use
	 */
	static Fill withoutSegments(Fill fill, String method) {
		if (fill == null || fill.needsSegments())
			throw new IllegalArgumentException(method + " needs a fill that works without superpixels: constant, " +
				"image mean or blur.");
		return fill;
	}

	/**
	 * The fully hidden version of {@code image}, same size, new image.
	 *
	 * @param segments superpixels of {@code image}; only {@link #segmentMean()} uses them (may be null otherwise)
	 */
	public RgbImage apply(RgbImage image, LabelImage segments) {
		int w = image.width(), h = image.height();
		RgbImage out = new RgbImage(w, h);
		float[] src = image.data(), dst = out.data();
		switch (kind) {
			case CONSTANT:
				paint(dst, color);
				break;
			case IMAGE_MEAN:
				return FillImages.mean(image);
			case SEGMENT_MEAN: {
				if (segments == null || segments.width() != w || segments.height() != h)
					throw new IllegalArgumentException("The segment-mean fill needs the superpixels of this " + w +
						" x " + h + " image; pass them with the request (withSegments).");
				int n = segments.count();
				double[] sum = new double[3 * n];
				int[] count = new int[n];
				int[] lab = segments.labels();
				for (int p = 0; p < lab.length; p++) {
					int l = lab[p];
					count[l]++;
					for (int c = 0; c < 3; c++)
						sum[3 * l + c] += src[3 * p + c];
				}
				for (int p = 0; p < lab.length; p++) {
					int l = lab[p];
					for (int c = 0; c < 3; c++)
						dst[3 * p + c] = (float) (sum[3 * l + c] / count[l]);
				}
				break;
			}
			case BLUR:
				return FillImages.blur(image, sigmaFraction * Math.min(w, h));
			default:
				throw new AssertionError(kind);
		}
		return out;
	}

	/** Mean R, G, B of an image. */
	public static float[] meanColor(RgbImage image) {
		double[] s = new double[3];
		float[] d = image.data();
		for (int i = 0; i < d.length; i += 3)
			for (int c = 0; c < 3; c++)
				s[c] += d[i + c];
		int n = image.pixelCount();
		return new float[] {(float) (s[0] / n), (float) (s[1] / n), (float) (s[2] / n)};
	}

	private static void paint(float[] dst, float[] rgb) {
		for (int i = 0; i < dst.length; i += 3) {
			dst[i] = rgb[0];
			dst[i + 1] = rgb[1];
			dst[i + 2] = rgb[2];
		}
	}

	@Override
	public String toString() {
		switch (kind) {
			case CONSTANT:
				return "constant(" + color[0] + "," + color[1] + "," + color[2] + ")";
			case IMAGE_MEAN:
				return "image-mean";
			case SEGMENT_MEAN:
				return "segment-mean";
			default:
				return "blur(" + sigmaFraction + ")";
		}
	}
}
