package io.github.ablationca.dataset;

import io.github.ablationca.engine.MultipleTesting;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.math3.special.Erf;

/**
 * The correspondence graph of one class: its concepts (nodes) and the concept pairs whose objects formed pairs in
 * the class's images (edges), each with a test across images. A pure function of two flat tables, the objects (with
 * their concepts) and the pairs of the class's images, so it can also run as a grouped aggregation in Spark.
 * <p>
 * <b>Nodes.</b> Per concept: its objects, the images it occurs in (and their share of the class's images), the mean
 * contribution and main effect of its objects, and its importance: the main effects of its objects summed per image
 * and averaged over all the class's images (an image without the concept counts 0), i.e. how much of the class score
 * the concept carries in a typical image. Main effects rather than single-ablation contributions, so a concept that
 * another one can stand in for (a shortcut next to the real evidence) is not missed. Ranked by importance.
 * <p>
 * <b>Edges.</b> For two concepts, every object pair of an image that links them counts; a concept also has an edge
 * to itself (a loop) from the pairs of two of its own objects, since one concept can hold parts the model uses
 * together (two halves of a wall; a roof and a wall that look alike to the model's features). Per image, its
 * pairs' signed z-scores ({@code z = sign(interaction) * Phi^-1(1 - p / 2)}, p capped at 1e-15) are averaged into one
 * statistic (a mean of standard normals is conservative when they are dependent); across the {@code k} images the
 * statistics are combined by Stouffer's method, {@code Z = sum z_i / sqrt(k)}, with a two-sided p-value. The null is
 * that in every image the objects of the two concepts do not interact (their effects on the score add up), with
 * independent images; Benjamini-Hochberg over the class's edges gives q-values. Per edge also: the mean interaction
 * (over images), the share of images where one of its pairs was significant, and the sign consistency (the share of
 * images whose interaction has the sign of the mean). Importance = |mean interaction| x the share of the class's
 * images the edge occurs in; ranked by importance.
 * <pre>{@code
 * ClassGraph g = ClassGraph.build("house", images, objectRows, pairRows, 0.05);
 * ClassGraph.Edge top = g.edges().get(0);
 * }</pre>
 */
