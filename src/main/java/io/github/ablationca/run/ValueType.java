package io.github.ablationca.run;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * How the values of one kind of setting are read from text and written back: one parser per value type, shared by
 * the Fiji command, the command line, {@code ablation-ca.properties} and {@code summary.json}. A value that does not
 * parse is refused with what is accepted ({@code "a whole number from 2 to 10000, not '1'"}); the face adds the
 * setting's name.
 * <pre>{@code
 * ValueType<Integer> segments = ValueType.integer(2, 10000);
 * int n = segments.parse("40");
 * ValueType<FillMode> fill = ValueType.choice(FillMode.class);   // mean, blur, constant, noise
 * }</pre>
 *
 * @param <T> the value's Java type
 */
public final class ValueType<T> {

	/** Words that mean "the model's own default" for settings that have one (value null). */
	public static final List<String> DEFAULT_WORDS = List.of("", "model default", "default", "auto");

	private final String description;
	private final Function<String, T> parser;
	private final Function<T, String> formatter;
	private final List<String> choices;
	private final boolean nullable;

	private ValueType(String description, Function<String, T> parser, Function<T, String> formatter,
		List<String> choices, boolean nullable)
	{
		this.description = description;
		this.parser = parser;
		this.formatter = formatter;
		this.choices = List.copyOf(choices);
		this.nullable = nullable;
	}

	/**
	 * The value of {@code text}.
	 *
	 * @throws IllegalArgumentException saying what is accepted
	 */
	public T parse(String text) {
		String t = text == null ? "" : text.strip();
		if (nullable && DEFAULT_WORDS.contains(t.toLowerCase(Locale.ROOT))) return null;
		return parser.apply(t);
	}

	/** {@code value} as the faces write it ("" for null). */
	public String format(Object value) {
		@SuppressWarnings("unchecked")
		T v = (T) value;
		return v == null ? "" : formatter.apply(v);
	}

	/** What the type accepts, for help texts: {@code "a whole number from 2 to 10000"}. */
	public String description() {
		return description;
	}

	/** The canonical names of a choice, in the order the faces list them; empty for other types. */
	public List<String> choices() {
		return choices;
	}

	/** Whether the value may be left to the model ({@link #DEFAULT_WORDS}; null). */
	public boolean isNullable() {
		return nullable;
	}

	/**
	 * The same type, but blank, {@link #DEFAULT_WORDS} and {@code moreWords} (e.g. "0" for a count) give null ("the
	 * model's default").
	 */
	public ValueType<T> orModelDefault(String... moreWords) {
		List<String> c = new ArrayList<>();
		if (!choices.isEmpty()) c.add("model default");
		c.addAll(choices);
		List<String> words = List.of(moreWords);
		Function<String, T> p = t -> words.contains(t) ? null : parser.apply(t);
		return new ValueType<>(description + ", or " + (words.isEmpty() ? "" : String.join(" or ", words) + " or ") +
			"'model default'", p, formatter, c, true);
	}

	private static IllegalArgumentException refused(String description, String text) {
		return new IllegalArgumentException("must be " + description + ", not '" + text + "'.");
	}

	// -- The types --

	/** A whole number in {@code [min, max]}. */
	public static ValueType<Integer> integer(int min, int max) {
		String d = "a whole number from " + min + " to " + max;
		return new ValueType<>(d, t -> {
			long v = wholeNumber(t, d);
			if (v < min || v > max) throw refused(d, t);
			return (int) v;
		}, String::valueOf, List.of(), false);
	}

	/** Any whole number that fits in 64 bits. */
	public static ValueType<Long> longInteger() {
		String d = "a whole number";
		return new ValueType<>(d, t -> wholeNumber(t, d), String::valueOf, List.of(), false);
	}

	private static long wholeNumber(String t, String description) {
		if (!t.matches("[+-]?\\d+")) throw refused(description, t);
		try {
			return Long.parseLong(t);
		}
		catch (NumberFormatException e) {
			throw refused(description, t); // more digits than 64 bits hold
		}
	}

