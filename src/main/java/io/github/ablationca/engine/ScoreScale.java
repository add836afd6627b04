package io.github.ablationca.engine;

/** The scale on which the target-class score is analysed. */
public enum ScoreScale {
	/** The class probability, as in the paper. Saturates near 1, which makes halves of one object look redundant. */
	PROBABILITY,
	/** {@code log(p / (1 - p))} of the target class: removes most saturation artefacts (default). */
	LOG_ODDS
}
