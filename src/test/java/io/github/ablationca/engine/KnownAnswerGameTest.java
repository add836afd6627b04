package io.github.ablationca.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import org.apache.commons.math3.stat.correlation.KendallsCorrelation;
import org.junit.jupiter.api.Test;

/**
 * The pair analysis on sum-of-unanimity games ({@link SoumGame}), whose exact Banzhaf interactions are known in
 * closed form: the formula against brute force, the engine's estimates, intervals and discoveries against it, and
 * the ArchDetect-style comparison estimator against what theory says it measures. Figures over more games and both
 * estimators side by side: {@code bench.SoumBench}.
 */
class KnownAnswerGameTest {

	/** {@code I_ij(p) = sum_T c_T p^(|T|-2)} equals the expectation over all 2^(n-2) contexts, for several p. */
	@Test
	void exactInteractionMatchesBruteForceEnumeration() {
		int n = 8;
		SplittableRandom random = new SplittableRandom(3);
		List<SoumGame.Unanimity> sets = new ArrayList<>();
		sets.add(new SoumGame.Unanimity(new int[0], 0.7, false)); // the empty set: a constant
		sets.add(new SoumGame.Unanimity(new int[] {0, 1, 2, 3, 4, 5, 6, 7}, -0.4, false));
		for (int t = 0; t < 12; t++) {
			int size = 1 + random.nextInt(6);
			List<Integer> members = new ArrayList<>();
			while (members.size() < size) {
				int m = random.nextInt(n);
				if (!members.contains(m)) members.add(m);
			}
			sets.add(new SoumGame.Unanimity(members.stream().mapToInt(Integer::intValue).toArray(),
				2 * random.nextDouble() - 1, false));
		}
		SoumGame game = new SoumGame(n, sets);
		for (double p : new double[] {0.2, 0.5, 0.8}) {
			double[] closedForm = game.banzhafInteractions(p);
			for (int i = 0; i < n; i++)
				for (int j = i + 1; j < n; j++)
					assertEquals(bruteForce(game, i, j, p), closedForm[CorrelationMeasure.pairIndex(n, i, j)], 1e-12,
						"pair " + i + "," + j + " at p = " + p);
		}
		// Sanity of the enumeration itself: a lone pair is its own coefficient at every p.
		SoumGame pair = new SoumGame(n, List.of(new SoumGame.Unanimity(new int[] {2, 5}, 1.5, true)));
		assertEquals(1.5, bruteForce(pair, 2, 5, 0.3), 1e-12);
		assertEquals(0, bruteForce(pair, 2, 4, 0.3), 1e-12);
	}

	/** {@code E_S[v(S+i+j) - v(S+i) - v(S+j) + v(S)]} over every context S of the others, each kept with p. */
	private static double bruteForce(SoumGame game, int i, int j, double p) {
		int n = game.players();
		int[] others = new int[n - 2];
		for (int a = 0, t = 0; a < n; a++)
			if (a != i && a != j) others[t++] = a;
		double sum = 0;
		boolean[] s = new boolean[n];
		for (int mask = 0; mask < 1 << others.length; mask++) {
			double weight = 1;
			for (int t = 0; t < others.length; t++) {
				s[others[t]] = (mask >>> t & 1) != 0;
				weight *= s[others[t]] ? p : 1 - p;
			}
			double d = 0;
			for (int state = 0; state < 4; state++) {
				s[i] = (state & 1) != 0;
				s[j] = (state & 2) != 0;
				d += (s[i] == s[j] ? 1 : -1) * game.value(s);
			}
			sum += weight * d;
		}
		return sum;
	}

