package io.github.ablationca.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ablationca.attribution.Attribution;
import io.github.ablationca.attribution.AttributionMethod;
import io.github.ablationca.attribution.AttributionRequest;
import io.github.ablationca.attribution.Fill;
import io.github.ablationca.classifier.Classifier;
import io.github.ablationca.image.RgbImage;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * Progress of an evaluation (each method's share, split 60/10/10/10/10 between the method, deletion, insertion,
 * ROAD MoRF and ROAD LeRF), the ROAD noise seeds, and the metrics' argument checks.
 */
class MetricProgressTest {

	private record Event(double fraction, String message) {}

	private static final int S = CausalMetricTest.SIZE;

	@Test
	void eachMethodGetsItsShareOfTheProgress() {
		RgbImage img = OneRegionClassifier.scene(S, S, 8, 8, 16, 16);
		OneRegionClassifier c = new OneRegionClassifier(img, 8, 8, 16, 16);
		List<Event> events = new ArrayList<>();
		AttributionMethod fails = new AttributionMethod() {
			@Override
			public String name() {
				return "fails";
			}

			@Override
			public Attribution explain(AttributionRequest r) {
				throw new IllegalStateException();
			}
		};
		AttributionMethod reports = new AttributionMethod() {
			@Override
			public String name() {
				return "reports";
			}

			@Override
			public Attribution explain(AttributionRequest r) {
				r.progress().progress(0.5, "half-way");
				return new Attribution(name(), S, S, CausalMetricTest.heatmap(true, 1), 1, 0);
			}
		};
		List<AttributionMethod> methods = List.of(fails, EvaluationTest.fixed("fixed", CausalMetricTest.heatmap(true,
			1), 3), reports);
		Evaluation eval = new Evaluation(new CausalMetric().withSteps(8), new RoadMetric().withFractions(0.25, 0.5)
			.withImputer(new NoisyLinearImputer().withNoise(0)), 15);
		List<EvaluationRow> rows = eval.run("x.png", AttributionRequest.of(img, c, 0).withProgress((f, m) -> events
			.add(new Event(f, m))), null, methods);
		assertEquals(3, rows.size());
		assertEquals("java.lang.IllegalStateException", rows.get(0).error(), "no message: the exception's name");
		assertTrue(Double.isNaN(rows.get(0).deletionAuc()));
		assertTrue(events.stream().noneMatch(e -> e.message().startsWith("fails")));
		// method k of 3 owns [k/3, (k+1)/3]: 0.6 of it for the method, then 0.1 per curve
		String[] stage = {"deletion", "insertion", "ROAD morf", "ROAD lerf"};
		for (int k = 1; k < 3; k++) {
			String name = methods.get(k).name();
			for (int s = 0; s < 4; s++) {
				double from = (k + 0.6 + 0.1 * s) / 3, to = (k + 0.7 + 0.1 * s) / 3;
				String prefix = name + ": " + stage[s];
				List<Event> mine = events.stream().filter(e -> e.message().startsWith(prefix)).toList();
				assertTrue(mine.size() >= 1, prefix);
				for (Event e : mine)
					assertTrue(e.fraction() >= from - 1e-12 && e.fraction() <= to + 1e-12, e.toString());
				assertEquals(to, mine.get(mine.size() - 1).fraction(), 1e-12, prefix + " ends at its share's end");
			}
		}
		assertEvent(events, 2.3 / 3, "reports: half-way");
		assertEvent(events, 1.8 / 3, "fixed: ROAD morf: imputing 2 images");
		assertEquals(1.0, events.get(events.size() - 1).fraction(), 1e-12);
	}

	private static void assertEvent(List<Event> events, double fraction, String message) {
		assertTrue(events.stream().anyMatch(e -> e.message().equals(message) && Math.abs(e.fraction() - fraction) <
			1e-12), message + " at " + fraction + " in " + events);
	}

	@Test
	void roadNoiseSeedsAreSplitMix64OfDistinctStreams() {
		// SplittableRandom(s).nextLong() is SplitMix64's finaliser of s + gamma (the JDK specifies it bit for bit); the
		// point's seed is that of the run's seed advanced by 2 * point + order gammas
		long gamma = 0x9E3779B97F4A7C15L;
		Set<Long> seen = new HashSet<>();
		for (long seed : new long[] {0, 1, -7, 123456789}) {
			for (RoadMetric.Order order : RoadMetric.Order.values())
				for (int point = 0; point < 9; point++) {
					long expected = new SplittableRandom(seed + gamma * (2L * point + order.ordinal())).nextLong();
					assertEquals(expected, RoadMetric.noiseSeed(seed, order, point));
					assertTrue(seen.add(RoadMetric.noiseSeed(seed, order, point)));
				}
		}
	}

