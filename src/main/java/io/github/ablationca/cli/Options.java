package io.github.ablationca.cli;

import io.github.ablationca.run.RunSettings;
import io.github.ablationca.run.Setting;
import io.github.ablationca.run.Settings;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/**
 * The options of one subcommand, parsed and documented by picocli. The settings of the run come from the vocabulary
 * ({@link Settings}): their option names, value types, choices (also offered to shell completion), help and
 * defaults are the vocabulary's, so the command line cannot drift from Fiji, {@code ablation-ca.properties} and
 * {@code summary.json}. Options of the command line alone ({@code --force}, {@code --progress}) are declared here
 * with their handlers.
 * <pre>{@code
 * RunSettings settings = new RunSettings();
 * Options o = new Options("explain", "ablation-ca explain --model MODEL --out OUT [options] INPUT...", description)
 *     .group("Method").settings(settings, Setting.Group.METHOD)
 *     .group("Other").flag("--force", "recompute complete results.", () -> force = true);
 * List<String> inputs = o.parse(args);
 * }</pre>
 * A value that does not parse is a {@link UsageException} naming the option and what it accepts.
 */
final class Options {

	/** Width of the help text. */
	static final int WIDTH = 112;

	private final CommandSpec spec;
	private final List<String> operands = new ArrayList<>();
	private ArgGroupSpec.Builder group;

	/**
	 * @param synopsis the usage line, e.g. {@code ablation-ca explain --model MODEL --out OUT [options] INPUT...}
	 * @param description paragraphs after the usage line (may be empty)
	 */
	Options(String name, String synopsis, String... description) {
		spec = CommandSpec.create().name(name);
		spec.usageMessage().customSynopsis(synopsis).description(description).width(WIDTH).sortOptions(false)
			.abbreviateSynopsis(true).synopsisHeading("Usage: ").descriptionHeading("%n").optionListHeading("");
		spec.parser().caseInsensitiveEnumValuesAllowed(true).overwrittenOptionsAllowed(true);
		spec.addPositional(PositionalParamSpec.builder().paramLabel("INPUT").arity("0..*").type(String[].class)
			.initialValue(new String[0]).hidden(true).setter(setter(v -> {
				operands.clear();
				for (String s : (String[]) v)
					operands.add(s);
			})).build());
	}

	/** Paragraphs after the options in the help (output layout, exit status, examples). */
	Options footer(String... lines) {
		spec.usageMessage().footerHeading("%n").footer(lines);
		return this;
	}

	/** Starts a titled group of options in the help; the options declared next belong to it. */
	Options group(String title) {
		closeGroup();
		group = ArgGroupSpec.builder().heading("%n" + title + ":%n").exclusive(false).multiplicity("0..1")
			.validate(false);
		return this;
	}

	private void closeGroup() {
		if (group != null && !group.args().isEmpty()) spec.addArgGroup(group.build());
		group = null;
	}

	/** The vocabulary's command-line options named by {@code keys}, bound to {@code target}. */
	Options settings(RunSettings target, String... keys) {
		for (String key : keys)
			setting(target, Settings.get(key));
		return this;
	}

	/** Every command-line option of the vocabulary in {@code group}, except {@code excluded} keys. */
	Options settings(RunSettings target, Setting.Group group, String... excluded) {
		for (Setting s : Settings.on(Setting.Face.COMMAND_LINE))
			if (s.group() == group && !List.of(excluded).contains(s.key())) setting(target, s);
		return this;
	}