	/**
	 * The engine's statistics at their defaults (500 samples, keep probability 0.5, BH at q = 0.05) on 10 noisy games
	 * of 30 objects (4 planted pairs, 2 planted triples, 30 background unanimity sets of 1..4 players; Gaussian noise
	 * sd 0.25 on every call). Each bound and why:
	 * <ul>
	 * <li><b>Coverage</b> of the 95% intervals, pooled over 4350 intervals, in [0.93, 0.97]: were the intervals
	 * independent the binomial sd would be 0.0033; they share each game's residual, so the band is about 6 of those
	 * sd wide each side. Below it the intervals are too narrow; above it too wide to be worth having.</li>
	 * <li><b>Planted pairs</b> with |exact interaction| >= 0.6 are all significant: the estimate's standard error is
	 * about {@code 4 sqrt(residual variance + 0.25^2) / sqrt(500)} = 0.10 here, so such a pair lies about 6 se from
	 * 0, while BH over 435 pairs with about 10 discoveries needs about 3.4 se: a miss has probability about 0.005 per
	 * pair.</li>
	 * <li><b>False discoveries</b> (significant pairs whose exact interaction is 0) at most 0.1 of the discoveries,
	 * averaged over the games: BH holds the expected share at q times the share of null pairs, at most 0.05.</li>
	 * <li><b>Kendall tau</b> between estimates and exact interactions over all pairs at least 0.15 (a random order
	 * gives 0 +- 0.03 over 435 pairs) and at most 0.04 below the tau of the exact values plus Gaussian errors of the
	 * estimator's own standard errors: the estimates rank the pairs as well as their error bars promise. (Tau over
	 * all pairs stays low for any estimator with sampling error: most pairs have interactions of 0 or a few hundredths,
	 * which no 500-sample estimate can order.)</li>
	 * </ul>
	 */
	@Test
	void engineIntervalsCoverTheExactInteractionsAndFindThePlantedPairs() {
		int n = 30, games = 10;
		double noise = 0.25;
		int covered = 0, intervals = 0, strong = 0;
		double falseShare = 0, tau = 0, reference = 0;
		List<String> missed = new ArrayList<>();
		for (int seed = 0; seed < games; seed++) {
			SoumGame game = SoumGame.planted(n, 4, 2, n, 4, seed);
			ExplainSettings settings = new ExplainSettings();
			settings.seed = seed;
			double[] exact = game.banzhafInteractions(settings.keepProbability);
			PairEstimates ours = PairEstimates.engine(game.model(noise, 100 + seed), n, settings);
			assertEquals(500, ours.calls());
			for (int q = 0; q < exact.length; q++) {
				intervals++;
				if (Math.abs(ours.interaction()[q] - exact[q]) <= ours.halfWidth()[q]) covered++;
			}
			for (SoumGame.Unanimity u : game.sets()) {
				int[] m = u.members();
				if (!u.planted() || m.length != 2) continue;
				int q = CorrelationMeasure.pairIndex(n, m[0], m[1]);
				if (Math.abs(exact[q]) < 0.6) continue;
				strong++;
				if (!ours.detected()[q])
					missed.add(String.format(Locale.ROOT, "game %d pair %d-%d exact %.3f estimate %.3f +- %.3f", seed,
						m[0], m[1], exact[q], ours.interaction()[q], ours.halfWidth()[q]));
			}
			falseShare += ours.falseDiscoveryShare(exact) / games;
			tau += ours.kendallTau(exact) / games;
			SplittableRandom errors = new SplittableRandom(seed);
			double[] simulated = new double[exact.length];
			for (int q = 0; q < exact.length; q++)
				simulated[q] = exact[q] + ours.halfWidth()[q] / 1.96 * errors.nextGaussian();
			reference += new KendallsCorrelation().correlation(simulated, exact) / games;
		}
		double coverage = (double) covered / intervals;
		assertTrue(coverage >= 0.93 && coverage <= 0.97, "95% intervals cover " + coverage + " of " + intervals);
		assertTrue(strong >= 20, "too few strong planted pairs to test: " + strong);
		assertTrue(missed.isEmpty(), "strong planted pairs not significant: " + missed);
		assertTrue(falseShare <= 0.1, "false discovery share " + falseShare);
		assertTrue(tau >= 0.15, "Kendall tau " + tau);
		assertTrue(tau >= reference - 0.04, "Kendall tau " + tau + " below what the error bars promise, " + reference);
	}

	/**
	 * ArchDetect's four-point difference with every other object absent is the pair's own Moebius coefficient
	 * {@code c_ij}, exactly: on a noiseless pure-pair game that is the exact interaction, in both contexts. With
	 * triples the input context adds every {@code c_T} of {@code T} containing the pair ({@code I_ij(1)}), and the
	 * average of the two contexts is the Banzhaf interaction {@code I_ij(0.5)}; a set of 4 players breaks that by
	 * {@code c_T (1/2 - 1/4)}. The budget is {@code 2 (1 + n + n(n-1)/2)} calls.
	 */
	@Test
	void archDetectIsExactWhereTheorySaysAndSpendsItsBudget() {
		int n = 20;
		SplittableRandom random = new SplittableRandom(11);
		List<SoumGame.Unanimity> pairsOnly = new ArrayList<>();
		for (int i = 0; i < n; i++)
			pairsOnly.add(new SoumGame.Unanimity(new int[] {i}, 2 * random.nextDouble() - 1, false)); // main effects
		for (int t = 0; t < 40; t++) {
			int a = random.nextInt(n), b = (a + 1 + random.nextInt(n - 1)) % n;
			pairsOnly.add(new SoumGame.Unanimity(new int[] {a, b}, 2 * random.nextDouble() - 1, true));
		}
		SoumGame pureGame = new SoumGame(n, pairsOnly);
		SoumGame.Model model = pureGame.model(0, 0);
		ArchDetect.Result pure = ArchDetect.detect(model, n);
		double[] exact = pureGame.banzhafInteractions(0.5);
		assertArrayEquals(exact, pure.baselineContext(), 1e-12);
		assertArrayEquals(exact, pure.inputContext(), 1e-12);
		assertEquals(2 * (1 + n + n * (n - 1) / 2), model.calls());
		assertEquals(model.calls(), pure.calls());
		assertEquals(ArchDetect.budget(n), pure.calls());

		List<SoumGame.Unanimity> withTriples = new ArrayList<>(pairsOnly);
		for (int t = 0; t < 10; t++) {
			int a = random.nextInt(n - 2);
			withTriples.add(new SoumGame.Unanimity(new int[] {a, a + 1, a + 2}, 2 * random.nextDouble() - 1, true));
		}
		SoumGame triples = new SoumGame(n, withTriples);
		ArchDetect.Result mixed = ArchDetect.detect(triples.model(0, 0), n);
		assertArrayEquals(triples.banzhafInteractions(0), mixed.baselineContext(), 1e-12); // 0^0 = 1: c_ij alone
		assertArrayEquals(triples.banzhafInteractions(1), mixed.inputContext(), 1e-12);
		assertArrayEquals(triples.banzhafInteractions(0.5), mixed.average(), 1e-12);

		List<SoumGame.Unanimity> withFour = new ArrayList<>(withTriples);
		withFour.add(new SoumGame.Unanimity(new int[] {0, 5, 10, 15}, 0.8, true));
		SoumGame four = new SoumGame(n, withFour);
		double[] average = ArchDetect.detect(four.model(0, 0), n).average();
		double[] banzhaf = four.banzhafInteractions(0.5);
		int q = CorrelationMeasure.pairIndex(n, 5, 15);
		assertEquals(0.8 * (0.5 - 0.25), average[q] - banzhaf[q], 1e-12);
	}
}