	/** A finite number above {@code min} ({@code min} itself allowed when {@code minIncluded}) and below {@code max}. */
	public static ValueType<Double> number(double min, boolean minIncluded, double max, boolean maxIncluded) {
		String d = describeRange(min, minIncluded, max, maxIncluded);
		return new ValueType<>(d, t -> {
			double v;
			try {
				v = Double.parseDouble(t);
			}
			catch (NumberFormatException e) {
				throw refused(d, t);
			}
			boolean ok = Double.isFinite(v) && (minIncluded ? v >= min : v > min) && (maxIncluded ? v <= max : v < max);
			if (!ok) throw refused(d, t);
			return v;
		}, Table::format, List.of(), false);
	}

	private static String describeRange(double min, boolean minIncluded, double max, boolean maxIncluded) {
		String lo = Table.format(min), hi = Table.format(max);
		if (max == Double.POSITIVE_INFINITY) return minIncluded ? "a number, " + lo + " or more" : "a number above " + lo;
		return "a number " + (minIncluded ? "from " + lo : "above " + lo) + (maxIncluded ? " to " + hi : " and below " +
			hi);
	}

	/** Free text (names of tensors, signatures, labels). */
	public static ValueType<String> text() {
		return new ValueType<>("text", t -> t, s -> s, List.of(), false);
	}

	/** A file or folder. */
	public static ValueType<Path> path() {
		return new ValueType<>("a file or folder", t -> {
			if (t.isEmpty()) throw refused("a file or folder", t);
			try {
				return Paths.get(t);
			}
			catch (java.nio.file.InvalidPathException e) {
				throw new IllegalArgumentException("must be a file or folder name this locale can write, not '" + t +
					"' (file names are read as " + System.getProperty("sun.jnu.encoding", "the locale's character set") +
					"). Fix: run with a UTF-8 locale, for example LANG=C.UTF-8.");
			}
		}, Path::toString, List.of(), false);
	}

	/** true or false (also yes/no, 1/0). */
	public static ValueType<Boolean> bool() {
		String d = "true or false";
		return new ValueType<>(d, t -> {
			switch (t.toLowerCase(Locale.ROOT)) {
				case "true":
				case "yes":
				case "1":
					return true;
				case "false":
				case "no":
				case "0":
					return false;
				default:
					throw refused(d, t);
			}
		}, String::valueOf, List.of(), false);
	}

	/** A colour R,G,B with each value in 0..255. */
	public static ValueType<float[]> color() {
		String d = "R,G,B with values 0..255 (e.g. 128,128,128)";
		return new ValueType<>(d, t -> {
			String[] parts = t.split(",");
			if (parts.length != 3) throw refused(d, t);
			float[] c = new float[3];
			for (int i = 0; i < 3; i++) {
				try {
					c[i] = Float.parseFloat(parts[i].strip());
				}
				catch (NumberFormatException e) {
					throw refused(d, t);
				}
				if (!(c[i] >= 0 && c[i] <= 255)) throw refused(d, t);
			}
			return c;
		}, c -> Table.format(c[0]) + "," + Table.format(c[1]) + "," + Table.format(c[2]), List.of(), false);
	}

	/** Comma-separated numbers, each above {@code min} and at most {@code max}; {@code none} (or nothing) = no numbers. */
	public static ValueType<double[]> numbers(double min, double max) {
		String d = "comma-separated numbers above " + Table.format(min) + " and at most " + Table.format(max) +
			" (e.g. 0.75,1.5), or none";
		return new ValueType<>(d, t -> {
			if (t.isBlank() || t.strip().equalsIgnoreCase("none")) return new double[0];
			String[] parts = t.split(",");
			double[] v = new double[parts.length];
			for (int i = 0; i < parts.length; i++) {
				try {
					v[i] = Double.parseDouble(parts[i].strip());
				}
				catch (NumberFormatException e) {
					throw refused(d, t);
				}
				if (!(v[i] > min && v[i] <= max)) throw refused(d, t);
			}
			return v;
		}, v -> v.length == 0 ? "none" : String.join(",", Arrays.stream(v).mapToObj(Table::format).toList()),
			List.of(), false);
	}

