package io.github.ablationca.bench;

import io.github.ablationca.engine.ArchDetect;
import io.github.ablationca.engine.ExplainSettings;
import io.github.ablationca.engine.PairEstimates;
import io.github.ablationca.engine.SoumGame;

import java.util.Locale;

/**
 * Known-answer games for the pair analysis: the engine's statistics at their defaults (500 samples, keep probability
 * 0.5, independent masks, Benjamini-Hochberg at q = 0.05) against an ArchDetect-style estimator at its own budget
 * ({@link ArchDetect}: {@code 2 (1 + n + n(n-1)/2)} calls), on sum-of-unanimity games whose exact Banzhaf
 * interactions at p = 0.5 are known ({@link SoumGame}: 4 planted pairs and 2 planted triples, coefficients of
 * magnitude 0.5..1, over n background unanimity sets with coefficients in +-0.25 and 1..4 players, or 1..n players
 * as shapiq's generator draws them), with Gaussian noise of sd {@code sigma} on every model call.
 * <p>
 * Per estimator, the mean over seeds of: power (share of the 10 pairs inside planted sets that are detected), the
 * false-discovery share (detected pairs whose exact interaction is 0; 0 when none is detected), shapiq's
 * Precision@10 (overlap of the 10 pairs ranked first with the 10 largest |exact| interactions), Kendall's tau-b
 * between signed estimates and exact interactions over all pairs, and for ours the share of 95% intervals that cover
 * the exact value. Ours ranks by |estimate| and detects {@code q < 0.05}; ArchDetect gives the average of its two
 * contexts as the signed estimate, ranks by Archipelago's strength {@code (a^2 + b^2) / 2} and detects two ways:
 * strength above 1e-10 (Archipelago's floor) and the top k with k = the number of planted pairs (an oracle it would
 * not have). Prints a CSV (every column of the three), then a markdown table (ours and ArchDetect top-k).
 * <p>
 * Run: {@code mvn -q -B test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.github.ablationca.bench.SoumBench [-Dexec.args="50"]}
 */
public final class SoumBench {

	static final int PAIRS = 4, TRIPLES = 2, SMALL = 4;
	static final int[] OBJECTS = {20, 30, 50};

	/** A game family: the largest background unanimity set (SMALL or every size up to n) and the noise sd. */
	record Setting(boolean broad, double noise) {
		String background() {
			return broad ? "1..n" : "1.." + SMALL;
		}
	}

	static final Setting[] SETTINGS = {new Setting(false, 0), new Setting(false, 0.1), new Setting(false, 0.5),
		new Setting(true, 0)};

	/** Sums over seeds of one estimator's scores. */
	static final class Score {
		double power, falseShare, precision, tau, coverage, calls;
		int runs;

		void add(PairEstimates e, SoumGame game, double[] exact) {
			power += e.power(game.plantedPairs());
			falseShare += e.falseDiscoveryShare(exact);
			precision += e.precisionAt(10, exact);
			tau += e.kendallTau(exact);
			coverage += e.coverage(exact);
			calls += e.calls();
			runs++;
		}

		double mean(double sum) {
			return sum / runs;
		}
	}

	public static void main(String[] args) {
		int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 50;
		ExplainSettings defaults = new ExplainSettings();
		StringBuilder markdown = new StringBuilder();
		markdown.append("| n | background set sizes | noise sd | model calls ours / AD | power ours / AD top-k | ")
			.append("false-discovery share ours / AD top-k | Precision@10 ours / AD | Kendall tau ours / AD | ")
			.append("95% coverage ours |\n|---|---|---|---|---|---|---|---|---|\n");
		System.out.println("objects,background,noise,estimator,calls,power,false_discovery_share,precision_at_10," +
			"kendall_tau,coverage_95");
		for (int n : OBJECTS)
			for (Setting setting : SETTINGS) {
				double noise = setting.noise();
				Score ours = new Score(), floor = new Score(), top = new Score();
				for (int seed = 0; seed < seeds; seed++) {
					SoumGame game = SoumGame.planted(n, PAIRS, TRIPLES, n, setting.broad() ? n : SMALL,
						1000L * n + seed);
					double[] exact = game.banzhafInteractions(defaults.keepProbability);
					int planted = 0;
					for (boolean b : game.plantedPairs())
						if (b) planted++;
					ExplainSettings settings = defaults.copy();
					settings.seed = seed;
					ours.add(PairEstimates.engine(game.model(noise, 17L * seed + 1), n, settings), game, exact);
					ArchDetect.Result ad = ArchDetect.detect(game.model(noise, 31L * seed + 2), n);
					floor.add(PairEstimates.archDetect(ad, ad.detectedAboveFloor()), game, exact);
					top.add(PairEstimates.archDetect(ad, ad.detectedTop(planted)), game, exact);
				}
				print(n, setting, "ours", ours);
				print(n, setting, "archdetect_floor", floor);
				print(n, setting, "archdetect_top_k", top);
				markdown.append(String.format(Locale.ROOT,
					"| %d | %s | %.2f | %.0f / %.0f | %.2f / %.2f | %.2f / %.2f | %.2f / %.2f | %.2f / %.2f | %.3f |%n",
					n, setting.background(), noise, ours.mean(ours.calls), top.mean(top.calls),
					ours.mean(ours.power), top.mean(top.power), ours.mean(ours.falseShare), top.mean(top.falseShare),
					ours.mean(ours.precision), top.mean(top.precision), ours.mean(ours.tau), top.mean(top.tau),
					ours.mean(ours.coverage)));
			}
		System.out.println();
		System.out.printf(Locale.ROOT, "%d seeds per row, means over seeds%n%n", seeds);
		System.out.print(markdown);
	}

	private static void print(int n, Setting setting, String name, Score s) {
		System.out.printf(Locale.ROOT, "%d,%s,%.2f,%s,%.0f,%.4f,%.4f,%.4f,%.4f,%.4f%n", n, setting.background(),
			setting.noise(), name, s.mean(s.calls),
			s.mean(s.power), s.mean(s.falseShare), s.mean(s.precision), s.mean(s.tau), s.mean(s.coverage));
	}
}
