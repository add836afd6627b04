package io.github.ablationca.engine;

/**
 * How the Monte Carlo masks of a run are drawn. Every scheme keeps each object with the run's keep probability
 * {@code p}; they differ in how the masks depend on each other.
 */
public enum SamplingScheme {
	/** Every mask and every object independently: kept with probability {@code p}. */
	INDEPENDENT,
	/**
	 * Masks come in antithetic pairs: the second mask of a pair uses the uniform variates {@code 1 - u} of the first,
	 * so for {@code p = 0.5} it is the exact complement. Halves the noise of the main effects from interactions;
	 * doubles the noise of the interactions from the remaining interactions (measured in
	 * {@code SamplingVarianceBench}).
	 */
	ANTITHETIC,
	/**
	 * Column-balanced blocks: within every block of {@link MaskSampler#BALANCED_BLOCK} masks each object is kept in
	 * exactly {@code round(p * block)} of them, at random positions drawn independently per object.
	 */
	BALANCED
}
