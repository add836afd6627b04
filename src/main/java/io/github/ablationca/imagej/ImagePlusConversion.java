package io.github.ablationca.imagej;

import io.github.ablationca.image.ImageConversion;
import io.github.ablationca.image.RgbImage;
import io.github.ablationca.run.Slice;

import ij.CompositeImage;
import ij.IJ;
import ij.ImagePlus;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;
import ij.process.LUT;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImgs;

/**
 * Reads one plane of an {@link ImagePlus} as the RGB image a viewer shows, without touching the ImagePlus.
 * <p>
 * The rule (documented in docs/models.md): the value of a pixel becomes a display level 0..255, and the level
 * becomes a colour through the image's colour table (LUT), as ImageJ draws the image.
 * <ul>
 * <li>RGB planes are used as they are.</li>
 * <li>8-bit planes: the level is the value itself (display range 0..255), or the display range the user set mapped
 * to 0..255; 16-bit and 32-bit planes: the display range (per channel for composite images) mapped linearly to
 * 0..255 and clamped; NaN and infinities become black.</li>
 * <li>The level goes through the colour table: a palette image (indexed colour, also 1, 2 and 4-bit images that
 * ImageJ opens as 8-bit with a small palette) gives its palette colours, an inverting table inverts, a grey table
 * copies the level to R, G and B.</li>
 * <li>A composite image shown merged ({@code Image > Color > Channels Tool: Composite}) is one RGB plane per z/t
 * position: the active channels, each through its colour table, summed (or the maximum or minimum, as the image's
 * composite projection says) and clamped, as ImageJ shows it. Shown one channel at a time ({@code Color},
 * {@code Grayscale}), each channel is its own plane, in its colour or in grey.</li>
 * </ul>
 * Every other plane of a stack or hyperstack (each slice and frame, and each channel unless merged) is one image.
 * A plane that the file it came from does not hold completely ({@link ImageFiles#damagedPlanes}) cannot be read.
 * <pre>{@code
 * for (Slice plane : ImagePlusConversion.slices(imp)) {
 *     RgbImage rgb = plane.pixels().get();   // throws for a damaged plane
 * }
 * }</pre>
 */
public final class ImagePlusConversion {

	private ImagePlusConversion() {}

	/** Whether ImageJ shows {@code imp} as one merged picture of its channels (composite mode). */
	public static boolean merged(ImagePlus imp) {
		return imp instanceof CompositeImage ci && imp.getNChannels() > 1 && ci.getMode() == IJ.COMPOSITE;
	}

	/** The number of images {@code imp} holds: its stack planes, or its z/t positions when shown merged. */
	public static int planeCount(ImagePlus imp) {
		if (merged(imp)) return imp.getNSlices() * imp.getNFrames();
		return imp.getStackSize();
	}

	/**
	 * The RGB image of plane {@code plane} (1-based, {@link #planeCount}: the stack index, or the z/t position of a
	 * merged composite), a fresh copy (the ImagePlus is only read).
	 *
	 * @throws IllegalArgumentException for a plane the viewer cannot show faithfully (named in the message)
	 */
	public static RgbImage rgb(ImagePlus imp, int plane) {
		if (plane < 1 || plane > planeCount(imp))
			throw new IllegalArgumentException("plane " + plane + " is outside the image (1.." + planeCount(imp) + ")");
		if (merged(imp)) return mergedRgb((CompositeImage) imp, plane);
		ImageProcessor ip = imp.getStack().getProcessor(plane);
		if (ip == null) throw new IllegalArgumentException("ImageJ could not read this plane of the image");
		int w = ip.getWidth(), h = ip.getHeight();
		if (ip instanceof ColorProcessor) return RgbImage.fromArgb((int[]) ip.getPixels(), w, h);
		double[] range = displayRange(imp, plane);
		LUT lut = lut(imp, plane);
		float[] levels = levels(imp, ip, range);
		RgbImage out = new RgbImage(w, h);
		float[] d = out.data();
		if (lut == null) {
			for (int i = 0, j = 0; i < levels.length; i++, j += 3)
				d[j] = d[j + 1] = d[j + 2] = levels[i];
			return out;
		}
		byte[][] rgb = tables(lut);
		for (int i = 0, j = 0; i < levels.length; i++, j += 3) {
			int k = level(levels[i]);
			d[j] = rgb[0][k] & 0xff;
			d[j + 1] = rgb[1][k] & 0xff;
			d[j + 2] = rgb[2][k] & 0xff;
		}
		return out;
	}

