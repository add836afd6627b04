package io.github.ablationca.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealLinearOperator;
import org.junit.jupiter.api.Test;

/**
 * The multigrid preconditioner against the imputer's system {@code A = D - W}, built here from its definition: on
 * a hole of at most 64 unknowns it is {@code A}'s exact inverse (the coarsest level's pseudo-inverse of an SPD
 * matrix); on a large hole it is symmetric and positive definite, and its V-cycles remove smooth errors at a rate
 * that does not depend on the hole's size (Gauss-Seidel alone barely touches them).
 */
class MultigridTest {

	/** The unknowns' pixel indices and {@code A x} for the removed pixels of a {@code w x h} image. */
	private static final class System {
		final int w, h;
		final int[] pixel, index;

		System(int w, int h, boolean[] removed) {
			this.w = w;
			this.h = h;
			index = new int[w * h];
			int m = 0;
			for (int p = 0; p < w * h; p++)
				index[p] = removed[p] ? m++ : -1;
			pixel = new int[m];
			for (int p = 0; p < w * h; p++)
				if (removed[p]) pixel[index[p]] = p;
		}

		int size() {
			return pixel.length;
		}

		double[] times(double[] x) {
			double[] y = new double[x.length];
			for (int k = 0; k < x.length; k++) {
				int px = pixel[k] % w, py = pixel[k] / w;
				for (int e = 0; e < 8; e++) {
					int nx = px + NoisyLinearImputer.DX[e], ny = py + NoisyLinearImputer.DY[e];
					if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
					double weight = NoisyLinearImputer.WEIGHT[e];
					y[k] += weight * x[k];
					int j = index[ny * w + nx];
					if (j >= 0) y[k] -= weight * x[j];
				}
			}
			return y;
		}
	}

	private static double[] apply(RealLinearOperator op, double[] v) {
		return op.operate(new ArrayRealVector(v)).toArray();
	}

	private static double dot(double[] a, double[] b) {
		double s = 0;
		for (int i = 0; i < a.length; i++)
			s += a[i] * b[i];
		return s;
	}

	private static double[] random(int m, long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		double[] v = new double[m];
		for (int i = 0; i < m; i++)
			v[i] = random.nextDouble(-1, 1);
		return v;
	}

	@Test
	void aHoleOfAtMost64UnknownsIsSolvedExactly() {
		// an 8 x 8 block (64 unknowns, the coarsest level's limit) in a 12 x 11 image
		int w = 12, h = 11;
		boolean[] block = new boolean[w * h];
		for (int y = 2; y < 10; y++)
			for (int x = 1; x < 9; x++)
				block[y * w + x] = true;
		// scattered pixels, some on the border, some diagonal neighbours, in a 9 x 7 image
		boolean[] scattered = new boolean[9 * 7];
		for (int p : new int[] {0, 1, 10, 20, 8, 17, 30, 31, 32, 40, 62, 61, 53, 45})
			scattered[p] = true;
		for (Object[] hole : new Object[][] {{w, h, block}, {9, 7, scattered}}) {
			System a = new System((int) hole[0], (int) hole[1], (boolean[]) hole[2]);
			RealLinearOperator inverse = new Multigrid(a.w, a.h, (boolean[]) hole[2]).preconditioner();
			assertEquals(a.size(), inverse.getRowDimension());
			assertEquals(a.size(), inverse.getColumnDimension());
			double[] x = random(a.size(), 5);
			double[] back = apply(inverse, a.times(x));
			for (int k = 0; k < x.length; k++)
				assertEquals(x[k], back[k], 1e-9, "unknown " + k + " of " + a.size());
		}
	}

	/** A 56 x 44 image: a 40 x 30 block removed, and a random third of the pixels elsewhere. */
	private static boolean[] largeHole(int w, int h) {
		boolean[] removed = new boolean[w * h];
		SplittableRandom random = new SplittableRandom(11);
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				removed[y * w + x] = x >= 6 && x < 46 && y >= 7 && y < 37 || random.nextInt(3) == 0;
		return removed;
	}

	@Test
	void theVCycleIsSymmetricAndPositiveDefinite() {
		int w = 56, h = 44;
		boolean[] removed = largeHole(w, h);
		RealLinearOperator p = new Multigrid(w, h, removed).preconditioner();
		int m = p.getRowDimension();
		assertTrue(m > 1500, "several levels: " + m + " unknowns");
		for (long seed = 1; seed <= 3; seed++) {
			double[] u = random(m, seed), v = random(m, seed + 10);
			double uPv = dot(u, apply(p, v)), vPu = dot(v, apply(p, u));
			assertEquals(uPv, vPu, 1e-10 * Math.abs(uPv) + 1e-12, "u'Pv = v'Pu");
			assertTrue(dot(v, apply(p, v)) > 0);
		}
	}

	@Test
	void vCyclesRemoveSmoothErrorsFast() {
		int w = 56, h = 44;
		boolean[] removed = largeHole(w, h);
		System a = new System(w, h, removed);
		RealLinearOperator p = new Multigrid(w, h, removed).preconditioner();
		// a smooth error (the slowest mode for Gauss-Seidel) plus a rough one
		double[] e = random(a.size(), 3);
		for (int k = 0; k < e.length; k++) {
			int x = a.pixel[k] % w, y = a.pixel[k] / w;
			e[k] = 0.1 * e[k] + Math.sin(Math.PI * x / w) * Math.sin(Math.PI * y / h);
		}
		double start = Math.sqrt(dot(e, a.times(e)));
		for (int cycle = 0; cycle < 5; cycle++) {
			double[] correction = apply(p, a.times(e));
			for (int k = 0; k < e.length; k++)
				e[k] -= correction[k];
		}
		double end = Math.sqrt(dot(e, a.times(e)));
		// a V-cycle reduces the energy norm of the error by a factor of about 0.1 to 0.3 whatever the grid; 5
		// cycles of Gauss-Seidel alone (10 sweeps) leave most of a 40-pixel-wide smooth mode
		assertTrue(end < 1e-3 * start, "energy norm of the error after 5 V-cycles: " + end / start + " of the start");
	}
}
