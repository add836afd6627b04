package io.github.ablationca.imagej;

import io.github.ablationca.run.Table;

import ij.measure.ResultsTable;

import java.util.List;

/**
 * A {@link Table} of the result schema as an ImageJ {@link ResultsTable}: the same columns in the same order, numbers
 * as numbers (so Fiji can sort, plot and filter them), text as text. Shown with the decimals the values need.
 * <pre>{@code
 * ResultsTable objects = ImageJTables.of(ResultTables.objects(results, stack));
 * objects.show("Objects");
 * }</pre>
 */
public final class ImageJTables {

	private ImageJTables() {}

	public static ResultsTable of(Table table) {
		ResultsTable rt = new ResultsTable();
		List<String> columns = table.columns();
		if (table.size() == 0) {
			// an empty table still shows its columns: add them with a row, then remove the row
			rt.addRow();
			for (String c : columns)
				rt.addValue(c, 0);
			rt.deleteRow(0);
			return rt;
		}
		for (List<Object> row : table.rows()) {
			rt.addRow();
			for (int c = 0; c < columns.size(); c++) {
				Object cell = row.get(c);
				if (cell instanceof Number n) rt.addValue(columns.get(c), n.doubleValue());
				else if (cell instanceof Boolean b) rt.addValue(columns.get(c), b ? 1 : 0);
				else rt.addValue(columns.get(c), cell == null ? "" : cell.toString());
			}
		}
		// Small statistics (p-values) in scientific notation, the rest with enough decimals to compare.
		for (int c = 0; c <= rt.getLastColumn(); c++)
			if (rt.columnExists(c)) {
				String name = rt.getColumnHeading(c);
				rt.setDecimalPlaces(c, name.endsWith("_value") ? -3 : 5);
			}
		return rt;
	}
}
