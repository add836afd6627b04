package io.github.ablationca.segment;

import net.imglib2.RandomAccessibleInterval;

/** Splits a 2D image into objects. SLIC is the default; tests plug in segmentations known by construction. */
@FunctionalInterface
public interface Segmenter {

	/**
	 * @param image a 2D image: {@code ARGBType} (RGB) or any {@code RealType} (grayscale)
	 * @return the objects; every pixel belongs to exactly one
	 */
	LabelImage segment(RandomAccessibleInterval<?> image);
}