	/** The display levels (0..255, possibly fractional for 16/32-bit) of one grey plane. */
	private static float[] levels(ImagePlus imp, ImageProcessor ip, double[] range) {
		int w = ip.getWidth(), h = ip.getHeight();
		Object pixels = ip.getPixels();
		if (pixels instanceof byte[] bytes) {
			float[] out = new float[bytes.length];
			boolean identity = !(range[1] > range[0]) || range[0] == 0 && range[1] == 255;
			double scale = identity ? 1 : 255.0 / (range[1] - range[0]);
			for (int i = 0; i < bytes.length; i++) {
				int v = bytes[i] & 0xff;
				out[i] = identity ? v : (float) Math.max(0, Math.min(255, (v - range[0]) * scale));
			}
			return out;
		}
		RandomAccessibleInterval<?> grey;
		if (pixels instanceof short[] shorts) grey = ArrayImgs.unsignedShorts(shorts, w, h);
		else if (pixels instanceof float[] floats) grey = ArrayImgs.floats(floats, w, h);
		else throw new IllegalArgumentException("unsupported image type (" + imp.getBitDepth() + "-bit); convert " +
			"the image to RGB, 8-bit, 16-bit or 32-bit (Image > Type)");
		RgbImage g = ImageConversion.toRgb(grey, range[0], range[1]);
		float[] d = g.data(), out = new float[w * h];
		for (int i = 0; i < out.length; i++)
			out[i] = d[3 * i];
		return out;
	}

	private static int level(float v) {
		int k = Math.round(v);
		return k < 0 ? 0 : Math.min(k, 255);
	}

	/**
	 * The colour table of a plane, or null for the plain grey ramp (the level is then copied to R, G and B
	 * unrounded). Composite images: the channel's table in colour mode, grey in grayscale mode.
	 */
	static LUT lut(ImagePlus imp, int stackIndex) {
		LUT lut;
		if (imp instanceof CompositeImage ci && imp.getNChannels() > 1) {
			if (ci.getMode() == IJ.GRAYSCALE) return null;
			lut = ci.getChannelLut(imp.convertIndexToPosition(stackIndex)[0]);
		}
		else {
			ImageProcessor ip = imp.getProcessor();
			lut = ip == null ? null : ip.getLut();
		}
		if (lut == null || isGreyRamp(lut)) return null;
		return lut;
	}

	private static boolean isGreyRamp(LUT lut) {
		if (lut.getMapSize() != 256) return false;
		byte[][] t = tables(lut);
		for (int i = 0; i < 256; i++)
			if ((t[0][i] & 0xff) != i || (t[1][i] & 0xff) != i || (t[2][i] & 0xff) != i) return false;
		return true;
	}

	/** Red, green and blue of a table, padded to 256 entries (a small palette's unused levels repeat its last). */
	private static byte[][] tables(LUT lut) {
		int n = lut.getMapSize();
		byte[][] t = new byte[3][256];
		byte[] r = new byte[n], g = new byte[n], b = new byte[n];
		lut.getReds(r);
		lut.getGreens(g);
		lut.getBlues(b);
		for (int i = 0; i < 256; i++) {
			int k = Math.min(i, n - 1);
			t[0][i] = r[k];
			t[1][i] = g[k];
			t[2][i] = b[k];
		}
		return t;
	}

	/** One z/t position of a composite shown merged: the active channels through their tables, combined. */
	private static RgbImage mergedRgb(CompositeImage imp, int plane) {
		int nz = imp.getNSlices();
		int z = (plane - 1) % nz + 1, t = (plane - 1) / nz + 1;
		String projection = String.valueOf(imp.getProp("CompositeProjection")).toLowerCase(java.util.Locale.ROOT);
		if (projection.contains("invert"))
			throw new IllegalArgumentException("the composite is shown with inverted channels (Channels Tool: " +
				"Composite Invert), which Ablation-CA does not reproduce; choose 'Composite Sum' or convert the image " +
				"to RGB (Image > Type > RGB Color)");
		boolean max = projection.contains("max"), min = projection.contains("min");
		boolean[] active = imp.getActiveChannels();
		int w = imp.getWidth(), h = imp.getHeight();
		int[] sum = new int[3 * w * h];
		if (min) java.util.Arrays.fill(sum, 255);
		boolean any = false;
		for (int c = 1; c <= imp.getNChannels(); c++) {
			if (active != null && c - 1 < active.length && !active[c - 1]) continue;
			any = true;
			int index = imp.getStackIndex(c, z, t);
			ImageProcessor ip = imp.getStack().getProcessor(index);
			if (ip == null) throw new IllegalArgumentException("ImageJ could not read channel " + c + " of this plane");
			LUT lut = imp.getChannelLut(c);
			double[] range = lut != null && lut.max > lut.min ? new double[] {lut.min, lut.max} : new double[] {Double.NaN,
				Double.NaN};
			float[] levels = levels(imp, ip, range);
			byte[][] tab = lut == null ? null : tables(lut);
			for (int i = 0, j = 0; i < levels.length; i++, j += 3) {
				int k = level(levels[i]);
				for (int ch = 0; ch < 3; ch++) {
					int v = tab == null ? k : tab[ch][k] & 0xff;
					sum[j + ch] = max ? Math.max(sum[j + ch], v) : min ? Math.min(sum[j + ch], v) : sum[j + ch] + v;
				}
			}
		}
		if (!any) throw new IllegalArgumentException("every channel of the composite is switched off (Channels Tool); " +
			"switch at least one on");
		RgbImage out = new RgbImage(w, h);
		float[] d = out.data();
		for (int i = 0; i < sum.length; i++)
			d[i] = Math.min(255, sum[i]);
		return out;
	}

