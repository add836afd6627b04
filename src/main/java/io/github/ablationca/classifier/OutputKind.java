package io.github.ablationca.classifier;

import java.util.Locale;

/** What a model output holds: raw scores before softmax, or probabilities. */
public enum OutputKind {
	/** Scores before softmax (also log-probabilities): the classifier applies softmax. */
	LOGITS,
	/** Probabilities (softmax already in the graph): passed through unchanged. */
	PROBABILITIES;

	/** Parses {@code logits}, {@code probabilities} (or {@code probs}); {@code auto} gives {@code null}. */
	public static OutputKind parse(String text) {
		String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
		switch (t) {
			case "logits":
			case "logit":
				return LOGITS;
			case "probabilities":
			case "probability":
			case "probs":
			case "softmax":
				return PROBABILITIES;
			case "auto":
			case "":
				return null;
			default:
				throw new IllegalArgumentException("Unknown output kind '" + text +
					"'; use logits, probabilities or auto.");
		}
	}

	/**
	 * The kind an output's name tells ({@code logits}; {@code probs}, {@code probabilities}, {@code softmax}), or
	 * null when the name says neither or both.
	 */
	public static OutputKind fromName(String name) {
		String n = name == null ? "" : name.toLowerCase(Locale.ROOT);
		boolean logit = n.contains("logit");
		boolean prob = n.contains("prob") || n.contains("softmax");
		if (logit && !prob) return LOGITS;
		if (prob && !logit) return PROBABILITIES;
		return null;
	}

	@Override
	public String toString() {
		return name().toLowerCase(Locale.ROOT);
	}
}
