package io.github.ablationca.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.ablationca.TestData;
import io.github.ablationca.cli.Main;
import io.github.ablationca.results.ResultFolder;
import io.github.ablationca.run.Table;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.ResultsTable;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandService;
import org.scijava.log.LogService;

/**
 * One pipeline, two faces: the same image with the same settings through the Fiji command and through
 * {@code ablation-ca explain} gives the same tables, cell by cell (the Fiji tables against the command line's CSV
 * files), and the Fiji command's saved files are the command line's files, byte for byte. ResNet-8 on CIFAR-10
 * images, 12 objects and 64 samples: a second per run.
 */
class FijiAndCommandLineAgreeTest {

	private static Context context;

	@BeforeAll
	static void start() {
		context = new Context(CommandService.class, AblationCaService.class, LogService.class);
		Commands.forgetRememberedValues(context);
	}

	@AfterAll
	static void stop() {
		Commands.forgetRememberedValues(context);
		context.dispose();
	}

	/** The settings both faces get, as Fiji parameters and as command-line options (the same words). */
	private static final Map<String, String> SETTINGS = Map.of("value_range", "0..255", "segments", "12", "samples",
		"64", "seed", "3", "fill", "blur", "keep_probability", "0.4", "sampling", "antithetic", "pairs_to_draw", "4");

	private static Map<String, Object> fijiInputs(ImagePlus imp, Path out) {
		Map<String, Object> in = new HashMap<>();
		in.put("image", imp);
		in.put("model", TestData.model("resnet8_cifar10").toFile());
		in.put("out", out.toFile());
		in.put("segments", 12);
		in.put("samples", 64);
		in.put("seed", 3L);
		in.put("keep_probability", 0.4);
		in.put("pairs_to_draw", 4);
		for (String key : List.of("value_range", "fill", "sampling"))
			in.put(key, SETTINGS.get(key));
		return in;
	}

	private static int commandLine(Path input, Path out) {
		List<String> args = new java.util.ArrayList<>(List.of("explain", "--model", TestData.model("resnet8_cifar10")
			.toString(), "--out", out.toString(), "--progress", "off"));
		for (Map.Entry<String, String> e : SETTINGS.entrySet())
			args.addAll(List.of("--" + e.getKey().replace('_', '-'), e.getValue()));
		args.add(input.toString());
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int exit = Main.run(args.toArray(new String[0]), new PrintStream(new ByteArrayOutputStream()),
			new PrintStream(err, true, StandardCharsets.UTF_8));
		assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));
		return exit;
	}

	@Test
	void oneImageGivesTheSameTablesCellByCellAndTheSameFiles(@TempDir Path tmp) throws Exception {
		Path image = TestData.image("cifar10/cat_0000.jpg");
		Path cli = tmp.resolve("cli"), fiji = tmp.resolve("fiji");
		commandLine(image, cli);
		ExplainImageCommand cmd = (ExplainImageCommand) Commands.run(context, fijiInputs(IJ.openImage(
			image.toString()), fiji)).getCommand();
		assertFalse(cmd.isCanceled(), cmd.getCancelReason());

		Path cliFolder = cli.resolve("cat_0000"), fijiFolder = fiji.resolve("cat_0000");
		assertEquals(12, cmd.getObjects().size(), "a table with rows");
		assertEquals(66, cmd.getPairs().size(), "every pair of the 12 objects");
		assertTableEquals(cmd.getObjects(), cliFolder.resolve(ResultFolder.OBJECTS));
		assertTableEquals(cmd.getPairs(), cliFolder.resolve(ResultFolder.PAIRS));
		assertTableEquals(cmd.getGroups(), cliFolder.resolve(ResultFolder.GROUPS));
		for (String file : List.of(ResultFolder.OBJECTS, ResultFolder.PAIRS, ResultFolder.GROUPS, ResultFolder.HEATMAP,
			ResultFolder.LABELS, ResultFolder.OVERLAY))
			assertEquals(-1L, Files.mismatch(cliFolder.resolve(file), fijiFolder.resolve(file)), file + " differs");
		// the summaries differ only in how the image was named and in the time taken
		Map<String, Object> a = io.github.ablationca.run.Json.parseObject(Files.readString(cliFolder.resolve(
			ResultFolder.SUMMARY))), b = io.github.ablationca.run.Json.parseObject(Files.readString(fijiFolder.resolve(
				ResultFolder.SUMMARY)));
		for (String key : List.of("image", "seconds")) {
			a.remove(key);
			b.remove(key);
		}
		assertEquals(a, b);
	}

	@Test
	void aStackHasTheSliceColumnFirstInBothFaces(@TempDir Path tmp) throws Exception {
		ImageStack stack = new ImageStack(32, 32);
		for (String name : List.of("ship_0000.jpg", "truck_0000.jpg"))
			stack.addSlice(name, IJ.openImage(TestData.image("cifar10/" + name).toString()).getProcessor());
		Path tif = tmp.resolve("two.tif");
		IJ.saveAsTiff(new ImagePlus("two.tif", stack), tif.toString());
		Path cli = tmp.resolve("cli"), fiji = tmp.resolve("fiji");
		commandLine(tif, cli);
		ExplainImageCommand cmd = (ExplainImageCommand) Commands.run(context, fijiInputs(IJ.openImage(tif.toString()),
			fiji)).getCommand();
		assertFalse(cmd.isCanceled(), cmd.getCancelReason());
		// the Fiji table of the stack is the command line's per-slice tables one after the other
		Table cliObjects = Table.parseCsv(Files.readString(cli.resolve("two_slice1").resolve(ResultFolder.OBJECTS)));
		Table second = Table.parseCsv(Files.readString(cli.resolve("two_slice2").resolve(ResultFolder.OBJECTS)));
		cliObjects.rows().addAll(second.rows());
		assertEquals("slice", cliObjects.columns().get(0));
		assertTableEquals(cmd.getObjects(), cliObjects);
		for (String slice : List.of("two_slice1", "two_slice2"))
			assertEquals(-1L, Files.mismatch(cli.resolve(slice).resolve(ResultFolder.PAIRS), fiji.resolve(slice)
				.resolve(ResultFolder.PAIRS)), slice);
	}

	private static void assertTableEquals(ResultsTable fiji, Path csv) throws Exception {
		assertTableEquals(fiji, Table.parseCsv(Files.readString(csv)));
	}

	/** Same column names in the same order, same rows, and every cell the same when written as the files write it. */
	private static void assertTableEquals(ResultsTable fiji, Table cli) {
		String[] headings = fiji.getHeadings();
		assertEquals(cli.columns(), List.of(headings), "columns");
		assertEquals(cli.size(), fiji.size(), "rows");
		for (int r = 0; r < cli.size(); r++)
			for (String column : cli.columns()) {
				String cell = (String) cli.get(r, column);
				double v = fiji.getValue(column, r);
				String fijiCell = Double.isNaN(v) && !cell.equals("NaN") ? fiji.getStringValue(column, r) : Table.format(v);
				assertEquals(cell, fijiCell, "row " + r + ", column " + column);
			}
	}
}
