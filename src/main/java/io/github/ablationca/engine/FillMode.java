package io.github.ablationca.engine;

/** What replaces the pixels of an ablated object. */
public enum FillMode {
	/** The image's mean colour (default): removes the object's content, keeps global brightness. */
	MEAN,
	/** A strong Gaussian blur of the image: removes detail, keeps coarse colour (the RISE paper's substrate). */
	BLUR,
	/** A constant colour, {@link ExplainSettings#constantColor} (black by default). */
	CONSTANT,
	/** Uniform noise, drawn once per run from the seed, so every ablation of an object looks the same. */
	NOISE
}
