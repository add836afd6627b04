package io.github.ablationca.hostile;

import io.github.ablationca.TestData;
import io.github.ablationca.cli.Main;
import io.github.ablationca.fiji.AblationCaService;
import io.github.ablationca.fiji.ExplainImageCommand;

import ij.ImagePlus;
import ij.measure.ResultsTable;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.scijava.Context;
import org.scijava.command.CommandService;
import org.scijava.log.LogService;
import org.scijava.prefs.PrefService;

/**
 * The faces the hostile inputs go through, with small settings (ResNet-8, 6 objects, 16 samples) so that hundreds of
 * cases stay cheap: the command line in-process, and the Fiji command in one SciJava context.
 */
final class Faces {

	private Faces() {}

	/** Exit code, standard output and standard error of one in-process command line run. */
	record Run(int exit, String out, String err) {

		/** Tab-separated rows of standard output (classify's format). */
		List<String[]> rows() {
			List<String[]> rows = new ArrayList<>();
			for (String line : out.split("\n"))
				if (!line.isEmpty()) rows.add(line.split("\t", -1));
			return rows;
		}
	}

	static Run cli(String... args) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
		int exit = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true,
			StandardCharsets.UTF_8));
		return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}

	static final String MODEL = "resnet8_cifar10";

	/** The model options and small method settings every face gets. */
	static List<String> small() {
		return List.of("--model", TestData.model(MODEL).toString(), "--value-range", "0..255", "--segments", "6",
			"--samples", "16", "--seed", "3");
	}

	static String[] args(String command, List<String> options, List<String> operands) {
		List<String> a = new ArrayList<>();
		a.add(command);
		a.addAll(options);
		a.addAll(operands);
		return a.toArray(new String[0]);
	}

	static String[] args(String command, String... rest) {
		List<String> a = new ArrayList<>(List.of(command));
		a.addAll(small());
		a.addAll(Arrays.asList(rest));
		return a.toArray(new String[0]);
	}

	/** A Java exception's class name in a message meant for users (allowed only with --verbose). */
	static final Pattern EXCEPTION_NAME = Pattern.compile("\\b(java|javax|sun|ij|org|ai)\\.[\\w.$]+(Exception|Error)" +
		"\\b|\\b\\w+(Exception|Error):|\\n\\s+at [\\w.$]+\\(");

	/** A SciJava context with the Ablation-CA service, parameters starting from their defaults. */
	static Context fijiContext() {
		Context context = new Context(CommandService.class, AblationCaService.class, LogService.class);
		context.getService(PrefService.class).clear(ExplainImageCommand.class);
		return context;
	}

	/** Runs the Fiji command as a script would, with the small settings. */
	static ExplainImageCommand fiji(Context context, ImagePlus image, Map<String, Object> more) throws Exception {
		Map<String, Object> in = new HashMap<>();
		in.put("image", image);
		in.put("model", TestData.model(MODEL).toFile());
		in.put("value_range", "0..255");
		in.put("segments", "6");
		in.put("samples", "16");
		in.put("seed", "3");
		in.put("show_tables", false);
		in.putAll(more);
		ExplainImageCommand cmd = (ExplainImageCommand) context.getService(CommandService.class).run(
			ExplainImageCommand.class, true, in).get().getCommand();
		context.getService(PrefService.class).clear(ExplainImageCommand.class);
		return cmd;
	}

	/** A results table as rows of cells (every column, every row). */
	static List<List<String>> cells(ResultsTable t) {
		List<List<String>> rows = new ArrayList<>();
		if (t == null) return rows;
		String[] headings = t.getHeadings();
		rows.add(Arrays.asList(headings));
		for (int r = 0; r < t.size(); r++) {
			List<String> row = new ArrayList<>();
			for (String h : headings)
				row.add(t.getStringValue(h, r));
			rows.add(row);
		}
		return rows;
	}
}
