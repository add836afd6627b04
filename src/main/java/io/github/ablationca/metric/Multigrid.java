package io.github.ablationca.metric;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealLinearOperator;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;

/**
 * One multigrid V-cycle for the system of {@link NoisyLinearImputer}, used as its conjugate-gradient preconditioner:
 * plain conjugate gradients need hundreds of iterations on a large hole, because smooth errors decay slowly on the
 * fine grid; the V-cycle removes them on coarser grids.
 * <p>
 * Level 0 holds the removed pixels (row-major, the unknowns of the system). Each coarser level lives on every other
 * node of the previous grid ({@code ceil(w/2) x ceil(h/2)}); prolongation {@code P} is bilinear interpolation (the
 * last coarse node alone at an even-sized edge) from the coarse nodes to the unknowns, and the coarse operator is
 * Galerkin's {@code P^T A P}, a 9-point stencil per node, so kept pixels anywhere on the fine grid are honoured on
 * every level. Only nodes that some unknown interpolates from are kept. A cycle is one forward Gauss-Seidel sweep,
 * the coarse correction, one backward sweep; on the coarsest level (at most 64 nodes) the pseudo-inverse of its
 * operator. Pre- and post-smoothing are each other's transpose and the coarsest solve is symmetric, so the cycle is
 * a symmetric positive definite preconditioner, as conjugate gradients need.
 */
final class Multigrid {

	private static final int COARSEST_NODES = 64;

	/** One level: nodes in row-major order of its grid, each with up to 8 neighbours (the imputer's directions). */
	private static final class Level {
		final int w, h;
		final int[] node; // grid index of node k
		final int[] neighbour; // 8 k + e: neighbour node in direction e, or -1
		final double[] coefficient; // 8 k + e: the operator's entry towards it
		final double[] diagonal;
		final double[] u, f, r;
		int[] parent; // 4 k + p: node of the next coarser level that node k interpolates from, or -1
		double[] parentWeight;
		RealMatrix pseudoInverse; // coarsest level only

		Level(int w, int h, int[] node) {
			this.w = w;
			this.h = h;
			this.node = node;
			int m = node.length;
			neighbour = new int[8 * m];
			coefficient = new double[8 * m];
			diagonal = new double[m];
			u = new double[m];
			f = new double[m];
			r = new double[m];
		}

		int size() {
			return node.length;
		}
	}

	private final Level[] levels;

	/** The hierarchy for the removed pixels of a {@code w x h} image (at least one pixel kept). */
	Multigrid(int w, int h, boolean[] removed) {
		int[] index = new int[w * h];
		int m = 0;
		for (int p = 0; p < index.length; p++)
			index[p] = removed[p] ? m++ : -1;
		int[] node = new int[m];
		for (int p = 0; p < index.length; p++)
			if (index[p] >= 0) node[index[p]] = p;
		Level fine = new Level(w, h, node);
		for (int k = 0; k < m; k++) {
			int x = node[k] % w, y = node[k] / w;
			double d = 0;
			for (int e = 0; e < 8; e++) {
				int nx = x + NoisyLinearImputer.DX[e], ny = y + NoisyLinearImputer.DY[e];
				fine.neighbour[8 * k + e] = -1;
				if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
				d += NoisyLinearImputer.WEIGHT[e];
				int j = index[ny * w + nx];
				if (j >= 0) {
					fine.neighbour[8 * k + e] = j;
					fine.coefficient[8 * k + e] = -NoisyLinearImputer.WEIGHT[e];
				}
			}
			fine.diagonal[k] = d;
		}
		List<Level> list = new ArrayList<>();
		list.add(fine);
		Level level = fine;
		while (level.size() > COARSEST_NODES) { // more than 64 nodes span at least 2 columns or rows, so it shrinks
			level = coarsen(level);
			list.add(level);
		}
		levels = list.toArray(new Level[0]);
		prepareCoarsest(level);
	}

