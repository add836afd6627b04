package io.github.ablationca.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.junit.jupiter.api.Test;

/**
 * {@link Multigrid}'s V-cycle against its definition, written out here with dense Commons Math matrices on small
 * grids: level 0 is the imputer's {@code A = D - W} over the removed pixels; each coarser grid has
 * {@code ceil(w/2) x ceil(h/2)} nodes, a fine node at {@code x} interpolates from coarse node {@code x/2} (even
 * {@code x}) or from {@code (x-1)/2} and {@code (x+1)/2} with weight 1/2 each (odd {@code x}; the first alone, weight
 * 1, where {@code (x+1)/2} lies past the coarse grid), the same in {@code y}, weights multiplied; coarse nodes that
 * no fine node interpolates from are dropped; the coarse operator is {@code P^T A P}; levels are added while more
 * than 64 nodes remain; the coarsest is solved by its pseudo-inverse (singular value decomposition). One cycle from
 * {@code u = 0}: a forward Gauss-Seidel sweep in node order, the coarse correction of the residual, a backward sweep.
 */
class MultigridCycleTest {

	/** One level of the definition: its grid, nodes (grid indices, row-major) and dense operator. */
	private record Level(int w, int h, int[] node, RealMatrix a) {}

	private static List<Level> levels(int w, int h, boolean[] removed) {
		List<Integer> nodes = new ArrayList<>();
		for (int p = 0; p < w * h; p++)
			if (removed[p]) nodes.add(p);
		int m = nodes.size();
		double[][] a = new double[m][m];
		for (int k = 0; k < m; k++) {
			int x = nodes.get(k) % w, y = nodes.get(k) / w;
			for (int j = 0; j < m; j++) {
				int dx = nodes.get(j) % w - x, dy = nodes.get(j) / w - y;
				if (j != k && Math.abs(dx) <= 1 && Math.abs(dy) <= 1) a[k][j] = -(dx == 0 || dy == 0 ? 1 / 6.0 : 1 / 12.0);
			}
			for (int dy = -1; dy <= 1; dy++)
				for (int dx = -1; dx <= 1; dx++) {
					int nx = x + dx, ny = y + dy;
					if ((dx != 0 || dy != 0) && nx >= 0 && ny >= 0 && nx < w && ny < h)
						a[k][k] += dx == 0 || dy == 0 ? 1 / 6.0 : 1 / 12.0;
				}
		}
		List<Level> out = new ArrayList<>();
		out.add(new Level(w, h, nodes.stream().mapToInt(Integer::intValue).toArray(), new Array2DRowRealMatrix(a)));
		while (out.get(out.size() - 1).node().length > 64) {
			Level fine = out.get(out.size() - 1);
			RealMatrix p = prolongation(fine, true);
			out.add(new Level((fine.w() + 1) / 2, (fine.h() + 1) / 2, coarseNodes(fine), p.transpose().multiply(fine.a())
				.multiply(p)));
		}
		return out;
	}

	/** Coarse-grid parents (index on the coarse grid) and weights of one fine coordinate. */
	private static double[][] parents(int x, int coarseSize) {
		if (x % 2 == 0) return new double[][] {{x / 2, 1}};
		if ((x + 1) / 2 >= coarseSize) return new double[][] {{(x - 1) / 2, 1}};
		return new double[][] {{(x - 1) / 2, 0.5}, {(x + 1) / 2, 0.5}};
	}

	/** Coarse grid indices that some fine node interpolates from, in row-major order. */
	private static int[] coarseNodes(Level fine) {
		int cw = (fine.w() + 1) / 2, ch = (fine.h() + 1) / 2;
		boolean[] used = new boolean[cw * ch];
		for (int p : fine.node())
			for (double[] px : parents(p % fine.w(), cw))
				for (double[] py : parents(p / fine.w(), ch))
					used[(int) py[0] * cw + (int) px[0]] = true;
		List<Integer> out = new ArrayList<>();
		for (int i = 0; i < used.length; i++)
			if (used[i]) out.add(i);
		return out.stream().mapToInt(Integer::intValue).toArray();
	}

	private static RealMatrix prolongation(Level fine, boolean unused) {
		int cw = (fine.w() + 1) / 2, ch = (fine.h() + 1) / 2;
		int[] coarse = coarseNodes(fine);
		int[] column = new int[cw * ch];
		for (int c = 0; c < coarse.length; c++)
			column[coarse[c]] = c;
		double[][] p = new double[fine.node().length][coarse.length];
		for (int k = 0; k < fine.node().length; k++) {
			int x = fine.node()[k] % fine.w(), y = fine.node()[k] / fine.w();
			for (double[] px : parents(x, cw))
				for (double[] py : parents(y, ch))
					p[k][column[(int) py[0] * cw + (int) px[0]]] += px[1] * py[1];
		}
		return new Array2DRowRealMatrix(p);
	}