	/**
	 * The planes {@code first..last} (1-based plane numbers of {@link #planeCount}, inclusive) as the runner takes
	 * them; each is converted only when the run reaches it. A plane without a finite pixel value (a 32-bit plane of
	 * only NaN), or one the file did not hold completely, cannot be explained: reading it throws, so that plane alone
	 * fails.
	 */
	public static List<Slice> slices(ImagePlus imp, int first, int last) {
		Map<Integer, String> damaged = ImageFiles.damagedPlanes(imp);
		List<Slice> slices = new ArrayList<>(last - first + 1);
		for (int index = first; index <= last; index++) {
			int plane = index;
			slices.add(new Slice(plane, positionLabel(imp, plane), () -> {
				String problem = damaged.get(plane);
				if (problem != null) throw new IllegalArgumentException(problem);
				if (!hasFinitePixels(imp, plane))
					throw new IllegalArgumentException("the plane has no finite pixel values (all NaN or infinite)");
				return rgb(imp, plane);
			}));
		}
		return slices;
	}

	/** Every plane of {@code imp}. */
	public static List<Slice> slices(ImagePlus imp) {
		return slices(imp, 1, planeCount(imp));
	}

	/** The display range of stack plane {@code stackIndex}: the channel's LUT range for composites, else the image's. */
	static double[] displayRange(ImagePlus imp, int stackIndex) {
		if (imp instanceof CompositeImage && imp.getNChannels() > 1) {
			int c = imp.convertIndexToPosition(stackIndex)[0];
			LUT lut = ((CompositeImage) imp).getChannelLut(c);
			if (lut != null && lut.max > lut.min) return new double[] {lut.min, lut.max};
		}
		double min = imp.getDisplayRangeMin(), max = imp.getDisplayRangeMax();
		if (max > min) return new double[] {min, max};
		return new double[] {Double.NaN, Double.NaN};
	}

	/** Whether the plane has at least one finite pixel (a 32-bit plane of only NaN carries no image). */
	public static boolean hasFinitePixels(ImagePlus imp, int plane) {
		if (imp.getBitDepth() != 32) return true;
		if (merged(imp)) {
			int nz = imp.getNSlices();
			for (int c = 1; c <= imp.getNChannels(); c++)
				if (finite(imp, imp.getStackIndex(c, (plane - 1) % nz + 1, (plane - 1) / nz + 1))) return true;
			return false;
		}
		return finite(imp, plane);
	}

	private static boolean finite(ImagePlus imp, int stackIndex) {
		ImageProcessor ip = imp.getStack().getProcessor(stackIndex);
		if (ip == null) return false;
		for (float v : (float[]) ip.getPixels())
			if (Float.isFinite(v)) return true;
		return false;
	}

	/**
	 * "c2 z5 t1" for hyperstacks, "z5 t1" for the positions of a merged composite, "slice 5" for plain stacks, ""
	 * for single images.
	 */
	public static String positionLabel(ImagePlus imp, int plane) {
		if (planeCount(imp) == 1) return "";
		if (merged(imp)) {
			int nz = imp.getNSlices();
			return "z" + ((plane - 1) % nz + 1) + " t" + ((plane - 1) / nz + 1);
		}
		if (imp.isHyperStack() || imp.getNChannels() > 1 || imp.getNFrames() > 1) {
			int[] p = imp.convertIndexToPosition(plane);
			return "c" + p[0] + " z" + p[1] + " t" + p[2];
		}
		return "slice " + plane;
	}
}
