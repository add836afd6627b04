package io.github.ablationca.run;

import io.github.ablationca.engine.Explanation;
import io.github.ablationca.engine.ObjectGroup;
import io.github.ablationca.engine.ObjectInfo;
import io.github.ablationca.engine.PairRelation;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * The result schema, defined once: the tables Objects, Pairs and Groups of a run, as the Fiji command shows them and
 * the command line writes them ({@code objects.csv}, {@code pairs.csv}, {@code groups.csv}). Object ids are the
 * 1-based ids users see (index + 1), group members are ids separated by spaces, {@code significant} is 1 or 0. For a
 * stack the first column, {@code slice}, is the 1-based stack index of the plane.
 * <ul>
 * <li>objects: {@value #OBJECTS_HEADER}, one row per object in index order;</li>
 * <li>pairs: {@value #PAIRS_HEADER}, the listed pairs in rank order;</li>
 * <li>groups: {@value #GROUPS_HEADER}, the groups in rank order (group numbers count from 1 in that order).</li>
 * </ul>
 * The columns are explained in {@code docs/results.md}.
 */
public final class ResultTables {

	static final String OBJECTS_HEADER = "id, area, centroid_x, centroid_y, contribution, main_effect, rank";
	static final String PAIRS_HEADER = "object_a, object_b, correlation, interaction, interaction_low, " +
		"interaction_high, p_value, q_value, significant, score, rank";
	static final String GROUPS_HEADER = "group, members, size, score, mean_correlation, rank";

	public static final List<String> OBJECT_COLUMNS = columns(OBJECTS_HEADER);
	public static final List<String> PAIR_COLUMNS = columns(PAIRS_HEADER);
	public static final List<String> GROUP_COLUMNS = columns(GROUPS_HEADER);
	/** The first column of every table of a stack. */
	public static final String SLICE = "slice";

	/** Table titles in Fiji, and the file names of the command line. */
	public static final String OBJECTS = "Objects", PAIRS = "Pairs", GROUPS = "Groups";

	private ResultTables() {}

	private static List<String> columns(String header) {
		return List.of(header.split(", "));
	}

	/** The objects of every successful plane ({@code sliceColumn}: with the {@code slice} column first). */
	public static Table objects(List<SliceResult> results, boolean sliceColumn) {
		Table t = new Table(withSlice(OBJECT_COLUMNS, sliceColumn));
		for (SliceResult r : results) {
			if (r.failed()) continue;
			for (ObjectInfo o : r.explanation().objects())
				t.add(row(r, sliceColumn, o.id(), o.area(), o.centroidX(), o.centroidY(), o.contribution(),
					o.mainEffect(), o.rank()));
		}
		return t;
	}

	public static Table pairs(List<SliceResult> results, boolean sliceColumn) {
		Table t = new Table(withSlice(PAIR_COLUMNS, sliceColumn));
		for (SliceResult r : results) {
			if (r.failed()) continue;
			for (PairRelation p : r.explanation().pairs())
				t.add(row(r, sliceColumn, p.a() + 1, p.b() + 1, p.correlation(), p.interaction(), p.interactionLow(),
					p.interactionHigh(), p.pValue(), p.qValue(), p.significant(), p.score(), p.rank()));
		}
		return t;
	}

	public static Table groups(List<SliceResult> results, boolean sliceColumn) {
		Table t = new Table(withSlice(GROUP_COLUMNS, sliceColumn));
		for (SliceResult r : results) {
			if (r.failed()) continue;
			int number = 1;
			for (ObjectGroup g : r.explanation().groups())
				t.add(row(r, sliceColumn, number++, memberIds(g), g.members().length, g.score(), g.meanCorrelation(),
					g.rank()));
		}
		return t;
	}

	/** The three tables of one explanation of a single image. */
	public static Table objects(Explanation e) {
		return objects(List.of(new SliceResult(1, "", e, null)), false);
	}

	/** The 1-based ids of a group's members, separated by spaces. */
	public static String memberIds(ObjectGroup g) {
		StringJoiner j = new StringJoiner(" ");
		for (int m : g.members())
			j.add(Integer.toString(m + 1));
		return j.toString();
	}

	private static List<String> withSlice(List<String> columns, boolean slice) {
		if (!slice) return columns;
		List<String> c = new ArrayList<>();
		c.add(SLICE);
		c.addAll(columns);
		return c;
	}

	private static List<Object> row(SliceResult r, boolean sliceColumn, Object... cells) {
		List<Object> row = new ArrayList<>(cells.length + 1);
		if (sliceColumn) row.add(r.slice());
		for (Object c : cells)
			row.add(c);
		return row;
	}
}
