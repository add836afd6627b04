package io.github.ablationca.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * CSV as RFC 4180 has it: comma separated, a field holding a comma, a quote or a line break is quoted with double
 * quotes and its quotes doubled; lines end with {@code \n}. Labels such as {@code "tabby, tabby cat"} survive.
 */
public final class Csv {

	private Csv() {}

	/** One field, quoted if needed; null is written as an empty field. */
	public static String field(Object value) {
		if (value == null) return "";
		String s = value instanceof Double || value instanceof Float ? number(((Number) value).doubleValue())
			: value.toString();
		if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
		return '"' + s.replace("\"", "\"\"") + '"';
	}

	/** One line (with its {@code \n}) of the given fields. */
	public static String line(Object... fields) {
		StringBuilder sb = new StringBuilder();
		for (int i = 0; i < fields.length; i++) {
			if (i > 0) sb.append(',');
			sb.append(field(fields[i]));
		}
		return sb.append('\n').toString();
	}

	/** One line (with its {@code \n}) of the given fields. */
	public static String line(List<?> fields) {
		return line(fields.toArray());
	}

	/**
	 * A number as the files write it: integers without a decimal point, others with up to 9 significant digits
	 * (enough to round-trip a float), NaN and infinities as {@code NaN}, {@code Infinity}, {@code -Infinity}.
	 */
	public static String number(double v) {
		if (Double.isNaN(v) || Double.isInfinite(v)) return Double.toString(v);
		if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
		String s = String.format(Locale.ROOT, "%.9g", v);
		if (s.contains("e")) return s.replaceFirst("\\.?0+e", "e");
		return s.contains(".") ? s.replaceFirst("\\.?0+$", "") : s;
	}

	/** Parses CSV text into rows of fields (quoted fields may hold commas, quotes and line breaks). */
	public static List<List<String>> parse(String text) {
		List<List<String>> rows = new ArrayList<>();
		List<String> row = new ArrayList<>();
		StringBuilder field = new StringBuilder();
		boolean quoted = false, fieldStarted = false;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (quoted) {
				if (c == '"') {
					if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
						field.append('"');
						i++;
					}
					else quoted = false;
				}
				else field.append(c);
				continue;
			}
			switch (c) {
				case '"':
					quoted = true;
					fieldStarted = true;
					break;
				case ',':
					row.add(field.toString());
					field.setLength(0);
					fieldStarted = true;
					break;
				case '\r':
					break;
				case '\n':
					row.add(field.toString());
					field.setLength(0);
					rows.add(row);
					row = new ArrayList<>();
					fieldStarted = false;
					break;
				default:
					field.append(c);
					fieldStarted = true;
			}
		}
		if (fieldStarted || field.length() > 0 || !row.isEmpty()) {
			row.add(field.toString());
			rows.add(row);
		}
		return rows;
	}
}