	@Test
	void roadReportsImputationThenScoring() {
		RgbImage img = OneRegionClassifier.scene(S, S, 8, 8, 16, 16);
		OneRegionClassifier c = new OneRegionClassifier(img, 8, 8, 16, 16);
		List<Event> events = new ArrayList<>();
		RoadMetric road = new RoadMetric().withFractions(0.25, 0.5, 0.75).withBatchSize(2);
		road.curve(RoadMetric.Order.LERF, img, CausalMetricTest.heatmap(true, 1), c, 0, 3, (f, m) -> events.add(
			new Event(f, m)), () -> false);
		assertEquals(List.of(new Event(0, "ROAD lerf: imputing 3 images"), new Event(0.5 + 0.5 * 2 / 3,
			"ROAD lerf 2/3"), new Event(1, "ROAD lerf 3/3")), events);
		road.curve(RoadMetric.Order.MORF, img, CausalMetricTest.heatmap(true, 1), c, 1, 3, null, null); // no hooks
		assertThrows(IllegalArgumentException.class, () -> road.morf(img, CausalMetricTest.heatmap(true, 1), c, 2, 3));
		assertThrows(IllegalArgumentException.class, () -> road.morf(img, CausalMetricTest.heatmap(true, 1), c, -1, 3));
	}

	/** Class 0 = the mean red value of the model's image / 255. */
	private static final class MeanRed implements Classifier {
		@Override
		public int inputWidth() {
			return S;
		}

		@Override
		public int inputHeight() {
			return S;
		}

		@Override
		public List<String> labels() {
			return List.of("red", "other");
		}

		@Override
		public float[][] predict(float[] images, int count) {
			float[][] out = new float[count][];
			int size = imageSize();
			for (int n = 0; n < count; n++) {
				double sum = 0;
				for (int p = 0; p < size; p += 3)
					sum += images[n * size + p];
				float red = (float) (sum / (S * S) / 255);
				out[n] = new float[] {red, 1 - red};
			}
			return out;
		}
	}

	@Test
	void deletionAndInsertionUseTheirOwnSubstrate() {
		RgbImage img = new RgbImage(S, S);
		for (int p = 0; p < S * S; p++)
			img.data()[3 * p] = 100;
		CausalMetric metric = new CausalMetric().withSteps(4).withDeletionSubstrate(Fill.constant(255, 0, 0))
			.withInsertionSubstrate(Fill.constant(0, 0, 0));
		List<Event> events = new ArrayList<>();
		Curve deletion = metric.curve(true, img, CausalMetricTest.heatmap(true, 1), new MeanRed(), 0, (f, m) -> events
			.add(new Event(f, m)), () -> false);
		Curve insertion = metric.insertion(img, CausalMetricTest.heatmap(true, 1), new MeanRed(), 0);
		assertEquals("deletion", deletion.kind());
		assertEquals("insertion", insertion.kind());
		// deletion goes from the image (red 100) to the deletion substrate (255); insertion from its substrate (0)
		assertEquals(100 / 255.0, deletion.score()[0], 1e-6);
		assertEquals(1.0, deletion.score()[deletion.score().length - 1], 1e-6);
		assertEquals(0.0, insertion.score()[0], 1e-6);
		assertEquals(100 / 255.0, insertion.score()[insertion.score().length - 1], 1e-6);
		assertEquals("deletion 5/5", events.get(events.size() - 1).message());
		assertNotEquals(0, events.size());
		assertThrows(IllegalArgumentException.class, () -> metric.deletion(img, CausalMetricTest.heatmap(true, 1),
			new MeanRed(), 2));
		assertThrows(IllegalArgumentException.class, () -> metric.deletion(img, CausalMetricTest.heatmap(true, 1),
			new MeanRed(), -1));
	}

	@Test
	void theSmallestSettingsAreAccepted() {
		CausalMetric m = new CausalMetric().withSteps(1).withPixelsPerStep(1).withBatchSize(1);
		assertTrue(m.toString().contains("1 px/step"), m.toString());
		assertTrue(new CausalMetric().withSteps(7).toString().contains("7 steps"));
		assertThrows(IllegalArgumentException.class, () -> new CausalMetric().withSteps(0));
		assertThrows(IllegalArgumentException.class, () -> new CausalMetric().withPixelsPerStep(0));
		assertThrows(IllegalArgumentException.class, () -> new CausalMetric().withBatchSize(0));
	}
}
