package io.github.ablationca.dataset;

/**
 * One object pair of one explained image ({@code pairs.csv}), as the class graph reads it: a flat row.
 *
 * @param image the result name of the image
 * @param className the class of the image's explanation
 * @param objectA first object id (1-based)
 * @param objectB second object id (1-based)
 * @param correlation the pair's signed residual correlation
 * @param interaction the pair's interaction (positive = synergy, negative = redundancy)
 * @param pValue two-sided p-value of "no interaction" within the image
 * @param significant whether the pair was significant in its image (Benjamini-Hochberg over the image's pairs)
 */
public record PairRow(String image, String className, int objectA, int objectB, double correlation,
	double interaction, double pValue, boolean significant) implements java.io.Serializable
{}
