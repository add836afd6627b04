package io.github.ablationca.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Small parts of the engine by hand: timings, the ensemble's seeds, pair positions, sampler bounds, the logger. */
class EngineDetailsTest {

	@Test
	void theShareOutsideTheModelIsTheRestOfTheTotal() {
		assertEquals(0.25, new Explanation.Timings(0.5, 3, 4).outsideModelFraction(), 1e-15);
		assertEquals(1, new Explanation.Timings(0, 0, 2).outsideModelFraction(), 1e-15);
		assertEquals(0, new Explanation.Timings(0, 0, 0).outsideModelFraction());
		assertEquals(0, new Explanation.Timings(0, 1, -1).outsideModelFraction());
	}

	@Test
	void ensembleMembersDrawMasksFromTheirOwnSeeds() {
		for (long run : new long[] {0, 1, 42, -5, Long.MAX_VALUE}) {
			Set<Long> seeds = new HashSet<>();
			seeds.add(run);
			for (int member = 0; member < 6; member++)
				assertTrue(seeds.add(HeatmapEnsemble.seed(run, member)), "run " + run + ", member " + member);
		}
	}

	@Test
	void pairPositionsAreTheRowMajorUpperTriangle() {
		int n = 4, k = 0;
		for (int a = 0; a < n; a++)
			for (int b = a + 1; b < n; b++, k++) {
				assertEquals(k, CorrelationMeasure.pairIndex(n, a, b));
				assertEquals(k, CorrelationMeasure.pairIndex(n, b, a));
			}
		assertEquals(CorrelationMeasure.pairCount(n), k);
		for (int[] bad : new int[][] {{4, 0}, {0, 4}, {-1, 2}, {2, -1}, {3, 3}})
			assertThrows(IllegalArgumentException.class, () -> CorrelationMeasure.pairIndex(n, bad[0], bad[1]));
	}

	@Test
	void keepProbabilitiesOfZeroAndOneAreRefused() {
		for (double p : new double[] {0, 1, -0.1, 1.5, Double.NaN})
			assertThrows(IllegalArgumentException.class, () -> new MaskSampler(3, p, SamplingScheme.INDEPENDENT, 1));
		new MaskSampler(3, Math.ulp(0.0), SamplingScheme.INDEPENDENT, 1);
		new MaskSampler(3, Math.nextDown(1.0), SamplingScheme.INDEPENDENT, 1);
	}

	@Test
	void theStandardErrorLoggerWritesLinesAndMarksWarnings() {
		PrintStream before = System.err;
		ByteArrayOutputStream buffer = new ByteArrayOutputStream();
		try {
			System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
			EngineLogger.STDERR.log("a message");
			EngineLogger.STDERR.warn("a problem");
			EngineLogger.NONE.log("nothing");
			EngineLogger.NONE.warn("nothing");
		}
		finally {
			System.setErr(before);
		}
		assertEquals("a message" + System.lineSeparator() + "WARNING: a problem" + System.lineSeparator(), buffer
			.toString(StandardCharsets.UTF_8));
		assertNotEquals(EngineLogger.NONE, EngineLogger.STDERR);
	}
}
