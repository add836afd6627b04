package io.github.ablationca.engine;

/**
 * The relation between two objects found by synchronous ablation.
 *
 * @param a 0-based index of the first object (a < b)
 * @param b 0-based index of the second object
 * @param correlation the signed correlation: positive = the objects work together (synergy), negative = either
 *        one suffices (redundancy); see {@link CorrelationMeasure} for the definition of the measure used
 * @param interaction the interaction effect on the score scale (the Banzhaf interaction index estimate)
 * @param interactionLow lower end of the 95% confidence interval of {@code interaction}
 * @param interactionHigh upper end of that interval
 * @param pValue two-sided p-value of "no interaction" (the null: the two objects' effects add up)
 * @param qValue Benjamini-Hochberg adjusted p-value over all pairs: the smallest false discovery rate at which this
 *        pair would be called significant (not a probability that the relation is real)
 * @param score ranking score combining |correlation| and the two objects' importance (formula in {@link Ranking})
 * @param rank 1 = highest score
 * @param significant whether {@code qValue} is below the run's false discovery rate
 */
public record PairRelation(int a, int b, double correlation, double interaction, double interactionLow,
	double interactionHigh, double pValue, double qValue, double score, int rank, boolean significant)
{}
