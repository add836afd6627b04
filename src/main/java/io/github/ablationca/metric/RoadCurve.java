package io.github.ablationca.metric;

/**
 * One ROAD curve ({@link RoadMetric}).
 *
 * @param order {@code "morf"} (most relevant removed first) or {@code "lerf"} (least relevant first)
 * @param fraction the fractions of model-space pixels removed, ascending
 * @param score the target probability after removing each fraction and imputing
 * @param mean the mean of {@code score} over the fractions: lower is more faithful for MoRF, higher for LeRF
 * @param modelCalls images classified for this curve ({@code fraction.length})
 */
public record RoadCurve(String order, double[] fraction, double[] score, double mean, long modelCalls) {}
