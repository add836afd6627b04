package io.github.ablationca.metric;

import io.github.ablationca.classifier.Classifier;
import io.github.ablationca.engine.AblationRenderer;
import io.github.ablationca.engine.EngineLogger;
import io.github.ablationca.engine.ExplainSettings;
import io.github.ablationca.engine.Explanation;
import io.github.ablationca.engine.FillImages;
import io.github.ablationca.engine.HeatmapValues;
import io.github.ablationca.engine.PairRelation;
import io.github.ablationca.image.BilinearResize;
import io.github.ablationca.image.RgbImage;
import io.github.ablationca.run.ExplainRunner;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Do a run's pairs hold up under fresh model calls? Two checks, both on the run's own objects, fill, score scale and
 * keep probability:
 * <ol>
 * <li><b>Replication.</b> A second run with an independent seed and the same budget: the share of the first run's
 * significant pairs whose interaction has the same sign there.</li>
 * <li><b>Direct four-point differences.</b> For each of the top pairs {@code (i, j)} (by rank), the mean over
 * {@code contexts} fresh random contexts {@code S} of the other objects (each kept with the keep probability) of
 * {@code f(S+i+j) - f(S+i) - f(S+j) + f(S)}: an unbiased estimate of the same Banzhaf interaction that needs no
 * regression, and whether its sign is the estimate's.</li>
 * </ol>
 * Cost: {@code 1 + n + samples} calls for the second run, {@code 4 * contexts} per checked pair.
 *
 * <pre>{@code
 * PairChecks.Result r = new PairChecks(5, 100).check(classifier, image, explanation, settings);
 * double replicated = r.replicatedShare();
 * }</pre>
 */
public final class PairChecks {

	public static final int DEFAULT_TOP_PAIRS = 5, DEFAULT_CONTEXTS = 100;

	/** Seed offsets: the checks never reuse the run's random streams. */
	private static final long REPLICATION_SEED = 0x9E3779B97F4A7C15L, CONTEXT_SEED = 0xC2B2AE3D27D4EB4FL;

	private final int topPairs, contexts;

	public PairChecks() {
		this(DEFAULT_TOP_PAIRS, DEFAULT_CONTEXTS);
	}

	/**
	 * @param topPairs pairs to check directly (the run's first by rank); 0 = replication only
	 * @param contexts random contexts per checked pair, at least 1
	 */
	public PairChecks(int topPairs, int contexts) {
		if (topPairs < 0 || contexts < 1)
			throw new IllegalArgumentException("top pairs must be 0 or more and contexts at least 1");
		this.topPairs = topPairs;
		this.contexts = contexts;
	}

	/**
	 * One directly checked pair (0-based objects).
	 *
	 * @param estimate the run's interaction estimate
	 * @param direct mean four-point difference over the contexts
	 * @param directError its standard error
	 */
	public record CheckedPair(int a, int b, boolean significant, double estimate, double direct, double directError) {
		public boolean agrees() {
			return Math.signum(direct) == Math.signum(estimate) && estimate != 0;
		}
	}

	/**
	 * @param significantPairs significant pairs of the run
	 * @param replicatedSigns of those, pairs whose interaction has the same sign in the independent run
	 * @param checked the directly checked pairs
	 * @param modelCalls the checks' own calls
	 */
	public record Result(int objects, int significantPairs, int replicatedSigns, List<CheckedPair> checked,
		long modelCalls)
	{
		/** NaN without significant pairs. */
		public double replicatedShare() {
			return significantPairs == 0 ? Double.NaN : (double) replicatedSigns / significantPairs;
		}

		public int agreeing() {
			return (int) checked.stream().filter(CheckedPair::agrees).count();
		}

		/** NaN without checked pairs. */
		public double agreement() {
			return checked.isEmpty() ? Double.NaN : (double) agreeing() / checked.size();
		}

		public int checkedSignificant() {
			return (int) checked.stream().filter(CheckedPair::significant).count();
		}
	}

