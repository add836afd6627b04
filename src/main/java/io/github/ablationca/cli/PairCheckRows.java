package io.github.ablationca.cli;

import io.github.ablationca.metric.PairChecks;
import io.github.ablationca.results.AtomicFiles;
import io.github.ablationca.run.Table;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The rows of {@code OUT/pair-checks.csv}: one per image, then the pooled mean. */
final class PairCheckRows {

	static final String FILE = "pair-checks.csv";

	static final List<String> COLUMNS = List.of("image", "objects", "significant_pairs", "replicated_signs",
		"replicated_share", "checked_pairs", "checked_significant", "checked_agreeing", "checked_agreement",
		"model_calls");

	private record Row(String image, PairChecks.Result result) {}

	private final List<Row> rows = new ArrayList<>();

	void add(String image, PairChecks.Result result) {
		rows.add(new Row(image, result));
	}

	boolean isEmpty() {
		return rows.isEmpty();
	}

	/** One line for the log. */
	static String describe(PairChecks.Result r) {
		return String.format(Locale.ROOT, "pair checks: %d of %d significant pairs replicate their sign with an " +
			"independent seed; %d of %d top pairs (%d significant) confirmed by direct four-point differences; %d " +
			"calls", r.replicatedSigns(), r.significantPairs(), r.agreeing(), r.checked().size(),
			r.checkedSignificant(), r.modelCalls());
	}

	String summary() {
		long significant = 0, replicated = 0, checked = 0, agreeing = 0;
		for (Row r : rows) {
			significant += r.result().significantPairs();
			replicated += r.result().replicatedSigns();
			checked += r.result().checked().size();
			agreeing += r.result().agreeing();
		}
		return String.format(Locale.ROOT, "Pair checks over %d images: %d of %d significant pairs replicate (%s), %d " +
			"of %d top pairs confirmed (%s).", rows.size(), replicated, significant, share(replicated, significant),
			agreeing, checked, share(agreeing, checked));
	}

	void write(Path file) throws IOException {
		Table t = new Table(COLUMNS);
		long objects = 0, significant = 0, replicated = 0, checked = 0, checkedSignificant = 0, agreeing = 0, calls = 0;
		for (Row row : rows) {
			PairChecks.Result r = row.result();
			t.add(Arrays.asList(row.image(), r.objects(), r.significantPairs(), r.replicatedSigns(),
				share(r.replicatedSigns(), r.significantPairs()), r.checked().size(), r.checkedSignificant(),
				r.agreeing(), share(r.agreeing(), r.checked().size()), r.modelCalls()));
			objects += r.objects();
			significant += r.significantPairs();
			replicated += r.replicatedSigns();
			checked += r.checked().size();
			checkedSignificant += r.checkedSignificant();
			agreeing += r.agreeing();
			calls += r.modelCalls();
		}
		int n = rows.size();
		// pooled over the images: the shares of all significant (checked) pairs together
		t.add(Arrays.asList("mean", mean(objects, n), mean(significant, n), mean(replicated, n),
			share(replicated, significant), mean(checked, n), mean(checkedSignificant, n), mean(agreeing, n),
			share(agreeing, checked), mean(calls, n)));
		AtomicFiles.writeString(file, t.toCsv());
	}

	boolean writeOrReport(Path file, PrintStream err) {
		try {
			write(file);
			return true;
		}
		catch (IOException e) {
			err.println("Error: cannot write " + file + ": " + e.getMessage());
			return false;
		}
	}

	private static String share(long part, long whole) {
		return whole == 0 ? "" : String.format(Locale.ROOT, "%.4f", (double) part / whole);
	}

	private static String mean(long total, int n) {
		return n == 0 ? "" : String.format(Locale.ROOT, "%.2f", (double) total / n);
	}
}
