package io.github.ablationca.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

/**
 * The class graph on hand-built rows whose statistics are computed here by hand: concept importance (main effects per
 * image over all images), Stouffer's z over images (each image's mean signed z), Benjamini-Hochberg over edges,
 * loops, and rows of other images ignored.
 */
class ClassGraphTest {

	private static final NormalDistribution N = new NormalDistribution();

	private static ObjectRow object(String image, int id, int concept, double contribution, double mainEffect) {
		return new ObjectRow(image, "c", id, concept, contribution, mainEffect, 100, 0);
	}

	private static PairRow pair(String image, int a, int b, double interaction, double p, boolean significant) {
		return new PairRow(image, "c", a, b, 0, interaction, p, significant);
	}

	/** The signed z of a two-sided p-value, as a textbook computes it. */
	private static double z(double interaction, double p) {
		return Math.signum(interaction) * -N.inverseCumulativeProbability(p / 2);
	}

	@Test
	void conceptsAreRankedByTheirMainEffectsPerImageOverAllImages() {
		Set<String> images = new LinkedHashSet<>(List.of("i1", "i2", "i3", "i4"));
		List<ObjectRow> objects = List.of(
			// concept 1: in every image, main effect 1 each
			object("i1", 1, 1, 2, 1), object("i2", 1, 1, 2, 1), object("i3", 1, 1, 2, 1), object("i4", 1, 1, 2, 1),
			// concept 2: only in i1, but with two objects of main effect 3 (6 per image / 4 images = 1.5)
			object("i1", 2, 2, 5, 3), object("i1", 3, 2, 1, 3),
			// concept 3: in two images, main effect -1
			object("i2", 2, 3, 0, -1), object("i3", 2, 3, 0, -1),
			// a row of an image outside the class is ignored
			object("other", 1, 3, 100, 100));
		ClassGraph g = ClassGraph.build("c", images, objects, List.of(), 0.05);
		assertEquals(4, g.images());
		assertEquals(List.of(2, 1, 3), g.concepts().stream().map(ClassGraph.Concept::concept).toList());
		ClassGraph.Concept c2 = g.concept(2);
		assertEquals(1.5, c2.importance(), 1e-12);
		assertEquals(1, c2.images());
		assertEquals(0.25, c2.imageShare(), 1e-12);
		assertEquals(3, c2.meanContribution(), 1e-12);
		assertEquals(3, c2.meanMainEffect(), 1e-12);
		assertEquals(1, c2.rank());
		assertEquals(1.0, g.concept(1).importance(), 1e-12);
		assertEquals(-0.5, g.concept(3).importance(), 1e-12);
		assertEquals(2, g.concept(3).objects());
		assertTrue(g.edges().isEmpty());
	}

