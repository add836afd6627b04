package io.github.ablationca.dataset;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The dataset analysis after the per-image runs: per class, the objects' descriptors are clustered into concepts
 * ({@link ConceptClustering}) and the class graph is built from the object and pair rows ({@link ClassGraph}).
 * Pure: images in, classes out; reading and writing files is the caller's.
 * <pre>{@code
 * List<DatasetAnalysis.ClassResult> classes = DatasetAnalysis.analyse(images, 0, 1, 0.05);
 * }</pre>
 */
public final class DatasetAnalysis {

	private DatasetAnalysis() {}

	/**
	 * One explained image: its rows and its objects' descriptors.
	 *
	 * @param name the image's result name
	 * @param className the class it belongs to
	 * @param objects its objects (concepts not yet set), in object order
	 * @param pairs its pairs
	 * @param descriptors one descriptor per object, in the order of {@code objects}
	 */
	public record Image(String name, String className, List<ObjectRow> objects, List<PairRow> pairs,
		float[][] descriptors) implements java.io.Serializable
	{
		public Image {
			if (descriptors.length != objects.size())
				throw new IllegalArgumentException("Image " + name + " has " + objects.size() + " objects but " +
					descriptors.length + " descriptors.");
		}
	}

	/**
	 * The analysis of one class; {@code graph} is null when the class could not be analysed ({@code problem} says
	 * why and what to do).
	 *
	 * @param className the class
	 * @param images the names of its images
	 * @param objects its objects with their concepts
	 * @param pairs its pairs
	 * @param clustering how its objects were clustered
	 * @param graph its graph
	 * @param problem why it was not analysed, or null
	 */
	public record ClassResult(String className, Set<String> images, List<ObjectRow> objects, List<PairRow> pairs,
		ConceptClustering.Result clustering, ClassGraph graph, String problem) implements java.io.Serializable
	{
		/** This result without its pairs (the graph holds what they gave): what a cluster hands back to its driver. */
		public ClassResult withoutPairs() {
			return new ClassResult(className, images, objects, List.of(), clustering, graph, problem);
		}
	}

	/**
	 * Analyses every class of {@code images}, classes in name order.
	 *
	 * @param concepts concepts per class, 0 = chosen by silhouette
	 * @param seed seed of the clustering
	 * @param fdr false discovery rate of the edges
	 */
	public static List<ClassResult> analyse(List<Image> images, int concepts, long seed, double fdr) {
		Map<String, List<Image>> byClass = new TreeMap<>();
		for (Image im : images)
			byClass.computeIfAbsent(im.className(), c -> new ArrayList<>()).add(im);
		List<ClassResult> out = new ArrayList<>();
		for (Map.Entry<String, List<Image>> e : byClass.entrySet())
			out.add(analyseClass(e.getKey(), e.getValue(), concepts, seed, fdr));
		return out;
	}

	/** Analyses the images of one class. */
	public static ClassResult analyseClass(String className, List<Image> images, int concepts, long seed,
		double fdr)
	{
		Set<String> names = new LinkedHashSet<>();
		List<ObjectRow> objects = new ArrayList<>();
		List<PairRow> pairs = new ArrayList<>();
		List<float[]> descriptors = new ArrayList<>();
		for (Image im : images) {
			names.add(im.name());
			objects.addAll(im.objects());
			pairs.addAll(im.pairs());
			for (float[] d : im.descriptors())
				descriptors.add(d);
		}
		if (names.size() < 2)
			return new ClassResult(className, names, objects, pairs, null, null, "class '" + className + "' rests on " +
				names.size() + " image: concepts and a class graph compare objects across at least 2 images of a " +
				"class. Fix: add images of '" + className + "' (or give --target to explain every image for one class)");
		if (objects.size() < 2 || concepts > objects.size())
			return new ClassResult(className, names, objects, pairs, null, null, "class '" + className + "' has " +
				objects.size() + " objects in " + names.size() + " images, too few for " + (concepts > 0 ? concepts : 2) +
				" concepts. Fix: ask for more segments or fewer concepts");
		int dimension = descriptors.get(0).length;
		for (float[] d : descriptors)
			if (d.length != dimension)
				throw new IllegalArgumentException("Descriptors of class '" + className + "' differ in length (" +
					dimension + " and " + d.length + "); the feature layer must give one length for every image.");
		ConceptClustering.Result clustering = ConceptClustering.cluster(descriptors, concepts, seed);
		List<ObjectRow> clustered = new ArrayList<>(objects.size());
		for (int i = 0; i < objects.size(); i++)
			clustered.add(objects.get(i).withConcept(clustering.concept()[i], clustering.distance()[i]));
		ClassGraph graph = ClassGraph.build(className, names, clustered, pairs, fdr);
		return new ClassResult(className, names, clustered, pairs, clustering, graph, null);
	}

