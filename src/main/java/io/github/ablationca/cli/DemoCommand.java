package io.github.ablationca.cli;

import java.io.PrintStream;

/** Placeholder until the demo model lands. */
final class DemoCommand {
	private DemoCommand() {}

	static int run(String[] args, PrintStream out, PrintStream err) {
		err.println("'demo' is not implemented yet.");
		return 3;
	}
}
