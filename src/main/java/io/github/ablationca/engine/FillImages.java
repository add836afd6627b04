package io.github.ablationca.engine;

import io.github.ablationca.image.BilinearResize;
import io.github.ablationca.image.RgbImage;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The fill images that replace ablated objects (input resolution, same size as the image). The image itself is
 * never modified.
 *
 * <pre>{@code
 * RgbImage fill = FillImages.fill(image, settings); // settings.fill decides which one
 * }</pre>
 */
public final class FillImages {

	private FillImages() {}

	/** The fill image that {@code settings.fill} asks for (blur sigma, constant colour and seed from the settings). */
	public static RgbImage fill(RgbImage image, ExplainSettings settings) {
		switch (settings.fill) {
			case MEAN:
				return mean(image);
			case BLUR:
				return blur(image, settings.blurSigmaFraction * Math.min(image.width(), image.height()));
			case CONSTANT:
				return constant(image.width(), image.height(), settings.constantColor);
			case NOISE:
				return noise(image.width(), image.height(), settings.seed);
			default:
				throw new IllegalArgumentException("Unknown fill mode " + settings.fill +
					"; use MEAN, BLUR, CONSTANT or NOISE.");
		}
	}

	/**
	 * The fill image as {@link #fill(RgbImage, ExplainSettings)} gives it, but only where {@code resize} reads it
	 * (its taps); other pixels are 0. What {@link AblationRenderer} needs, bit for bit, at a fraction of the cost for
	 * {@link FillMode#BLUR} on large images; the other modes are cheap and returned whole.
	 */
	public static RgbImage fill(RgbImage image, ExplainSettings settings, BilinearResize resize) {
		if (settings.fill != FillMode.BLUR) return fill(image, settings);
		int w = image.width(), h = image.height();
		if (resize.srcWidth() != w || resize.srcHeight() != h)
			throw new IllegalArgumentException("The resize map expects " + resize.srcWidth() + " x " +
				resize.srcHeight() + ", the image is " + w + " x " + h + ".");
		boolean[] needed = new boolean[w * h];
		boolean[] column = new boolean[w];
		int outputs = resize.dstWidth() * resize.dstHeight();
		for (int p = 0; p < outputs; p++)
			for (int t = 0; t < 4; t++) {
				int src = resize.tap(p, t);
				needed[src] = true;
				column[src % w] = true;
			}
		return blur(image, settings.blurSigmaFraction * Math.min(w, h), column, needed);
	}

	/** Every pixel set to the image's mean colour (per channel). */
	public static RgbImage mean(RgbImage image) {
		float[] d = image.data();
		double[] sum = new double[3];
		for (int j = 0; j < d.length; j += 3) {
			sum[0] += d[j];
			sum[1] += d[j + 1];
			sum[2] += d[j + 2];
		}
		int n = image.pixelCount();
		return constant(image.width(), image.height(),
			new float[] {(float) (sum[0] / n), (float) (sum[1] / n), (float) (sum[2] / n)});
	}

	/** Every pixel set to {@code rgb} (three values, 0..255). */
	public static RgbImage constant(int width, int height, float[] rgb) {
		if (rgb == null || rgb.length != 3)
			throw new IllegalArgumentException("A constant fill colour needs three values (R, G, B).");
		RgbImage out = new RgbImage(width, height);
		float[] d = out.data();
		for (int j = 0; j < d.length; j += 3) {
			d[j] = rgb[0];
			d[j + 1] = rgb[1];
			d[j + 2] = rgb[2];
		}
		return out;
	}

	/** Uniform noise in [0, 255), independently per pixel and channel; the same seed gives the same noise. */
	public static RgbImage noise(int width, int height, long seed) {
		RgbImage out = new RgbImage(width, height);
		float[] d = out.data();
		// A constant other than the mask sampler's keeps the noise independent of the masks of the same seed.
		SplittableRandom random = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
		for (int j = 0; j < d.length; j++)
			d[j] = (float) (255 * random.nextDouble());
		return out;
	}