	private void setting(RunSettings target, Setting s) {
		if (!s.on(Setting.Face.COMMAND_LINE)) throw new IllegalArgumentException(s.key() + " is not on the command line");
		String def = s.defaultText();
		String help = s.help() + (def.isEmpty() || s.type().isNullable() ? "" : " Default: " + def + ".");
		OptionSpec.Builder b = OptionSpec.builder(s.option()).paramLabel(s.metavar()).description(help)
			.type(Object.class).converters(text -> {
				try {
					return s.type().parse(text);
				}
				catch (IllegalArgumentException e) {
					throw new TypeConversionException(e.getMessage());
				}
			}).setter(setter(v -> s.set(target, v)));
		if (!s.type().choices().isEmpty()) b.completionCandidates(s.type().choices());
		if (s.type().description().equals("true or false")) {
			// a flag: takes a following true/false, never an operand (--classes-from-folders images/ is the flag)
			b.arity("0..1").fallbackValue("true").parameterConsumer((args, spec, commandSpec) -> {
				String next = args.isEmpty() ? null : args.peek();
				boolean value = next != null && next.strip().toLowerCase(java.util.Locale.ROOT).matches(
					"true|false|yes|no|1|0");
				String v = value ? args.pop() : "true";
				try {
					spec.setValue(s.type().parse(v));
				}
				catch (IllegalArgumentException e) {
					throw new picocli.CommandLine.ParameterException(commandSpec.commandLine(), s.option() + " " +
						e.getMessage());
				}
			});
		}
		add(b.build());
	}

	/** An option of this command alone that takes a value; {@code handler} may throw {@link UsageException}. */
	Options option(String names, String metavar, String help, Consumer<String> handler) {
		add(OptionSpec.builder(names.split(",\\s*")).paramLabel(metavar).description(help).type(String.class)
			.setter(setter(v -> handler.accept((String) v))).build());
		return this;
	}

	/** An option of this command alone without a value. */
	Options flag(String names, String help, Runnable handler) {
		add(OptionSpec.builder(names.split(",\\s*")).arity("0").description(help).type(boolean.class)
			.setter(setter(v -> {
				if (Boolean.TRUE.equals(v)) handler.run();
			})).build());
		return this;
	}

	private void add(ArgSpec arg) {
		if (group != null) group.addArg(arg);
		else spec.addOption((OptionSpec) arg);
	}

	private static ISetter setter(Consumer<Object> body) {
		return new ISetter() {
			@Override
			public <T> T set(T value) {
				body.accept(value);
				return null;
			}
		};
	}

	/** The picocli command, for help rendering and shell completion. */
	CommandLine commandLine() {
		closeGroup();
		return new CommandLine(spec);
	}

	/**
	 * Applies the options of {@code args} and returns the operands.
	 *
	 * @throws UsageException for an unknown option, a missing value or a value that does not parse
	 */
	List<String> parse(String[] args) {
		CommandLine cl = commandLine();
		try {
			cl.parseArgs(args);
		}
		catch (CommandLine.PicocliException e) {
			// a handler of this command refused the value it was given, with its own message
			for (Throwable c = e; c != null; c = c.getCause())
				if (c instanceof UsageException u) throw u;
			throw new UsageException(e instanceof ParameterException p ? message(p) : e.getMessage());
		}
		return List.copyOf(operands);
	}

	private static String message(ParameterException e) {
		String m = e.getMessage();
		// "Invalid value for option '--segments': must be ..." reads better as "--segments must be ..."
		java.util.regex.Matcher invalid = java.util.regex.Pattern.compile("Invalid value for option '([^']+)': (.*)",
			java.util.regex.Pattern.DOTALL).matcher(m);
		if (invalid.matches())
			return invalid.group(1) + (invalid.group(2).startsWith("must") ? " " : ": ") + invalid.group(2);
		if (m.startsWith("Unknown option")) return m.replaceFirst("^Unknown options?: ", "Unknown option ");
		return m;
	}

	/** The help text: usage line, description and the options by group. */
	String help() {
		return commandLine().getUsageMessage(CommandLine.Help.Ansi.OFF).stripTrailing();
	}

	/** Whether option {@code name} takes a value. */
	boolean takesValue(String name) {
		OptionSpec o = commandLine().getCommandSpec().findOption(name);
		if (o == null) throw new IllegalArgumentException("no option " + name);
		return o.arity().max() > 0 && !o.arity().isUnspecified() || o.type() != boolean.class;
	}

	/** Every option name the command accepts ({@code -h} and {@code --help} count as two). */
	List<String> names() {
		List<String> names = new ArrayList<>();
		for (OptionSpec o : commandLine().getCommandSpec().options())
			names.addAll(List.of(o.names()));
		return names;
	}
}
