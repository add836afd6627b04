package io.github.ablationca.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * The null calibration reproduces what the statistics show when nothing interacts: on an additive game (where the
 * observed values are themselves a null draw) the calibrated maximum |r| matches the average observed one over many
 * games, and a planted interaction stands out above it.
 */
class NullCalibrationTest {

	private static SampleMatrix game(int n, int m, double synergy, long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		double[] weight = new double[n];
		for (int i = 0; i < n; i++)
			weight[i] = random.nextGaussian();
		MaskSampler sampler = new MaskSampler(n, 0.5, SamplingScheme.INDEPENDENT, seed);
		SampleMatrix matrix = new SampleMatrix(n, m);
		boolean[] keep = new boolean[n];
		for (int k = 0; k < m; k++) {
			sampler.next(keep);
			double y = random.nextGaussian();
			for (int i = 0; i < n; i++)
				if (keep[i]) y += weight[i];
			if (keep[0] && keep[1]) y += synergy;
			matrix.add(keep, y);
		}
		return matrix;
	}

	@Test
	void onAdditiveGamesTheNullMatchesWhatIsObserved() {
		int games = 30;
		double observed = 0, calibrated = 0, observedSignificant = 0, calibratedSignificant = 0;
		for (int g = 0; g < games; g++) {
			SampleMatrix m = game(20, 300, 0, g);
			CorrelationMeasure.Result r = CorrelationMeasure.PEARSON.measure(m);
			observed += NullCalibration.maxAbsCorrelation(r) / games;
			observedSignificant += (double) NullCalibration.significantPairs(r, 0.05) / games;
			NullCalibration nul = NullCalibration.of(m, CorrelationMeasure.PEARSON, 0.05, 10, g);
			calibrated += nul.maxAbsCorrelation() / games;
			calibratedSignificant += nul.significantPairs() / games;
		}
		// 190 pairs, df 279: the largest of 190 |r| of sd 1/sqrt(279) is about 0.18. Both averages estimate it; their
		// spread over 30 games is about 0.004.
		assertEquals(observed, calibrated, 0.015, "observed " + observed + " vs null " + calibrated);
		assertTrue(observed > 0.14 && observed < 0.24, "max |r| " + observed);
		assertTrue(observedSignificant < 0.2 && calibratedSignificant < 0.2,
			observedSignificant + " / " + calibratedSignificant);
	}

	@Test
	void aPlantedInteractionStandsOutAndTheShufflesAreReproducible() {
		SampleMatrix m = game(20, 300, 3, 7);
		CorrelationMeasure.Result r = CorrelationMeasure.PEARSON.measure(m);
		NullCalibration nul = NullCalibration.of(m, CorrelationMeasure.PEARSON, 0.05, 10, 1);
		assertTrue(NullCalibration.maxAbsCorrelation(r) > 2 * nul.maxAbsCorrelation(), r + " vs " + nul);
		assertTrue(NullCalibration.significantPairs(r, 0.05) >= 1);
		assertTrue(nul.significantPairs() < 1, "the shuffled residuals carry no interaction: " + nul);
		assertEquals(nul, NullCalibration.of(m, CorrelationMeasure.PEARSON, 0.05, 10, 1));
	}

	@Test
	void measureEachSharesTheDesignAndAgreesWithSeparateFits() {
		SampleMatrix m = game(8, 60, 1, 3);
		double[] other = m.scores().clone();
		for (int k = 0; k < other.length; k++)
			other[k] = other[k] * 2 + Math.sin(k);
		List<CorrelationMeasure.Result> both = CorrelationMeasure.PEARSON.measureEach(m, List.of(m.scores(), other));
		CorrelationMeasure.Result separate = CorrelationMeasure.PEARSON.measure(m.withScores(other));
		assertEquals(java.util.Arrays.toString(CorrelationMeasure.PEARSON.measure(m).pValue()),
			java.util.Arrays.toString(both.get(0).pValue()));
		assertEquals(java.util.Arrays.toString(separate.interaction()), java.util.Arrays.toString(both.get(1).interaction()));
	}
}
