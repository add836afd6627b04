package io.github.ablationca.cli;

/** Placeholder until the subcommand lands. */
final class ClassifyCommand {
	private ClassifyCommand() {}

	static int run(String[] args) {
		System.err.println("'classify' is not implemented yet.");
		return 3;
	}
}
