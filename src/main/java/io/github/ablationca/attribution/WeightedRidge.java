package io.github.ablationca.attribution;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.RealVector;

/**
 * Weighted ridge regression with an unpenalized intercept, as scikit-learn's {@code Ridge(alpha,
 * fit_intercept=True).fit(X, y, sample_weight=w)}: X and y are centred on their weighted means, then
 * {@code beta = (Xc' W Xc + alpha I)^-1 Xc' W yc} and {@code intercept = ybar - xbar' beta}.
 * Sums are accumulated sample by sample, so memory does not grow with the number of samples.
 */
final class WeightedRidge {

	private final int n;
	private double sw, swy;
	private final double[] swx, swxy;
	/** Upper triangle of sum w x x', row-major n x n. */
	private final double[] swxx;

	WeightedRidge(int features) {
		n = features;
		swx = new double[n];
		swxy = new double[n];
		swxx = new double[n * n];
	}

	/** Adds a sample with binary features {@code x}, response {@code y}, weight {@code w}. */
	void add(boolean[] x, double y, double w) {
		sw += w;
		swy += w * y;
		int[] on = new int[n];
		int k = 0;
		for (int i = 0; i < n; i++)
			if (x[i]) on[k++] = i;
		for (int a = 0; a < k; a++) {
			int i = on[a];
			swx[i] += w;
			swxy[i] += w * y;
			for (int b = a; b < k; b++)
				swxx[i * n + on[b]] += w;
		}
	}

	/** Returns {@code n} coefficients followed by the intercept. */
	double[] solve(double alpha) {
		if (!(sw > 0)) throw new IllegalStateException("no weighted samples");
		double[][] m = new double[n][n];
		double[] rhs = new double[n];
		double ybar = swy / sw;
		for (int i = 0; i < n; i++) {
			double xi = swx[i] / sw;
			rhs[i] = swxy[i] - sw * xi * ybar;
			for (int j = i; j < n; j++) {
				double c = swxx[i * n + j] - sw * xi * (swx[j] / sw);
				m[i][j] = m[j][i] = c;
			}
			m[i][i] += alpha;
		}
		RealVector beta = new CholeskyDecomposition(new Array2DRowRealMatrix(m, false), 1e-12, 1e-14).getSolver()
			.solve(new ArrayRealVector(rhs, false));
		double[] out = new double[n + 1];
		double intercept = ybar;
		for (int i = 0; i < n; i++) {
			out[i] = beta.getEntry(i);
			intercept -= (swx[i] / sw) * out[i];
		}
		out[n] = intercept;
		return out;
	}
}
