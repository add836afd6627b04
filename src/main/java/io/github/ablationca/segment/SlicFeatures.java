package io.github.ablationca.segment;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * The per-pixel features SLIC clusters on, as planar float arrays (row-major, {@code y * width + x}):
 * <ul>
 * <li>RGB ({@code ARGBType}): three planes L*, a*, b* (CIELAB, sRGB with D65 white, L* in 0..100), alpha
 * ignored;</li>
 * <li>grayscale (any {@code RealType}): one plane, the intensity mapped linearly from the finite minimum..maximum
 * of the image to 0..100 (the L* scale), so compactness means the same for 8-, 16- and 32-bit images and any
 * linear rescaling of an image gives the same segmentation. A constant image maps to 0. Non-finite pixels (NaN,
 * ±infinity) are flagged in {@link #missing} and hold {@link #MISSING}, far below every finite value, so no NaN
 * ever enters an arithmetic; {@link Slic} keeps them out of centre values and apart from finite pixels.</li>
 * </ul>
 */
final class SlicFeatures {

	/** Feature value of NaN / infinite grayscale pixels: 100 below black on the 0..100 scale. */
	static final float MISSING = -100f;

	final int width;
	final int height;
	/** 3 planes (L*, a*, b*) for RGB, 1 plane for grayscale. */
	final float[][] planes;
	/** Non-finite pixels of a grayscale image, or null when there are none. */
	final boolean[] missing;

	private SlicFeatures(int width, int height, float[][] planes, boolean[] missing) {
		this.width = width;
		this.height = height;
		this.planes = planes;
		this.missing = missing;
	}

	// ---------------------------------------------------------------- extraction

	static SlicFeatures of(RandomAccessibleInterval<?> image, RangeParallel par) {
		if (image == null) throw new IllegalArgumentException("No image given; open an image first.");
		if (image.numDimensions() != 2)
			throw new IllegalArgumentException("SLIC needs a 2D image (one slice), got " + image.numDimensions() +
				" dimensions; pass one slice or one time point at a time.");
		long w = image.dimension(0), h = image.dimension(1);
		if (w < 1 || h < 1)
			throw new IllegalArgumentException("Image is empty (" + w + " x " + h + " pixels); it needs at least one pixel.");
		if (w * h > Integer.MAX_VALUE / 2)
			throw new IllegalArgumentException("Image " + w + " x " + h + " is too large for SLIC; crop or scale it down.");
		int width = (int) w, height = (int) h;
		Object type = image.getType();
		if (type instanceof ARGBType) return rgb(width, height, argbPixels(image), par);
		if (type instanceof RealType) return grey(width, height, image, par);
		throw new IllegalArgumentException("Unsupported pixel type " + (type == null ? "null" : type.getClass()
			.getSimpleName()) + " for SLIC; use an RGB, 8-bit, 16-bit or 32-bit image.");
	}

	@SuppressWarnings("unchecked")
	private static int[] argbPixels(RandomAccessibleInterval<?> image) {
		Object storage = arrayStorage(image);
		if (storage instanceof IntArray) return ((IntArray) storage).getCurrentStorageArray();
		int[] argb = new int[(int) (image.dimension(0) * image.dimension(1))];
		Cursor<ARGBType> c = Views.flatIterable((RandomAccessibleInterval<ARGBType>) image).cursor();
		for (int i = 0; c.hasNext(); i++)
			argb[i] = c.next().get();
		return argb;
	}

	/** The primitive storage of a plain {@link ArrayImg} (x fastest, no offset), else null. */
	private static Object arrayStorage(RandomAccessibleInterval<?> image) {
		if (!(image instanceof ArrayImg)) return null;
		Object access = ((ArrayImg<?, ?>) image).update(null);
		long n = image.dimension(0) * image.dimension(1);
		if (access instanceof IntArray && ((IntArray) access).getCurrentStorageArray().length == n) return access;
		if (access instanceof ByteArray && ((ByteArray) access).getCurrentStorageArray().length == n) return access;
		if (access instanceof ShortArray && ((ShortArray) access).getCurrentStorageArray().length == n) return access;
		if (access instanceof FloatArray && ((FloatArray) access).getCurrentStorageArray().length == n) return access;
		return null;
	}

	// ---------------------------------------------------------------- RGB -> CIELAB

	/** sRGB 8-bit value -> linear light, 0..1. */
	private static final float[] SRGB_TO_LINEAR = new float[256];
	static {
		for (int v = 0; v < 256; v++) {
			double c = v / 255.0;
			SRGB_TO_LINEAR[v] = (float) (c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4));
		}
	}

	// sRGB (linear) -> XYZ, already divided by the D65 white point (0.95047, 1, 1.08883); the matrix of
	// scikit-image's rgb2lab, so L*a*b* values agree with it.
	private static final double XN = 0.95047, ZN = 1.08883;
	private static final double M00 = 0.412453 / XN, M01 = 0.357580 / XN, M02 = 0.180423 / XN;
	private static final double M10 = 0.212671, M11 = 0.715160, M12 = 0.072169;
	private static final double M20 = 0.019334 / ZN, M21 = 0.119193 / ZN, M22 = 0.950227 / ZN;
	private static final double LAB_EPSILON = 216.0 / 24389.0, LAB_KAPPA = 24389.0 / 27.0;

	private static SlicFeatures rgb(int width, int height, int[] argb, RangeParallel par) {
		int n = width * height;
		float[] l = new float[n], a = new float[n], b = new float[n];
		par.forRange(n, (worker, from, to) -> {
			float[] lab = new float[3];
			int previous = 0;
			for (int i = from; i < to; i++) {
				int v = argb[i] & 0xffffff;
				// Neighbouring pixels often share a colour: reuse the last conversion (same values either way).
				if (i == from || v != previous) {
					srgbToLab(v >> 16, (v >> 8) & 0xff, v & 0xff, lab);
					previous = v;
				}
				l[i] = lab[0];
				a[i] = lab[1];
				b[i] = lab[2];
			}
		});
		return new SlicFeatures(width, height, new float[][] {l, a, b}, null);
	}

	/** CIELAB of an 8-bit sRGB colour (D65): {@code lab = {L*, a*, b*}}, L* in 0..100. */
	static void srgbToLab(int r, int g, int b, float[] lab) {
		double lr = SRGB_TO_LINEAR[r], lg = SRGB_TO_LINEAR[g], lb = SRGB_TO_LINEAR[b];
		double fx = labF(M00 * lr + M01 * lg + M02 * lb);
		double fy = labF(M10 * lr + M11 * lg + M12 * lb);
		double fz = labF(M20 * lr + M21 * lg + M22 * lb);
		lab[0] = (float) (116 * fy - 16);
		lab[1] = (float) (500 * (fx - fy));
		lab[2] = (float) (200 * (fy - fz));
	}

	private static double labF(double t) {
		return t > LAB_EPSILON ? cbrt(t) : (LAB_KAPPA * t + 16) / 116;
	}

	/**
	 * Cube root of a positive, normal double: a bit-level first guess (within 4%) and two Halley steps (cubic
	 * convergence, relative error below 1e-12), several times faster than {@link Math#cbrt}, equally
	 * deterministic.
	 */
	static double cbrt(double t) {
		double x = Double.longBitsToDouble(Double.doubleToRawLongBits(t) / 3 + 0x2A9F7893782DA1CEL);
		double x3 = x * x * x;
		x *= (x3 + 2 * t) / (2 * x3 + t);
		x3 = x * x * x;
		x *= (x3 + 2 * t) / (2 * x3 + t);
		return x;
	}

	// ---------------------------------------------------------------- grayscale

	@SuppressWarnings("unchecked")
	private static SlicFeatures grey(int width, int height, RandomAccessibleInterval<?> image, RangeParallel par) {
		int n = width * height;
		float[] v = new float[n];
		Object storage = arrayStorage(image);
		Object type = image.getType();
		double lo, hi;
		boolean[] missing = null;
		if (storage instanceof ByteArray && type instanceof UnsignedByteType) {
			byte[] s = ((ByteArray) storage).getCurrentStorageArray();
			int min = 255, max = 0;
			for (byte x : s) {
				int u = x & 0xff;
				if (u < min) min = u;
				if (u > max) max = u;
			}
			float[] lut = lut(256, min, max);
			for (int i = 0; i < n; i++)
				v[i] = lut[s[i] & 0xff];
			return new SlicFeatures(width, height, new float[][] {v}, null);
		}
		if (storage instanceof ShortArray && type instanceof UnsignedShortType) {
			short[] s = ((ShortArray) storage).getCurrentStorageArray();
			int min = 65535, max = 0;
			for (short x : s) {
				int u = x & 0xffff;
				if (u < min) min = u;
				if (u > max) max = u;
			}
			float[] lut = lut(65536, min, max);
			for (int i = 0; i < n; i++)
				v[i] = lut[s[i] & 0xffff];
			return new SlicFeatures(width, height, new float[][] {v}, null);
		}
		// Any other RealType: copy once as double precision differences from the minimum.
		double[] raw = new double[n];
		if (storage instanceof FloatArray && type instanceof FloatType) {
			float[] s = ((FloatArray) storage).getCurrentStorageArray();
			for (int i = 0; i < n; i++)
				raw[i] = s[i];
		}
		else {
			Cursor<? extends RealType<?>> c = Views.flatIterable((RandomAccessibleInterval<? extends RealType<?>>) image)
				.cursor();
			for (int i = 0; c.hasNext(); i++)
				raw[i] = c.next().getRealDouble();
		}
		lo = Double.POSITIVE_INFINITY;
		hi = Double.NEGATIVE_INFINITY;
		for (int i = 0; i < n; i++) {
			double x = raw[i];
			if (Double.isFinite(x)) {
				if (x < lo) lo = x;
				if (x > hi) hi = x;
			}
			else {
				if (missing == null) missing = new boolean[n];
				missing[i] = true;
			}
		}
		// (x - lo) * 100 / (hi - lo) as one division: a linear rescaling of the image that is exact in double
		// precision (8-bit values times 257 as 16-bit, divided by a power of two as float) gives identical features.
		double range = hi > lo ? hi - lo : Double.POSITIVE_INFINITY;
		for (int i = 0; i < n; i++)
			v[i] = missing != null && missing[i] ? MISSING : (float) ((raw[i] - lo) * 100 / range);
		return new SlicFeatures(width, height, new float[][] {v}, missing);
	}

	/** Integer grey value -> 0..100 over {@code [min, max]}, computed as the generic path does (same result). */
	private static float[] lut(int size, int min, int max) {
		float[] lut = new float[size];
		double range = max > min ? (double) max - min : Double.POSITIVE_INFINITY;
		for (int u = 0; u < size; u++)
			lut[u] = (float) (((double) u - min) * 100 / range);
		return lut;
	}

	// ---------------------------------------------------------------- smoothing

	/**
	 * Separable Gaussian smoothing of every plane, radius {@code round(4 sigma)}, mirrored borders (scipy's
	 * {@code reflect} mode). Missing (non-finite) grayscale pixels are left out of the average (normalised
	 * convolution) and stay {@link #MISSING}.
	 */
	void smooth(double sigma, RangeParallel par) {
		float[] kernel = gaussianKernel(sigma);
		if (kernel.length == 1) return;
		int n = width * height;
		float[] tmp = new float[n];
		if (missing == null) {
			float[] spare = new float[n];
			for (int c = 0; c < planes.length; c++) {
				convolve(planes[c], kernel, tmp, spare, par);
				float[] smoothed = spare;
				spare = planes[c];
				planes[c] = smoothed;
			}
			return;
		}
		float[] values = planes[0].clone(), weights = new float[n];
		for (int i = 0; i < n; i++) {
			if (missing[i]) values[i] = 0;
			else weights[i] = 1;
		}
		float[] sv = new float[n], sw = new float[n];
		convolve(values, kernel, tmp, sv, par);
		convolve(weights, kernel, tmp, sw, par);
		float[] out = planes[0];
		par.forRange(n, (worker, from, to) -> {
			for (int i = from; i < to; i++)
				if (!missing[i]) out[i] = sv[i] / sw[i]; // sw >= centre weight > 0 for a finite pixel
		});
	}

	static float[] gaussianKernel(double sigma) {
		int radius = (int) (4 * sigma + 0.5);
		if (!(sigma > 0) || radius < 1) return new float[] {1};
		double[] k = new double[2 * radius + 1];
		double sum = 0;
		for (int i = -radius; i <= radius; i++)
			sum += k[i + radius] = Math.exp(-0.5 * i * i / (sigma * sigma));
		float[] f = new float[k.length];
		for (int i = 0; i < k.length; i++)
			f[i] = (float) (k[i] / sum);
		return f;
	}

	/** Mirror an index into {@code 0 .. size-1} (edge pixel repeated: d c b a | a b c d | d c b a). */
	static int reflect(int i, int size) {
		int period = 2 * size;
		i %= period;
		if (i < 0) i += period;
		return i < size ? i : period - 1 - i;
	}

	/** Separable convolution with a symmetric kernel: each pair of mirrored taps costs one multiplication. */
	private void convolve(float[] src, float[] kernel, float[] tmp, float[] dst, RangeParallel par) {
		int w = width, h = height, r = kernel.length / 2;
		float centre = kernel[r];
		par.forRange(h, (worker, y0, y1) -> {
			float[] row = new float[w + 2 * r];
			for (int y = y0; y < y1; y++) {
				int off = y * w;
				System.arraycopy(src, off, row, r, w);
				for (int x = 1; x <= r; x++) {
					row[r - x] = src[off + reflect(-x, w)];
					row[r + w - 1 + x] = src[off + reflect(w - 1 + x, w)];
				}
				for (int x = 0; x < w; x++)
					tmp[off + x] = centre * row[x + r];
				for (int k = 0; k < r; k++) {
					float kv = kernel[k];
					int left = k, right = 2 * r - k;
					for (int x = 0; x < w; x++)
						tmp[off + x] += kv * (row[x + left] + row[x + right]);
				}
			}
		});
		par.forRange(h, (worker, y0, y1) -> {
			for (int y = y0; y < y1; y++) {
				int off = y * w;
				for (int x = 0; x < w; x++)
					dst[off + x] = centre * tmp[off + x];
				for (int k = 0; k < r; k++) {
					float kv = kernel[k];
					int above = reflect(y + k - r, h) * w, below = reflect(y + r - k, h) * w;
					for (int x = 0; x < w; x++)
						dst[off + x] += kv * (tmp[above + x] + tmp[below + x]);
				}
			}
		});
	}
}
