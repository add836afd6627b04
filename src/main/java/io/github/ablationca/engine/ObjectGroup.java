package io.github.ablationca.engine;

/**
 * A group of mutually related objects (a connected component, or cluster, of significant pairs).
 *
 * @param members 0-based object indices, ascending
 * @param score ranking score of the group
 * @param rank 1 = highest score
 * @param meanCorrelation mean signed correlation over the group's significant pairs
 */
public record ObjectGroup(int[] members, double score, int rank, double meanCorrelation) {}
