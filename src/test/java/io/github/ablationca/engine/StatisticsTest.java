package io.github.ablationca.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Benjamini-Hochberg, ranking formulas, the mask sampler and the bit matrix, against hand-computed values. */
class StatisticsTest {

	@Test
	void benjaminiHochbergByHand() {
		// Sorted p: 0.01, 0.02, 0.03, 0.04, 0.5 (m = 5): m p / rank = 0.05, 0.05, 0.05, 0.05, 0.5.
		double[] q = MultipleTesting.benjaminiHochberg(new double[] {0.04, 0.5, 0.01, 0.03, 0.02});
		assertArrayEquals(new double[] {0.05, 0.5, 0.05, 0.05, 0.05}, q, 1e-12);
		// Monotone step-up: q(0.001) = min(3 * 0.001, 3/2 * 0.04, 0.9) = 0.003, q(0.04) = 0.06.
		assertArrayEquals(new double[] {0.003, 0.06, 0.9}, MultipleTesting.benjaminiHochberg(new double[] {0.001, 0.04, 0.9}), 1e-12);
		assertArrayEquals(new double[] {1, 1}, MultipleTesting.benjaminiHochberg(new double[] {Double.NaN, 1}), 0);
	}

	@Test
	void benjaminiHochbergStepUpBindsWhereALaterRankIsSmaller() {
		// Sorted p: 0.01, 0.011, 0.012, 0.5 (m = 4); m p / rank = 0.04, 0.022, 0.016, 0.5. The running minimum from
		// the top gives 0.016 to the first three: without it the first two would be 0.04 and 0.022, and at alpha 0.03
		// the smallest p-value would be rejected only with the step-up's help.
		double[] q = MultipleTesting.benjaminiHochberg(new double[] {0.5, 0.011, 0.01, 0.012});
		assertArrayEquals(new double[] {0.5, 0.016, 0.016, 0.016}, q, 1e-12);
		// Capped at 1, ties share a value, out-of-range and NaN p-values count as their clamp and as 1.
		assertArrayEquals(new double[] {1, 0.02, 0.02, 1}, MultipleTesting.benjaminiHochberg(new double[] {0.9, 0.01,
			0.01, Double.NaN}), 1e-12);
		assertArrayEquals(new double[] {0, 1}, MultipleTesting.benjaminiHochberg(new double[] {-0.5, 3}), 0);
		assertArrayEquals(new double[0], MultipleTesting.benjaminiHochberg(new double[0]), 0);
		// One hypothesis: its own p-value.
		assertArrayEquals(new double[] {0.03}, MultipleTesting.benjaminiHochberg(new double[] {0.03}), 0);
	}

	@Test
	void scoreScalesAndHeatmapUnitsByHand() {
		assertEquals(0.37, ScoreScale.PROBABILITY.apply(0.37));
		assertEquals(0, ScoreScale.LOG_ODDS.apply(0.5), 1e-15);
		assertEquals(Math.log(3), ScoreScale.LOG_ODDS.apply(0.75), 1e-12);
		double floor = Math.log(1e-6 / (1 - 1e-6));
		assertEquals(floor, ScoreScale.LOG_ODDS.apply(0), 1e-9, "clamped at 1e-6");
		assertEquals(floor, ScoreScale.LOG_ODDS.apply(1e-6), 1e-9);
		assertEquals(-floor, ScoreScale.LOG_ODDS.apply(1), 1e-9);
		assertEquals(-floor, ScoreScale.LOG_ODDS.apply(1 - 1e-6), 1e-9);
		assertEquals(Math.log(2e-6 / (1 - 2e-6)), ScoreScale.LOG_ODDS.apply(2e-6), 1e-9, "inside the clamp");
		assertEquals("p/object", HeatmapValues.ENSEMBLE.unit(ScoreScale.LOG_ODDS));
		assertEquals("log-odds", HeatmapValues.MAIN_EFFECT.unit(ScoreScale.LOG_ODDS));
		assertEquals("probability", HeatmapValues.CONTRIBUTION.unit(ScoreScale.PROBABILITY));
		assertEquals("", HeatmapValues.CONTRIBUTION.unit(null));
		assertEquals(List.of("ensemble effects", "contributions", "main effects"), Arrays.stream(HeatmapValues
			.values()).map(HeatmapValues::description).toList());
	}

	@Test
	void importanceAndPairScoresByHand() {
		double[] imp = Ranking.importance(new double[] {2, 0, -1, 0.1}, new double[] {1, 1, 0.5, Double.NaN});
		assertArrayEquals(new double[] {1, 0.5, 0.5, 0.05}, imp, 1e-12);
		assertEquals(0.6 * Math.sqrt(0.5), Ranking.pairScore(-0.6, 1, 0.5), 1e-12);
	}

