package io.github.ablationca.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ablationca.image.ResizeMode;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The engine against classifiers whose answer is known by construction (see {@link OracleClassifier}), on a scene of
 * 40 objects of which at most four matter, with the DEFAULT settings (40 segments' worth of objects, 500 samples):
 * every test also checks the budget of at most 800 model calls (a fifth of RISE's default 4000).
 */
class EngineOracleTest {

	static final int A = OracleScene.object(2, 1), B = OracleScene.object(5, 3), C = OracleScene.object(6, 1),
		D = OracleScene.object(1, 4);

	private final OracleScene scene = new OracleScene();

	private Explanation explain(OracleClassifier classifier, ExplainSettings settings) {
		int before = classifier.imagesSeen;
		Explanation e = new AblationCaEngine(classifier).explain(scene.img(), scene.labelImage(), settings, null);
		int ensemble = e.heatmapValues() == HeatmapValues.ENSEMBLE ? HeatmapEnsemble.extraCalls(settings) : 0;
		assertEquals(1 + OracleScene.OBJECTS + settings.samples + ensemble, e.modelCalls());
		assertEquals(e.modelCalls(), classifier.imagesSeen - before, "model calls counted = images classified");
		return e;
	}

	private static ExplainSettings defaults(long seed) {
		ExplainSettings s = new ExplainSettings();
		s.seed = seed;
		return s;
	}

	private static void assertBudget(Explanation e) {
		// a fifth of RISE's 4000 masks
		assertTrue(e.modelCalls() <= 800, "default settings used " + e.modelCalls() + " model calls");
	}

	// ---- additive ----

	private static final int[] ADDITIVE = {A, B, C, D};
	private static final double[] WEIGHTS = {2.0, 1.2, 0.6, 0.3};

	private static double additiveLogit(double[] v) {
		double s = -1;
		for (int r = 0; r < WEIGHTS.length; r++)
			s += WEIGHTS[r] * v[r];
		return s;
	}

	private void assertAdditive(Explanation e, double tolerance) {
		for (int r = 0; r < ADDITIVE.length; r++) {
			ObjectInfo o = e.objects().get(ADDITIVE[r]);
			assertEquals(WEIGHTS[r], o.contribution(), tolerance, "contribution of planted object " + o.id());
			assertEquals(r + 1, o.rank(), "rank of planted object " + o.id());
		}
		for (ObjectInfo o : e.objects())
			if (IntStream.of(ADDITIVE).noneMatch(i -> i == o.index()))
				assertTrue(Math.abs(o.contribution()) < 0.01, "ignored object " + o.id() + " got " + o.contribution());
		// The heatmap ranks the objects in planted order: mean heat per object, highest first.
		double[] heat = new double[OracleScene.OBJECTS];
		int[] area = new int[OracleScene.OBJECTS];
		for (int p = 0; p < e.heatmap().length; p++) {
			heat[scene.labels[p]] += e.heatmap()[p];
			area[scene.labels[p]]++;
		}
		Integer[] order = IntStream.range(0, OracleScene.OBJECTS).boxed().toArray(Integer[]::new);
		Arrays.sort(order, Comparator.comparingDouble(i -> -heat[i] / area[i]));
		assertArrayEquals(Arrays.stream(ADDITIVE).boxed().toArray(), Arrays.copyOf(order, ADDITIVE.length));
	}

	@Test
	void additiveContributionsEqualPlantedWeights() {
		OracleClassifier classifier = OracleClassifier.logit(scene, ADDITIVE, EngineOracleTest::additiveLogit);
		Explanation e = explain(classifier, defaults(1));
		assertBudget(e);
		assertEquals(1, e.targetIndex());
		assertEquals("planted", e.targetLabel());
		assertEquals(1 / (1 + Math.exp(-(-1 + 4.1))), e.targetProbability(), 1e-6);
		assertEquals(ScoreScale.LOG_ODDS, e.scoreScale());
		assertAdditive(e, 1e-3);
		// Additive on the log-odds: the Monte Carlo main effects equal the weights too, and no pair is related.
		for (int r = 0; r < ADDITIVE.length; r++)
			assertEquals(WEIGHTS[r], e.objects().get(ADDITIVE[r]).mainEffect(), 1e-3);
		assertTrue(e.pairs().stream().noneMatch(PairRelation::significant), "an additive score has no relations");
		assertTrue(e.groups().isEmpty());
	}

	@Test
	void additiveInProbabilityOnTheProbabilityScale() {
		double[] w = {0.3, 0.2, 0.1, 0.05};
		OracleClassifier classifier = new OracleClassifier(scene, OracleScene.WIDTH, OracleScene.HEIGHT,
			ResizeMode.STRETCH, ADDITIVE, v -> 0.1 + w[0] * v[0] + w[1] * v[1] + w[2] * v[2] + w[3] * v[3], true);
		ExplainSettings s = defaults(1);
		s.scoreScale = ScoreScale.PROBABILITY;
		Explanation e = explain(classifier, s);
		for (int r = 0; r < ADDITIVE.length; r++)
			assertEquals(w[r], e.objects().get(ADDITIVE[r]).contribution(), 1e-5);
		assertEquals(ScoreScale.PROBABILITY, e.scoreScale());
	}

	/** Model input of another size than the image: the renderer's resize taps are exercised for real. */
	@ParameterizedTest
	@ValueSource(strings = {"40x25 STRETCH", "120x75 STRETCH", "37x61 STRETCH", "64x64 CENTER_CROP"})
	void additiveAtAnotherModelSize(String spec) {
		String[] parts = spec.split("[x ]");
		int w = Integer.parseInt(parts[0]), h = Integer.parseInt(parts[1]);
		ResizeMode mode = ResizeMode.valueOf(parts[2]);
		OracleClassifier classifier = new OracleClassifier(scene, w, h, mode, ADDITIVE,
			EngineOracleTest::additiveLogit, false);
		ExplainSettings s = defaults(1);
		s.resize = mode;
		Explanation e = explain(classifier, s);
		assertAdditive(e, 1e-3);
	}

	@ParameterizedTest
	@EnumSource(FillMode.class)
	void additiveWithEveryFillMode(FillMode fill) {
		OracleClassifier classifier = OracleClassifier.logit(scene, ADDITIVE, EngineOracleTest::additiveLogit);
		ExplainSettings s = defaults(1);
		s.fill = fill;
		s.samples = 0; // the sensitivity analysis is what depends on the fill
		assertAdditive(explain(classifier, s), 1e-3);
	}

	@Test
	void targetByLabelOrIndexSelectsTheClass() {
		OracleClassifier classifier = OracleClassifier.logit(scene, ADDITIVE, EngineOracleTest::additiveLogit);
		ExplainSettings s = defaults(1);
		s.samples = 0;
		s.target = "other";
		Explanation other = explain(classifier, s);
		assertEquals(0, other.targetIndex());
		assertEquals("other", other.targetLabel());
		// log-odds of the other class = -log-odds of "planted": the contributions flip sign.
		for (int r = 0; r < ADDITIVE.length; r++)
			assertEquals(-WEIGHTS[r], other.objects().get(ADDITIVE[r]).contribution(), 1e-3);
		s.target = "1";
		assertEquals(1, explain(classifier, s).targetIndex());
		s.target = " Planted ";
		assertEquals(1, explain(classifier, s).targetIndex());
	}

	// ---- synergy and redundancy ----

	static final int[] WATCHED = {A, B, C, D};

	static double synergyLogit(double[] v) {
		return -2 + 3 * v[0] * v[1] + 1.5 * v[2] + 0.4 * v[3];
	}

	static double redundancyLogit(double[] v) {
		return -2 + 3 * Math.max(v[0], v[1]) + 1.5 * v[2] + 0.4 * v[3];
	}

	@ParameterizedTest
	@ValueSource(longs = {1, 2, 3, 4, 5})
	void synergyIsTheTopPairForEverySeed(long seed) {
		OracleClassifier classifier = OracleClassifier.logit(scene, WATCHED, EngineOracleTest::synergyLogit);
		Explanation e = explain(classifier, defaults(seed));
		assertBudget(e);
		PairRelation top = e.pairs().get(0);
		assertEquals(List.of(A, B), List.of(top.a(), top.b()), "top pair for seed " + seed);
		assertEquals(1, top.rank());
		assertTrue(top.significant());
		assertTrue(top.correlation() > 0.5, "synergy is positive: " + top.correlation());
		assertEquals(3, top.interaction(), 0.05, "Banzhaf interaction of 3 vA vB");
		assertTrue(top.qValue() < 1e-3, "q-value " + top.qValue());
		assertTrue(top.interactionLow() <= 3 + 1e-9 && 3 - 1e-9 <= top.interactionHigh(),
			"the 95% interval holds the true interaction 3: " + top);
		for (PairRelation p : e.pairs())
			if (p.significant()) assertFalse(p.a() == C || p.b() == C, "C acts alone but is in " + p);
		ObjectGroup group = e.groups().get(0);
		assertArrayEquals(new int[] {A, B}, group.members());
		assertEquals(1, group.rank());
		assertTrue(group.meanCorrelation() > 0);
		// Main effects: A and B each half the interaction, C its weight; within 3 standard errors
		// (2 sd(residual) / sqrt(M) = 2 * 0.75 / sqrt(500) = 0.067).
		assertEquals(1.5, e.objects().get(A).mainEffect(), 0.2);
		assertEquals(1.5, e.objects().get(C).mainEffect(), 0.2);
	}

	@Test
	void redundancyIsFoundWithTheOppositeSign() {
		Explanation synergy = explain(OracleClassifier.logit(scene, WATCHED, EngineOracleTest::synergyLogit),
			defaults(11));
		Explanation redundancy = explain(OracleClassifier.logit(scene, WATCHED, EngineOracleTest::redundancyLogit),
			defaults(11));
		assertBudget(redundancy);
		PairRelation pair = redundancy.pair(A, B);
		assertNotNull(pair);
		assertEquals(1, pair.rank(), "the redundant pair is the top pair");
		assertTrue(pair.significant());
		assertTrue(pair.correlation() < -0.5, "redundancy is negative: " + pair.correlation());
		assertEquals(-3, pair.interaction(), 0.05);
		assertTrue(Math.signum(pair.correlation()) != Math.signum(synergy.pair(A, B).correlation()));
		// The paper's single ablation misses both (the other one still suffices); the main effect does not.
		assertTrue(Math.abs(redundancy.objects().get(A).contribution()) < 0.01);
		assertTrue(Math.abs(redundancy.objects().get(B).contribution()) < 0.01);
		assertEquals(1.5, redundancy.objects().get(A).mainEffect(), 0.2);
		assertEquals(1.5, redundancy.objects().get(B).mainEffect(), 0.2);
		for (PairRelation p : redundancy.pairs())
			if (p.significant()) assertFalse(p.a() == C || p.b() == C, "C acts alone but is in " + p);
	}

	/** The main-effect heatmap paints what the single-ablation heatmap misses: both redundant objects. */
	@Test
	void mainEffectHeatmapShowsRedundantObjects() {
		ExplainSettings s = defaults(11);
		s.heatmap = HeatmapValues.MAIN_EFFECT;
		Explanation e = explain(OracleClassifier.logit(scene, WATCHED, EngineOracleTest::redundancyLogit), s);
		assertEquals(HeatmapValues.MAIN_EFFECT, e.heatmapValues());
		int[] labels = scene.labelImage().labels();
		for (int p = 0; p < labels.length; p++)
			assertEquals((float) e.objects().get(labels[p]).mainEffect(), e.heatmap()[p]);
		double a = e.heatmap()[pixelOf(A)], b = e.heatmap()[pixelOf(B)], c = e.heatmap()[pixelOf(C)];
		assertEquals(1.5, a, 0.2);
		assertEquals(1.5, b, 0.2);
		assertEquals(1.5, c, 0.2);
		// same run, contribution heatmap: A and B are about 0 (either one still suffices)
		s.heatmap = HeatmapValues.CONTRIBUTION;
		Explanation paper = explain(OracleClassifier.logit(scene, WATCHED, EngineOracleTest::redundancyLogit), s);
		assertEquals(HeatmapValues.CONTRIBUTION, paper.heatmapValues());
		assertTrue(Math.abs(paper.heatmap()[pixelOf(A)]) < 0.01 && Math.abs(paper.heatmap()[pixelOf(B)]) < 0.01);
	}

	private int pixelOf(int object) {
		int[] labels = scene.labelImage().labels();
		for (int p = 0; p < labels.length; p++)
			if (labels[p] == object) return p;
		throw new AssertionError("object " + object + " has no pixels");
	}

	/**
	 * One visual object split into two superpixels, additive on the log-odds: on the probability scale the
	 * saturation near 1 makes the halves look redundant; on the log-odds (default) they do not.
	 */
	@Test
	void logOddsRemovesTheSaturationArtefactOfProbabilities() {
		int[] halves = {A, A + 1};
		OracleClassifier.Score logit = v -> -1 + 3.5 * v[0] + 3.5 * v[1];
		ExplainSettings s = defaults(4);
		Explanation logOdds = explain(OracleClassifier.logit(scene, halves, logit), s);
		assertFalse(logOdds.pair(A, A + 1).significant(), "additive on the log-odds: " + logOdds.pair(A, A + 1));
		s.scoreScale = ScoreScale.PROBABILITY;
		Explanation probability = explain(OracleClassifier.logit(scene, halves, logit), s);
		PairRelation saturated = probability.pair(A, A + 1);
		assertTrue(saturated.significant() && saturated.correlation() < 0, "saturation artefact: " + saturated);
	}

	// ---- reproducibility ----

	/** A score with structure everywhere: a planted synergy plus a smooth nonlinear function of all objects. */
	static double richLogit(double[] v) {
		double wave = 0;
		for (int i = 0; i < v.length; i++)
			wave += 0.35 * ((i * 37 % 11) - 5) / 5.0 * v[i];
		return -2 + 3 * v[A] * v[B] + 1.5 * v[C] + 0.8 * Math.sin(wave);
	}

	private OracleClassifier rich() {
		return OracleClassifier.logit(scene, IntStream.range(0, OracleScene.OBJECTS).toArray(),
			EngineOracleTest::richLogit);
	}

	@Test
	void sameSeedGivesIdenticalResults() {
		Explanation first = explain(rich(), defaults(7));
		Explanation second = explain(rich(), defaults(7));
		assertArrayEquals(first.heatmap(), second.heatmap());
		assertEquals(first.objects(), second.objects());
		assertEquals(first.pairs(), second.pairs());
		assertEquals(first.groups().size(), second.groups().size());
		for (int g = 0; g < first.groups().size(); g++) {
			assertArrayEquals(first.groups().get(g).members(), second.groups().get(g).members());
			assertEquals(first.groups().get(g).score(), second.groups().get(g).score());
		}
		assertEquals(first.topPredictions(), second.topPredictions());
	}

	@Test
	void differentSeedAgreesWithinTheStatedConfidence() {
		Explanation first = explain(rich(), defaults(7));
		Explanation second = explain(rich(), defaults(8));
		// The sensitivity analysis is not random.
		for (int i = 0; i < OracleScene.OBJECTS; i++)
			assertEquals(first.objects().get(i).contribution(), second.objects().get(i).contribution());
		// Every pair: the two independent estimates of the interaction differ by less than the joint 99% bound
		// (Bonferroni over all pairs) of their stated 95% intervals (half width = 1.96 standard errors, df > 400).
		int pairs = first.pairs().size();
		double z = new NormalDistribution(null, 0, 1).inverseCumulativeProbability(1 - 0.01 / (2.0 * pairs));
		for (PairRelation p : first.pairs()) {
			PairRelation q = second.pair(p.a(), p.b());
			double se1 = (p.interactionHigh() - p.interactionLow()) / (2 * 1.96);
			double se2 = (q.interactionHigh() - q.interactionLow()) / (2 * 1.96);
			double difference = Math.abs(p.interaction() - q.interaction());
			assertTrue(difference < z * Math.hypot(se1, se2), "pair " + p + " vs " + q + ": difference " +
				difference + " > " + z * Math.hypot(se1, se2));
		}
		// The strong relation is found and ranked first by both; both intervals hold its interaction 3.
		PairRelation ab1 = first.pair(A, B), ab2 = second.pair(A, B);
		assertTrue(ab1.significant() && ab2.significant());
		assertEquals(1, ab1.rank());
		assertEquals(1, ab2.rank());
		for (PairRelation ab : List.of(ab1, ab2))
			assertTrue(ab.interactionLow() < 3 && 3 < ab.interactionHigh(), "interval " + ab);
		// Main effects agree within the same joint 99% bound, from their standard errors. The oracle sees whole
		// objects, so the measure applied to the same masks and the score function itself gives those errors.
		double[] se1 = mainEffectErrors(7), se2 = mainEffectErrors(8);
		double zMain = new NormalDistribution(null, 0, 1).inverseCumulativeProbability(1 - 0.01 / (2.0 * OracleScene.OBJECTS));
		for (int i = 0; i < OracleScene.OBJECTS; i++)
			assertEquals(first.objects().get(i).mainEffect(), second.objects().get(i).mainEffect(),
				zMain * Math.hypot(se1[i], se2[i]), "main effect of object " + (i + 1));
	}

	/** The measure's main-effect standard errors for the rich score on the engine's masks of {@code seed}. */
	private static double[] mainEffectErrors(long seed) {
		int n = OracleScene.OBJECTS, samples = new ExplainSettings().samples;
		MaskSampler sampler = new MaskSampler(n, 0.5, SamplingScheme.INDEPENDENT, seed);
		SampleMatrix matrix = new SampleMatrix(n, samples);
		boolean[] keep = new boolean[n];
		double[] visible = new double[n];
		for (int t = 0; t < samples; t++) {
			sampler.next(keep);
			for (int i = 0; i < n; i++)
				visible[i] = keep[i] ? 1 : 0;
			matrix.add(keep, richLogit(visible));
		}
		return CorrelationMeasure.PEARSON.measure(matrix).mainEffectErrors();
	}
}
