package io.github.ablationca.results;

import io.github.ablationca.classifier.ClassScore;
import io.github.ablationca.engine.HeatmapValues;
import io.github.ablationca.engine.Explanation;
import io.github.ablationca.engine.ObjectGroup;
import io.github.ablationca.engine.ObjectInfo;
import io.github.ablationca.engine.PairRelation;
import io.github.ablationca.engine.ScoreScale;
import io.github.ablationca.image.RgbImage;
import io.github.ablationca.segment.LabelImage;

import java.util.List;

/**
 * A hand-made {@link Explanation} whose every value is known: a 4 x 2 image cut into three objects (columns 0-1,
 * column 2, column 3), contributions 0.5, -0.25, 0.125, two pairs and one group, and a target label holding a
 * comma, a quote and a line break.
 */
final class SyntheticResults {

	static final String TARGET_LABEL = "tabby, \"tiger\" cat\nline two";

	private SyntheticResults() {}

	static Explanation explanation() {
		int[] labels = {0, 0, 1, 2, 0, 0, 1, 2};
		LabelImage l = new LabelImage(4, 2, labels, 3);
		double[] contribution = {0.5, -0.25, 0.125};
		float[] heatmap = new float[8];
		for (int i = 0; i < 8; i++)
			heatmap[i] = (float) contribution[labels[i]];
		List<ObjectInfo> objects = List.of(new ObjectInfo(0, 4, 0.5, 0.5, 0.5, 0.4, 1),
			new ObjectInfo(1, 2, 2, 0.5, -0.25, -0.2, 3), new ObjectInfo(2, 2, 3, 0.5, 0.125, 0.1, 2));
		List<PairRelation> pairs = List.of(new PairRelation(0, 2, 0.75, 0.3, 0.125, 0.475, 0.001, 0.002, 0.9, 1, true),
			new PairRelation(0, 1, -0.125, -0.05, -0.25, 0.15, 0.5, 0.6, 0.1, 2, false));
		List<ObjectGroup> groups = List.of(new ObjectGroup(new int[] {0, 2}, 0.9, 1, 0.75));
		List<ClassScore> top = List.of(new ClassScore(3, TARGET_LABEL, 0.625f), new ClassScore(5, "dog", 0.25f),
			new ClassScore(0, "plane", 0.0625f), new ClassScore(1, "car", 0.03125f), new ClassScore(2, "bird",
				0.015625f), new ClassScore(4, "deer", 0.0078125f));
		return new Explanation(l, 4, heatmap, objects, pairs, groups, top, 3, TARGET_LABEL, 0.625f,
			ScoreScale.LOG_ODDS, 64, 7, 68, new Explanation.Timings(0.25, 1.5, 2.0), "pearson",
			HeatmapValues.CONTRIBUTION, List.of(), null);
	}

	static RgbImage image() {
		RgbImage img = new RgbImage(4, 2);
		for (int i = 0; i < img.data().length; i++)
			img.data()[i] = (i * 37) % 256;
		return img;
	}
}
