package io.github.ablationca.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;
import org.junit.jupiter.api.Test;

/** Ranking's tie-breaks, the residual-permutation null against OLS, and the sample matrix's edges, by hand. */
class RankingAndNullByHandTest {

	private static CorrelationMeasure.Result result(int n, double[] rho) {
		int pairs = CorrelationMeasure.pairCount(n);
		double[] interaction = new double[pairs], halfWidth = new double[pairs], p = new double[pairs];
		for (int k = 0; k < pairs; k++) {
			interaction[k] = 2 * rho[k];
			halfWidth[k] = 0.1;
		}
		return new CorrelationMeasure.Result("pearson", n, 100, new double[n], new double[n], rho, interaction,
			new double[pairs], halfWidth, p, 90);
	}

	private static List<String> order(List<PairRelation> pairs) {
		List<String> out = new ArrayList<>();
		for (PairRelation p : pairs)
			out.add(p.a() + "" + p.b());
		return out;
	}

	/**
	 * Five objects, ten pairs (01 02 03 04 12 13 14 23 24 34); importance 1, 1, 1, 0.25, 0.25 (pair weights sqrt of
	 * the product). Significant (q below 0.05) first, then by score, then by |rho|, then by index.
	 */
	@Test
	void pairsRankSignificantThenScoreThenCorrelationThenIndex() {
		//                 01    02    03    04   12   13   14   23   24   34
		double[] rho = {0.5, -0.9, 0.6, 0.3, 0.3, 0.8, -0.4, 0.3, 0.6, 0.9};
		double[] q = {0.01, 0.049, 0.05, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.01};
		double[] importance = {1, 1, 1, 0.25, 0.25};
		// scores: 01 .5, 02 .9, 03 .3, 04 .15, 12 .3, 13 .4, 14 .2, 23 .15, 24 .3, 34 .225
		List<PairRelation> ranked = Ranking.rankPairs(result(5, rho), q, importance, 0.05, 100);
		// significant: 02 (.9), 01 (.5), 34 (.225; 03's q = 0.05 is not below the rate); then 13 .4; then 03, 24 and
		// 12 tie at .3: |rho| .6, .6, .3, and 03 before 24 by index; then 14 .2; then 04 and 23 tie at .15 in score
		// and |rho|: by index
		assertEquals(List.of("02", "01", "34", "13", "03", "24", "12", "14", "04", "23"), order(ranked));
		// significant means q below the rate: 03 (rank 5) has q exactly 0.05 and is not
		assertEquals(List.of(true, true, true, false, false, false, false, false, false, false), ranked.stream().map(
			PairRelation::significant).toList());
		for (int r = 0; r < ranked.size(); r++)
			assertEquals(r + 1, ranked.get(r).rank());
		PairRelation first = ranked.get(0);
		assertEquals(-0.9, first.correlation());
		assertEquals(-1.8, first.interaction(), 1e-12);
		assertEquals(-1.9, first.interactionLow(), 1e-12);
		assertEquals(-1.7, first.interactionHigh(), 1e-12);
		assertEquals(0.9, first.score(), 1e-12);
		assertEquals(0.049, first.qValue());
		assertEquals(List.of("02", "01", "34"), order(Ranking.rankPairs(result(5, rho), q, importance, 0.05, 3)));
		assertEquals(10, Ranking.rankPairs(result(5, rho), q, importance, 0.05, 11).size());
	}

	@Test
	void importanceIsTheLargerMagnitudeScaledToTheLargest() {
		assertArrayEquals(new double[] {1, 0.5, 0.125}, Ranking.importance(new double[] {-4, 1, 0.5}, new double[] {
			2, -2, Double.NaN}), 1e-12);
		assertArrayEquals(new double[] {0, 0}, Ranking.importance(new double[] {0, Double.NaN}, null), 0);
		assertArrayEquals(new double[] {1, 0.5}, Ranking.importance(new double[] {2, 1}, null), 1e-12);
	}

