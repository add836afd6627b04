package io.github.ablationca.classifier;

import java.util.List;

/**
 * Base of the tests' hand-built models: a fixed input size and class labels; a subclass gives the answers
 * ({@link #predict}). Saves each known-answer model the same three getters.
 */
public abstract class SizedTestModel implements Classifier {

	protected final int width, height;
	private final List<String> labels;

	protected SizedTestModel(int width, int height, String... labels) {
		this.width = width;
		this.height = height;
		this.labels = List.of(labels);
	}

	@Override
	public int inputWidth() {
		return width;
	}

	@Override
	public int inputHeight() {
		return height;
	}

	@Override
	public List<String> labels() {
		return labels;
	}
}
