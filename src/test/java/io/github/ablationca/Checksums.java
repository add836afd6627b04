package io.github.ablationca;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ImageProcessor;

import java.util.zip.CRC32;

/** CRC-32 over every pixel of every plane, and over the image's geometry: any change to the pixels changes it. */
public final class Checksums {

	private Checksums() {}

	public static long pixels(ImagePlus imp) {
		CRC32 crc = new CRC32();
		ImageStack stack = imp.getStack();
		crc.update(imp.getWidth());
		crc.update(imp.getHeight());
		crc.update(stack.size());
		for (int i = 1; i <= stack.size(); i++) {
			ImageProcessor ip = stack.getProcessor(i);
			for (int y = 0; y < ip.getHeight(); y++)
				for (int x = 0; x < ip.getWidth(); x++) {
					int v = ip instanceof ij.process.FloatProcessor ? Float.floatToRawIntBits(ip.getf(x, y)) : ip.get(x, y);
					crc.update(v);
					crc.update(v >>> 8);
					crc.update(v >>> 16);
					crc.update(v >>> 24);
				}
		}
		return crc.getValue();
	}
}
