package io.github.ablationca.run;

import io.github.ablationca.Version;
import io.github.ablationca.classifier.ClassScore;
import io.github.ablationca.engine.Explanation;
import io.github.ablationca.engine.PairRelation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The content of a result's {@code summary.json}: what was explained, with which settings (every setting of the
 * vocabulary that a result records, under its one name: {@link Settings#summary}), what the model predicted, and
 * the run's figures. Keys in a fixed order; documented in {@code docs/results.md}.
 */
public final class Summary {

	/** How many predictions {@code top5} lists (at most). */
	public static final int TOP_PREDICTIONS = 5;

	/**
	 * What a result is of.
	 *
	 * @param image the image file as the user named it, or an image title
	 * @param slice 1-based stack slice, 0 for an image that is not a stack
	 * @param slices slices of the image (1 for a plain image)
	 * @param imageId the image file's identity (its absolute path as a URI), null when not from a file
	 * @param imageSha256 the SHA-256 of the image file's bytes, null when not from a file
	 */
	public record Source(String image, int slice, int slices, String imageId, String imageSha256) {

		public Source(String image, int slice, int slices) {
			this(image, slice, slices, null, null);
		}
	}

	private Summary() {}

	/**
	 * @param settings the run's settings, resolved for the model ({@link RunSettings#resolvedFor})
	 */
	public static Map<String, Object> of(Source source, Explanation e, RunSettings settings) {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("image", source.image());
		if (source.imageId() != null) m.put("image_id", source.imageId());
		if (source.imageSha256() != null) m.put("image_sha256", source.imageSha256());
		m.put("slice", source.slice() > 0 ? source.slice() : null);
		m.put("slices", source.slices());
		m.put("width", e.width());
		m.put("height", e.height());
		m.putAll(Settings.summary(settings));
		m.put("target_index", e.targetIndex());
		m.put("target_label", e.targetLabel());
		m.put("target_probability", (double) e.targetProbability());
		List<Object> top = new ArrayList<>();
		for (ClassScore s : e.topPredictions().subList(0, Math.min(TOP_PREDICTIONS, e.topPredictions().size()))) {
			Map<String, Object> t = new LinkedHashMap<>();
			t.put("index", s.index());
			t.put("label", s.label());
			t.put("probability", (double) s.probability());
			top.add(t);
		}
		m.put("top5", top);
		m.put("objects", e.segments());
		m.put("model_calls", e.modelCalls());
		m.put("seconds", e.timings().total());
		m.put("significant_pairs", e.pairs().stream().filter(PairRelation::significant).count());
		m.put("groups", e.groups().size());
		if (e.pairs().isEmpty()) m.put("top_pair", null);
		else {
			PairRelation p = e.pairs().get(0);
			Map<String, Object> t = new LinkedHashMap<>();
			t.put("object_a", p.a() + 1);
			t.put("object_b", p.b() + 1);
			t.put("correlation", p.correlation());
			t.put("interaction", p.interaction());
			t.put("interaction_low", p.interactionLow());
			t.put("interaction_high", p.interactionHigh());
			t.put("q_value", p.qValue());
			t.put("significant", p.significant());
			t.put("score", p.score());
			m.put("top_pair", t);
		}
		m.put("notes", e.notes());
		m.put("version", Version.get());
		return m;
	}
}
