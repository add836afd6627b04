package io.github.ablationca.dataset;

import io.github.ablationca.classifier.Classifier;
import io.github.ablationca.classifier.FeatureLayer;
import io.github.ablationca.engine.AblationRenderer;
import io.github.ablationca.engine.ExplainSettings;
import io.github.ablationca.engine.FillImages;
import io.github.ablationca.image.BilinearResize;
import io.github.ablationca.image.RgbImage;
import io.github.ablationca.segment.LabelImage;

/**
 * The descriptors of an image's objects, computed by the model itself (as ACE does): each object shown alone, every
 * other pixel hidden with the run's fill, fitted to the model's input as the explanation fitted it, and described by
 * the model's activations at a feature layer. One model call per object, in batches of the model's batch size.
 * <pre>{@code
 * float[][] d = Descriptors.of(rgb, explanation.labels(), settings.method, classifier, classifier.featureLayer(null));
 * }</pre>
 */
public final class Descriptors {

	private Descriptors() {}

	/**
	 * One activation vector per object of {@code labels} (index order).
	 *
	 * @param image the image the objects were found in
	 * @param labels its objects (same size)
	 * @param settings the run's method settings: the fill (and its colour, blur and seed) and the resize mode
	 * @param classifier the model (its input size and batch size)
	 * @param layer the model's feature layer
	 */
	public static float[][] of(RgbImage image, LabelImage labels, ExplainSettings settings, Classifier classifier,
		FeatureLayer layer)
	{
		int n = labels.count();
		BilinearResize resize = BilinearResize.of(image.width(), image.height(), classifier.inputWidth(),
			classifier.inputHeight(), settings.resize);
		AblationRenderer renderer = new AblationRenderer(image, FillImages.fill(image, settings, resize), labels,
			resize);
		int size = classifier.imageSize(), batch = Math.max(1, classifier.batchSize());
		float[][] out = new float[n][];
		float[] buffer = new float[Math.min(n, batch) * size];
		boolean[] keep = new boolean[n];
		for (int start = 0; start < n; start += batch) {
			int m = Math.min(batch, n - start);
			for (int i = 0; i < m; i++) {
				keep[start + i] = true;
				renderer.render(keep, buffer, i * size);
				keep[start + i] = false;
			}
			float[][] rows = layer.features(buffer, m);
			if (rows.length != m)
				throw new IllegalStateException("The feature layer " + layer.name() + " gave " + rows.length +
					" rows for " + m + " images.");
			System.arraycopy(rows, 0, out, start, m);
		}
		return out;
	}
}
