package io.github.ablationca.cli;

/** Placeholder until the subcommand lands. */
final class EvaluateCommand {
	private EvaluateCommand() {}

	static int run(String[] args) {
		System.err.println("'evaluate' is not implemented yet.");
		return 3;
	}
}