	/**
	 * The {@code max} most typical objects of each concept (closest to its centre first), per concept id.
	 */
	public static Map<Integer, List<ObjectRow>> typicalObjects(ClassResult result, int max) {
		Map<Integer, List<ObjectRow>> byConcept = new LinkedHashMap<>();
		for (ObjectRow o : result.objects())
			byConcept.computeIfAbsent(o.concept(), c -> new ArrayList<>()).add(o);
		for (List<ObjectRow> list : byConcept.values()) {
			list.sort(java.util.Comparator.comparingDouble(ObjectRow::typicality));
			if (list.size() > max) list.subList(max, list.size()).clear();
		}
		return byConcept;
	}

	/**
	 * The findings of one class in words: its most important concepts and its strongest significant edges, e.g.
	 * "Class 'house' (40 images, 5 concepts by silhouette): most important concept 2 (importance 3.10, in 90% of the
	 * images), then 1 (...). Significant edges: 1-3 synergy (mean interaction +2.10, in 38 images, ...)."
	 */
	public static String describe(ClassResult r, int top) {
		StringBuilder sb = new StringBuilder();
		if (r.graph() == null) return "Class '" + r.className() + "' was not analysed: " + r.problem() + ".";
		ClassGraph g = r.graph();
		sb.append(String.format(java.util.Locale.ROOT, "Class '%s' (%d images, %d objects, %d concept%s%s): ",
			r.className(), g.images(), r.objects().size(), g.concepts().size(), g.concepts().size() == 1 ? "" : "s",
			r.clustering().chosenBy().equals("silhouette") ? " chosen by silhouette" : ""));
		List<ClassGraph.Concept> cs = g.concepts();
		for (int i = 0; i < Math.min(top, cs.size()); i++) {
			ClassGraph.Concept c = cs.get(i);
			sb.append(i == 0 ? "most important concept " : i == 1 ? ", then " : ", ").append(String.format(
				java.util.Locale.ROOT, "%d (importance %.2f, in %.0f%% of the images)", c.concept(), c.importance(),
				100 * c.imageShare()));
		}
		sb.append(".");
		List<ClassGraph.Edge> significant = g.edges().stream().filter(ClassGraph.Edge::significant).toList();
		if (significant.isEmpty()) sb.append(" No edge is significant.");
		else {
			sb.append(" Significant edges (").append(significant.size()).append(" of ").append(g.edges().size())
				.append("): ");
			for (int i = 0; i < Math.min(top, significant.size()); i++) {
				ClassGraph.Edge e = significant.get(i);
				sb.append(i == 0 ? "" : "; ").append(String.format(java.util.Locale.ROOT,
					"%d-%d %s (mean interaction %+.2f, in %d image%s, %.0f%% with the same sign, q = %.2g)", e.conceptA(),
					e.conceptB(), e.kind(), e.meanInteraction(), e.images(), e.images() == 1 ? "" : "s", 100 * e.signConsistency(),
					e.qValue()));
			}
			sb.append(".");
		}
		return sb.toString();
	}
}
