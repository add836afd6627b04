package io.github.ablationca.attribution;

import io.github.ablationca.classifier.Classifier;
import io.github.ablationca.engine.ProgressListener;
import io.github.ablationca.image.ResizeMode;
import io.github.ablationca.image.RgbImage;
import io.github.ablationca.segment.LabelImage;

import java.util.function.BooleanSupplier;

/**
 * What every {@link AttributionMethod} gets. Immutable; change a copy with the {@code with...} methods.
 *
 * <pre>{@code
 * AttributionRequest r = AttributionRequest.of(image, classifier, 281).withSeed(3).withSegments(slicLabels);
 * }</pre>
 *
 * @param image the input image (never modified)
 * @param classifier the model under study
 * @param target the explained output index
 * @param seed seed of every random choice
 * @param batchSize images per model call
 * @param resize how the image is fitted to the model input ({@link ResizeMode#STRETCH} by default)
 * @param segments superpixels at input resolution, for methods that work on objects (LIME); may be null otherwise
 * @param progress receives progress, never null
 * @param canceled polled between batches; true stops the run with a {@code CanceledException}
 */
public record AttributionRequest(RgbImage image, Classifier classifier, int target, long seed, int batchSize,
	ResizeMode resize, LabelImage segments, ProgressListener progress, BooleanSupplier canceled)
{
	public static final int DEFAULT_BATCH_SIZE = 32;

	/** A request with seed 1, batch size 32, STRETCH, no segments, no progress, never canceled. */
	public static AttributionRequest of(RgbImage image, Classifier classifier, int target) {
		return new AttributionRequest(image, classifier, target, 1, DEFAULT_BATCH_SIZE, ResizeMode.STRETCH, null,
			ProgressListener.NONE, () -> false);
	}

	public AttributionRequest withSeed(long s) {
		return new AttributionRequest(image, classifier, target, s, batchSize, resize, segments, progress, canceled);
	}

	public AttributionRequest withBatchSize(int b) {
		return new AttributionRequest(image, classifier, target, seed, b, resize, segments, progress, canceled);
	}

	public AttributionRequest withResize(ResizeMode r) {
		return new AttributionRequest(image, classifier, target, seed, batchSize, r, segments, progress, canceled);
	}

	public AttributionRequest withSegments(LabelImage l) {
		return new AttributionRequest(image, classifier, target, seed, batchSize, resize, l, progress, canceled);
	}

	public AttributionRequest withProgress(ProgressListener p) {
		return new AttributionRequest(image, classifier, target, seed, batchSize, resize, segments,
			p == null ? ProgressListener.NONE : p, canceled);
	}

	public AttributionRequest withCancel(BooleanSupplier c) {
		return new AttributionRequest(image, classifier, target, seed, batchSize, resize, segments, progress,
			c == null ? () -> false : c);
	}

	/** Throws an {@link IllegalArgumentException} naming the bad field and the fix; methods call it first. */
	public void validate() {
		if (image == null) throw new IllegalArgumentException("No image given; pass the image to explain.");
		if (classifier == null) throw new IllegalArgumentException("No classifier given; load a model first.");
		int classes = classifier.numClasses();
		if (target < 0 || target >= classes)
			throw new IllegalArgumentException("Target class index " + target + " is outside the model's 0.." +
				(classes - 1) + "; pass an output index of this model.");
		if (batchSize < 1)
			throw new IllegalArgumentException("Batch size must be at least 1 (got " + batchSize + "); try 32.");
		if (resize == null) throw new IllegalArgumentException("Resize mode must be set: STRETCH or CENTER_CROP.");
		if (segments != null && (segments.width() != image.width() || segments.height() != image.height()))
			throw new IllegalArgumentException("Superpixels are " + segments.width() + " x " + segments.height() +
				" but the image is " + image.width() + " x " + image.height() + "; segment this image itself.");
	}
}
