package io.github.ablationca.engine;

import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;
import org.apache.commons.math3.linear.NonSymmetricMatrixException;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/**
 * The residual Pearson correlation of synchronous ablation: the paper's linear correlation, made signed and
 * robust by taking the objects' main effects out first ({@link CorrelationMeasure#PEARSON}).
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
 * <li><b>Test.</b> The null: the pair's effects add up ({@code I_ij = 0}); the score may be noisy and its noise may
 * differ between masks. The statistic is {@code <r, v>}; its variance is estimated without assuming equal noise
 * (heteroskedasticity-consistent, HC2: {@code sum_k v_k^2 r_k^2 / (1 - h_k)} with {@code h_k} the leverage of
 * sample {@code k} in {@code X}), with {@code v} approximated by the pair's joint state centred on the objects'
 * mean states and rescaled to the exact {@code |v|^2}. Two-sided p-value from Student's t with Satterthwaite's
 * effective degrees of freedom (at most {@code M - n - 2}): far from {@code p = 0.5} the variance rests on the
 * pair's rarest cell (both kept, or both ablated), and fewer degrees of freedom keep the test at its level.
 * {@code se(I) = 4 sqrt(var) / |v|^2}; the 95% interval is {@code I +- t_0.975 se(I)} on the same degrees of
 * freedom. For antithetic samples (clusters of 2, mask and complement) the variance is the cluster-robust
 * {@code sum_c (sum_{k in c} v_k r_k')^2} with leverage-adjusted residuals {@code r'}, and degrees of freedom count
 * clusters. Main effects: {@code se(main_i) = 2 s sqrt((X'X)^-1_ii)}, {@code s^2 = |r|^2 / (M - n - 1)}.
 * Simulated on additive scores (Gaussian, mask-dependent, Bernoulli and rounding noise; keep probabilities 0.2 to
 * 0.8; 10 to 100 objects) the false-positive rate at nominal 0.05 stays at most 0.06 ({@code NullGameTest}).</li>
 * </ol>
 * Sign: {@code rho > 0} (synergy) when keeping both adds more than the sum of keeping each, {@code rho < 0}
 * (redundancy) when either one suffices. (Correlating the two objects' marginal contributions across contexts
 * would give about 0 for both, which is why the joint state {@code s_i s_j} is correlated instead.)
 * <p>
 * Cost: {@code O(M n^2 + n^4 / 4)} time ({@code X'u} for all pairs from XOR/bit-count on the bit columns, then one
 * triangular solve per pair, parallel), {@code O(n^2)} memory on top of the bit matrix; no images.
 */
public final class ResidualPearsonMeasure implements CorrelationMeasure {

	/** Residual norms below this fraction of the score spread are float rounding, not signal. */
	static final double NUMERICAL_FLOOR = 1e-5;

	ResidualPearsonMeasure() {}

	@Override
	public String name() {
		return "pearson";
	}

	@Override
	public String toString() {
		return name();
	}

	@Override
	public Result measure(SampleMatrix samples) {
		if (samples.size() < 1) throw new IllegalArgumentException("no Monte Carlo samples to analyse");
		return new Design(samples).fit(samples.scores()).result(name());
	}

	/** One least-squares geometry of the masks (the {@code O(n^4)} part) for every score vector. */
	@Override
	public List<Result> measureEach(SampleMatrix samples, List<double[]> scores) {
		if (samples.size() < 1) throw new IllegalArgumentException("no Monte Carlo samples to analyse");
		Design design = new Design(samples);
		List<Result> out = new ArrayList<>();
		for (double[] y : scores) {
			if (y.length != samples.size())
				throw new IllegalArgumentException(y.length + " scores for " + samples.size() + " samples");
			out.add(design.fit(y).result(name()));
		}
		return out;
	}

	/** All estimates for one score vector. */
	private static final class Fit {
		int df;
		double[] main, mainErr, rho, interaction, interactionErr, halfWidth, p;
		int n, m;

