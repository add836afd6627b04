package io.github.ablationca.engine;

import java.util.Arrays;

/** False discovery rate control over the pairs of a run. */
public final class MultipleTesting {

	private MultipleTesting() {}

	/**
	 * Benjamini-Hochberg adjusted p-values ("q-values"): {@code q_(k) = min_{j >= k} m p_(j) / j}, capped at 1,
	 * for p-values sorted ascending. A hypothesis is rejected at false discovery rate {@code alpha} iff
	 * {@code q < alpha} (strictly: {@code q <= alpha} is the textbook rule; {@code <} is the stricter side). NaN counts
	 * as 1.
	 *
	 * <pre>{@code
	 * double[] q = MultipleTesting.benjaminiHochberg(new double[] {0.01, 0.04, 0.03}); // 0.03, 0.04, 0.04
	 * }</pre>
	 */
	public static double[] benjaminiHochberg(double[] p) {
		int m = p.length;
		double[] q = new double[m];
		if (m == 0) return q;
		Integer[] order = new Integer[m];
		for (int i = 0; i < m; i++)
			order[i] = i;
		Arrays.sort(order, (a, b) -> Double.compare(clean(p[a]), clean(p[b])));
		double min = 1;
		for (int rank = m; rank >= 1; rank--) {
			int i = order[rank - 1];
			min = Math.min(min, clean(p[i]) * m / rank);
			q[i] = min;
		}
		return q;
	}

	private static double clean(double p) {
		return Double.isNaN(p) ? 1 : Math.max(0, Math.min(1, p));
	}
}
