package io.github.ablationca.engine;

/** Which per-object value the heatmap paints over the object's pixels. */
public enum HeatmapValues {
	/**
	 * The paper's sensitivity: score(image) - score(image with the object ablated), one ablation per object
	 * (default). Misses objects that matter only jointly or that another object can stand in for.
	 */
	CONTRIBUTION,
	/**
	 * The Monte Carlo main effect (Banzhaf value) from the synchronous ablations: mean score with the object kept
	 * minus mean score with it ablated, over random contexts. No extra model calls; needs samples > 0. Sees
	 * redundant objects, and scored better under deletion/insertion in the project's evaluation (docs/evaluation.md).
	 */
	MAIN_EFFECT
}
