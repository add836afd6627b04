package io.github.ablationca.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * How objects, pairs and groups are ranked. All formulas in one place:
 * <ul>
 * <li><b>Importance</b> of object {@code i}: {@code imp_i = max(|contribution_i|, |mainEffect_i|) / max_k(...)},
 * in [0, 1]. The maximum of the two catches objects that matter only jointly (the paper's single-ablation
 * contribution is about 0 for either object of a redundant pair, its main effect is not).</li>
 * <li><b>Pair score</b>: {@code |rho_ij| * sqrt(imp_i * imp_j)}: strong relations between important objects first;
 * a chance correlation between two objects the classifier ignores scores about 0. Pairs are ordered significant
 * first ({@code q < fdr}), then by score, then by |rho|, then by index.</li>
 * <li><b>Groups</b>: the connected components (two or more objects) of the graph whose edges are the significant
 * pairs. <b>Group score</b> = (sum of its significant pairs' scores) / (members - 1): the mean score per link of a
 * spanning tree, so a group of two scores as its pair and a densely related group scores higher than a chain.
 * {@code meanCorrelation} is the mean signed rho over its significant pairs.</li>
 * <li><b>Object rank</b>: by contribution, largest first (ties by index).</li>
 * </ul>
 */
public final class Ranking {

	private Ranking() {}

	/** Importance per object, see the class comment; NaN main effects (no samples) count as 0. */
	public static double[] importance(double[] contribution, double[] mainEffect) {
		int n = contribution.length;
		double[] imp = new double[n];
		double max = 0;
		for (int i = 0; i < n; i++) {
			double m = mainEffect == null || Double.isNaN(mainEffect[i]) ? 0 : Math.abs(mainEffect[i]);
			double c = Double.isNaN(contribution[i]) ? 0 : Math.abs(contribution[i]);
			imp[i] = Math.max(c, m);
			max = Math.max(max, imp[i]);
		}
		for (int i = 0; i < n; i++)
			imp[i] = max > 0 ? imp[i] / max : 0;
		return imp;
	}

	/** {@code |rho| * sqrt(imp_a * imp_b)}. */
	public static double pairScore(double correlation, double importanceA, double importanceB) {
		return Math.abs(correlation) * Math.sqrt(importanceA * importanceB);
	}

	/**
	 * All pairs of a measure's result, scored and ranked.
	 *
	 * @param q Benjamini-Hochberg q-values per pair (pair index order)
	 * @param fdr the false discovery rate under which a pair is significant
	 * @param limit at most this many pairs are returned (the best ranked)
	 */
	public static List<PairRelation> rankPairs(CorrelationMeasure.Result result, double[] q, double[] importance,
		double fdr, int limit)
	{
		int n = result.objects();
		int pairs = CorrelationMeasure.pairCount(n);
		int[] pa = new int[pairs], pb = new int[pairs];
		double[] score = new double[pairs];
		for (int i = 0, k = 0; i < n; i++)
			for (int j = i + 1; j < n; j++, k++) {
				pa[k] = i;
				pb[k] = j;
				score[k] = pairScore(result.correlation()[k], importance[i], importance[j]);
			}
		Integer[] order = new Integer[pairs];
		for (int k = 0; k < pairs; k++)
			order[k] = k;
		double[] rho = result.correlation();
		Arrays.sort(order, Comparator.<Integer>comparingInt(k -> q[k] < fdr ? 0 : 1)
			.thenComparing(k -> -score[k]).thenComparing(k -> -Math.abs(rho[k])).thenComparingInt(k -> k));
		int count = Math.min(limit, pairs);
		List<PairRelation> out = new ArrayList<>(count);
		for (int r = 0; r < count; r++) {
			int k = order[r];
			double hw = result.interactionHalfWidths()[k], interaction = result.interaction()[k];
			out.add(new PairRelation(pa[k], pb[k], rho[k], interaction, interaction - hw, interaction + hw,
				result.pValue()[k], q[k], score[k], r + 1, q[k] < fdr));
		}
		return out;
	}

	/** Groups from the significant pairs (any order), ranked; see the class comment. */
	public static List<ObjectGroup> groups(int objects, List<PairRelation> pairs) {
		int[] parent = new int[objects];
		for (int i = 0; i < objects; i++)
			parent[i] = i;
		for (PairRelation p : pairs)
			if (p.significant()) parent[find(parent, p.a())] = find(parent, p.b());
		double[] scoreSum = new double[objects], corrSum = new double[objects];
		int[] edges = new int[objects], size = new int[objects];
		for (int i = 0; i < objects; i++)
			size[find(parent, i)]++;
		for (PairRelation p : pairs)
			if (p.significant()) {
				int root = find(parent, p.a());
				scoreSum[root] += p.score();
				corrSum[root] += p.correlation();
				edges[root]++;
			}
		List<int[]> members = new ArrayList<>();
		List<double[]> stats = new ArrayList<>();
		for (int root = 0; root < objects; root++) {
			if (find(parent, root) != root || size[root] < 2) continue;
			int[] m = new int[size[root]];
			for (int i = 0, c = 0; i < objects; i++)
				if (find(parent, i) == root) m[c++] = i;
			members.add(m);
			stats.add(new double[] {scoreSum[root] / (size[root] - 1), corrSum[root] / edges[root]});
		}
		Integer[] order = new Integer[members.size()];
		for (int g = 0; g < order.length; g++)
			order[g] = g;
		Arrays.sort(order, Comparator.<Integer>comparingDouble(g -> -stats.get(g)[0])
			.thenComparingInt(g -> members.get(g)[0]));
		List<ObjectGroup> out = new ArrayList<>(order.length);
		for (int r = 0; r < order.length; r++) {
			int g = order[r];
			out.add(new ObjectGroup(members.get(g), stats.get(g)[0], r + 1, stats.get(g)[1]));
		}
		return out;
	}

	/** Object ranks (1 = largest contribution), by index. */
	public static int[] objectRanks(double[] contribution) {
		int n = contribution.length;
		Integer[] order = new Integer[n];
		for (int i = 0; i < n; i++)
			order[i] = i;
		Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> -contribution[i]).thenComparingInt(i -> i));
		int[] rank = new int[n];
		for (int r = 0; r < n; r++)
			rank[order[r]] = r + 1;
		return rank;
	}

	private static int find(int[] parent, int i) {
		while (parent[i] != i) {
			parent[i] = parent[parent[i]];
			i = parent[i];
		}
		return i;
	}
}