	@Test
	void pairsAreRankedSignificantFirstThenByScoreAndGroupedByComponents() {
		// 4 objects, pairs in index order: 01 02 03 12 13 23.
		double[] rho = {0.9, 0.1, 0.0, 0.0, 0.0, -0.8};
		double[] p = {1e-6, 0.5, 1, 1, 1, 1e-4};
		double[] interaction = {2, 0.2, 0, 0, 0, -1.5}, halfWidth = {0.5, 0.5, 0.5, 0.5, 0.5, 0.25};
		CorrelationMeasure.Result r = new CorrelationMeasure.Result("pearson", 4, 100, new double[4], new double[4],
			rho, interaction, new double[6], halfWidth, p, 94);
		double[] q = MultipleTesting.benjaminiHochberg(p);
		double[] imp = {1, 1, 0.25, 0.25};
		List<PairRelation> pairs = Ranking.rankPairs(r, q, imp, 0.05, 100);
		assertEquals(List.of(0, 1), List.of(pairs.get(0).a(), pairs.get(0).b()));
		assertEquals(0.9, pairs.get(0).score(), 1e-12);
		assertEquals(List.of(2, 3), List.of(pairs.get(1).a(), pairs.get(1).b()));
		assertEquals(0.8 * 0.25, pairs.get(1).score(), 1e-12);
		assertTrue(pairs.get(1).significant());
		assertEquals(q[5], pairs.get(1).qValue(), 1e-12);
		assertEquals(p[5], pairs.get(1).pValue(), 1e-12);
		assertEquals(-1.75, pairs.get(1).interactionLow(), 1e-12);
		assertEquals(-1.25, pairs.get(1).interactionHigh(), 1e-12);
		// Not significant, though it would outscore nothing else: third, by score 0.1 * sqrt(0.25).
		assertEquals(List.of(0, 2), List.of(pairs.get(2).a(), pairs.get(2).b()));
		assertFalse(pairs.get(2).significant());
		assertEquals(6, pairs.size());
		assertEquals(2, Ranking.rankPairs(r, q, imp, 0.05, 2).size());

		List<ObjectGroup> groups = Ranking.groups(4, pairs);
		assertEquals(2, groups.size());
		assertArrayEquals(new int[] {0, 1}, groups.get(0).members());
		assertEquals(0.9, groups.get(0).score(), 1e-12);
		assertArrayEquals(new int[] {2, 3}, groups.get(1).members());
		assertEquals(-0.8, groups.get(1).meanCorrelation(), 1e-12);
		assertEquals(2, groups.get(1).rank());
	}

	@Test
	void groupScoreIsSumOfPairScoresPerLink() {
		// A triangle 0-1-2 (three significant pairs) and nothing else.
		List<PairRelation> pairs = List.of(new PairRelation(0, 1, 0.5, 1, 0.5, 1.5, 0, 0, 0.3, 1, true),
			new PairRelation(1, 2, 0.5, 1, 0.5, 1.5, 0, 0, 0.2, 2, true),
			new PairRelation(0, 2, -0.5, 1, 0.5, 1.5, 0, 0, 0.1, 3, true),
			new PairRelation(2, 3, 0.1, 1, -1, 3, 0.9, 0.9, 0.05, 4, false));
		List<ObjectGroup> groups = Ranking.groups(4, pairs);
		assertEquals(1, groups.size());
		assertArrayEquals(new int[] {0, 1, 2}, groups.get(0).members());
		assertEquals((0.3 + 0.2 + 0.1) / 2, groups.get(0).score(), 1e-12);
		assertEquals(0.5 / 3, groups.get(0).meanCorrelation(), 1e-12);
	}

	@Test
	void objectRanksByContribution() {
		assertArrayEquals(new int[] {2, 3, 1, 4}, Ranking.objectRanks(new double[] {0.5, 0.5, 2, -1}));
	}

	@Test
	void samplerIsReproducibleAndKeepsWithTheRequestedProbability() {
		for (SamplingScheme scheme : SamplingScheme.values()) {
			MaskSampler a = new MaskSampler(70, 0.3, scheme, 4), b = new MaskSampler(70, 0.3, scheme, 4);
			boolean[] ka = new boolean[70], kb = new boolean[70];
			int kept = 0, total = 0;
			for (int t = 0; t < 320; t++) {
				a.next(ka);
				b.next(kb);
				assertArrayEquals(ka, kb, scheme + " is reproducible");
				for (boolean k : ka) {
					kept += k ? 1 : 0;
					total++;
				}
			}
			assertEquals(0.3, (double) kept / total, 0.02, scheme.toString());
		}
	}

	@Test
	void antitheticMasksAreComplementsAtOneHalfAndBalancedBlocksAreExact() {
		MaskSampler anti = new MaskSampler(50, 0.5, SamplingScheme.ANTITHETIC, 1);
		boolean[] first = new boolean[50], second = new boolean[50];
		anti.next(first);
		anti.next(second);
		for (int i = 0; i < 50; i++)
			assertTrue(first[i] != second[i]);
		MaskSampler balanced = new MaskSampler(9, 0.25, SamplingScheme.BALANCED, 1);
		int[] kept = new int[9];
		boolean[] keep = new boolean[9];
		for (int t = 0; t < MaskSampler.BALANCED_BLOCK; t++) {
			balanced.next(keep);
			for (int i = 0; i < 9; i++)
				kept[i] += keep[i] ? 1 : 0;
		}
		int[] expected = new int[9];
		Arrays.fill(expected, MaskSampler.BALANCED_BLOCK / 4);
		assertArrayEquals(expected, kept);
	}

	@Test
	void sampleMatrixStoresBitsRowsAndColumns() {
		SampleMatrix m = new SampleMatrix(70, 1);
		boolean[] a = new boolean[70], b = new boolean[70];
		a[0] = a[64] = a[69] = true;
		b[3] = true;
		for (int t = 0; t < 65; t++)
			m.add(t % 2 == 0 ? a : b, t);
		assertEquals(65, m.size());
		assertTrue(m.kept(64, 69) && !m.kept(63, 69) && m.kept(63, 3));
		assertEquals(64.0, m.score(64));
		double[] s = new double[70];
		m.signs(1, s);
		assertEquals(1, s[3]);
		assertEquals(-1, s[0]);
		long[][] cols = m.columns();
		assertEquals(2, cols[0].length);
		assertEquals(33, Long.bitCount(cols[0][0]) + Long.bitCount(cols[0][1]));
		assertEquals(1L, cols[69][1], "sample 64 is bit 0 of word 1");
		assertEquals(0, cols[5][0] | cols[5][1]);
	}
}
