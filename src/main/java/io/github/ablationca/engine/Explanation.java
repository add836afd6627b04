package io.github.ablationca.engine;

import io.github.ablationca.classifier.ClassScore;
import io.github.ablationca.segment.LabelImage;

import java.util.List;

/**
 * The result of one Ablation-CA run on one image.
 *
 * @param labels the superpixel segmentation of the input image (input resolution)
 * @param segmentsRequested segments asked for
 * @param heatmap per pixel the object's value named by {@code heatmapValues}, row-major, input resolution
 *        ({@code labels.width() * labels.height()})
 * @param objects one entry per object, ordered by index
 * @param pairs related pairs ordered by rank (rank 1 first); may omit pairs whose score is 0
 * @param groups object groups ordered by rank
 * @param topPredictions the top classes of the unablated image
 * @param targetIndex the explained output index
 * @param targetLabel its label
 * @param targetProbability its probability on the unablated image
 * @param scoreScale the scale contributions and interactions are measured on
 * @param samples Monte Carlo samples used
 * @param seed the seed of the run
 * @param modelCalls images sent to the classifier (one call = one image)
 * @param timings where the time went
 * @param measure name of the correlation measure used
 * @param heatmapValues which per-object value {@code heatmap} paints
 * @param notes what a reader of the result must know, e.g. why no pair is listed; empty for most runs
 * @param sampleMatrix the Monte Carlo masks and their scores (null without samples): for further analyses of the same
 *        run, e.g. {@link NullCalibration}
 */
public record Explanation(LabelImage labels, int segmentsRequested, float[] heatmap, List<ObjectInfo> objects,
	List<PairRelation> pairs, List<ObjectGroup> groups, List<ClassScore> topPredictions, int targetIndex,
	String targetLabel, float targetProbability, ScoreScale scoreScale, int samples, long seed, long modelCalls,
	Timings timings, String measure, HeatmapValues heatmapValues, List<String> notes, SampleMatrix sampleMatrix)
{
	/** Actual number of objects. */
	public int segments() {
		return labels.count();
	}

	public int width() {
		return labels.width();
	}

	public int height() {
		return labels.height();
	}

	/** The listed relation of objects {@code a} and {@code b} (0-based, either order), or null if not listed. */
	public PairRelation pair(int a, int b) {
		int lo = Math.min(a, b), hi = Math.max(a, b);
		for (PairRelation p : pairs)
			if (p.a() == lo && p.b() == hi) return p;
		return null;
	}

	/**
	 * Wall-clock split of a run, in seconds.
	 *
	 * @param segmentation SLIC
	 * @param model inside {@link io.github.ablationca.classifier.Classifier#predict}
	 * @param total the whole run; {@code total - model} is the engine's own overhead
	 */
	public record Timings(double segmentation, double model, double total) {
		public double outsideModelFraction() {
			return total <= 0 ? 0 : (total - model) / total;
		}
	}
}
