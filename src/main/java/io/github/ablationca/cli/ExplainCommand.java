package io.github.ablationca.cli;

/** Placeholder until the subcommand lands. */
final class ExplainCommand {
	private ExplainCommand() {}

	static int run(String[] args) {
		System.err.println("'explain' is not implemented yet.");
		return 3;
	}
}
