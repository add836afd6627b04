package io.github.ablationca.cli;

import io.github.ablationca.results.InputFiles;

import java.io.PrintStream;

/** What expanding the INPUT operands found that is not an image, on standard error, for the faces without a batch. */
final class InputReport {

	private InputReport() {}

	/** Prints the notes and one {@code Error:} line per problem; returns the number of problems (each a failure). */
	static int print(InputFiles.Expansion found, PrintStream err) {
		for (String note : found.notes())
			err.println(note);
		for (InputFiles.Problem problem : found.problems())
			err.println("Error: " + problem.message() + ".");
		return found.problems().size();
	}
}
