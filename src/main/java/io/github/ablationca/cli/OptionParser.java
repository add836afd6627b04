package io.github.ablationca.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The command-line parser every subcommand shares: options are declared once with their help text, so the parser
 * and {@code --help} cannot disagree. Accepts {@code --name value}, {@code --name=value}, flags, {@code --} (the rest
 * are operands) and operands anywhere.
 * <pre>{@code
 * int[] top = {5};
 * OptionParser p = new OptionParser()
 *     .option("--top", "K", "classes printed per image (default 5).", v -> top[0] = OptionParser.positive("--top", v));
 * List<String> images = p.parse(args);
 * System.out.println(p.help());
 * }</pre>
 * A handler that throws {@link IllegalArgumentException} becomes a {@link UsageException} prefixed with the option.
 */
final class OptionParser {

	/** Column where option descriptions start in {@link #help()}. */
	private static final int DESCRIPTION_COLUMN = 25;
	/** Width {@link #help()} wraps descriptions at. */
	private static final int WIDTH = 112;

	private record Option(List<String> names, String metavar, String help, Consumer<String> handler) {
		boolean takesValue() {
			return metavar != null;
		}
	}

	/** Declared options and section titles (a String), in help order. */
	private final List<Object> entries = new ArrayList<>();
	private final Map<String, Option> byName = new LinkedHashMap<>();

	/**
	 * Declares an option that takes a value.
	 *
	 * @param names the option's names, comma separated ({@code "--out"} or {@code "-o, --out"})
	 * @param metavar how the help names the value ({@code DIR})
	 * @param help the description (wrapped by {@link #help()}; a line break starts a new line)
	 */
	OptionParser option(String names, String metavar, String help, Consumer<String> handler) {
		return add(new Option(split(names), metavar, help, handler));
	}

	/** Declares an option without a value. */
	OptionParser flag(String names, String help, Runnable handler) {
		return add(new Option(split(names), null, help, v -> handler.run()));
	}

	/** Starts a titled group of options in the help. */
	OptionParser section(String title) {
		entries.add(title);
		return this;
	}

	private OptionParser add(Option o) {
		for (String n : o.names())
			if (byName.put(n, o) != null) throw new IllegalStateException("option " + n + " declared twice");
		entries.add(o);
		return this;
	}

	private static List<String> split(String names) {
		List<String> list = new ArrayList<>();
		for (String n : names.split(","))
			list.add(n.strip());
		return list;
	}

	/** Every option name the parser accepts ({@code -h} and {@code --help} count as two). */
	List<String> names() {
		return Collections.unmodifiableList(new ArrayList<>(byName.keySet()));
	}

	/** Whether option {@code name} takes a value. */
	boolean takesValue(String name) {
		Option o = byName.get(name);
		if (o == null) throw new IllegalArgumentException("no option " + name);
		return o.takesValue();
	}

	/**
	 * Applies the options of {@code args} to their handlers, in order, and returns the operands.
	 *
	 * @throws UsageException for an unknown option, a missing value or a value its handler refuses
	 */
	List<String> parse(String[] args) {
		List<String> operands = new ArrayList<>();
		for (int i = 0; i < args.length; i++) {
			String arg = args[i];
			if (arg.equals("--")) {
				for (i++; i < args.length; i++)
					operands.add(args[i]);
				break;
			}
			if (!arg.startsWith("-") || arg.length() == 1) {
				operands.add(arg);
				continue;
			}
			String name = arg, value = null;
			int eq = arg.indexOf('=');
			if (arg.startsWith("--") && eq > 0) {
				name = arg.substring(0, eq);
				value = arg.substring(eq + 1);
			}
			Option o = byName.get(name);
			if (o == null) throw new UsageException("Unknown option '" + name + "'.");
			if (o.takesValue()) {
				if (value == null) {
					if (i + 1 >= args.length) throw new UsageException("Option " + name + " needs a value.");
					value = args[++i];
				}
			}
			else if (value != null) throw new UsageException("Option " + name + " takes no value.");
			try {
				o.handler().accept(value);
			}
			catch (UsageException e) {
				throw e;
			}
			catch (IllegalArgumentException e) {
				throw new UsageException(name + ": " + e.getMessage());
			}
		}
		return operands;
	}

	/** The option list of the help: one entry per option, descriptions wrapped and aligned. */
	String help() {
		StringBuilder sb = new StringBuilder();
		for (Object entry : entries) {
			if (entry instanceof String title) {
				if (sb.length() > 0) sb.append('\n');
				sb.append(title).append('\n');
				continue;
			}
			Option o = (Option) entry;
			StringBuilder head = new StringBuilder("  ").append(String.join(", ", o.names()));
			if (o.takesValue()) head.append(' ').append(o.metavar());
			List<String> lines = wrap(o.help(), WIDTH - DESCRIPTION_COLUMN);
			if (head.length() >= DESCRIPTION_COLUMN - 1) {
				sb.append(head).append('\n');
				head.setLength(0);
			}
			for (String line : lines) {
				sb.append(head).append(" ".repeat(DESCRIPTION_COLUMN - head.length())).append(line).append('\n');
				head.setLength(0);
			}
		}
		return sb.toString().stripTrailing();
	}

	private static List<String> wrap(String text, int width) {
		List<String> lines = new ArrayList<>();
		for (String paragraph : text.split("\n")) {
			StringBuilder line = new StringBuilder();
			for (String word : paragraph.split(" ")) {
				if (word.isEmpty()) continue;
				if (line.length() > 0 && line.length() + 1 + word.length() > width) {
					lines.add(line.toString());
					line.setLength(0);
				}
				if (line.length() > 0) line.append(' ');
				line.append(word);
			}
			lines.add(line.toString());
		}
		return lines;
	}

	// Value conversions shared by the subcommands; the messages name the option.

	static int integer(String name, String value) {
		try {
			return Integer.parseInt(value.strip());
		}
		catch (NumberFormatException e) {
			throw new UsageException(name + " takes a whole number, not '" + value + "'.");
		}
	}

	static int positive(String name, String value) {
		int v = integer(name, value);
		if (v < 1) throw new UsageException(name + " must be at least 1, not " + v + ".");
		return v;
	}

	static int nonNegative(String name, String value) {
		int v = integer(name, value);
		if (v < 0) throw new UsageException(name + " must be 0 or more, not " + v + ".");
		return v;
	}

	static long longInteger(String name, String value) {
		try {
			return Long.parseLong(value.strip());
		}
		catch (NumberFormatException e) {
			throw new UsageException(name + " takes a whole number, not '" + value + "'.");
		}
	}

	static double number(String name, String value) {
		try {
			double d = Double.parseDouble(value.strip());
			if (!Double.isFinite(d)) throw new NumberFormatException();
			return d;
		}
		catch (NumberFormatException e) {
			throw new UsageException(name + " takes a number, not '" + value + "'.");
		}
	}

	/** A default value for help texts: {@code 10} rather than {@code 10.0}. */
	static String formatNumber(double v) {
		return Csv.number(v);
	}

	/** The enum constant named {@code value} (case, '-' and '_' ignored), else a message listing the choices. */
	static <E extends Enum<E>> E choice(String name, String value, Class<E> type) {
		String wanted = normal(value);
		List<String> choices = new ArrayList<>();
		for (E e : type.getEnumConstants()) {
			if (normal(e.name()).equals(wanted)) return e;
			choices.add(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
		}
		throw new UsageException(name + " takes " + String.join(", ", choices) + ", not '" + value + "'.");
	}

	private static String normal(String s) {
		return s.strip().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
	}
}
