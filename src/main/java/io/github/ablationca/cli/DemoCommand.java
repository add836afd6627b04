package io.github.ablationca.cli;

/** Placeholder until the subcommand lands. */
final class DemoCommand {
	private DemoCommand() {}

	static int run(String[] args) {
		System.err.println("'demo' is not implemented yet.");
		return 3;
	}
}
