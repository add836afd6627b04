package io.github.ablationca.classifier;

/** One class of a prediction: output index, label and probability. */
public record ClassScore(int index, String label, float probability) {}
