package io.github.ablationca.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The little JSON the result files need: {@link #write} turns maps (key order kept), lists, strings, numbers,
 * booleans and null into indented JSON with proper escaping; {@link #parse} reads JSON back into
 * {@code Map<String, Object>} (insertion ordered), {@code List<Object>}, {@code String}, {@code Double},
 * {@code Boolean} and null. Non-finite numbers are written as null (JSON has no NaN).
 */
public final class Json {

	private Json() {}

	/** {@code value} as indented JSON (two spaces), ending without a line break. */
	public static String write(Object value) {
		StringBuilder sb = new StringBuilder();
		write(value, sb, "");
		return sb.toString();
	}

	private static void write(Object v, StringBuilder sb, String indent) {
		if (v == null) sb.append("null");
		else if (v instanceof String s) string(s, sb);
		else if (v instanceof Boolean b) sb.append(b);
		else if (v instanceof Double || v instanceof Float) {
			double d = ((Number) v).doubleValue();
			sb.append(Double.isFinite(d) ? Csv.number(d) : "null");
		}
		else if (v instanceof Number n) sb.append(n.longValue());
		else if (v instanceof Map<?, ?> m) {
			if (m.isEmpty()) {
				sb.append("{}");
				return;
			}
			String inner = indent + "  ";
			sb.append("{\n");
			int i = 0;
			for (Map.Entry<?, ?> e : m.entrySet()) {
				sb.append(inner);
				string(String.valueOf(e.getKey()), sb);
				sb.append(": ");
				write(e.getValue(), sb, inner);
				sb.append(++i < m.size() ? ",\n" : "\n");
			}
			sb.append(indent).append('}');
		}
		else if (v instanceof List<?> l) {
			if (l.isEmpty()) {
				sb.append("[]");
				return;
			}
			String inner = indent + "  ";
			sb.append("[\n");
			for (int i = 0; i < l.size(); i++) {
				sb.append(inner);
				write(l.get(i), sb, inner);
				sb.append(i + 1 < l.size() ? ",\n" : "\n");
			}
			sb.append(indent).append(']');
		}
		else string(v.toString(), sb);
	}

	private static void string(String s, StringBuilder sb) {
		sb.append('"');
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			switch (c) {
				case '"' -> sb.append("\\\"");
				case '\\' -> sb.append("\\\\");
				case '\n' -> sb.append("\\n");
				case '\r' -> sb.append("\\r");
				case '\t' -> sb.append("\\t");
				case '\b' -> sb.append("\\b");
				case '\f' -> sb.append("\\f");
				default -> {
					if (c < 0x20 || c == '\u2028' || c == '\u2029') sb.append(String.format("\\u%04x", (int) c));
					else sb.append(c);
				}
			}
		}
		sb.append('"');
	}

	/**
	 * Parses JSON text.
	 *
	 * @throws IllegalArgumentException naming the position of the first syntax error
	 */
	public static Object parse(String text) {
		Parser p = new Parser(text);
		Object v = p.value();
		p.skipSpace();
		if (p.pos < text.length()) throw p.error("unexpected text after the value");
		return v;
	}

	/** Parses a JSON object. */
	@SuppressWarnings("unchecked")
	public static Map<String, Object> parseObject(String text) {
		Object v = parse(text);
		if (!(v instanceof Map)) throw new IllegalArgumentException("JSON text is not an object");
		return (Map<String, Object>) v;
	}

	private static final class Parser {
		final String s;
		int pos;

		Parser(String s) {
			this.s = s;
		}

		IllegalArgumentException error(String what) {
			return new IllegalArgumentException("Bad JSON at character " + pos + ": " + what);
		}

		void skipSpace() {
			while (pos < s.length() && Character.isWhitespace(s.charAt(pos)))
				pos++;
		}

		char peek() {
			skipSpace();
			if (pos >= s.length()) throw error("unexpected end");
			return s.charAt(pos);
		}

		void expect(char c) {
			if (peek() != c) throw error("expected '" + c + "'");
			pos++;
		}

		Object value() {
			char c = peek();
			switch (c) {
				case '{': {
					pos++;
					Map<String, Object> m = new LinkedHashMap<>();
					if (peek() == '}') {
						pos++;
						return m;
					}
					while (true) {
						if (peek() != '"') throw error("expected a key");
						String key = string();
						expect(':');
						m.put(key, value());
						if (peek() == ',') pos++;
						else {
							expect('}');
							return m;
						}
					}
				}
				case '[': {
					pos++;
					List<Object> l = new ArrayList<>();
					if (peek() == ']') {
						pos++;
						return l;
					}
					while (true) {
						l.add(value());
						if (peek() == ',') pos++;
						else {
							expect(']');
							return l;
						}
					}
				}
				case '"':
					return string();
				default:
					if (s.startsWith("true", pos)) {
						pos += 4;
						return Boolean.TRUE;
					}
					if (s.startsWith("false", pos)) {
						pos += 5;
						return Boolean.FALSE;
					}
					if (s.startsWith("null", pos)) {
						pos += 4;
						return null;
					}
					return number();
			}
		}

		String string() {
			expect('"');
			StringBuilder sb = new StringBuilder();
			while (true) {
				if (pos >= s.length()) throw error("unterminated string");
				char c = s.charAt(pos++);
				if (c == '"') return sb.toString();
				if (c != '\\') {
					sb.append(c);
					continue;
				}
				if (pos >= s.length()) throw error("unterminated escape");
				char e = s.charAt(pos++);
				switch (e) {
					case '"', '\\', '/' -> sb.append(e);
					case 'n' -> sb.append('\n');
					case 'r' -> sb.append('\r');
					case 't' -> sb.append('\t');
					case 'b' -> sb.append('\b');
					case 'f' -> sb.append('\f');
					case 'u' -> {
						if (pos + 4 > s.length()) throw error("short \\u escape");
						try {
							sb.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
						}
						catch (NumberFormatException x) {
							throw error("bad \\u escape");
						}
						pos += 4;
					}
					default -> throw error("bad escape \\" + e);
				}
			}
		}

		Double number() {
			int start = pos;
			while (pos < s.length() && "+-0123456789.eE".indexOf(s.charAt(pos)) >= 0)
				pos++;
			if (start == pos) throw error("unexpected character '" + s.charAt(pos) + "'");
			try {
				return Double.parseDouble(s.substring(start, pos));
			}
			catch (NumberFormatException x) {
				pos = start;
				throw error("bad number");
			}
		}
	}
}
