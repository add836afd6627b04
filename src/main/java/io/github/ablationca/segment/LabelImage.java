package io.github.ablationca.segment;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.type.numeric.integer.IntType;

/**
 * A segmentation into {@link #count()} objects: every pixel holds an object index {@code 0 .. count-1}, row-major
 * ({@code labels[y * width + x]}). Users see object ids {@code index + 1}.
 */
public final class LabelImage {

	private final int width;
	private final int height;
	private final int[] labels;
	private final int count;

	/** Wraps {@code labels} (not copied); every value must lie in {@code 0 .. count-1}. */
	public LabelImage(int width, int height, int[] labels, int count) {
		if (labels.length != width * height)
			throw new IllegalArgumentException("label array has " + labels.length + " pixels, expected " + width * height);
		for (int v : labels)
			if (v < 0 || v >= count)
				throw new IllegalArgumentException("label " + v + " outside 0.." + (count - 1));
		this.width = width;
		this.height = height;
		this.labels = labels;
		this.count = count;
	}

	public int width() {
		return width;
	}

	public int height() {
		return height;
	}

	/** Number of objects. */
	public int count() {
		return count;
	}

	/** The backing array (live, not a copy). */
	public int[] labels() {
		return labels;
	}

	public int get(int x, int y) {
		return labels[y * width + x];
	}

	/** Pixel count of each object. */
	public int[] areas() {
		int[] a = new int[count];
		for (int v : labels)
			a[v]++;
		return a;
	}

	/** Centroid of each object as {@code [index][x, y]} in pixel coordinates (pixel centres at integer positions). */
	public double[][] centroids() {
		double[][] c = new double[count][2];
		int[] a = new int[count];
		for (int y = 0, i = 0; y < height; y++)
			for (int x = 0; x < width; x++, i++) {
				int v = labels[i];
				c[v][0] += x;
				c[v][1] += y;
				a[v]++;
			}
		for (int v = 0; v < count; v++)
			if (a[v] > 0) {
				c[v][0] /= a[v];
				c[v][1] /= a[v];
			}
		return c;
	}

	/** An ImgLib2 view of the same memory with dimensions (x, y). */
	public ArrayImg<IntType, IntArray> asImg() {
		return ArrayImgs.ints(labels, width, height);
	}
}
