package io.github.ablationca.bench;

import io.github.ablationca.engine.CorrelationMeasure;
import io.github.ablationca.engine.MaskSampler;
import io.github.ablationca.engine.MultipleTesting;
import io.github.ablationca.engine.SampleMatrix;
import io.github.ablationca.engine.SamplingScheme;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Measures which {@link SamplingScheme} gives the best estimates, on a simulated multilinear score with known
 * Banzhaf values and interactions (columns: RMSE of main effects and interactions, replicates where the
 * planted synergy A-B beats every pair without interaction, where the planted redundancy C-D is the most
 * negative pair, the share of significant pairs that have no interaction, mean margin of rho_AB over the null
 * pairs, RMSE of the plain four-cell estimate on raw scores, replicates where it ranks A-B above the null
 * pairs, mean error of the A-B interaction estimate): 40 objects, 8 relevant ones with main effects, pairwise and three-way
 * interactions among them, a planted synergy (+1) and redundancy (-1) pair, 32 weak additive objects.
 * <p>
 * Run: {@code mvn -q -B test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.github.ablationca.bench.SamplingVarianceBench [-Dexec.args="500 60"]}
 */
public final class SamplingVarianceBench {

	public static void main(String[] args) {
		int samples = args.length > 0 ? Integer.parseInt(args[0]) : 500;
		int replicates = args.length > 1 ? Integer.parseInt(args[1]) : 60;
		int n = 40, relevant = 8, a = 0, b = 1, c = 2, d = 3;
		SplittableRandom world = new SplittableRandom(42);
		double[] main = new double[n];
		double[][] pair = new double[n][n];
		double[][][] triple = new double[relevant][relevant][relevant];
		for (int i = 0; i < n; i++)
			main[i] = i < relevant ? 0.5 + world.nextDouble() : 0.1 * world.nextGaussian();
		for (int i = 0; i < relevant; i++)
			for (int j = i + 1; j < relevant; j++)
				pair[i][j] = 0.15 * world.nextGaussian();
		pair[a][b] = 1;
		pair[c][d] = -1;
		for (int i = 0; i < relevant; i++)
			for (int j = i + 1; j < relevant; j++)
				for (int k = j + 1; k < relevant; k++)
					triple[i][j][k] = 0.15 * world.nextGaussian();
		// Exact Banzhaf values / interactions of the multilinear score at p = 0.5.
		double[] trueMain = main.clone();
		double[][] trueInter = new double[n][n];
		for (int i = 0; i < n; i++)
			for (int j = i + 1; j < n; j++) {
				trueMain[i] += pair[i][j] / 2;
				trueMain[j] += pair[i][j] / 2;
				trueInter[i][j] = pair[i][j];
			}
		for (int i = 0; i < relevant; i++)
			for (int j = i + 1; j < relevant; j++)
				for (int k = j + 1; k < relevant; k++) {
					double t = triple[i][j][k];
					trueMain[i] += t / 4;
					trueMain[j] += t / 4;
					trueMain[k] += t / 4;
					trueInter[i][j] += t / 2;
					trueInter[i][k] += t / 2;
					trueInter[j][k] += t / 2;
				}
		System.out.printf(Locale.ROOT, "n=%d M=%d replicates=%d%n", n, samples, replicates);
		System.out.printf(Locale.ROOT, "%-12s %10s %10s %10s %10s %10s %10s %12s %10s %10s%n", "scheme", "mainRMSE", "interRMSE",
			"AB>nulls", "CD=min", "nullFDR", "marginAB", "rawInterRMSE", "rawAB>null", "biasI_AB");
		for (SamplingScheme scheme : SamplingScheme.values()) {
			double mainSq = 0, interSq = 0, margin = 0, rawSq = 0, biasAB = 0;
			int rawTop = 0, synergyTop = 0, redundancyTop = 0, nullSignificant = 0, significant = 0;
			for (int rep = 0; rep < replicates; rep++) {
				MaskSampler sampler = new MaskSampler(n, 0.5, scheme, 1000 + rep);
				SampleMatrix m = new SampleMatrix(n, samples, SampleMatrix.clusterSize(scheme));
				boolean[] keep = new boolean[n];
				for (int t = 0; t < samples; t++) {
					sampler.next(keep);
					m.add(keep, score(keep, main, pair, triple, relevant));
				}
				CorrelationMeasure.Result r = CorrelationMeasure.PEARSON.measure(m);
				for (int i = 0; i < n; i++)
					mainSq += sq(r.mainEffects()[i] - trueMain[i]) / n;
				double bestOther = 0, bestNeg = 0;
				int bestNegA = -1, bestNegB = -1;
				double[] q = MultipleTesting.benjaminiHochberg(r.pValue());
				for (int i = 0; i < n; i++)
					for (int j = i + 1; j < n; j++) {
						int idx = CorrelationMeasure.pairIndex(n, i, j);
						interSq += sq(r.interaction()[idx] - trueInter[i][j]) / CorrelationMeasure.pairCount(n);
						if (trueInter[i][j] == 0) bestOther = Math.max(bestOther, Math.abs(r.correlation()[idx]));
						if (r.correlation()[idx] < bestNeg) {
							bestNeg = r.correlation()[idx];
							bestNegA = i;
							bestNegB = j;
						}
						if (q[idx] < 0.05) {
							significant++;
							if (trueInter[i][j] == 0) nullSignificant++;
						}
					}
				// The plain four-cell estimate on the raw scores, for comparison.
				double[] raw = fourCell(m);
				double rawBestNull = 0;
				for (int i = 0; i < n; i++)
					for (int j = i + 1; j < n; j++) {
						int idx = CorrelationMeasure.pairIndex(n, i, j);
						rawSq += sq(raw[idx] - trueInter[i][j]) / CorrelationMeasure.pairCount(n);
						if (trueInter[i][j] == 0) rawBestNull = Math.max(rawBestNull, Math.abs(raw[idx]));
					}
				if (raw[CorrelationMeasure.pairIndex(n, a, b)] > rawBestNull) rawTop++;
				biasAB += (r.interaction(a, b) - trueInter[a][b]) / replicates;
				double rhoAB = r.correlation(a, b);
				if (rhoAB > bestOther) synergyTop++;
				if (bestNegA == c && bestNegB == d) redundancyTop++;
				margin += (rhoAB - bestOther) / replicates;
			}
			System.out.printf(Locale.ROOT, "%-12s %10.4f %10.4f %10d %10d %10.3f %10.3f %12.4f %10d %10.4f%n", scheme,
				Math.sqrt(mainSq / replicates), Math.sqrt(interSq / replicates), synergyTop, redundancyTop,
				significant == 0 ? 0 : (double) nullSignificant / significant, margin,
				Math.sqrt(rawSq / replicates), rawTop, biasAB);
		}
	}