	@Test
	void groupsRankByScoreThenFirstMember() {
		// two significant links 0-1 and 2-3 of equal score: the group with the lower first member ranks first; 4-5
		// scores more; a non-significant link 1-2 joins nothing
		List<PairRelation> pairs = List.of(new PairRelation(2, 3, 0.5, 1, 0, 2, 0, 0, 0.4, 1, true),
			new PairRelation(0, 1, -0.5, 1, 0, 2, 0, 0, 0.4, 2, true),
			new PairRelation(5, 4, 0.7, 1, 0, 2, 0, 0, 0.6, 3, true),
			new PairRelation(1, 2, 0.9, 1, 0, 2, 0.5, 0.5, 0.9, 4, false));
		List<ObjectGroup> groups = Ranking.groups(7, pairs);
		assertEquals(3, groups.size());
		assertArrayEquals(new int[] {4, 5}, groups.get(0).members());
		assertArrayEquals(new int[] {0, 1}, groups.get(1).members());
		assertArrayEquals(new int[] {2, 3}, groups.get(2).members());
		assertEquals(-0.5, groups.get(1).meanCorrelation(), 1e-12);
		assertEquals(0.4, groups.get(2).score(), 1e-12);
		assertEquals(3, groups.get(2).rank());
		// equal contributions rank by index; the largest first
		assertArrayEquals(new int[] {2, 3, 1, 4}, Ranking.objectRanks(new double[] {1, 1, 3, -2}));
	}

	@Test
	void equalGroupsRankByFirstMemberNotByTheOrderTheyWereJoined() {
		// links 0-3 and 1-2 of equal score: the union-find roots are 3 and 2, so a ranking by root would put {1, 2}
		// first; the rule (first member) puts {0, 3} first
		List<PairRelation> pairs = List.of(new PairRelation(0, 3, 0.5, 1, 0, 2, 0, 0, 0.4, 1, true),
			new PairRelation(1, 2, 0.5, 1, 0, 2, 0, 0, 0.4, 2, true));
		List<ObjectGroup> groups = Ranking.groups(4, pairs);
		assertEquals(2, groups.size());
		assertArrayEquals(new int[] {0, 3}, groups.get(0).members());
		assertEquals(1, groups.get(0).rank());
		assertArrayEquals(new int[] {1, 2}, groups.get(1).members());
		assertEquals(2, groups.get(1).rank());
	}

	/**
	 * The null: OLS (Commons Math) fitted values plus the OLS residuals shuffled by Fisher-Yates with the seed's
	 * {@link SplittableRandom} (the class's documented procedure), measured with the same measure: the mean largest
	 * |correlation| and the mean number of significant pairs over the shuffles, to 1e-12.
	 */
	@Test
	void theNullIsTheOlsFitPlusShuffledResiduals() {
		int n = 4, samples = 48, permutations = 3;
		long seed = 11;
		MaskSampler sampler = new MaskSampler(n, 0.4, SamplingScheme.INDEPENDENT, 5);
		SplittableRandom noise = new SplittableRandom(6);
		SampleMatrix m = new SampleMatrix(n, samples);
		double[][] s = new double[samples][n];
		double[] y = new double[samples];
		boolean[] keep = new boolean[n];
		for (int t = 0; t < samples; t++) {
			sampler.next(keep);
			for (int i = 0; i < n; i++)
				s[t][i] = keep[i] ? 1 : -1;
			y[t] = 2 + (keep[0] ? 1 : 0) - 0.5 * (keep[2] ? 1 : 0) + (keep[1] && keep[3] ? 0.8 : 0) + 0.2 * noise
				.nextGaussian();
			m.add(keep, y[t]);
		}
		OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
		ols.newSampleData(y, s);
		double[] residual = ols.estimateResiduals();
		SplittableRandom random = new SplittableRandom(seed);
		double max = 0, significant = 0;
		for (int t = 0; t < permutations; t++) {
			double[] r = residual.clone();
			for (int k = samples - 1; k > 0; k--) {
				int j = random.nextInt(k + 1);
				double v = r[k];
				r[k] = r[j];
				r[j] = v;
			}
			double[] yNull = new double[samples];
			for (int k = 0; k < samples; k++)
				yNull[k] = y[k] - residual[k] + r[k];
			CorrelationMeasure.Result res = CorrelationMeasure.PEARSON.measure(m.withScores(yNull));
			double largest = 0;
			for (double c : res.correlation())
				largest = Math.max(largest, Math.abs(c));
			max += largest / permutations;
			int count = 0;
			for (double qv : MultipleTesting.benjaminiHochberg(res.pValue()))
				if (qv < 0.2) count++;
			significant += (double) count / permutations;
		}
		NullCalibration nul = NullCalibration.of(m, CorrelationMeasure.PEARSON, 0.2, permutations, seed);
		assertEquals(permutations, nul.permutations());
		assertEquals(max, nul.maxAbsCorrelation(), 1e-12);
		assertEquals(significant, nul.significantPairs(), 1e-12);
		assertTrue(max > 0);
		assertEquals(1, NullCalibration.of(m, CorrelationMeasure.PEARSON, 0.2, 1, seed).permutations());
		assertThrows(IllegalArgumentException.class, () -> NullCalibration.of(m, CorrelationMeasure.PEARSON, 0.2, 0,
			seed));
	}

