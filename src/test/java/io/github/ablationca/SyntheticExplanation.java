package io.github.ablationca;

import io.github.ablationca.classifier.ClassScore;
import io.github.ablationca.engine.HeatmapValues;
import io.github.ablationca.engine.Explanation;
import io.github.ablationca.engine.ObjectGroup;
import io.github.ablationca.engine.ObjectInfo;
import io.github.ablationca.engine.PairRelation;
import io.github.ablationca.engine.ScoreScale;
import io.github.ablationca.image.RgbImage;
import io.github.ablationca.segment.LabelImage;

import java.util.ArrayList;
import java.util.List;

/**
 * Hand-built explanations whose every number is known: a {@code cols x rows} grid of rectangular objects of
 * {@code cell x cell} pixels, object i with contribution {@code contribution[i]}, and the given pairs and groups.
 */
public final class SyntheticExplanation {

	private SyntheticExplanation() {}

	static LabelImage grid(int cols, int rows, int cell) {
		int w = cols * cell, h = rows * cell;
		int[] l = new int[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				l[y * w + x] = (y / cell) * cols + x / cell;
		return new LabelImage(w, h, l, cols * rows);
	}

	/**
	 * @param pairs rows {a, b, correlation, significant(1/0)} in rank order
	 * @param groups member lists in rank order
	 */
	public static Explanation of(int cols, int rows, int cell, double[] contribution, double[][] pairs, int[][] groups) {
		LabelImage labels = grid(cols, rows, cell);
		int n = labels.count();
		float[] heat = new float[labels.width() * labels.height()];
		for (int p = 0; p < heat.length; p++)
			heat[p] = (float) contribution[labels.labels()[p]];
		int[] areas = labels.areas();
		double[][] c = labels.centroids();
		Integer[] order = new Integer[n];
		for (int i = 0; i < n; i++)
			order[i] = i;
		java.util.Arrays.sort(order, (i, j) -> Double.compare(contribution[j], contribution[i]));
		int[] rank = new int[n];
		for (int r = 0; r < n; r++)
			rank[order[r]] = r + 1;
		List<ObjectInfo> objects = new ArrayList<>();
		for (int i = 0; i < n; i++)
			objects.add(new ObjectInfo(i, areas[i], c[i][0], c[i][1], contribution[i], contribution[i], rank[i]));
		List<PairRelation> pairList = new ArrayList<>();
		for (int r = 0; r < pairs.length; r++) {
			double[] p = pairs[r];
			boolean sig = p[3] != 0;
			pairList.add(new PairRelation((int) p[0], (int) p[1], p[2], p[2] / 2, p[2] / 2 - 0.1, p[2] / 2 + 0.1,
				sig ? 0.001 : 0.4, sig ? 0.01 : 0.6, Math.abs(p[2]) * (pairs.length - r), r + 1, sig));
		}
		List<ObjectGroup> groupList = new ArrayList<>();
		for (int r = 0; r < groups.length; r++)
			groupList.add(new ObjectGroup(groups[r], 10.0 / (r + 1), r + 1, 0.5));
		List<ClassScore> top = List.of(new ClassScore(3, "cat", 0.8f), new ClassScore(5, "dog", 0.1f),
			new ClassScore(2, "bird", 0.05f), new ClassScore(4, "deer", 0.03f), new ClassScore(0, "airplane", 0.02f));
		return new Explanation(labels, n, heat, objects, pairList, groupList, top, 3, "cat", 0.8f, ScoreScale.LOG_ODDS,
			100, 7, 100 + n + 1, new Explanation.Timings(0.01, 0.5, 0.6), "test",
			HeatmapValues.CONTRIBUTION, List.of(), null);
	}

	/** The standard test case: 3 x 2 objects of 20 px; object 0 strongly positive, object 5 negative. */
	public static Explanation standard() {
		return of(3, 2, 20, new double[] {2.0, 0.5, 0, 0.1, 0, -1.0},
			new double[][] {{0, 4, 0.8, 1}, {1, 5, -0.6, 1}, {2, 3, 0.1, 0}}, new int[][] {{0, 4}, {1, 5}});
	}

	/** A grey-ish RGB image of the explanation's size with a bright pattern (so overlays are visible on it). */
	public static RgbImage image(int w, int h) {
		RgbImage img = new RgbImage(w, h);
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				img.set(x, y, 0, (x * 7) % 256);
				img.set(x, y, 1, (y * 11) % 256);
				img.set(x, y, 2, 128);
			}
		return img;
	}
}
