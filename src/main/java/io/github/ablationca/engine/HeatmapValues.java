package io.github.ablationca.engine;

/** Which per-object value the heatmap paints over the object's pixels. */
public enum HeatmapValues {
	/**
	 * The Monte Carlo main effect on the target probability as a density (effect / object area), averaged per pixel
	 * over the run's objects and further segmentations at other scales and with another fill that share the sample
	 * budget ({@link HeatmapEnsemble}; default). Beats RISE under deletion and insertion with a fifth of its model
	 * calls in the project's evaluation (docs/evaluation.md).
	 */
	ENSEMBLE,
	/**
	 * The paper's sensitivity: score(image) - score(image with the object ablated), one ablation per object. Misses objects that matter only jointly or that another object can stand in for.
	 */
	CONTRIBUTION,
	/**
	 * The Monte Carlo main effect (Banzhaf value) from the synchronous ablations: mean score with the object kept
	 * minus mean score with it ablated, over random contexts. No extra model calls; needs samples > 0. Sees
	 * redundant objects, and scored better under deletion/insertion in the project's evaluation (docs/evaluation.md).
	 */
	MAIN_EFFECT;

	/** What a heatmap pixel holds, in words, e.g. {@code "main effects"}. */
	public String description() {
		return switch (this) {
			case ENSEMBLE -> "ensemble effects";
			case CONTRIBUTION -> "contributions";
			case MAIN_EFFECT -> "main effects";
		};
	}

	/** The unit of a heatmap pixel for a run on {@code scale}: the ensemble is always the probability per object. */
	public String unit(ScoreScale scale) {
		if (this == ENSEMBLE) return "p/object"; // probability change per average-sized object; fits the colour bar
		return scale == null ? "" : scale.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
	}
}
