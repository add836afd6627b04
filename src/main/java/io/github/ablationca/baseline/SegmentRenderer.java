package io.github.ablationca.baseline;

import io.github.ablationca.image.BilinearResize;
import io.github.ablationca.image.RgbImage;
import io.github.ablationca.segment.LabelImage;

/**
 * Renders an image with some superpixels hidden, directly in model space: the result equals hiding them at input
 * resolution (pixels of hidden objects replaced by the baseline image) and then resizing. The same contract as
 * {@code engine.AblationRenderer#render}; LIME takes a {@link Factory} so the engine's renderer can be plugged in:
 * <pre>{@code
 * new Lime().withRenderer((img, base, labels, resize) -> new AblationRenderer(img, base, labels, resize)::render);
 * }</pre>
 */
@FunctionalInterface
public interface SegmentRenderer {

	/**
	 * @param keep {@code keep[i]} = object {@code i} visible
	 * @param dst batch buffer; one model-sized image is written at float offset {@code offset}
	 */
	void render(boolean[] keep, float[] dst, int offset);

	@FunctionalInterface
	interface Factory {
		SegmentRenderer create(RgbImage image, RgbImage baseline, LabelImage labels, BilinearResize resize);
	}

	/** The built-in renderer (the resize's four taps per model pixel, each taken from image or baseline). */
	// TODO(integration): switch the default to engine.AblationRenderer once it lands; the semantics are the same.
	Factory DEFAULT = TapRenderer::new;

	/** Per model pixel, the four bilinear taps, each from the image or the baseline by its object's state. */
	final class TapRenderer implements SegmentRenderer {
		private final float[] image, baseline;
		private final int pixels;
		private final int[] tapIndex, tapLabel;
		private final float[] tapWeight;

		TapRenderer(RgbImage image, RgbImage baseline, LabelImage labels, BilinearResize resize) {
			if (image.width() != resize.srcWidth() || image.height() != resize.srcHeight() ||
				baseline.width() != image.width() || baseline.height() != image.height() ||
				labels.width() != image.width() || labels.height() != image.height())
				throw new IllegalArgumentException("Image, baseline, labels and resize must all be " + image.width() +
					" x " + image.height() + " at input resolution.");
			this.image = image.data();
			this.baseline = baseline.data();
			pixels = resize.dstWidth() * resize.dstHeight();
			tapIndex = new int[4 * pixels];
			tapLabel = new int[4 * pixels];
			tapWeight = new float[4 * pixels];
			int[] lab = labels.labels();
			for (int p = 0, k = 0; p < pixels; p++)
				for (int t = 0; t < 4; t++, k++) {
					int src = resize.tap(p, t);
					tapIndex[k] = 3 * src;
					tapLabel[k] = lab[src];
					tapWeight[k] = resize.weight(p, t);
				}
		}

		@Override
		public void render(boolean[] keep, float[] dst, int offset) {
			for (int p = 0, k = 0, o = offset; p < pixels; p++, o += 3) {
				float r = 0, g = 0, b = 0;
				for (int t = 0; t < 4; t++, k++) {
					float[] s = keep[tapLabel[k]] ? image : baseline;
					int i = tapIndex[k];
					float wt = tapWeight[k];
					r += wt * s[i];
					g += wt * s[i + 1];
					b += wt * s[i + 2];
				}
				dst[o] = r;
				dst[o + 1] = g;
				dst[o + 2] = b;
			}
		}
	}
}
