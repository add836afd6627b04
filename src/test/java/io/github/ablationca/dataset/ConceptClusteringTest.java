package io.github.ablationca.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * Concept clustering on descriptors whose concepts are known by construction: points scattered around a few
 * directions (the clustering works on unit-length descriptors), nested as the demo's are (a large "background"
 * group and, far from it, a group that itself holds two concepts).
 */
class ConceptClusteringTest {

	/** {@code n} points around direction {@code centre} (any length), noise {@code sd}, seeded. */
	private static List<float[]> around(float[] centre, int n, double sd, long seed) {
		SplittableRandom r = new SplittableRandom(seed);
		List<float[]> out = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			float[] p = new float[centre.length];
			double scale = 0.5 + r.nextDouble() * 2; // lengths differ: only directions matter
			for (int j = 0; j < p.length; j++)
				p[j] = (float) (scale * (centre[j] + sd * gaussian(r)));
			out.add(p);
		}
		return out;
	}

	private static double gaussian(SplittableRandom r) {
		return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
	}

	private static float[] axis(int dim, int... ones) {
		float[] v = new float[dim];
		for (int i : ones)
			v[i] = 1;
		return v;
	}

	/** Each true group's objects share one concept, and different groups get different concepts. */
	private static void assertRecovers(int[] truth, int[] concept) {
		Map<Integer, Integer> of = new HashMap<>();
		for (int i = 0; i < truth.length; i++) {
			Integer c = of.putIfAbsent(truth[i], concept[i]);
			if (c != null) assertEquals(c, concept[i], "object " + i + " of group " + truth[i]);
		}
		assertEquals(of.size(), new java.util.HashSet<>(of.values()).size(), "one concept per group: " + of);
	}

	@Test
	void nestedConceptsAreFoundByTheDivisiveSilhouetteRule() {
		int dim = 16;
		List<float[]> d = new ArrayList<>();
		List<Integer> truth = new ArrayList<>();
		// background: 300 objects that excite features 0-3 a little, all alike
		d.addAll(around(axis(dim, 0, 1, 2, 3), 300, 0.05, 1));
		// two shapes the model tells apart only within the "shape" features 8-15
		d.addAll(around(axis(dim, 8, 9, 10, 11, 12), 40, 0.05, 2));
		d.addAll(around(axis(dim, 8, 9, 10, 13, 14, 15), 40, 0.05, 3));
		// and a marker on features of its own
		d.addAll(around(axis(dim, 5, 6), 30, 0.05, 4));
		for (int i = 0; i < 300; i++) truth.add(0);
		for (int i = 0; i < 40; i++) truth.add(1);
		for (int i = 0; i < 40; i++) truth.add(2);
		for (int i = 0; i < 30; i++) truth.add(3);
		ConceptClustering.Result r = ConceptClustering.cluster(d, 0, 7);
		assertEquals("silhouette", r.chosenBy());
		assertEquals(4, r.k(), "splits " + r.splits());
		assertRecovers(truth.stream().mapToInt(Integer::intValue).toArray(), r.concept());
		assertEquals(1, r.concept()[0], "concepts are numbered by size: the background is concept 1");
		for (double s : r.splits())
			assertTrue(s >= ConceptClustering.SPLIT_SILHOUETTE, "splits " + r.splits());
	}

	@Test
	void manyEquallyDistinctConceptsAreFoundInOneStep() {
		// eight concepts, each on features of its own: every 2-way split of them has a poor silhouette
		int dim = 32;
		List<float[]> d = new ArrayList<>();
		int[] truth = new int[8 * 25];
		for (int c = 0; c < 8; c++) {
			d.addAll(around(axis(dim, 4 * c, 4 * c + 1, 4 * c + 2), 25, 0.1, 10 + c));
			for (int i = 0; i < 25; i++)
				truth[25 * c + i] = c;
		}
		ConceptClustering.Result r = ConceptClustering.cluster(d, 0, 3);
		assertEquals(8, r.k(), "splits " + r.splits());
		assertRecovers(truth, r.concept());
	}

	@Test
	void oneTightGroupIsNotCutInPieces() {
		ConceptClustering.Result r = ConceptClustering.cluster(around(axis(8, 0, 1, 2), 200, 0.02, 5), 0, 1);
		assertEquals(1, r.k(), "splits " + r.splits());
	}

	@Test
	void aGivenKIsUsedAndTheResultIsTheSameForTheSameSeed() {
		List<float[]> d = new ArrayList<>();
		d.addAll(around(axis(6, 0), 50, 0.05, 1));
		d.addAll(around(axis(6, 2), 50, 0.05, 2));
		d.addAll(around(axis(6, 4), 50, 0.05, 3));
		ConceptClustering.Result a = ConceptClustering.cluster(d, 3, 11), b = ConceptClustering.cluster(d, 3, 11);
		assertEquals("given", a.chosenBy());
		assertEquals(3, a.k());
		assertArrayEquals(a.concept(), b.concept());
		assertArrayEquals(a.distance(), b.distance());
		int[] truth = new int[150];
		for (int i = 0; i < 150; i++)
			truth[i] = i / 50;
		assertRecovers(truth, a.concept());
		// distances are to the concept's centre of unit vectors: small for these tight groups
		for (double x : a.distance())
			assertTrue(x < 0.3, "distance " + x);
	}

	@Test
	void tooFewObjectsOrTooManyConceptsAreRefusedWithTheFix() {
		IllegalArgumentException one = assertThrows(IllegalArgumentException.class,
			() -> ConceptClustering.cluster(List.of(new float[] {1}), 0, 1));
		assertTrue(one.getMessage().contains("at least 2"), one.getMessage());
		IllegalArgumentException many = assertThrows(IllegalArgumentException.class,
			() -> ConceptClustering.cluster(List.of(new float[] {1}, new float[] {2}, new float[] {3}), 5, 1));
		assertTrue(many.getMessage().contains("Fix: ask for fewer concepts"), many.getMessage());
	}
}