	@Test
	void anEdgeCombinesTheImagesByStoufferAndTheClassByBenjaminiHochberg() {
		Set<String> images = new LinkedHashSet<>(List.of("i1", "i2", "i3"));
		List<ObjectRow> objects = new ArrayList<>();
		for (String im : images) {
			objects.add(object(im, 1, 1, 0, 1)); // concept 1
			objects.add(object(im, 2, 2, 0, 1)); // concept 2
			objects.add(object(im, 3, 2, 0, 1)); // concept 2 again
			objects.add(object(im, 4, 3, 0, 0)); // concept 3
		}
		List<PairRow> pairs = List.of(
			// edge 1-2: in i1 two pairs (1-2, 1-3), in i2 one, in i3 one of the other sign
			pair("i1", 1, 2, 2.0, 1e-4, true), pair("i1", 1, 3, 1.0, 0.01, true),
			pair("i2", 1, 2, 1.5, 0.002, true),
			pair("i3", 1, 3, -0.5, 0.4, false),
			// loop 2-2 in i2 only
			pair("i2", 2, 3, 0.3, 0.5, false),
			// edge 1-3 and 2-3, weak
			pair("i1", 1, 4, 0.1, 0.8, false), pair("i3", 3, 4, -0.2, 0.6, false),
			// an image outside the class, and a pair without a p-value, are ignored
			pair("other", 1, 2, 9, 1e-9, true), pair("i2", 1, 4, 5, Double.NaN, false));
		ClassGraph g = ClassGraph.build("c", images, objects, pairs, 0.05);

		ClassGraph.Edge e = g.edge(2, 1);
		assertEquals(1, e.conceptA());
		assertEquals(2, e.conceptB());
		assertEquals(3, e.images());
		assertEquals(4, e.pairs());
		double m1 = (2.0 + 1.0) / 2, m2 = 1.5, m3 = -0.5;
		assertEquals((m1 + m2 + m3) / 3, e.meanInteraction(), 1e-12);
		assertEquals(2.0 / 3, e.significantShare(), 1e-12);
		assertEquals(2.0 / 3, e.signConsistency(), 1e-12);
		double z1 = (z(2.0, 1e-4) + z(1.0, 0.01)) / 2, z2 = z(1.5, 0.002), z3 = z(-0.5, 0.4);
		double stouffer = (z1 + z2 + z3) / Math.sqrt(3);
		assertEquals(stouffer, e.z(), 1e-6);
		assertEquals(2 * N.cumulativeProbability(-Math.abs(stouffer)), e.pValue(), 1e-9);
		assertEquals("synergy", e.kind());
		assertEquals(Math.abs(e.meanInteraction()), e.importance(), 1e-12, "in all 3 of 3 images");

		ClassGraph.Edge loop = g.edge(2, 2);
		assertEquals(1, loop.images());
		assertEquals(z(0.3, 0.5), loop.z(), 1e-6);

		// Benjamini-Hochberg by hand over the four edges (1-2, 2-2, 1-3, 2-3)
		double[] p = g.edges().stream().mapToDouble(ClassGraph.Edge::pValue).toArray();
		assertEquals(4, p.length);
		double[] sorted = p.clone();
		java.util.Arrays.sort(sorted);
		for (ClassGraph.Edge x : g.edges()) {
			double q = 1;
			for (int k = 0; k < sorted.length; k++)
				if (sorted[k] >= x.pValue()) q = Math.min(q, sorted[k] * sorted.length / (k + 1));
			assertEquals(q, x.qValue(), 1e-12, x.toString());
			assertEquals(x.qValue() < 0.05, x.significant());
		}
		assertTrue(e.significant());
		assertFalse(loop.significant());
		assertNull(g.edge(3, 3));
		// ranks follow importance
		for (int i = 0; i < g.edges().size(); i++)
			assertEquals(i + 1, g.edges().get(i).rank());
		assertEquals(e, g.edges().get(0));
	}

	@Test
	void redundancyAcrossImagesIsASignificantNegativeEdge() {
		Set<String> images = new LinkedHashSet<>();
		List<ObjectRow> objects = new ArrayList<>();
		List<PairRow> pairs = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			String im = "i" + i;
			images.add(im);
			objects.add(object(im, 1, 1, 0, 1));
			objects.add(object(im, 2, 2, 0, 1));
			pairs.add(pair(im, 1, 2, -1, 0.2, false)); // no single image is convincing; together they are
		}
		ClassGraph.Edge e = ClassGraph.build("c", images, objects, pairs, 0.05).edge(1, 2);
		assertEquals("redundancy", e.kind());
		assertEquals(1.0, e.signConsistency(), 1e-12);
		assertEquals(0, e.significantShare(), 1e-12);
		assertEquals(-N.inverseCumulativeProbability(0.1) * Math.sqrt(10), -e.z(), 1e-6);
		assertTrue(e.significant(), "ten images of p = 0.2 in the same direction: p = " + e.pValue());
	}

	@Test
	void aClassWithoutImagesIsRefused() {
		assertThrows(IllegalArgumentException.class, () -> ClassGraph.build("c", Set.of(), List.of(), List.of(), 0.05));
	}

	@Test
	void tinyPValuesAreCappedSoOneImageCannotOutweighTheRest() {
		assertEquals(ClassGraph.Z_CAP, ClassGraph.signedZ(1, 0), 1e-9);
		assertEquals(-ClassGraph.Z_CAP, ClassGraph.signedZ(-1, 1e-300), 1e-9);
		assertEquals(0, ClassGraph.signedZ(1, 1), 1e-12);
		assertEquals(z(1, 0.05), ClassGraph.signedZ(1, 0.05), 1e-9);
	}
}
