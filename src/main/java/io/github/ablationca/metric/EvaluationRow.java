package io.github.ablationca.metric;

import io.github.ablationca.attribution.Attribution;

import java.util.List;
import java.util.Locale;

/**
 * One line of {@code evaluation.csv}: one method on one image, or (with {@code image = "mean"}) a method's mean.
 *
 * @param image image name, or {@code "mean"}
 * @param method attribution method name
 * @param deletionAuc deletion AUC (lower = more faithful); NaN if the method failed
 * @param insertionAuc insertion AUC (higher = more faithful); NaN if the method failed
 * @param roadMorf ROAD, most relevant first: mean target probability over the removal fractions (lower = more
 * faithful); NaN if the method failed
 * @param roadLerf ROAD, least relevant first (higher = more faithful); NaN if the method failed
 * @param pointingHit 1 hit, 0 miss, NaN without a mask; in a mean row the hit rate over images with a mask
 * @param modelCalls the method's model calls (not counting the metric's own); a mean in a mean row
 * @param seconds the method's wall time (not counting the metric); a mean in a mean row
 * @param heatmap the heatmap (null in mean rows and failed rows)
 * @param error why the method failed, or null
 */
public record EvaluationRow(String image, String method, double deletionAuc, double insertionAuc, double roadMorf,
	double roadLerf, double pointingHit, double modelCalls, double seconds, Attribution heatmap, String error)
{
	/** The columns of {@code evaluation.csv}. */
	public static final List<String> COLUMNS = List.of("image", "method", "deletion_auc", "insertion_auc", "road_morf",
		"road_lerf", "pointing_hit", "model_calls", "seconds");

	public boolean failed() {
		return error != null;
	}

	/** The cells of this row in {@link #COLUMNS} order, rounded as the file shows them; NaN is an empty cell. */
	public List<Object> cells() {
		return List.of(image == null ? "" : image, method == null ? "" : method, num(deletionAuc, "%.4f"),
			num(insertionAuc, "%.4f"), num(roadMorf, "%.4f"), num(roadLerf, "%.4f"), pointing(), calls(),
			num(seconds, "%.3f"));
	}

	private String pointing() {
		if (Double.isNaN(pointingHit)) return "";
		if (pointingHit == 0 || pointingHit == 1) return Integer.toString((int) pointingHit);
		return String.format(Locale.ROOT, "%.3f", pointingHit);
	}

	private String calls() {
		if (Double.isNaN(modelCalls)) return "";
		if (modelCalls == Math.rint(modelCalls)) return Long.toString((long) modelCalls);
		return String.format(Locale.ROOT, "%.1f", modelCalls);
	}

	private static String num(double v, String format) {
		return Double.isNaN(v) ? "" : String.format(Locale.ROOT, format, v);
	}
}
