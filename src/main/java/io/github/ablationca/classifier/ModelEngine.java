package io.github.ablationca.classifier;

import java.util.Locale;

/**
 * The engines that run a model, each behind its own adapter of {@link Classifier}. Which one a model needs is
 * recognised from its files (setting {@code engine} overrides).
 */
public enum ModelEngine {

	/** A TensorFlow SavedModel folder ({@code saved_model.pb}, {@code variables/}), run by TensorFlow through DJL. */
	TENSORFLOW("TensorFlow SavedModel"),
	/** An ONNX file ({@code .onnx}), run by ONNX Runtime. */
	ONNX("ONNX model"),
	/** A TorchScript file ({@code torch.jit.save}: {@code .pt}, {@code .torchscript}), run by libtorch through DJL. */
	PYTORCH("TorchScript model");

	private final String title;

	ModelEngine(String title) {
		this.title = title;
	}

	/** What the engine's models are called in messages: {@code TorchScript model}. */
	public String title() {
		return title;
	}

	/** The title with its article: {@code an ONNX model}. */
	public String aTitle() {
		return (this == ONNX ? "an " : "a ") + title;
	}

	/** The name the faces use: {@code tensorflow}, {@code onnx}, {@code pytorch}. */
	public String id() {
		return name().toLowerCase(Locale.ROOT);
	}

	@Override
	public String toString() {
		return id();
	}
}