	/**
	 * @param run the run to check (with its pairs, objects and target)
	 * @param settings the settings of that run (segments are {@code run.labels()})
	 */
	public Result check(Classifier classifier, RgbImage image, Explanation run, ExplainSettings settings) {
		if (run.sampleMatrix() == null)
			throw new IllegalArgumentException("The run has no Monte Carlo samples, so no pairs to check.");
		ExplainSettings s = settings.copy();
		s.target = Integer.toString(run.targetIndex());
		s.seed = settings.seed ^ REPLICATION_SEED;
		s.heatmap = HeatmapValues.MAIN_EFFECT; // the replication needs the pairs only
		Explanation second = new ExplainRunner(classifier, s, EngineLogger.NONE).explain(image, run.labels(), null);
		long calls = second.modelCalls();
		int significant = 0, replicated = 0;
		for (PairRelation p : run.pairs()) {
			if (!p.significant()) continue;
			significant++;
			PairRelation q = second.pair(p.a(), p.b());
			if (q != null && Math.signum(q.interaction()) == Math.signum(p.interaction())) replicated++;
		}

		List<CheckedPair> checked = new ArrayList<>();
		List<PairRelation> top = run.pairs().subList(0, Math.min(topPairs, run.pairs().size()));
		if (!top.isEmpty()) {
			BilinearResize resize = BilinearResize.of(image.width(), image.height(), classifier.inputWidth(),
				classifier.inputHeight(), settings.resize);
			AblationRenderer renderer = new AblationRenderer(image, FillImages.fill(image, settings, resize),
				run.labels(), resize);
			SplittableRandom random = new SplittableRandom(settings.seed ^ CONTEXT_SEED);
			for (PairRelation p : top) {
				double[] differences = fourPointDifferences(classifier, renderer, p.a(), p.b(), run.targetIndex(),
					settings, random);
				calls += 4L * contexts;
				double mean = 0, square = 0;
				for (double d : differences)
					mean += d / contexts;
				for (double d : differences)
					square += (d - mean) * (d - mean);
				double error = contexts > 1 ? Math.sqrt(square / (contexts - 1) / contexts) : Double.NaN;
				checked.add(new CheckedPair(p.a(), p.b(), p.significant(), p.interaction(), mean, error));
			}
		}
		return new Result(run.segments(), significant, replicated, List.copyOf(checked), calls);
	}

	/** One four-point difference per context, on the run's score scale; images go to the model in batches. */
	private double[] fourPointDifferences(Classifier classifier, AblationRenderer renderer, int a, int b, int target,
		ExplainSettings settings, SplittableRandom random)
	{
		int n = renderer.objects(), size = renderer.imageSize();
		int perBatch = Math.max(1, settings.batchSize / 4);
		float[] batch = new float[Math.multiplyExact(4 * perBatch, size)];
		double[] out = new double[contexts];
		boolean[] keep = new boolean[n];
		for (int first = 0; first < contexts; first += perBatch) {
			int count = Math.min(perBatch, contexts - first);
			for (int c = 0; c < count; c++) {
				for (int i = 0; i < n; i++)
					keep[i] = random.nextDouble() < settings.keepProbability;
				// S+i+j, S+i, S+j, S
				for (int v = 0; v < 4; v++) {
					keep[a] = v == 0 || v == 1;
					keep[b] = v == 0 || v == 2;
					renderer.render(keep, batch, (4 * c + v) * size);
				}
			}
			float[][] probabilities = classifier.predict(batch, 4 * count);
			for (int c = 0; c < count; c++) {
				double[] f = new double[4];
				for (int v = 0; v < 4; v++)
					f[v] = settings.scoreScale.apply(probabilities[4 * c + v][target]);
				out[first + c] = f[0] - f[1] - f[2] + f[3];
			}
		}
		return out;
	}

	@Override
	public String toString() {
		return String.format(Locale.ROOT, "PairChecks(top %d, %d contexts)", topPairs, contexts);
	}
}