	private static double score(boolean[] z, double[] main, double[][] pair, double[][][] triple, int relevant) {
		int n = z.length;
		double y = 0;
		for (int i = 0; i < n; i++)
			if (z[i]) y += main[i];
		for (int i = 0; i < relevant; i++) {
			if (!z[i]) continue;
			for (int j = i + 1; j < relevant; j++) {
				if (!z[j]) continue;
				y += pair[i][j];
				for (int k = j + 1; k < relevant; k++)
					if (z[k]) y += triple[i][j][k];
			}
		}
		return y;
	}

	/** I_ij = mean(y | 1,1) - mean(y | 1,0) - mean(y | 0,1) + mean(y | 0,0) on the raw scores. */
	private static double[] fourCell(SampleMatrix m) {
		int n = m.objects();
		double[] out = new double[CorrelationMeasure.pairCount(n)];
		for (int i = 0; i < n; i++)
			for (int j = i + 1; j < n; j++) {
				double[] sum = new double[4];
				int[] count = new int[4];
				for (int t = 0; t < m.size(); t++) {
					int cell = (m.kept(t, i) ? 2 : 0) + (m.kept(t, j) ? 1 : 0);
					sum[cell] += m.score(t);
					count[cell]++;
				}
				out[CorrelationMeasure.pairIndex(n, i, j)] = sum[3] / count[3] - sum[2] / count[2] - sum[1] / count[1] +
					sum[0] / count[0];
			}
		return out;
	}

	private static double sq(double v) {
		return v * v;
	}
}