	@Test
	void sampleMatrixEdges() {
		assertThrows(IllegalArgumentException.class, () -> new SampleMatrix(0, 5));
		assertThrows(IllegalArgumentException.class, () -> new SampleMatrix(3, 5, 0));
		SampleMatrix one = new SampleMatrix(1, 0, 1);
		one.add(new boolean[] {true}, 2.5);
		assertTrue(one.kept(0, 0));
		assertEquals(2.5, one.score(0));
		// 64 objects fit one word per sample, 65 need two: object 64 is bit 0 of the second word
		SampleMatrix wide = new SampleMatrix(65, 2, 2);
		boolean[] keep = new boolean[65];
		keep[64] = true;
		wide.add(keep, 1);
		keep[64] = false;
		keep[63] = true;
		wide.add(keep, 2);
		assertTrue(wide.kept(0, 64) && !wide.kept(0, 63) && wide.kept(1, 63) && !wide.kept(1, 64));
		double[] signs = new double[65];
		wide.signs(1, signs);
		assertEquals(1, signs[63]);
		assertEquals(-1, signs[64]);
		assertEquals(-1, signs[0]);
		assertThrows(IllegalArgumentException.class, () -> wide.add(new boolean[64], 0), "a mask too short");
		SampleMatrix other = wide.withScores(new double[] {7, 8});
		assertEquals(2, other.clusterSize());
		assertEquals(2, other.size());
		assertArrayEquals(new double[] {7, 8}, other.scores());
		assertArrayEquals(new double[] {1, 2}, wide.scores(), "the original keeps its scores");
		assertTrue(other.kept(0, 64) && other.kept(1, 63) && !other.kept(1, 64));
		assertThrows(IllegalArgumentException.class, () -> wide.withScores(new double[3]));
		// 64 samples fill exactly one word of a column; the 65th starts the next
		SampleMatrix tall = new SampleMatrix(2, 1);
		for (int t = 0; t < 65; t++)
			tall.add(new boolean[] {t == 63 || t == 64, t % 2 == 0}, t);
		long[][] cols = tall.columns();
		assertEquals(2, cols[0].length);
		assertEquals(1L << 63, cols[0][0]);
		assertEquals(1L, cols[0][1]);
		assertEquals(33, Long.bitCount(cols[1][0]) + Long.bitCount(cols[1][1]));
		SampleMatrix exact = new SampleMatrix(1, 1);
		for (int t = 0; t < 64; t++)
			exact.add(new boolean[] {true}, t);
		assertEquals(1, exact.columns()[0].length, "64 samples: one word");
		assertEquals(-1L, exact.columns()[0][0]);
		assertEquals(1, new SampleMatrix(3, 4).clusterSize());
	}
}