	/** The preconditioner on the system's unknowns (the removed pixels in row-major order). */
	RealLinearOperator preconditioner() {
		int m = levels[0].size();
		return new RealLinearOperator() {
			@Override
			public int getRowDimension() {
				return m;
			}

			@Override
			public int getColumnDimension() {
				return m;
			}

			@Override
			public RealVector operate(RealVector v) {
				Level top = levels[0];
				System.arraycopy(NoisyLinearImputer.toArray(v), 0, top.f, 0, m);
				cycle(0);
				return new ArrayRealVector(top.u, true);
			}
		};
	}

	/** Approximately solves level l's system for {@code f}, from u = 0, into {@code u}. */
	private void cycle(int l) {
		Level a = levels[l];
		int m = a.size();
		if (l == levels.length - 1) {
			double[] u = a.pseudoInverse.operate(a.f);
			System.arraycopy(u, 0, a.u, 0, m);
			return;
		}
		Level c = levels[l + 1];
		Arrays.fill(a.u, 0);
		sweep(a, true);
		Arrays.fill(c.f, 0);
		for (int k = 0; k < m; k++) {
			double r = a.f[k] - a.diagonal[k] * a.u[k] - offDiagonal(a, k);
			for (int p = 4 * k; p < 4 * k + 4 && a.parent[p] >= 0; p++)
				c.f[a.parent[p]] += a.parentWeight[p] * r;
		}
		cycle(l + 1);
		for (int k = 0; k < m; k++) {
			double v = 0;
			for (int p = 4 * k; p < 4 * k + 4 && a.parent[p] >= 0; p++)
				v += a.parentWeight[p] * c.u[a.parent[p]];
			a.u[k] += v;
		}
		sweep(a, false);
	}

	/** One Gauss-Seidel sweep, in node order or its reverse. */
	private static void sweep(Level a, boolean forward) {
		int m = a.size();
		for (int s = 0; s < m; s++) {
			int k = forward ? s : m - 1 - s;
			a.u[k] = (a.f[k] - offDiagonal(a, k)) / a.diagonal[k];
		}
	}

	private static double offDiagonal(Level a, int k) {
		double s = 0;
		for (int o = 8 * k; o < 8 * k + 8; o++) {
			int j = a.neighbour[o];
			if (j >= 0) s += a.coefficient[o] * a.u[j];
		}
		return s;
	}