		Result result(String name) {
			return new Result(name, n, m, main, mainErr, rho, interaction, interactionErr, halfWidth, p, df);
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
		/** Mean of each object's sign s_i over the samples (0 for keep probability 0.5). */
		final double[] meanSign;
		/** Per pair, sum over samples of s_i s_j. */
		final double[] gramPair;

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
			meanSign = new double[n];
			for (int a = 0; a < n; a++)
				meanSign[a] = gram[0][a + 1] / m;
			gramPair = new double[pairs];
			for (int a = 0, q = 0; a < n; a++)
				for (int b = a + 1; b < n; b++, q++)
					gramPair[q] = gram[a + 1][b + 1];
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
				w = pseudoWhitening(gram);
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
			for (int t = 0; t < m; t++) {
				samples.signs(t, s);
				xty[0] += y[t];
				for (int i = 0; i < n; i++)
					xty[i + 1] += s[i] * y[t];
			}
			double[] beta = solve(xty);
			double yMean = xty[0] / m, tss = 0, rss = 0; // xty[0] is the sum of the scores
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

			// Heteroskedasticity-consistent (HC2) weights: squared residuals inflated by their leverage, so the test
			// holds when the residual spread differs between masks (any keep probability, scores of any shape).
			double[] w = new double[m];
			double[] xk = new double[k];
			double[] mean = meanSign;
			for (int t = 0; t < m; t++) {
				samples.signs(t, s);
				xk[0] = 1;
				System.arraycopy(s, 0, xk, 1, n);
				double h = leverage(xk);
				w[t] = r[t] * r[t] / Math.max(1e-6, 1 - h);
			}

			// Per pair: <r, u>, and the robust variance of <r, u> = sum_k v_k^2 w_k with v = (s_i - m_i)(s_j - m_j) the
			// pair's joint state centred on the objects' mean states (its part the main effects cannot explain). v_k^2
			// takes one value per cell of the pair's 2 x 2 table, so cell sums of w suffice. Clustered samples
			// (antithetic pairs) are independent units only as clusters: sum over clusters of (sum_k v_k rt_k)^2.
			double[] ru = new double[pairs];
			double[] w11 = new double[pairs];
			double[] w1 = new double[n];
			double wAll = 0;
			double[] clusterRu = cluster > 1 ? new double[pairs] : null;
			double[] clusterObj = cluster > 1 ? new double[n] : null;
			double[] clusterVar = cluster > 1 ? new double[pairs] : null;
			double clusterR = 0;
			for (int t = 0; t < m; t++) {
				samples.signs(t, s);
				double rt = r[t];
				if (cluster > 1) {
					// rt adjusted for leverage, as w
					double adj = Math.signum(rt) * Math.sqrt(w[t]);
					clusterR += adj;
					for (int i = 0, q = 0; i < n; i++) {
						double a = adj * s[i];
						clusterObj[i] += a;
						for (int j = i + 1; j < n; j++, q++)
							clusterRu[q] += a * s[j];
					}
				}
				wAll += w[t];
				for (int i = 0, q = 0; i < n; i++) {
					double a = rt * s[i];
					boolean kept = s[i] > 0;
					if (kept) w1[i] += w[t];
					for (int j = i + 1; j < n; j++, q++) {
						ru[q] += a * s[j];
						if (kept && s[j] > 0) w11[q] += w[t];
					}
				}
				if (cluster > 1 && ((t + 1) % cluster == 0 || t == m - 1)) {
					for (int i = 0, q = 0; i < n; i++)
						for (int j = i + 1; j < n; j++, q++) {
							double c = clusterRu[q] - mean[j] * clusterObj[i] - mean[i] * clusterObj[j] +
								mean[i] * mean[j] * clusterR;
							clusterVar[q] += c * c;
							clusterRu[q] = 0;
						}
					Arrays.fill(clusterObj, 0);
					clusterR = 0;
				}
			}
			int units = cluster > 1 ? (m + cluster - 1) / cluster : m;
			f.df = units - n - 2;
			double rNorm = Math.max(Math.sqrt(rss), NUMERICAL_FLOOR * Math.sqrt(tss));
			double floorVariance = NUMERICAL_FLOOR * NUMERICAL_FLOOR * tss / Math.max(1, m - k);
			// a constant score whose mean is not a double (0.7 thirty times) leaves a TSS of rounding errors
			boolean constant = !(tss > 0) || allEqual(y);
			TDistribution tDist = f.df >= 1 ? new TDistribution(null, f.df) : null;
			f.rho = new double[pairs];
			f.interaction = new double[pairs];
			f.interactionErr = new double[pairs];
			f.halfWidth = new double[pairs];
			f.p = new double[pairs];
			for (int i = 0, q = 0; i < n; i++)
				for (int j = i + 1; j < n; j++, q++) {
					double v2 = vv[q];
					if (constant || fixedByMainEffects(v2, m)) {
						// No variation in the score (all equal), or the pair's joint state is fixed by the main effects.
						f.p[q] = 1;
						f.interactionErr[q] = f.halfWidth[q] = Double.NaN;
						continue;
					}
					double variance, effectiveDf = f.df;
					if (cluster > 1) variance = clusterVar[q];
					else {
						double c11 = w11[q], c10 = w1[i] - c11, c01 = w1[j] - c11, c00 = wAll - w1[i] - w1[j] + c11;
						double ki = 1 - mean[i], ai = -1 - mean[i], kj = 1 - mean[j], aj = -1 - mean[j];
						variance = sq(ki * kj) * c11 + sq(ki * aj) * c10 + sq(ai * kj) * c01 + sq(ai * aj) * c00;
						// The centred joint state is v before the n - 1 other objects' chance correlations are taken
						// out: rescale to the exact |v|^2, so the variance is unbiased for equal residual spread.
						double n11 = cellCount(m, mean[i], mean[j], gramPair[q]);
						double n10 = m * (1 + mean[i]) / 2 - n11, n01 = m * (1 + mean[j]) / 2 - n11;
						double n00 = m - n11 - n10 - n01;
						double centred = sq(ki * kj) * n11 + sq(ki * aj) * n10 + sq(ai * kj) * n01 + sq(ai * aj) * n00;
						if (centred > 0) variance *= v2 / centred;
						// Satterthwaite: the variance rests mostly on the pair's rarest cell when the keep probability is
						// far from 0.5; its degrees of freedom are those of a weighted sum of the samples' squares.
						double fourth = sq(sq(ki * kj)) * n11 + sq(sq(ki * aj)) * n10 + sq(sq(ai * kj)) * n01 +
							sq(sq(ai * aj)) * n00;
						if (fourth > 0) effectiveDf = Math.min(f.df, centred * centred / fourth);
					}
					// A residual at the numerical floor (a score additive up to rounding) carries no evidence.
					variance = Math.max(variance, floorVariance * v2);
					double rho = Math.max(-1, Math.min(1, ru[q] / (rNorm * Math.sqrt(v2))));
					f.rho[q] = rho;
					f.interaction[q] = 4 * ru[q] / v2;
					double se = Math.sqrt(Math.max(0, variance));
					f.interactionErr[q] = 4 * se / v2;
					TDistribution reference = tDist == null || effectiveDf >= f.df ? tDist : new TDistribution(null,
						Math.max(1, effectiveDf));
					f.p[q] = reference == null || !(se > 0) ? 1 : Math.min(1, 2 * reference.cumulativeProbability(
						-Math.abs(ru[q]) / se));
					// 95% interval: the t quantile per (rounded) degrees of freedom, computed once each
					f.halfWidth[q] = reference == null ? Double.NaN : f.interactionErr[q] * quantile975(effectiveDf);
				}
			return f;
		}

