package io.github.ablationca.image;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.GenericByteType;
import net.imglib2.view.Views;

/**
 * Converts 2D ImgLib2 images to the {@link RgbImage} a classifier sees.
 * <p>
 * The rule for non-RGB images (documented in docs/models.md):
 * <ul>
 * <li>{@code ARGBType}: red, green, blue as they are; alpha ignored.</li>
 * <li>8-bit ({@code UnsignedByteType}, {@code ByteType}): the grey value is copied to R, G and B unscaled.</li>
 * <li>any other {@code RealType} (16-bit, 32-bit, ...): the display range {@code [min, max]} is mapped linearly to
 * 0..255 and clamped, then copied to R, G and B. Without a given range, min and max of the finite pixel values
 * are used. NaN and infinite pixels become 0 (black).</li>
 * </ul>
 * <pre>{@code
 * RgbImage rgb = ImageConversion.toRgb(ArrayImgs.unsignedShorts(pixels, w, h));
 * }</pre>
 */
public final class ImageConversion {

	private ImageConversion() {}

	/** Converts with the automatic display range (min..max of finite values) for 16/32-bit images. */
	public static RgbImage toRgb(RandomAccessibleInterval<?> image) {
		return toRgb(image, Double.NaN, Double.NaN);
	}

	/**
	 * Converts; {@code displayMin}/{@code displayMax} map to 0/255 for non-8-bit grey images (NaN = automatic).
	 *
	 * @throws IllegalArgumentException if the image is not 2D, is empty, or has an unsupported pixel type
	 */
	@SuppressWarnings("unchecked")
	public static RgbImage toRgb(RandomAccessibleInterval<?> image, double displayMin, double displayMax) {
		if (image == null) throw new IllegalArgumentException("No image given; open an image first.");
		if (image.numDimensions() != 2)
			throw new IllegalArgumentException("Expected a 2D image (one slice), got " + image.numDimensions() +
				" dimensions; pass one slice of a stack at a time.");
		long w = image.dimension(0), h = image.dimension(1);
		if (w < 1 || h < 1 || w * h > Integer.MAX_VALUE / 3)
			throw new IllegalArgumentException("Image size " + w + " x " + h + " is not usable; it must have at least one pixel.");
		Object type = image.getType();
		RgbImage out = new RgbImage((int) w, (int) h);
		float[] d = out.data();
		if (type instanceof ARGBType) {
			Cursor<ARGBType> c = Views.flatIterable((RandomAccessibleInterval<ARGBType>) image).cursor();
			for (int j = 0; c.hasNext(); j += 3) {
				int v = c.next().get();
				d[j] = (v >> 16) & 0xff;
				d[j + 1] = (v >> 8) & 0xff;
				d[j + 2] = v & 0xff;
			}
			return out;
		}
		if (!(type instanceof RealType))
			throw new IllegalArgumentException("Unsupported pixel type " + type.getClass().getSimpleName() +
				"; use an RGB, 8-bit, 16-bit or 32-bit image.");
		RandomAccessibleInterval<? extends RealType<?>> real = (RandomAccessibleInterval<? extends RealType<?>>) image;
		boolean bytes = type instanceof GenericByteType;
		double min = 0, scale = 1;
		if (!bytes) {
			double lo = displayMin, hi = displayMax;
			if (Double.isNaN(lo) || Double.isNaN(hi)) {
				double[] mm = finiteMinMax(real);
				if (Double.isNaN(lo)) lo = mm[0];
				if (Double.isNaN(hi)) hi = mm[1];
			}
			min = lo;
			scale = hi > lo ? 255.0 / (hi - lo) : 0;
		}
		Cursor<? extends RealType<?>> c = Views.flatIterable(real).cursor();
		for (int j = 0; c.hasNext(); j += 3) {
			double v = c.next().getRealDouble();
			float g;
			if (!Double.isFinite(v)) g = 0;
			else if (bytes) g = (float) v;
			else g = (float) Math.max(0, Math.min(255, (v - min) * scale));
			d[j] = d[j + 1] = d[j + 2] = g;
		}
		return out;
	}

	private static double[] finiteMinMax(RandomAccessibleInterval<? extends RealType<?>> image) {
		double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
		for (RealType<?> t : Views.flatIterable(image)) {
			double v = t.getRealDouble();
			if (Double.isFinite(v)) {
				if (v < lo) lo = v;
				if (v > hi) hi = v;
			}
		}
		return lo <= hi ? new double[] {lo, hi} : new double[] {0, 0};
	}
}
