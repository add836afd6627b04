package io.github.ablationca.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * A sum-of-unanimity game (SOUM), the known-answer game of the shapiq benchmark: {@code v(S) = sum_T c_T 1[T
 * subset of S]} over a list of unanimity sets {@code T} with coefficients {@code c_T} (shapiq's
 * {@code games.benchmark.synthetic.soum.SOUM}; its Moebius transform is the list itself). Players are the objects of
 * a run and a coalition {@code S} is the set of kept objects, so a game is a classifier score whose every interaction
 * is known in closed form.
 * <p>
 * <b>Exact Banzhaf interaction at keep probability {@code p}</b>: with every other object kept independently with
 * probability {@code p}, {@code I_ij(p) = E_S[v(S+i+j) - v(S+i) - v(S+j) + v(S)] = sum over T containing i and j of
 * c_T p^(|T| - 2)}: the four-point difference of the unanimity game of {@code T} is 1 exactly when the context holds
 * {@code T - {i, j}}, which happens with probability {@code p^(|T| - 2)}. {@code p = 0.5} is the Banzhaf interaction
 * index (shapiq's {@code BII}); this is what the engine's interaction estimates ({@link ResidualPearsonMeasure}).
 *
 * <pre>{@code
 * SoumGame game = SoumGame.planted(30, 4, 2, 30, 4, 1);
 * double[] exact = game.banzhafInteractions(0.5);        // per pair, CorrelationMeasure.pairIndex order
 * SoumGame.Model model = game.model(0.25, 7);            // Gaussian noise sd 0.25 on every call
 * double v = model.applyAsDouble(keep);
 * }</pre>
 */
public final class SoumGame {

	/** One unanimity set {@code T} (distinct players, sorted) and its coefficient {@code c_T}. */
	public record Unanimity(int[] members, double coefficient, boolean planted) {
		public Unanimity {
			members = members.clone();
			Arrays.sort(members);
			for (int k = 1; k < members.length; k++)
				if (members[k] == members[k - 1]) throw new IllegalArgumentException("repeated player " + members[k]);
		}

		boolean containedIn(boolean[] coalition) {
			for (int m : members)
				if (!coalition[m]) return false;
			return true;
		}
	}

	private final int players;
	private final List<Unanimity> sets;

	public SoumGame(int players, List<Unanimity> sets) {
		for (Unanimity u : sets)
			for (int m : u.members())
				if (m < 0 || m >= players)
					throw new IllegalArgumentException("player " + m + " outside 0.." + (players - 1));
		this.players = players;
		this.sets = List.copyOf(sets);
	}

	/**
	 * A game with planted interactions on distinct random players, over a background in the manner of shapiq's
	 * generator: {@code pairs} planted pairs and {@code triples} planted triples, coefficients of random sign and
	 * magnitude uniform in [0.5, 1]; {@code background} unanimity sets of size uniform in 1..{@code largestBackground}
	 * on random players, coefficients uniform in (-0.25, 0.25) (main effects and weaker interactions of every order up
	 * to that size; shapiq's generator draws sizes uniformly up to {@code n} by default).
	 */
	public static SoumGame planted(int players, int pairs, int triples, int background, int largestBackground,
		long seed)
	{
		if (2 * pairs + 3 * triples > players)
			throw new IllegalArgumentException(pairs + " pairs and " + triples + " triples need more than " + players +
				" players");
		SplittableRandom random = new SplittableRandom(seed);
		int[] order = permutation(players, random);
		List<Unanimity> sets = new ArrayList<>();
		int next = 0;
		for (int t = 0; t < pairs + triples; t++) {
			int size = t < pairs ? 2 : 3;
			double magnitude = 0.5 + 0.5 * random.nextDouble();
			sets.add(new Unanimity(Arrays.copyOfRange(order, next, next + size),
				random.nextBoolean() ? magnitude : -magnitude, true));
			next += size;
		}
		for (int t = 0; t < background; t++) {
			int size = 1 + random.nextInt(Math.min(largestBackground, players));
			int[] members = Arrays.copyOf(permutation(players, random), size);
			sets.add(new Unanimity(members, 0.25 * (2 * random.nextDouble() - 1), false));
		}
		return new SoumGame(players, sets);
	}

	private static int[] permutation(int n, SplittableRandom random) {
		int[] p = new int[n];
		for (int i = 0; i < n; i++)
			p[i] = i;
		for (int i = n - 1; i > 0; i--) {
			int j = random.nextInt(i + 1);
			int t = p[i];
			p[i] = p[j];
			p[j] = t;
		}
		return p;
	}

	public int players() {
		return players;
	}

	public List<Unanimity> sets() {
		return sets;
	}

	/** The noiseless worth of the coalition of kept players. */
	public double value(boolean[] coalition) {
		double v = 0;
		for (Unanimity u : sets)
			if (u.containedIn(coalition)) v += u.coefficient();
		return v;
	}

	/** The exact Banzhaf interaction of {@code i} and {@code j} at keep probability {@code p} (class comment). */
	public double banzhafInteraction(int i, int j, double p) {
		return banzhafInteractions(p)[CorrelationMeasure.pairIndex(players, i, j)];
	}

	/** Every pair's exact Banzhaf interaction at keep probability {@code p}, in pair-index order. */
	public double[] banzhafInteractions(double p) {
		double[] exact = new double[CorrelationMeasure.pairCount(players)];
		for (Unanimity u : sets) {
			int[] m = u.members();
			double weight = u.coefficient() * Math.pow(p, m.length - 2);
			for (int a = 0; a < m.length; a++)
				for (int b = a + 1; b < m.length; b++)
					exact[CorrelationMeasure.pairIndex(players, m[a], m[b])] += weight;
		}
		return exact;
	}

	/** Per pair: whether both players lie in one planted set (the pairs a detector should find). */
	public boolean[] plantedPairs() {
		boolean[] planted = new boolean[CorrelationMeasure.pairCount(players)];
		for (Unanimity u : sets) {
			if (!u.planted()) continue;
			int[] m = u.members();
			for (int a = 0; a < m.length; a++)
				for (int b = a + 1; b < m.length; b++)
					planted[CorrelationMeasure.pairIndex(players, m[a], m[b])] = true;
		}
		return planted;
	}

	/** The game as a model to explain: every call adds independent Gaussian noise of sd {@code noise}. */
	public Model model(double noise, long noiseSeed) {
		return new Model(noise, new SplittableRandom(noiseSeed));
	}

	/** A noisy, call-counting view of the game. */
	public final class Model implements ToDoubleFunction<boolean[]> {
		private final double noise;
		private final SplittableRandom random;
		private long calls;

		private Model(double noise, SplittableRandom random) {
			this.noise = noise;
			this.random = random;
		}

		@Override
		public double applyAsDouble(boolean[] coalition) {
			calls++;
			double v = value(coalition);
			return noise > 0 ? v + noise * random.nextGaussian() : v;
		}

		/** Model calls so far. */
		public long calls() {
			return calls;
		}

		public SoumGame game() {
			return SoumGame.this;
		}
	}
}