	/** The next coarser level with the Galerkin operator P^T A P; fills {@code a}'s parents. */
	private static Level coarsen(Level a) {
		int cw = (a.w + 1) / 2, ch = (a.h + 1) / 2, m = a.size();
		// bilinear parents (coarse grid coordinates) of every node of a, -1 where fewer than 4
		int[] px = new int[4 * m], py = new int[4 * m];
		double[] weight = new double[4 * m];
		for (int k = 0; k < m; k++) {
			int x = a.node[k] % a.w, y = a.node[k] / a.w, n = 4 * k;
			int xa = x / 2, xb = x % 2 == 1 && (x + 1) / 2 < cw ? (x + 1) / 2 : -1;
			int ya = y / 2, yb = y % 2 == 1 && (y + 1) / 2 < ch ? (y + 1) / 2 : -1;
			double wx = xb < 0 ? 1 : 0.5, wy = yb < 0 ? 1 : 0.5;
			for (int q = 0; q < 2; q++)
				for (int p = 0; p < 2; p++) {
					int cx = p == 0 ? xa : xb, cy = q == 0 ? ya : yb;
					if (cx < 0 || cy < 0) continue;
					px[n] = cx;
					py[n] = cy;
					weight[n++] = wx * wy;
				}
			for (; n < 4 * k + 4; n++)
				px[n] = -1;
		}
		// Galerkin product on the coarse grid: 9 stencil entries per cell, t = (dy + 1) * 3 + dx + 1
		double[][] stencil = new double[9][cw * ch];
		for (int k = 0; k < m; k++)
			for (int e = -1; e < 8; e++) {
				int j = e < 0 ? k : a.neighbour[8 * k + e];
				if (j < 0) continue;
				double entry = e < 0 ? a.diagonal[k] : a.coefficient[8 * k + e];
				for (int p = 4 * k; p < 4 * k + 4 && px[p] >= 0; p++) {
					int from = py[p] * cw + px[p];
					for (int q = 4 * j; q < 4 * j + 4 && px[q] >= 0; q++)
						stencil[(py[q] - py[p] + 1) * 3 + px[q] - px[p] + 1][from] += weight[p] * entry * weight[q];
				}
			}
		int[] index = new int[cw * ch];
		int count = 0;
		for (int i = 0; i < index.length; i++)
			index[i] = stencil[4][i] > 0 ? count++ : -1;
		int[] node = new int[count];
		for (int i = 0; i < index.length; i++)
			if (index[i] >= 0) node[index[i]] = i;
		Level c = new Level(cw, ch, node);
		for (int k = 0; k < count; k++) {
			int i = node[k], x = i % cw, y = i / cw;
			c.diagonal[k] = stencil[4][i];
			for (int e = 0; e < 8; e++) {
				int dx = NoisyLinearImputer.DX[e], dy = NoisyLinearImputer.DY[e];
				double entry = stencil[(dy + 1) * 3 + dx + 1][i];
				// a non-zero entry joins two parents, so (x + dx, y + dy) is a node of the grid
				int j = entry == 0 ? -1 : index[(y + dy) * cw + x + dx];
				c.neighbour[8 * k + e] = j;
				c.coefficient[8 * k + e] = j < 0 ? 0 : entry;
			}
		}
		a.parent = new int[4 * m];
		a.parentWeight = weight;
		for (int p = 0; p < 4 * m; p++)
			a.parent[p] = px[p] < 0 ? -1 : index[py[p] * cw + px[p]];
		return c;
	}

	/** The pseudo-inverse of the coarsest operator (symmetric; it may be singular, never negative). */
	private static void prepareCoarsest(Level a) {
		int m = a.size();
		double[][] dense = new double[m][m];
		for (int k = 0; k < m; k++) {
			dense[k][k] += a.diagonal[k];
			for (int e = 0; e < 8; e++)
				if (a.neighbour[8 * k + e] >= 0) dense[k][a.neighbour[8 * k + e]] += a.coefficient[8 * k + e];
		}
		for (int k = 0; k < m; k++) // rounding differences only
			for (int j = k + 1; j < m; j++)
				dense[k][j] = dense[j][k] = (dense[k][j] + dense[j][k]) / 2;
		a.pseudoInverse = pseudoInverse(dense);
	}

	/**
	 * The pseudo-inverse of a symmetric matrix from its eigen-decomposition: {@code sum_e v_e v_e' / lambda_e} over
	 * the eigenvalues above {@code 1e-12} times the largest magnitude (the others, rounding zeros of a singular
	 * operator such as the Laplacian of a hole without fixed border, count as zero).
	 */
	static RealMatrix pseudoInverse(double[][] symmetric) {
		int m = symmetric.length;
		double[][] inverse = new double[m][m];
		EigenDecomposition eigen = new EigenDecomposition(new Array2DRowRealMatrix(symmetric, false));
		double[] values = eigen.getRealEigenvalues();
		double largest = 0;
		for (double v : values)
			largest = Math.max(largest, Math.abs(v));
		RealMatrix v = eigen.getV();
		for (int e = 0; e < m; e++) {
			if (!(values[e] > 1e-12 * largest)) continue;
			for (int k = 0; k < m; k++)
				for (int j = 0; j < m; j++)
					inverse[k][j] += v.getEntry(k, e) * v.getEntry(j, e) / values[e];
		}
		return new Array2DRowRealMatrix(inverse, false);
	}
}