public record ClassGraph(String className, int images, List<Concept> concepts, List<Edge> edges)
	implements java.io.Serializable
{

	/** The largest |z| one image's pair may add (p capped at 1e-15). */
	static final double Z_CAP = 7.94;

	/**
	 * A node of the graph.
	 *
	 * @param concept 1-based concept id
	 * @param objects objects in the concept
	 * @param images images the concept occurs in
	 * @param imageShare {@code images} over the class's images
	 * @param meanContribution mean contribution of its objects
	 * @param meanMainEffect mean main effect of its objects
	 * @param importance main effects summed per image, averaged over the class's images
	 * @param rank 1 = most important
	 */
	public record Concept(int concept, int objects, int images, double imageShare, double meanContribution,
		double meanMainEffect, double importance, int rank) implements java.io.Serializable
	{}

	/**
	 * An edge of the graph.
	 *
	 * @param conceptA the smaller concept id
	 * @param conceptB the larger concept id (equal to {@code conceptA} for a loop)
	 * @param images images in which an object of A and an object of B formed a pair
	 * @param pairs object pairs over all those images
	 * @param meanInteraction mean over images of the image's mean pair interaction (positive = synergy)
	 * @param significantShare share of those images where one of the edge's pairs was significant
	 * @param signConsistency share of those images whose interaction has the sign of {@code meanInteraction}
	 * @param z Stouffer's combined z
	 * @param pValue two-sided p-value of {@code z}
	 * @param qValue Benjamini-Hochberg q-value over the class's edges
	 * @param significant {@code qValue < fdr}
	 * @param importance |mean interaction| times the share of the class's images the edge occurs in
	 * @param rank 1 = most important
	 */
	public record Edge(int conceptA, int conceptB, int images, int pairs, double meanInteraction,
		double significantShare, double signConsistency, double z, double pValue, double qValue, boolean significant,
		double importance, int rank) implements java.io.Serializable
	{
		/** "synergy" (the model uses the two together) or "redundancy" (either one suffices). */
		public String kind() {
			return meanInteraction >= 0 ? "synergy" : "redundancy";
		}
	}

	/**
	 * Builds the graph of one class.
	 *
	 * @param className the class
	 * @param images the names of the images the class rests on (those without objects or pairs count too)
	 * @param objects the objects of those images, with their concepts (rows of other images are ignored)
	 * @param pairs the pairs of those images
	 * @param fdr the false discovery rate of the edges
	 */
	public static ClassGraph build(String className, Set<String> images, List<ObjectRow> objects,
		List<PairRow> pairs, double fdr)
	{
		int n = images.size();
		if (n == 0) throw new IllegalArgumentException("Class '" + className + "' has no images.");
		Map<String, Integer> conceptOf = new HashMap<>();
		int k = 0;
		for (ObjectRow o : objects)
			if (images.contains(o.image())) {
				conceptOf.put(key(o.image(), o.object()), o.concept());
				k = Math.max(k, o.concept());
			}
		return new ClassGraph(className, n, concepts(images, objects, k), edges(images, pairs, conceptOf, fdr));
	}

	private static String key(String image, int object) {
		return image + "\u0000" + object;
	}

	private static List<Concept> concepts(Set<String> images, List<ObjectRow> objects, int k) {
		int[] count = new int[k + 1];
		double[] contribution = new double[k + 1], mainEffect = new double[k + 1];
		List<Set<String>> seenIn = new ArrayList<>();
		for (int c = 0; c <= k; c++)
			seenIn.add(new HashSet<>());
		for (ObjectRow o : objects) {
			if (!images.contains(o.image()) || o.concept() < 1) continue;
			int c = o.concept();
			count[c]++;
			contribution[c] += o.contribution();
			mainEffect[c] += o.mainEffect();
			seenIn.get(c).add(o.image());
		}
		List<Concept> out = new ArrayList<>();
		int n = images.size();
		for (int c = 1; c <= k; c++) {
			if (count[c] == 0) continue;
			out.add(new Concept(c, count[c], seenIn.get(c).size(), (double) seenIn.get(c).size() / n,
				contribution[c] / count[c], mainEffect[c] / count[c], mainEffect[c] / n, 0));
		}
		out.sort(Comparator.comparingDouble(Concept::importance).reversed().thenComparingInt(Concept::concept));
		List<Concept> ranked = new ArrayList<>();
		for (int i = 0; i < out.size(); i++) {
			Concept c = out.get(i);
			ranked.add(new Concept(c.concept(), c.objects(), c.images(), c.imageShare(), c.meanContribution(),
				c.meanMainEffect(), c.importance(), i + 1));
		}
		return ranked;
	}

	/** Per image and edge: the sum of the pairs' z and interactions, their count, and whether one was significant. */
	private static final class PerImage {
		double z, interaction;
		int pairs;
		boolean significant;
	}

	private static List<Edge> edges(Set<String> images, List<PairRow> pairs, Map<String, Integer> conceptOf,
		double fdr)
	{
		Map<Long, Map<String, PerImage>> byEdge = new LinkedHashMap<>();
		for (PairRow p : pairs) {
			if (!images.contains(p.image()) || Double.isNaN(p.pValue()) || Double.isNaN(p.interaction())) continue;
			Integer a = conceptOf.get(key(p.image(), p.objectA())), b = conceptOf.get(key(p.image(), p.objectB()));
			if (a == null || b == null || a < 1 || b < 1) continue;
			long edge = (long) Math.min(a, b) << 32 | Math.max(a, b);
			PerImage s = byEdge.computeIfAbsent(edge, e -> new LinkedHashMap<>()).computeIfAbsent(p.image(),
				i -> new PerImage());
			s.z += signedZ(p.interaction(), p.pValue());
			s.interaction += p.interaction();
			s.pairs++;
			s.significant |= p.significant();
		}
		int n = images.size();
		List<long[]> keys = new ArrayList<>();
		List<double[]> stats = new ArrayList<>();
		List<int[]> counts = new ArrayList<>();
		for (Map.Entry<Long, Map<String, PerImage>> e : byEdge.entrySet()) {
			Map<String, PerImage> per = e.getValue();
			int m = per.size(), pairCount = 0, significant = 0;
			double zSum = 0, interactionSum = 0;
			double[] interactions = new double[m];
			int i = 0;
			for (PerImage s : per.values()) {
				zSum += s.z / s.pairs;
				interactions[i++] = s.interaction / s.pairs;
				interactionSum += s.interaction / s.pairs;
				pairCount += s.pairs;
				significant += s.significant ? 1 : 0;
			}
			double mean = interactionSum / m;
			int agree = 0;
			for (double v : interactions)
				agree += Math.signum(v) == Math.signum(mean) && v != 0 ? 1 : 0;
			double z = zSum / Math.sqrt(m);
			double p = Erf.erfc(Math.abs(z) / Math.sqrt(2));
			keys.add(new long[] {e.getKey() >>> 32, e.getKey() & 0xFFFFFFFFL});
			stats.add(new double[] {mean, (double) significant / m, (double) agree / m, z, p});
			counts.add(new int[] {m, pairCount});
		}
		double[] pValues = new double[stats.size()];
		for (int i = 0; i < pValues.length; i++)
			pValues[i] = stats.get(i)[4];
		double[] q = pValues.length == 0 ? new double[0] : MultipleTesting.benjaminiHochberg(pValues);
		List<Edge> out = new ArrayList<>();
		for (int i = 0; i < stats.size(); i++) {
			double[] s = stats.get(i);
			int[] c = counts.get(i);
			out.add(new Edge((int) keys.get(i)[0], (int) keys.get(i)[1], c[0], c[1], s[0], s[1], s[2], s[3], s[4], q[i],
				q[i] < fdr, Math.abs(s[0]) * c[0] / n, 0));
		}
		out.sort(Comparator.comparingDouble(Edge::importance).reversed().thenComparingInt(Edge::conceptA)
			.thenComparingInt(Edge::conceptB));
		List<Edge> ranked = new ArrayList<>();
		for (int i = 0; i < out.size(); i++) {
			Edge e = out.get(i);
			ranked.add(new Edge(e.conceptA(), e.conceptB(), e.images(), e.pairs(), e.meanInteraction(),
				e.significantShare(), e.signConsistency(), e.z(), e.pValue(), e.qValue(), e.significant(), e.importance(),
				i + 1));
		}
		return ranked;
	}

	/** The signed z of a pair: the standard normal quantile of its two-sided p-value, with its interaction's sign. */
	static double signedZ(double interaction, double pValue) {
		double p = Math.max(1e-15, Math.min(1, pValue));
		double z = p >= 1 ? 0 : Math.sqrt(2) * Erf.erfcInv(p);
		return Math.min(Z_CAP, z) * Math.signum(interaction);
	}

	/** The concept with id {@code concept}, or null. */
	public Concept concept(int concept) {
		for (Concept c : concepts)
			if (c.concept() == concept) return c;
		return null;
	}

	/** The edge between two concepts (either order), or null. */
	public Edge edge(int a, int b) {
		int lo = Math.min(a, b), hi = Math.max(a, b);
		for (Edge e : edges)
			if (e.conceptA() == lo && e.conceptB() == hi) return e;
		return null;
	}
}
