package io.github.ablationca.run;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * A table as every face shows it: named columns and rows of cells (numbers, text, booleans or null). The CSV files of
 * the command line and the Fiji tables are both made from a {@code Table}, so their columns and cells agree; cells
 * are written by {@link #format(Object)}. CSV is RFC 4180 through Apache Commons CSV, lines end with {@code \n}.
 * <pre>{@code
 * Table t = new Table(List.of("id", "area"));
 * t.add(1, 120);
 * String csv = t.toCsv();                // "id,area\n1,120\n"
 * Table back = Table.parseCsv(csv);      // cells come back as text
 * }</pre>
 */
public final class Table {

	private static final CSVFormat CSV = CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get();

	private final List<String> columns;
	private final List<List<Object>> rows = new ArrayList<>();

	public Table(List<String> columns) {
		this.columns = List.copyOf(columns);
	}

	public List<String> columns() {
		return columns;
	}

	/** The rows, in order (live). */
	public List<List<Object>> rows() {
		return rows;
	}

	public int size() {
		return rows.size();
	}

	/** Appends a row; it must have one cell per column. */
	public Table add(Object... cells) {
		return add(java.util.Arrays.asList(cells));
	}

	public Table add(List<?> cells) {
		if (cells.size() != columns.size())
			throw new IllegalArgumentException(cells.size() + " cells for " + columns.size() + " columns " + columns);
		rows.add(new ArrayList<>(cells));
		return this;
	}

	/** The cell of {@code column} in row {@code row}. */
	public Object get(int row, String column) {
		int c = columns.indexOf(column);
		if (c < 0) throw new IllegalArgumentException("No column '" + column + "' in " + columns);
		return rows.get(row).get(c);
	}

	/** Writes the header and the rows as CSV. */
	public void writeCsv(Writer out) throws IOException {
		CSVPrinter printer = new CSVPrinter(out, CSV);
		printer.printRecord(columns);
		for (List<Object> row : rows) {
			List<String> cells = new ArrayList<>(row.size());
			for (Object cell : row)
				cells.add(format(cell));
			printer.printRecord(cells);
		}
		printer.flush();
	}

	public String toCsv() {
		StringWriter w = new StringWriter();
		try {
			writeCsv(w);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return w.toString();
	}

	/** A CSV text with a header line; every cell comes back as text. */
	public static Table parseCsv(String csv) {
		try {
			return readCsv(new StringReader(csv));
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	public static Table readCsv(Reader in) throws IOException {
		try (CSVParser parser = CSVParser.builder().setReader(in).setFormat(CSV).get()) {
			List<CSVRecord> records = parser.getRecords();
			if (records.isEmpty()) throw new IOException("The CSV text has no header line.");
			Table t = new Table(records.get(0).toList());
			for (CSVRecord r : records.subList(1, records.size()))
				t.add(new ArrayList<Object>(r.toList()));
			return t;
		}
	}

	/**
	 * A cell as the files write it: null as an empty cell; whole numbers without a decimal point; other numbers with
	 * up to 9 significant digits (enough to give a float back exactly); NaN and infinities as {@code NaN},
	 * {@code Infinity}, {@code -Infinity}; booleans as 1 and 0 (so Fiji tables can plot and filter them); anything
	 * else by {@code toString()}.
	 */
	public static String format(Object cell) {
		if (cell == null) return "";
		if (cell instanceof Boolean b) return b ? "1" : "0";
		if (cell instanceof Double || cell instanceof Float) return format(((Number) cell).doubleValue());
		return cell.toString();
	}

	/** {@link #format(Object)} for a number. */
	public static String format(double v) {
		if (Double.isNaN(v) || Double.isInfinite(v)) return Double.toString(v);
		if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
		String s = String.format(Locale.ROOT, "%.9g", v);
		if (s.contains("e")) return s.replaceFirst("\\.?0+e", "e");
		return s.contains(".") ? s.replaceFirst("\\.?0+$", "") : s;
	}
}