		/** {@code x' (X'X)^-1 x} = |W x|^2. */
		double leverage(double[] x) {
			double h = 0;
			for (int a = 0; a < k; a++) {
				int end = triangular ? a + 1 : k;
				double t = 0;
				for (int b = 0; b < end; b++)
					t += whiten[a][b] * x[b];
				h += t * t;
			}
			return h;
		}
	}

	/** The 0.975 quantile of Student's t, per degrees of freedom rounded to 1/8: inverting the t CDF is slow. */
	private static final Map<Long, Double> QUANTILES = new ConcurrentHashMap<>();

	static double quantile975(double df) {
		return QUANTILES.computeIfAbsent(Math.round(Math.max(1, df) * 8),
			d -> new TDistribution(null, d / 8.0).inverseCumulativeProbability(0.975));
	}

	private static boolean allEqual(double[] y) {
		for (double v : y)
			if (v != y[0]) return false;
		return true;
	}

	private static double sq(double v) {
		return v * v;
	}

	/** Samples with both objects kept, from their mean signs and the mean of the product of their signs. */
	private static double cellCount(int m, double meanI, double meanJ, double sumProduct) {
		// sum over samples of (1 + s_i)(1 + s_j) / 4
		return (m + m * meanI + m * meanJ + sumProduct) / 4;
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

	/**
	 * The whitening of a singular Gram matrix {@code G} ({@code k x k}): {@code W = S^-1/2 V'} from its singular
	 * values {@code S} and vectors {@code V}, so that {@code W'W} is the pseudo-inverse of {@code G}. Singular values
	 * at most {@code k 1e-12} times the largest count as zero (their rows of {@code W} are 0): far above the rounding
	 * error of a decomposition of a 0/1 design's Gram matrix, far below any genuine singular value of one.
	 */
	static double[][] pseudoWhitening(double[][] gram) {
		int k = gram.length;
		SingularValueDecomposition svd = new SingularValueDecomposition(new Array2DRowRealMatrix(gram, false));
		double[] sv = svd.getSingularValues();
		double[][] vt = svd.getVT().getData();
		double tol = sv[0] * k * 1e-12;
		double[][] w = new double[k][k];
		for (int a = 0; a < k; a++)
			if (sv[a] > tol) for (int b = 0; b < k; b++)
				w[a][b] = vt[a][b] / Math.sqrt(sv[a]);
		return w;
	}

	/**
	 * Whether a pair's residualised joint state, of squared norm {@code v2} over {@code samples} samples, is fixed by
	 * the main effects (no variation left to test): at most {@code 1e-9} per sample. A free pair's {@code v2} grows
	 * with the samples in its rarest cell; a fixed pair's is 0 up to rounding, which also grows with the samples.
	 */
	static boolean fixedByMainEffects(double v2, int samples) {
		return v2 <= 1e-9 * samples;
	}
}
