package io.github.ablationca.fiji;

import io.github.ablationca.engine.Explanation;
import io.github.ablationca.engine.ObjectGroup;
import io.github.ablationca.engine.ObjectInfo;
import io.github.ablationca.engine.PairRelation;

import ij.measure.ResultsTable;

import java.util.List;
import java.util.StringJoiner;

/**
 * The result tables "Objects", "Pairs" and "Groups" of a run. Object ids are the 1-based ids users see (index + 1);
 * for stacks the first column, {@code slice}, is the 1-based stack index of the plane.
 */
public final class ResultTables {

	public static final String OBJECTS = "Objects";
	public static final String PAIRS = "Pairs";
	public static final String GROUPS = "Groups";

	private ResultTables() {}

	/** Columns: [slice,] id, area, centroid_x, centroid_y, contribution, main_effect, rank. */
	public static ResultsTable objects(List<SliceResult> results, boolean sliceColumn) {
		ResultsTable rt = new ResultsTable();
		for (SliceResult r : results) {
			if (r.failed()) continue;
			for (ObjectInfo o : r.explanation().objects()) {
				rt.addRow();
				if (sliceColumn) rt.addValue("slice", r.stackIndex());
				rt.addValue("id", o.id());
				rt.addValue("area", o.area());
				rt.addValue("centroid_x", o.centroidX());
				rt.addValue("centroid_y", o.centroidY());
				rt.addValue("contribution", o.contribution());
				rt.addValue("main_effect", o.mainEffect());
				rt.addValue("rank", o.rank());
			}
		}
		precise(rt, "contribution", 5);
		precise(rt, "main_effect", 5);
		return rt;
	}

	/**
	 * Columns: [slice,] object_a, object_b, correlation, confidence, score, rank, interaction, p_value, q_value,
	 * significant (1 = yes). Rows in rank order per slice.
	 */
	public static ResultsTable pairs(List<SliceResult> results, boolean sliceColumn) {
		ResultsTable rt = new ResultsTable();
		for (SliceResult r : results) {
			if (r.failed()) continue;
			for (PairRelation p : r.explanation().pairs()) {
				rt.addRow();
				if (sliceColumn) rt.addValue("slice", r.stackIndex());
				rt.addValue("object_a", p.a() + 1);
				rt.addValue("object_b", p.b() + 1);
				rt.addValue("correlation", p.correlation());
				rt.addValue("confidence", p.confidence());
				rt.addValue("score", p.score());
				rt.addValue("rank", p.rank());
				rt.addValue("interaction", p.interaction());
				rt.addValue("p_value", p.pValue());
				rt.addValue("q_value", p.qValue());
				rt.addValue("significant", p.significant() ? 1 : 0);
			}
		}
		precise(rt, "correlation", 4);
		precise(rt, "confidence", 4);
		precise(rt, "score", 5);
		precise(rt, "interaction", 5);
		precise(rt, "p_value", -3);
		precise(rt, "q_value", -3);
		return rt;
	}

	/** Columns: [slice,] group, members (object ids separated by spaces), size, score, mean_correlation. */
	public static ResultsTable groups(List<SliceResult> results, boolean sliceColumn) {
		ResultsTable rt = new ResultsTable();
		for (SliceResult r : results) {
			if (r.failed()) continue;
			for (ObjectGroup g : r.explanation().groups()) {
				rt.addRow();
				if (sliceColumn) rt.addValue("slice", r.stackIndex());
				rt.addValue("group", g.rank());
				rt.addValue("members", memberIds(g.members()));
				rt.addValue("size", g.members().length);
				rt.addValue("score", g.score());
				rt.addValue("mean_correlation", g.meanCorrelation());
			}
		}
		precise(rt, "score", 5);
		precise(rt, "mean_correlation", 4);
		return rt;
	}

	static String memberIds(int[] members) {
		StringJoiner j = new StringJoiner(" ");
		for (int m : members)
			j.add(Integer.toString(m + 1));
		return j.toString();
	}

	/** Decimal places of a column (negative = scientific notation with that many digits). */
	private static void precise(ResultsTable rt, String column, int digits) {
		int c = rt.getColumnIndex(column);
		if (c != ResultsTable.COLUMN_NOT_FOUND) rt.setDecimalPlaces(c, digits);
	}

	/** Convenience for one explanation of a single image. */
	public static ResultsTable objects(Explanation e) {
		return objects(List.of(new SliceResult(1, "", e, null)), false);
	}
}
