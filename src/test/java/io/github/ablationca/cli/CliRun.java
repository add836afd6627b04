package io.github.ablationca.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Exit code, standard output and standard error of one in-process run of {@code ablation-ca} through {@link Main}. */
record CliRun(int exit, String out, String err) {

	static CliRun of(String... args) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
		int exit = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
			new PrintStream(err, true, StandardCharsets.UTF_8));
		return new CliRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}

	/** Standard output as tab-separated rows (the classify format), blank lines left out. */
	List<String[]> rows() {
		List<String[]> rows = new ArrayList<>();
		for (String line : out.split("\n"))
			if (!line.isEmpty()) rows.add(line.split("\t", -1));
		return rows;
	}
}
