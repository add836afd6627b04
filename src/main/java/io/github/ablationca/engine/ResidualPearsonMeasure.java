package io.github.ablationca.engine;

import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;
import org.apache.commons.math3.linear.NonSymmetricMatrixException;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The residual Pearson correlation of synchronous ablation: the paper's linear correlation, made signed and
 * robust by taking the objects' main effects out first. {@link CorrelationMeasure#PEARSON} and, on ranks,
 * {@link CorrelationMeasure#SPEARMAN}.
 *
 * <h2>Definition</h2>
 * Objects {@code 1..n}; Monte Carlo sample {@code k = 1..M} keeps object {@code i} ({@code z_ki = 1}) or ablates it
 * ({@code z_ki = 0}), each kept with probability {@code p}; {@code y_k} is the analysed score of the target class
 * on the image ablated by {@code z_k} (log-odds or probability, see {@link ScoreScale}). Write
 * {@code s_ki = 2 z_ki - 1} (+1 kept, -1 ablated) and {@code X = [1, s_1, ..., s_n]} (M x (n+1)).
 * <ol>
 * <li><b>Main effects.</b> Least squares {@code y = X b + r}. The main effect (Banzhaf value) of object {@code i}
 * is {@code 2 b_i}: the mean score with {@code i} kept minus with it ablated. {@code r} is the residual: the part of
 * the score that no single object explains.</li>
 * <li><b>Joint state of a pair.</b> {@code u_k = s_ki s_kj}: +1 when both objects are in the same state, -1
 * otherwise; {@code v = u - X (X'X)^-1 X'u}, its residual after the same least squares (for {@code p = 0.5},
 * about {@code u - mean(u)}).</li>
 * <li><b>Correlation.</b> {@code rho_ij = <r, v> / (|r| |v|)}: the Pearson correlation of the score with the
 * pair's joint state, both with all main effects removed (the partial correlation of {@code y} and
 * {@code s_i s_j} given {@code s_1..s_n}; {@code <r, v> = <r, u> = sum_k r_k s_ki s_kj}). For {@code p = 0.5} it
 * is the notes' {@code corr(y, s_i s_j)} with the other objects' main effects taken out of {@code y}. Residual
 * norms below {@code 1e-5} of the score spread {@code |y - mean(y)|} count as that floor, so a score that is
 * additive up to float rounding gives {@code rho = 0}, not a ratio of rounding errors.</li>
 * <li><b>Interaction.</b> {@code I_ij = 4 <r, v> / |v|^2}: four times the coefficient of {@code s_i s_j} in the
 * least squares of {@code y} on {@code 1, s_1..s_n, s_i s_j}. It estimates the Banzhaf interaction index
 * {@code E[f(1_i 1_j) - f(1_i 0_j) - f(0_i 1_j) + f(0_i 0_j)]} over random contexts of the other objects, on the
 * score scale.</li>
 * <li><b>Test.</b> The t-test of that coefficient: {@code t = rho sqrt(df / (1 - rho^2))},
 * {@code df = M - n - 2}, two-sided p-value from Student's t (Commons Math); {@code se(I) = 4 sigma / |v|} with
 * {@code sigma^2 = (|r|^2 - <r, v>^2 / |v|^2) / df}; {@code se(main_i) = 2 s sqrt((X'X)^-1_ii)},
 * {@code s^2 = |r|^2 / (M - n - 1)}. For antithetic samples (clusters of 2) the variance of {@code <r, u>} is the
 * cluster-robust {@code sum_c (sum_{k in c} r_k u_k)^2} and {@code df} counts clusters.</li>
 * </ol>
 * Sign: {@code rho > 0} (synergy) when keeping both adds more than the sum of keeping each, {@code rho < 0}
 * (redundancy) when either one suffices. (Correlating the two objects' marginal contributions across contexts
 * would give about 0 for both, which is why the joint state {@code s_i s_j} is correlated instead.)
 * <p>
 * The rank variant replaces {@code y} by its ranks (ties averaged) for the correlation and the p-value; main
 * effects and interactions stay on the score scale.
 * <p>
 * Cost: {@code O(M n^2 + n^4 / 4)} time ({@code X'u} for all pairs from XOR/bit-count on the bit columns, then one
 * triangular solve per pair, parallel), {@code O(n^2)} memory on top of the bit matrix; no images.
 */
public final class ResidualPearsonMeasure implements CorrelationMeasure {

	/** Residual norms below this fraction of the score spread are float rounding, not signal. */
	static final double NUMERICAL_FLOOR = 1e-5;

	private final boolean ranks;

	ResidualPearsonMeasure(boolean ranks) {
		this.ranks = ranks;
	}

	@Override
	public String name() {
		return ranks ? "spearman" : "pearson";
	}

	@Override
	public String toString() {
		return name();
	}

	@Override
	public Result measure(SampleMatrix samples) {
		if (samples.size() < 1) throw new IllegalArgumentException("no Monte Carlo samples to analyse");
		Design design = new Design(samples);
		Fit onScores = design.fit(samples.scores());
		if (!ranks) return onScores.result(name());
		Fit onRanks = design.fit(ranks(samples.scores()));
		return new Result(name(), design.n, design.m, onScores.main, onScores.mainErr, onRanks.rho,
			onScores.interaction, onScores.interactionErr, onRanks.p, onScores.df);
	}

	/** Ranks 1..M, ties get their mean rank. */
	static double[] ranks(double[] values) {
		int m = values.length;
		Integer[] order = new Integer[m];
		for (int i = 0; i < m; i++)
			order[i] = i;
		Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
		double[] r = new double[m];
		for (int i = 0; i < m;) {
			int j = i;
			while (j + 1 < m && values[order[j + 1]] == values[order[i]])
				j++;
			double mean = (i + j) / 2.0 + 1;
			for (int k = i; k <= j; k++)
				r[order[k]] = mean;
			i = j + 1;
		}
		return r;
	}

	/** All estimates for one score vector. */
	private static final class Fit {
		int df;
		double[] main, mainErr, rho, interaction, interactionErr, p;
		int n, m;

		Result result(String name) {
			return new Result(name, n, m, main, mainErr, rho, interaction, interactionErr, p, df);
		}
	}

	/** What depends only on the masks: the least-squares geometry of X and of every pair's joint state. */
	private static final class Design {
		final int n, m, k, cluster, pairs;
		final SampleMatrix samples;
		/** Lower-triangular (Cholesky) or full (pseudo-inverse) W with (X'X)^-1 = W'W. */
		final double[][] whiten;
		final boolean triangular;
		final double[] inverseDiagonal;
		/** |v_ij|^2 per pair. */
		final double[] vv;

		Design(SampleMatrix samples) {
			this.samples = samples;
			n = samples.objects();
			m = samples.size();
			k = n + 1;
			cluster = samples.clusterSize();
			pairs = CorrelationMeasure.pairCount(n);
			long[][] col = samples.columns();
			int words = (m + 63) >>> 6;
			// X'X from bit counts: sum s_a = 2 pop(a) - M, sum s_a s_b = M - 2 pop(a ^ b).
			double[][] gram = new double[k][k];
			gram[0][0] = m;
			for (int a = 0; a < n; a++) {
				gram[0][a + 1] = gram[a + 1][0] = 2.0 * pop(col[a], words) - m;
				gram[a + 1][a + 1] = m;
				for (int b = a + 1; b < n; b++)
					gram[a + 1][b + 1] = gram[b + 1][a + 1] = m - 2.0 * popXor(col[a], col[b], words);
			}
			double[][] w;
			boolean tri;
			try {
				// Cholesky X'X = L L'; W = L^-1. The thresholds only reject truly singular designs.
				RealMatrix l = new CholeskyDecomposition(new Array2DRowRealMatrix(gram, false), 1e-12, 1e-10).getL();
				w = invertLower(l.getData());
				tri = true;
			}
			catch (NonPositiveDefiniteMatrixException | NonSymmetricMatrixException e) {
				// Rank-deficient design (few samples, an object never ablated): pseudo-inverse, W = S^-1/2 V'.
				SingularValueDecomposition svd = new SingularValueDecomposition(new Array2DRowRealMatrix(gram, false));
				double[] sv = svd.getSingularValues();
				double[][] vt = svd.getVT().getData();
				double tol = sv[0] * k * 1e-12;
				w = new double[k][k];
				for (int a = 0; a < k; a++)
					if (sv[a] > tol) for (int b = 0; b < k; b++)
						w[a][b] = vt[a][b] / Math.sqrt(sv[a]);
				tri = false;
			}
			whiten = w;
			triangular = tri;
			inverseDiagonal = new double[k];
			for (int a = 0; a < k; a++)
				for (int r = 0; r < k; r++)
					inverseDiagonal[a] += w[r][a] * w[r][a];
			vv = new double[pairs];
			// Rows i and n - 2 - i together hold n - 1 pairs: equal work per task for any thread count.
			IntStream.range(0, n / 2).parallel().forEach(task -> {
				projectRow(task, col, words);
				if (n - 2 - task != task) projectRow(n - 2 - task, col, words);
			});
		}

		/**
		 * |v_ij|^2 = M - |W X'u|^2 for the pairs (i, j > i), four pairs at a time so each entry of W is loaded once
		 * for four products.
		 */
		private void projectRow(int i, long[][] col, int words) {
			long[] x = new long[words];
			double[][] c = new double[4][k];
			for (int j0 = i + 1; j0 < n; j0 += 4) {
				int block = Math.min(4, n - j0);
				for (int d = 0; d < 4; d++) {
					double[] cd = c[d];
					if (d >= block) {
						Arrays.fill(cd, 0);
						continue;
					}
					int j = j0 + d;
					for (int t = 0; t < words; t++)
						x[t] = col[i][t] ^ col[j][t];
					// X'u: sum u = M - 2 pop(x); sum u s_l = 2 pop(x ^ l) - M (three signs).
					cd[0] = m - 2.0 * pop(x, words);
					for (int l = 0; l < n; l++)
						cd[l + 1] = 2.0 * popXor(x, col[l], words) - m;
				}
				double[] c0 = c[0], c1 = c[1], c2 = c[2], c3 = c[3];
				double q0 = 0, q1 = 0, q2 = 0, q3 = 0;
				for (int a = 0; a < k; a++) {
					double[] row = whiten[a];
					int end = triangular ? a + 1 : k;
					double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
					for (int b = 0; b < end; b++) {
						double w = row[b];
						s0 += w * c0[b];
						s1 += w * c1[b];
						s2 += w * c2[b];
						s3 += w * c3[b];
					}
					q0 += s0 * s0;
					q1 += s1 * s1;
					q2 += s2 * s2;
					q3 += s3 * s3;
				}
				double[] q = {q0, q1, q2, q3};
				for (int d = 0; d < block; d++)
					vv[CorrelationMeasure.pairIndex(n, i, j0 + d)] = Math.max(0, m - q[d]);
			}
		}

		double[] solve(double[] rhs) {
			double[] t = new double[k];
			for (int a = 0; a < k; a++) {
				int end = triangular ? a + 1 : k;
				double s = 0;
				for (int b = 0; b < end; b++)
					s += whiten[a][b] * rhs[b];
				t[a] = s;
			}
			double[] beta = new double[k];
			for (int a = 0; a < k; a++)
				for (int b = triangular ? a : 0; b < k; b++)
					beta[a] += whiten[b][a] * t[b];
			return beta;
		}

		Fit fit(double[] y) {
			Fit f = new Fit();
			f.n = n;
			f.m = m;
			double[] s = new double[n];
			double[] xty = new double[k];
			double ySum = 0;
			for (int t = 0; t < m; t++) {
				samples.signs(t, s);
				xty[0] += y[t];
				ySum += y[t];
				for (int i = 0; i < n; i++)
					xty[i + 1] += s[i] * y[t];
			}
			double[] beta = solve(xty);
			double yMean = ySum / m, tss = 0, rss = 0;
			double[] r = new double[m];
			for (int t = 0; t < m; t++) {
				samples.signs(t, s);
				double fitted = beta[0];
				for (int i = 0; i < n; i++)
					fitted += beta[i + 1] * s[i];
				r[t] = y[t] - fitted;
				rss += r[t] * r[t];
				tss += (y[t] - yMean) * (y[t] - yMean);
			}
			double s2 = rss / Math.max(1, m - k);
			f.main = new double[n];
			f.mainErr = new double[n];
			for (int i = 0; i < n; i++) {
				f.main[i] = 2 * beta[i + 1];
				f.mainErr[i] = 2 * Math.sqrt(Math.max(0, s2 * inverseDiagonal[i + 1]));
			}

			// <r, u> per pair; for clustered samples also sum over clusters of (within-cluster <r, u>)^2.
			double[] ru = new double[pairs];
			double[] clusterRu = cluster > 1 ? new double[pairs] : null;
			double[] clusterSq = cluster > 1 ? new double[pairs] : null;
			double[] target = cluster > 1 ? clusterRu : ru;
			for (int t = 0; t < m; t++) {
				samples.signs(t, s);
				double rt = r[t];
				for (int i = 0, q = 0; i < n; i++) {
					double a = rt * s[i];
					for (int j = i + 1; j < n; j++, q++)
						target[q] += a * s[j];
				}
				if (cluster > 1 && ((t + 1) % cluster == 0 || t == m - 1)) {
					for (int q = 0; q < pairs; q++) {
						ru[q] += clusterRu[q];
						clusterSq[q] += clusterRu[q] * clusterRu[q];
						clusterRu[q] = 0;
					}
				}
			}
			int units = cluster > 1 ? (m + cluster - 1) / cluster : m;
			f.df = units - n - 2;
			double rNorm = Math.max(Math.sqrt(rss), NUMERICAL_FLOOR * Math.sqrt(tss));
			boolean constant = !(tss > 0);
			TDistribution tDist = f.df >= 1 ? new TDistribution(null, f.df) : null;
			f.rho = new double[pairs];
			f.interaction = new double[pairs];
			f.interactionErr = new double[pairs];
			f.p = new double[pairs];
			for (int q = 0; q < pairs; q++) {
				double v2 = vv[q];
				if (constant || v2 <= 1e-9 * m) {
					// No variation in the score, or the pair's joint state is fixed by the main effects.
					f.p[q] = 1;
					f.interactionErr[q] = Double.NaN;
					continue;
				}
				double vNorm = Math.sqrt(v2);
				double rho = Math.max(-1, Math.min(1, ru[q] / (rNorm * vNorm)));
				f.rho[q] = rho;
				f.interaction[q] = 4 * ru[q] / v2;
				if (cluster > 1) {
					double se = Math.sqrt(clusterSq[q] * m / Math.max(1, m - k));
					f.interactionErr[q] = 4 * se / v2;
					f.p[q] = tDist == null || !(se > 0) ? 1 :
						Math.min(1, 2 * tDist.cumulativeProbability(-Math.abs(ru[q]) / se));
				}
				else {
					double sigma2 = Math.max(0, rNorm * rNorm - ru[q] * ru[q] / v2) / Math.max(1, f.df);
					f.interactionErr[q] = 4 * Math.sqrt(sigma2) / vNorm;
					f.p[q] = pValue(rho, f.df, tDist);
				}
			}
			return f;
		}
	}

	static double pValue(double rho, int df, TDistribution tDist) {
		if (tDist == null) return 1;
		double oneMinus = 1 - rho * rho;
		if (oneMinus <= 0) return 0;
		double t = Math.abs(rho) * Math.sqrt(df / oneMinus);
		return Math.min(1, 2 * tDist.cumulativeProbability(-t));
	}

	private static double[][] invertLower(double[][] l) {
		int k = l.length;
		double[][] inv = new double[k][k];
		for (int i = 0; i < k; i++) {
			inv[i][i] = 1 / l[i][i];
			for (int j = 0; j < i; j++) {
				double s = 0;
				for (int t = j; t < i; t++)
					s += l[i][t] * inv[t][j];
				inv[i][j] = -s / l[i][i];
			}
		}
		return inv;
	}

	private static int pop(long[] a, int words) {
		int c = 0;
		for (int t = 0; t < words; t++)
			c += Long.bitCount(a[t]);
		return c;
	}

	private static int popXor(long[] a, long[] b, int words) {
		int c = 0;
		for (int t = 0; t < words; t++)
			c += Long.bitCount(a[t] ^ b[t]);
		return c;
	}
}
