package io.github.ablationca.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;

/** Checks on the help texts picocli renders. */
final class CliHelp {

	private CliHelp() {}

	/** Every option the parser accepts has a line of its own in {@code help} ("  -h, --help ...", "      --out=DIR ..."). */
	static void assertDescribesEveryOption(String help, Options options) {
		for (String name : options.names())
			assertTrue(Pattern.compile("(?m)^ +(-\\w, )?" + Pattern.quote(name) + "[ ,=\\[]").matcher(help).find(),
				"--help describes " + name + ":\n" + help);
	}
}
