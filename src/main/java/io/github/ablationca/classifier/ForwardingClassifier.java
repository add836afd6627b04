package io.github.ablationca.classifier;

import io.github.ablationca.image.ResizeMode;

import java.util.List;

/**
 * A classifier that passes every call to another one; subclasses override what they add (counting calls, timing,
 * refusing batches after a cancel). {@link #close()} is not forwarded: the wrapped classifier belongs to its owner.
 *
 * <pre>{@code
 * Classifier counting = new ForwardingClassifier(model) {
 *     public float[][] predict(float[] images, int count) {
 *         calls += count;
 *         return super.predict(images, count);
 *     }
 * };
 * }</pre>
 */
public abstract class ForwardingClassifier implements Classifier {

	protected final Classifier delegate;

	protected ForwardingClassifier(Classifier delegate) {
		if (delegate == null) throw new IllegalArgumentException("No classifier to forward to.");
		this.delegate = delegate;
	}

	@Override
	public int inputWidth() {
		return delegate.inputWidth();
	}

	@Override
	public int inputHeight() {
		return delegate.inputHeight();
	}

	@Override
	public List<String> labels() {
		return delegate.labels();
	}

	@Override
	public float[][] predict(float[] images, int count) {
		return delegate.predict(images, count);
	}

	@Override
	public int batchSize() {
		return delegate.batchSize();
	}

	@Override
	public ResizeMode resizeMode() {
		return delegate.resizeMode();
	}

	@Override
	public ValueRange valueRange() {
		return delegate.valueRange();
	}

	@Override
	public FeatureLayer featureLayer(String layer) {
		return delegate.featureLayer(layer);
	}
}
