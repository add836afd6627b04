package io.github.ablationca.engine;

/** The scale on which the target-class score is analysed. */
public enum ScoreScale {
	/** The class probability, as in the paper. Saturates near 1, which makes halves of one object look redundant. */
	PROBABILITY,
	/** {@code log(p / (1 - p))} of the target class: removes most saturation artefacts (default). */
	LOG_ODDS;

	/** Probabilities are clamped to {@code [EPSILON, 1 - EPSILON]} before the log-odds (|log-odds| <= 13.8). */
	public static final double EPSILON = 1e-6;

	/** The analysed score of a class probability. */
	public double apply(double probability) {
		if (this == PROBABILITY) return probability;
		double p = Math.max(EPSILON, Math.min(1 - EPSILON, probability));
		return Math.log(p / (1 - p));
	}
}
