package io.github.ablationca.imagej;

import io.github.ablationca.image.ImageConversion;
import io.github.ablationca.image.RgbImage;

import ij.CompositeImage;
import ij.ImagePlus;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;
import ij.process.LUT;

import net.imglib2.RandomAccessibleInterval;

import io.github.ablationca.run.Slice;

import java.util.ArrayList;
import java.util.List;
import net.imglib2.img.array.ArrayImgs;

/**
 * Reads one plane of an {@link ImagePlus} as the RGB image the classifier sees, without touching the ImagePlus.
 * <p>
 * Rule (the project's {@link ImageConversion} rule, with the display range the user set in Fiji): RGB planes are
 * used as they are; 8-bit planes are copied to R, G and B unscaled; 16-bit and 32-bit planes map the plane's
 * display range (per channel for composite images) linearly to 0..255, NaN and infinities become black; 8-bit
 * indexed-colour images go through their palette. Each plane
 * of a stack or hyperstack (every channel, slice and frame) is one image.
 */
public final class ImagePlusConversion {

	private ImagePlusConversion() {}

	/** The RGB image of stack plane {@code stackIndex} (1-based), a fresh copy (the ImagePlus is only read). */
	public static RgbImage rgb(ImagePlus imp, int stackIndex) {
		ImageProcessor ip = imp.getStack().getProcessor(stackIndex);
		int w = ip.getWidth(), h = ip.getHeight();
		if (ip instanceof ColorProcessor) return RgbImage.fromArgb((int[]) ip.getPixels(), w, h);
		// 8-bit indexed colour: through its palette, as Fiji shows it
		if (imp.getType() == ImagePlus.COLOR_256)
			return RgbImage.fromArgb((int[]) ip.convertToColorProcessor().getPixels(), w, h);
		// The conversions below only read the wrapped arrays.
		RandomAccessibleInterval<?> grey;
		Object pixels = ip.getPixels();
		switch (imp.getBitDepth()) {
			case 8:
				grey = ArrayImgs.unsignedBytes((byte[]) pixels, w, h);
				break;
			case 16:
				grey = ArrayImgs.unsignedShorts((short[]) pixels, w, h);
				break;
			case 32:
				grey = ArrayImgs.floats((float[]) pixels, w, h);
				break;
			default:
				throw new IllegalArgumentException("Unsupported image type (" + imp.getBitDepth() +
					"-bit); use an RGB, 8-bit, 16-bit or 32-bit image.");
		}
		double[] range = displayRange(imp, stackIndex);
		return ImageConversion.toRgb(grey, range[0], range[1]);
	}

	/**
	 * The planes {@code first..last} (1-based stack indices, inclusive) as the runner takes them; each is converted
	 * only when the run reaches it. A plane without a finite pixel value (a 32-bit plane of only NaN) cannot be
	 * explained: reading it throws, so that plane alone fails.
	 */
	public static List<Slice> slices(ImagePlus imp, int first, int last) {
		List<Slice> slices = new ArrayList<>(last - first + 1);
		for (int index = first; index <= last; index++) {
			int plane = index;
			slices.add(new Slice(plane, positionLabel(imp, plane), () -> {
				if (!hasFinitePixels(imp, plane))
					throw new IllegalArgumentException("the plane has no finite pixel values (all NaN or infinite)");
				return rgb(imp, plane);
			}));
		}
		return slices;
	}

	/** Every plane of {@code imp}. */
	public static List<Slice> slices(ImagePlus imp) {
		return slices(imp, 1, imp.getStackSize());
	}

	/** The display range of plane {@code stackIndex}: the channel's LUT range for composites, else the image's. */
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
	public static boolean hasFinitePixels(ImagePlus imp, int stackIndex) {
		if (imp.getBitDepth() != 32) return true;
		for (float v : (float[]) imp.getStack().getProcessor(stackIndex).getPixels())
			if (Float.isFinite(v)) return true;
		return false;
	}

	/** "c2 z5 t1" for hyperstacks, "slice 5" for plain stacks, "" for single images. */
	public static String positionLabel(ImagePlus imp, int stackIndex) {
		if (imp.getStackSize() == 1) return "";
		if (imp.isHyperStack() || imp.getNChannels() > 1 || imp.getNFrames() > 1) {
			int[] p = imp.convertIndexToPosition(stackIndex);
			return "c" + p[0] + " z" + p[1] + " t" + p[2];
		}
		return "slice " + stackIndex;
	}
}