	private static double[] gaussSeidel(RealMatrix a, double[] f, double[] u, boolean forward) {
		int m = f.length;
		for (int s = 0; s < m; s++) {
			int k = forward ? s : m - 1 - s;
			double r = f[k];
			for (int j = 0; j < m; j++)
				if (j != k) r -= a.getEntry(k, j) * u[j];
			u[k] = r / a.getEntry(k, k);
		}
		return u;
	}

	private static double[] cycle(List<Level> levels, int l, double[] f) {
		Level level = levels.get(l);
		if (l == levels.size() - 1)
			return new SingularValueDecomposition(level.a()).getSolver().getInverse().operate(f);
		double[] u = gaussSeidel(level.a(), f, new double[f.length], true);
		RealMatrix p = prolongation(level, true);
		double[] residual = new ArrayRealVector(f).subtract(level.a().operate(new ArrayRealVector(u))).toArray();
		double[] correction = p.operate(cycle(levels, l + 1, p.transpose().operate(residual)));
		for (int k = 0; k < u.length; k++)
			u[k] += correction[k];
		return gaussSeidel(level.a(), f, u, false);
	}

	private static void assertCycleIsTheDefinition(int w, int h, boolean[] removed, int expectedLevels) {
		List<Level> levels = levels(w, h, removed);
		assertEquals(expectedLevels, levels.size(), "levels of the definition");
		var preconditioner = new Multigrid(w, h, removed).preconditioner();
		int m = levels.get(0).node().length;
		SplittableRandom random = new SplittableRandom(w * 31L + h);
		for (int t = 0; t < 3; t++) {
			double[] f = new double[m];
			for (int k = 0; k < m; k++)
				f[k] = random.nextDouble(-1, 1);
			double[] expected = cycle(levels, 0, f);
			double[] actual = preconditioner.operate(new ArrayRealVector(f)).toArray();
			double scale = new ArrayRealVector(expected).getLInfNorm();
			for (int k = 0; k < m; k++)
				assertEquals(expected[k], actual[k], 1e-10 * scale, w + " x " + h + ", unknown " + k);
		}
	}

	@Test
	void evenSizedGridsWithKeptBlocksAndScatteredPixels() {
		// 20 x 18: the last column and row of every level have a single parent; a kept 3 x 3 block leaves a coarse
		// node that nothing interpolates from, kept pixels on even and odd positions; three levels (343, 90, 25 nodes)
		int w = 20, h = 18;
		boolean[] removed = new boolean[w * h];
		java.util.Arrays.fill(removed, true);
		for (int y = 6; y < 9; y++)
			for (int x = 7; x < 10; x++)
				removed[y * w + x] = false;
		for (int p : new int[] {0, 19, 2 * w + 4, 13 * w + 15, 17 * w + 10, 17 * w + 19, 11 * w + 1})
			removed[p] = false;
		assertCycleIsTheDefinition(w, h, removed, 3);
	}

	@Test
	void oddSizedAndThinGrids() {
		boolean[] removed = new boolean[21 * 13];
		java.util.Arrays.fill(removed, true);
		removed[6 * 21 + 10] = false;
		removed[0] = false;
		assertCycleIsTheDefinition(21, 13, removed, 3);
		// a single row: coarsening halves the width only
		boolean[] row = new boolean[150];
		java.util.Arrays.fill(row, true);
		row[75] = false;
		assertCycleIsTheDefinition(150, 1, row, 3);
		// a single column
		assertCycleIsTheDefinition(1, 150, row, 3);
	}

	@Test
	void sixtyFourUnknownsAreTheCoarsestLevelAndSixtyFiveAreNot() {
		// 8 x 8 hole in a 10 x 10 image: 64 unknowns, one level (the pseudo-inverse itself)
		boolean[] removed = new boolean[100];
		for (int y = 1; y < 9; y++)
			for (int x = 1; x < 9; x++)
				removed[y * 10 + x] = true;
		assertCycleIsTheDefinition(10, 10, removed, 1);
		removed[0] = true;
		assertCycleIsTheDefinition(10, 10, removed, 2);
	}
}
