package io.github.ablationca.dataset;

import io.github.ablationca.run.Table;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The tables of a class's analysis, defined once: what {@code concepts.csv}, {@code edges.csv} and
 * {@code objects.csv} hold and what Fiji's Concepts and Edges tables show. Columns are explained in
 * {@code docs/dataset.md}.
 */
public final class DatasetTables {

	public static final List<String> CONCEPT_COLUMNS = List.of("concept", "rank", "objects", "images", "image_share",
		"mean_contribution", "mean_main_effect", "importance", "typical_objects");
	public static final List<String> EDGE_COLUMNS = List.of("concept_a", "concept_b", "kind", "rank", "images",
		"pairs", "mean_interaction", "significant_share", "sign_consistency", "z", "p_value", "q_value", "significant",
		"importance");
	public static final List<String> OBJECT_COLUMNS = List.of("image", "object", "concept", "contribution",
		"main_effect", "area", "distance_to_centre");
	/** Typical objects listed per concept in {@code concepts.csv}. */
	public static final int TYPICAL = 5;

	private DatasetTables() {}

	/** The concepts, ranked by importance. */
	public static Table concepts(DatasetAnalysis.ClassResult r) {
		Table t = new Table(CONCEPT_COLUMNS);
		if (r.graph() == null) return t;
		Map<Integer, List<ObjectRow>> typical = DatasetAnalysis.typicalObjects(r, TYPICAL);
		for (ClassGraph.Concept c : r.graph().concepts()) {
			StringBuilder names = new StringBuilder();
			for (ObjectRow o : typical.getOrDefault(c.concept(), List.of()))
				names.append(names.length() == 0 ? "" : " ").append(o.image()).append('#').append(o.object());
			t.add(c.concept(), c.rank(), c.objects(), c.images(), c.imageShare(), c.meanContribution(),
				c.meanMainEffect(), c.importance(), names.toString());
		}
		return t;
	}

	/** The edges, ranked by importance. */
	public static Table edges(DatasetAnalysis.ClassResult r) {
		Table t = new Table(EDGE_COLUMNS);
		if (r.graph() == null) return t;
		for (ClassGraph.Edge e : r.graph().edges())
			t.add(e.conceptA(), e.conceptB(), e.kind(), e.rank(), e.images(), e.pairs(), e.meanInteraction(),
				e.significantShare(), e.signConsistency(), e.z(), e.pValue(), e.qValue(), e.significant(),
				e.importance());
		return t;
	}

	/** Every object of the class with its concept: the rows the graph was built from. */
	public static Table objects(DatasetAnalysis.ClassResult r) {
		Table t = new Table(OBJECT_COLUMNS);
		for (ObjectRow o : r.objects())
			t.add(o.image(), o.object(), o.concept(), o.contribution(), o.mainEffect(), o.area(), o.typicality());
		return t;
	}

	/**
	 * The graph as GraphML with typed attributes (opens in Cytoscape, Gephi, networkx and igraph): node attributes
	 * from {@link ClassGraph.Concept}, edge attributes from {@link ClassGraph.Edge}; node ids {@code c<k>}.
	 */
	public static String graphMl(ClassGraph g) {
		StringBuilder x = new StringBuilder();
		x.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
		x.append("<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" ")
			.append("xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" ")
			.append("xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns ")
			.append("http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n");
		String[][] nodeKeys = { {"label", "string"}, {"concept", "int"}, {"rank", "int"}, {"objects", "int"},
			{"images", "int"}, {"image_share", "double"}, {"mean_contribution", "double"},
			{"mean_main_effect", "double"}, {"importance", "double"} };
		String[][] edgeKeys = { {"kind", "string"}, {"rank", "int"}, {"images", "int"}, {"pairs", "int"},
			{"mean_interaction", "double"}, {"significant_share", "double"}, {"sign_consistency", "double"},
			{"z", "double"}, {"p_value", "double"}, {"q_value", "double"}, {"significant", "boolean"},
			{"importance", "double"}, {"weight", "double"} };
		for (String[] k : nodeKeys)
			x.append("  <key id=\"n_").append(k[0]).append("\" for=\"node\" attr.name=\"").append(k[0])
				.append("\" attr.type=\"").append(k[1]).append("\"/>\n");
		for (String[] k : edgeKeys)
			x.append("  <key id=\"e_").append(k[0]).append("\" for=\"edge\" attr.name=\"").append(k[0])
				.append("\" attr.type=\"").append(k[1]).append("\"/>\n");
		x.append("  <graph id=\"").append(escape(g.className())).append("\" edgedefault=\"undirected\">\n");
		for (ClassGraph.Concept c : g.concepts()) {
			x.append("    <node id=\"c").append(c.concept()).append("\">\n");
			data(x, "n_label", "concept " + c.concept());
			data(x, "n_concept", c.concept());
			data(x, "n_rank", c.rank());
			data(x, "n_objects", c.objects());
			data(x, "n_images", c.images());
			data(x, "n_image_share", c.imageShare());
			data(x, "n_mean_contribution", c.meanContribution());
			data(x, "n_mean_main_effect", c.meanMainEffect());
			data(x, "n_importance", c.importance());
			x.append("    </node>\n");
		}
		int id = 0;
		for (ClassGraph.Edge e : g.edges()) {
			x.append("    <edge id=\"e").append(id++).append("\" source=\"c").append(e.conceptA()).append("\" target=\"c")
				.append(e.conceptB()).append("\">\n");
			data(x, "e_kind", e.kind());
			data(x, "e_rank", e.rank());
			data(x, "e_images", e.images());
			data(x, "e_pairs", e.pairs());
			data(x, "e_mean_interaction", e.meanInteraction());
			data(x, "e_significant_share", e.significantShare());
			data(x, "e_sign_consistency", e.signConsistency());
			data(x, "e_z", e.z());
			data(x, "e_p_value", e.pValue());
			data(x, "e_q_value", e.qValue());
			data(x, "e_significant", e.significant());
			data(x, "e_importance", e.importance());
			data(x, "e_weight", Math.abs(e.meanInteraction()));
			x.append("    </edge>\n");
		}
		x.append("  </graph>\n</graphml>\n");
		return x.toString();
	}

	private static void data(StringBuilder x, String key, Object value) {
		String text = value instanceof Double d ? (d.isNaN() ? "NaN" : d.isInfinite() ? (d > 0 ? "INF" : "-INF") :
			String.format(Locale.ROOT, "%.9g", d)) : String.valueOf(value);
		x.append("      <data key=\"").append(key).append("\">").append(escape(text)).append("</data>\n");
	}

	private static String escape(String s) {
		StringBuilder b = new StringBuilder(s.length());
		for (char c : s.toCharArray()) {
			switch (c) {
				case '<' -> b.append("&lt;");
				case '>' -> b.append("&gt;");
				case '&' -> b.append("&amp;");
				case '"' -> b.append("&quot;");
				default -> b.append(c < 0x20 && c != '\t' ? ' ' : c);
			}
		}
		return b.toString();
	}
}