	/** Comma-separated choices of an enum, each as {@link #choice(Class, Map)} parses it; at least one. */
	public static <E extends Enum<E>> ValueType<E[]> choices(Class<E> type, Map<String, E> aliases) {
		ValueType<E> one = choice(type, aliases);
		String d = "comma-separated, each " + one.description();
		return new ValueType<>(d, t -> {
			String[] parts = t.split(",");
			@SuppressWarnings("unchecked")
			E[] v = (E[]) java.lang.reflect.Array.newInstance(type, parts.length);
			for (int i = 0; i < parts.length; i++) {
				try {
					v[i] = one.parse(parts[i].strip());
				}
				catch (IllegalArgumentException e) {
					throw refused(d, t);
				}
			}
			return v;
		}, v -> String.join(",", Arrays.stream(v).map(ValueType::name).toList()), List.of(), false);
	}

	/** A size N (square) or WxH, each at least 1: {@code int[] {width, height}}. */
	public static ValueType<int[]> size() {
		String d = "a size N or WxH (e.g. 224 or 224x160)";
		return new ValueType<>(d, t -> {
			String[] parts = t.toLowerCase(Locale.ROOT).split("[x×,]");
			if (parts.length < 1 || parts.length > 2) throw refused(d, t);
			int[] wh = new int[2];
			for (int i = 0; i < 2; i++) {
				String p = parts[Math.min(i, parts.length - 1)].strip();
				if (!p.matches("\\d{1,6}") || Integer.parseInt(p) < 1) throw refused(d, t);
				wh[i] = Integer.parseInt(p);
			}
			return wh;
		}, wh -> wh[0] == wh[1] ? String.valueOf(wh[0]) : wh[0] + "x" + wh[1], List.of(), false);
	}

	/** The constants of an enum, named in lower case with '-' ({@code LOG_ODDS -> log-odds}). */
	public static <E extends Enum<E>> ValueType<E> choice(Class<E> type) {
		return choice(type, Map.of());
	}

	/** {@link #choice(Class)} with extra spellings that also parse ({@code "black" -> CONSTANT}). */
	public static <E extends Enum<E>> ValueType<E> choice(Class<E> type, Map<String, E> aliases) {
		Map<String, E> names = new LinkedHashMap<>();
		for (E e : type.getEnumConstants())
			names.put(name(e), e);
		return choice(names, aliases);
	}

	/** A choice among {@code names} (canonical name to value, in the order shown), with extra spellings. */
	public static <E> ValueType<E> choice(Map<String, E> names, Map<String, E> aliases) {
		List<String> list = new ArrayList<>(names.keySet());
		String d = "one of " + String.join(", ", list);
		Map<E, String> back = new LinkedHashMap<>();
		for (Map.Entry<String, E> e : names.entrySet())
			back.putIfAbsent(e.getValue(), e.getKey());
		return new ValueType<>(d, t -> {
			String key = normal(t);
			for (Map.Entry<String, E> e : names.entrySet())
				if (normal(e.getKey()).equals(key)) return e.getValue();
			for (Map.Entry<String, E> e : aliases.entrySet())
				if (normal(e.getKey()).equals(key)) return e.getValue();
			throw refused(d, t);
		}, back::get, list, false);
	}

	/** A type whose values are parsed by {@code parser} and written by {@code formatter}, listing {@code choices}. */
	public static <T> ValueType<T> of(String description, Function<String, T> parser, Function<T, String> formatter,
		List<String> choices)
	{
		return new ValueType<>(description, parser, formatter, choices, false);
	}

	/** An enum constant as the faces spell it: {@code CENTER_CROP -> center-crop}. */
	public static String name(Enum<?> e) {
		return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	/** Case, blanks, '-' and '_' do not matter in choices. */
	private static String normal(String s) {
		return s.strip().toLowerCase(Locale.ROOT).replace(" ", "").replace("-", "").replace("_", "");
	}
}
