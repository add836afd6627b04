package io.github.ablationca.segment;

import net.imglib2.RandomAccessibleInterval;

/**
 * Splits an image into a regular grid of rectangular objects, about {@code segments} of them, with cells as close
 * to square as the image shape allows. Ignores the pixel values: a content-free segmentation, useful as a control
 * and for tests and benchmarks (SLIC follows colour edges instead).
 *
 * <pre>{@code
 * LabelImage labels = new GridSegmenter(40).segment(img); // 8 x 5 cells on a 400 x 250 image
 * }</pre>
 */
public final class GridSegmenter implements Segmenter {

	private final int segments;

	public GridSegmenter(int segments) {
		if (segments < 1) throw new IllegalArgumentException("segments must be at least 1, got " + segments);
		this.segments = segments;
	}

	@Override
	public LabelImage segment(RandomAccessibleInterval<?> image) {
		if (image == null || image.numDimensions() != 2)
			throw new IllegalArgumentException("Expected a 2D image, got " +
				(image == null ? "none" : image.numDimensions() + " dimensions") + ".");
		return segment((int) image.dimension(0), (int) image.dimension(1));
	}

	/** The grid for a {@code width x height} image. */
	public LabelImage segment(int width, int height) {
		if (width < 1 || height < 1)
			throw new IllegalArgumentException("Image size " + width + " x " + height + " has no pixels.");
		int cols = (int) Math.max(1, Math.round(Math.sqrt((double) segments * width / height)));
		cols = Math.min(cols, width);
		int rows = (int) Math.max(1, Math.min(height, Math.round((double) segments / cols)));
		int[] labels = new int[width * height];
		for (int y = 0, i = 0; y < height; y++) {
			int row = (int) ((long) y * rows / height);
			for (int x = 0; x < width; x++, i++)
				labels[i] = row * cols + (int) ((long) x * cols / width);
		}
		return new LabelImage(width, height, labels, rows * cols);
	}
}