	/**
	 * Separable Gaussian blur with standard deviation {@code sigma} pixels, kernel cut at 3 sigma. At the image
	 * border the kernel is renormalised over the pixels inside the image (no dark rim, no mirrored content); a
	 * constant image stays constant. Rows are processed in parallel; the result does not depend on the threads.
	 */
	public static RgbImage blur(RgbImage image, double sigma) {
		return blur(image, sigma, null, null);
	}

	/**
	 * The same blur of one plane of {@code width x height} values (row-major), such as a heatmap; {@code plane} is not
	 * changed.
	 */
	public static float[] blur(float[] plane, int width, int height, double sigma) {
		if (plane.length != width * height)
			throw new IllegalArgumentException("A plane of " + width + " x " + height + " needs " + width * height +
				" values, got " + plane.length);
		return blur(plane, width, height, 1, sigma, null, null);
	}

	/**
	 * The blur, computed only in {@code columns} by the horizontal pass and at {@code pixels} by the vertical one
	 * (null = everywhere); the arithmetic per pixel is the same either way, so the values agree bit for bit.
	 */
	private static RgbImage blur(RgbImage image, double sigma, boolean[] columns, boolean[] pixels) {
		return new RgbImage(image.width(), image.height(), blur(image.data(), image.width(), image.height(), 3, sigma,
			columns, pixels));
	}

	/** The blur of {@code channels} interleaved planes. */
	private static float[] blur(float[] src, int w, int h, int channels, double sigma, boolean[] columns,
		boolean[] pixels)
	{
		if (!(sigma > 0)) throw new IllegalArgumentException("Blur sigma must be positive, got " + sigma);
		int radius = (int) Math.ceil(3 * sigma);
		float[] kernel = new float[2 * radius + 1];
		for (int i = -radius; i <= radius; i++)
			kernel[i + radius] = (float) Math.exp(-0.5 * i * i / (sigma * sigma));
		float[] tmp = new float[src.length];
		float[] dst = new float[src.length];
		// Horizontal pass: one row per task.
		IntStream.range(0, h).parallel().forEach(y -> {
			int row = y * w;
			double[] sum = new double[channels];
			for (int x = 0; x < w; x++) {
				if (columns != null && !columns[x]) continue;
				int lo = Math.max(0, x - radius), hi = Math.min(w - 1, x + radius);
				Arrays.fill(sum, 0);
				double norm = 0;
				for (int t = lo; t <= hi; t++) {
					double k = kernel[t - x + radius];
					int j = channels * (row + t);
					for (int c = 0; c < channels; c++)
						sum[c] += k * src[j + c];
					norm += k;
				}
				int o = channels * (row + x);
				for (int c = 0; c < channels; c++)
					tmp[o + c] = (float) (sum[c] / norm);
			}
		});
		// Vertical pass: one output row per task.
		IntStream.range(0, h).parallel().forEach(y -> {
			int lo = Math.max(0, y - radius), hi = Math.min(h - 1, y + radius);
			double norm = 0;
			for (int t = lo; t <= hi; t++)
				norm += kernel[t - y + radius];
			if (pixels == null) {
				// Whole rows: accumulate row by row (cache friendly), the same sums in the same order as below.
				double[] acc = new double[channels * w];
				for (int t = lo; t <= hi; t++) {
					double k = kernel[t - y + radius];
					int base = channels * t * w;
					for (int j = 0; j < channels * w; j++)
						acc[j] += k * tmp[base + j];
				}
				int o = channels * y * w;
				for (int j = 0; j < channels * w; j++)
					dst[o + j] = (float) (acc[j] / norm);
				return;
			}
			double[] sum = new double[channels];
			for (int x = 0; x < w; x++) {
				if (!pixels[y * w + x]) continue;
				Arrays.fill(sum, 0);
				for (int t = lo; t <= hi; t++) {
					double k = kernel[t - y + radius];
					int j = channels * (t * w + x);
					for (int c = 0; c < channels; c++)
						sum[c] += k * tmp[j + c];
				}
				int o = channels * (y * w + x);
				for (int c = 0; c < channels; c++)
					dst[o + c] = (float) (sum[c] / norm);
			}
		});
		return dst;
	}
}
