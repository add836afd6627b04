package io.github.ablationca.cli;

import io.github.ablationca.Version;
import io.github.ablationca.run.ExplainRunner;

import java.io.PrintStream;

import picocli.AutoComplete;
import picocli.CommandLine;
import java.util.Arrays;

/**
 * Command-line entry of {@code scripts/ablation-ca}: {@code classify}, {@code explain}, {@code evaluate},
 * {@code segment-sweep} and {@code demo} (the default when no arguments are given). Each subcommand is a thin face on
 * the one per-image runner; options are parsed by picocli from the settings vocabulary ({@link Options}).
 */
public final class Main {

	private Main() {}

	public static void main(String[] args) {
		System.exit(run(args));
	}

	/** Runs a subcommand and returns the process exit code (0 = success). */
	public static int run(String[] args) {
		return run(args, System.out, System.err);
	}

	/**
	 * Runs a subcommand with its output to {@code out} and its messages (progress, errors) to {@code err}, and returns
	 * the process exit code (0 = success); for running the command line in-process, e.g. in tests.
	 */
	public static int run(String[] args, PrintStream out, PrintStream err) {
		String command = args.length == 0 ? "demo" : args[0];
		String[] rest = args.length == 0 ? new String[0] : Arrays.copyOfRange(args, 1, args.length);
		try {
			switch (command) {
				case "classify":
					return ClassifyCommand.run(rest, out, err);
				case "explain":
					return ExplainCommand.run(rest, out, err);
				case "dataset":
					return DatasetCommand.run(rest, out, err);
				case "evaluate":
					return EvaluateCommand.run(rest, out, err);
				case "segment-sweep":
					return SegmentSweepCommand.run(rest, out, err);
				case "completion":
					out.println(completion());
					return 0;
				case "demo":
					return DemoCommand.run(rest, out, err);
				case "--version":
				case "version":
					out.println("ablation-ca " + Version.get());
					return 0;
				case "-h":
				case "--help":
				case "help":
					out.println(usage());
					return 0;
				default:
					err.println("Unknown command '" + command + "'.\n\n" + usage());
					return 2;
			}
		}
		catch (UsageException e) {
			err.println("Error: " + e.getMessage());
			err.println("Run 'ablation-ca " + command + " --help' for the options.");
			return 2;
		}
		catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
			// nothing may end the program with a bare stack trace; --verbose shows it for a bug report
			boolean verbose = Arrays.asList(rest).contains("--verbose");
			err.println("Error: ablation-ca " + command + " stopped: " + ExplainRunner.describe(e, verbose) +
				(verbose ? "" : " (run with --verbose for the details)") + ".");
			if (verbose) e.printStackTrace(err);
			return 1;
		}
	}

	static String usage() {
		return String.join("\n",
			"ablation-ca " + Version.get() + ": explain a CNN image classifier with Ablation-CA.",
			"",
			"Usage: ablation-ca <command> [options]",
			"",
			"Commands:",
			"  demo       run the full method on the embedded demo model and image (default without arguments)",
			"  classify   print the top classes of images",
			"  explain    heatmaps, correlated object pairs and groups for images, stacks or folders",
			"  dataset    concepts and class graphs over a dataset: what the model relies on and uses together",
			"  evaluate   compare Ablation-CA with occlusion, LIME, RISE and gradient methods",
			"  segment-sweep  the paper's segment-count experiment: the method at several superpixel counts",
			"  completion print a bash completion script (source <(scripts/ablation-ca completion))",
			"",
			"Run 'ablation-ca <command> --help' for the options of a command.");
	}

	/** A bash completion script for every subcommand and option (values of choices included), by picocli. */
	static String completion() {
		CommandLine top = new CommandLine(CommandLine.Model.CommandSpec.create().name("ablation-ca"));
		top.addSubcommand("demo", DemoCommand.options(new DemoCommand.Arguments()).commandLine());
		top.addSubcommand("classify", ClassifyCommand.options(new ClassifyCommand.Arguments()).commandLine());
		top.addSubcommand("explain", ExplainCommand.options(new ExplainCommand.Arguments()).commandLine());
		top.addSubcommand("dataset", DatasetCommand.options(new DatasetCommand.Arguments()).commandLine());
		top.addSubcommand("evaluate", EvaluateCommand.options(new EvaluateCommand.Arguments()).commandLine());
		top.addSubcommand("segment-sweep", SegmentSweepCommand.options(new SegmentSweepCommand.Arguments())
			.commandLine());
		return AutoComplete.bash("ablation-ca", top);
	}
}
