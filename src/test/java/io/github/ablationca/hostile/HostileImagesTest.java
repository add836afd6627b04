package io.github.ablationca.hostile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ablationca.CsvRows;
import io.github.ablationca.fiji.ExplainImageCommand;
import io.github.ablationca.image.RgbImage;
import io.github.ablationca.imagej.ImageFiles;
import io.github.ablationca.imagej.ImagePlusConversion;
import io.github.ablationca.results.ResultFolder;
import io.github.ablationca.run.Json;

import ij.IJ;
import ij.ImagePlus;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;

/**
 * Every hostile or unusual image file ({@link HostileFiles}) through every face that reads images: classify,
 * explain, evaluate and the Fiji command. An accepted file must give exactly the results of its oracle (a plain RGB
 * PNG of the pixels a viewer shows); a refused file must be refused with a message that names the file, the problem
 * and the fix, and must leave no result. The command-line faces each run once over all files, so the many cases stay
 * cheap.
 */
class HostileImagesTest {

	@TempDir
	static Path work;

	private static HostileFiles files;
	private static Path in;
	private static Faces.Run classified, explained, evaluated;
	private static Path explainOut, evaluateOut;
	private static Context context;
	private static final Map<Path, List<List<String>>> fijiObjects = new HashMap<>();

	@BeforeAll
	static void generateAndRun() throws Exception {
		in = work.resolve("in");
		files = HostileFiles.generate(in);
		java.util.Set<String> all = new java.util.LinkedHashSet<>();
		for (HostileFiles.Case c : files.cases()) {
			all.add(c.file().toString());
			if (c.accepted()) all.add(c.oracle().toString());
		}
		classified = Faces.cli(Faces.args("classify", List.of("--model", io.github.ablationca.TestData.model(
			Faces.MODEL).toString(), "--value-range", "0..255", "--top", "3"), List.copyOf(all)));
		explainOut = work.resolve("explain");
		explained = Faces.cli(Faces.args("explain", "--progress", "lines", "--out", explainOut.toString(),
			in.toString()));
		evaluateOut = work.resolve("evaluate");
		evaluated = Faces.cli(Faces.args("evaluate", "--methods", "ablation-ca", "--steps", "4", "--out",
			evaluateOut.toString(), in.toString()));
		context = Faces.fijiContext();
	}

	@AfterAll
	static void stop() {
		if (context != null) context.dispose();
	}

	// -- classify --

	private static List<String> classifyRows(Path file) {
		List<String> rows = new ArrayList<>();
		for (String[] r : classified.rows())
			if (r[0].equals(file.toString())) rows.add(String.join("\t", List.of(r).subList(1, r.length)));
		return rows;
	}

	@TestFactory
	Stream<DynamicTest> classifyGivesEachAcceptedFileItsOraclesPredictions() {
		return files.accepted().stream().map(c -> DynamicTest.dynamicTest("classify " + c, () -> {
			List<String> got = classifyRows(c.file()), want = classifyRows(c.oracle());
			assertEquals(3, want.size(), "the oracle was classified: " + classified.err());
			assertEquals(want, got, c + ": " + classified.err());
		}));
	}

	@TestFactory
	Stream<DynamicTest> classifyRefusesEachBadFileByNameWithTheProblemAndAFix() {
		return files.refusedCases().stream().map(c -> DynamicTest.dynamicTest("classify refuses " + c, () -> {
			assertEquals(List.of(), classifyRows(c.file()), "no prediction for " + c);
			String line = errorLine(classified.err(), c.file());
			assertTrue(line.toLowerCase(Locale.ROOT).contains(c.problem()), "'" + c.problem() + "' in: " + line);
			assertTrue(line.contains("Fix:"), "a fix in: " + line);
		}));
	}

	@Test
	void classifyExitsWithFailureCountingEveryRefusedFileAndNamesNoJavaException() {
		assertEquals(1, classified.exit());
		assertTrue(classified.err().contains(files.refusedCases().size() + " images or slices could not be " +
			"classified"), classified.err());
		assertFalse(Faces.EXCEPTION_NAME.matcher(classified.err()).find(), classified.err());
	}

	@Test
	void everyAcceptedFileAloneClassifiesWithExitZero() {
		List<String> accepted = files.accepted().stream().map(c -> c.file().toString()).toList();
		Faces.Run r = Faces.cli(Faces.args("classify", List.of("--model", io.github.ablationca.TestData.model(
			Faces.MODEL).toString(), "--value-range", "0..255"), accepted));
		assertEquals(0, r.exit(), r.err());
	}

	/** The error line of standard error that names {@code file}. */
	private static String errorLine(String err, Path file) {
		for (String line : err.split("\n"))
			if (line.startsWith("Error:") && line.contains(file.toString())) return line;
		throw new AssertionError("no error line names " + file + " in:\n" + err);
	}

	// -- explain --

	private static Path resultOf(Path file) {
		String relative = in.relativize(file).toString().replace('/', '_');
		int dot = relative.lastIndexOf('.');
		return explainOut.resolve(dot > 0 ? relative.substring(0, dot) : relative);
	}

	private static void assertSameResults(Path got, Path want, String what) throws Exception {
		assertTrue(ResultFolder.isComplete(want), "the oracle was explained: " + want + "\n" + explained.err());
		assertTrue(ResultFolder.isComplete(got), what + " was explained:\n" + explained.err());
		for (String f : List.of(ResultFolder.HEATMAP, ResultFolder.LABELS))
			assertEquals(-1L, Files.mismatch(got.resolve(f), want.resolve(f)), what + ": " + f + " differs");
		// a stack slice's tables have the slice column first; the rest must be the oracle's
		for (String f : List.of(ResultFolder.OBJECTS, ResultFolder.PAIRS, ResultFolder.GROUPS)) {
			List<List<String>> a = CsvRows.read(got.resolve(f)), b = CsvRows.read(want.resolve(f));
			if (!a.isEmpty() && a.get(0).get(0).equals("slice") && !b.get(0).get(0).equals("slice"))
				a = a.stream().map(r -> r.subList(1, r.size())).toList();
			assertEquals(b, a, what + ": " + f);
		}
		Map<String, Object> a = Json.parseObject(Files.readString(got.resolve(ResultFolder.SUMMARY)));
		Map<String, Object> b = Json.parseObject(Files.readString(want.resolve(ResultFolder.SUMMARY)));
		for (String key : List.of("target_index", "target_probability", "top5", "width", "height"))
			assertEquals(b.get(key), a.get(key), what + ": " + key);
	}

	@TestFactory
	Stream<DynamicTest> explainGivesEachAcceptedFileItsOraclesResults() {
		return files.accepted().stream().map(c -> DynamicTest.dynamicTest("explain " + c, () -> assertSameResults(
			resultOf(c.file()), resultOf(c.oracle()), c.toString())));
	}

	@TestFactory
	Stream<DynamicTest> explainRecordsEachBadFileInErrorsCsvAndWritesNoResult() throws Exception {
		List<List<String>> errors = CsvRows.read(explainOut.resolve(ResultFolder.ERRORS_CSV));
		return files.refusedCases().stream().filter(c -> !c.id().equals("folder-named-png")).map(c -> DynamicTest
			.dynamicTest("explain refuses " + c, () -> {
				List<String> row = errors.stream().filter(r -> r.get(0).equals(c.file().toString())).findFirst()
					.orElseThrow(() -> new AssertionError("no errors.csv row for " + c + ": " + errors));
				assertTrue(row.get(2).toLowerCase(Locale.ROOT).contains(c.problem()), row.get(2));
				assertTrue(row.get(2).contains("Fix:"), row.get(2));
				assertFalse(Files.exists(resultOf(c.file())), "no result folder for " + c);
			}));
	}

	@Test
	void explainExitsWithFailureAndItsMessagesNameNoJavaException() {
		assertEquals(1, explained.exit(), explained.err());
		assertFalse(Faces.EXCEPTION_NAME.matcher(explained.err()).find(), explained.err());
		assertTrue(explained.err().contains("Plan: "), "the planned model calls are shown first: " + explained.err());
	}

	@TestFactory
	Stream<DynamicTest> explainExplainsTheIntactPlanesOfADamagedStackAndRecordsTheDamagedOne() throws Exception {
		List<List<String>> errors = CsvRows.read(explainOut.resolve(ResultFolder.ERRORS_CSV));
		return files.stacks().stream().map(s -> DynamicTest.dynamicTest("explain " + s.id(), () -> {
			Path base = resultOf(s.file());
			for (int k = 1; k <= s.oracles().size(); k++)
				assertSameResults(base.resolveSibling(base.getFileName() + "_slice" + k), resultOf(s.oracles().get(
					k - 1)), s.id() + " slice " + k);
			assertFalse(Files.exists(base.resolveSibling(base.getFileName() + "_slice" + s.pages()) .resolve(
				ResultFolder.SUMMARY)), "no result for the damaged plane");
			assertTrue(errors.stream().anyMatch(r -> r.get(0).equals(s.file().toString()) && r.get(2).contains(
				"truncated")), "an errors.csv row for the damaged plane of " + s.id() + ": " + errors);
		}));
	}

	// -- evaluate --

	private static Map<String, List<String>> evaluationRows() throws Exception {
		Map<String, List<String>> rows = new HashMap<>();
		List<List<String>> csv = CsvRows.read(evaluateOut.resolve("evaluation.csv"));
		for (List<String> r : csv.subList(1, csv.size()))
			rows.put(r.get(0), r);
		return rows;
	}

	private static String evaluateName(Path file) {
		return resultOf(file).getFileName().toString();
	}

	@TestFactory
	Stream<DynamicTest> evaluateScoresEachAcceptedFileAsItsOracle() throws Exception {
		Map<String, List<String>> rows = evaluationRows();
		return files.accepted().stream().map(c -> DynamicTest.dynamicTest("evaluate " + c, () -> {
			List<String> got = rows.get(evaluateName(c.file())), want = rows.get(evaluateName(c.oracle()));
			assertNotNull(want, "the oracle was evaluated: " + evaluated.err());
			assertNotNull(got, c + " was evaluated: " + evaluated.err());
			assertEquals(want.subList(1, 5), got.subList(1, 5), c.toString());
		}));
	}

	@TestFactory
	Stream<DynamicTest> evaluateRefusesEachBadFileByName() throws Exception {
		Map<String, List<String>> rows = evaluationRows();
		return files.refusedCases().stream().filter(c -> !c.id().equals("folder-named-png")).map(c -> DynamicTest
			.dynamicTest("evaluate refuses " + c, () -> {
				assertNull(rows.get(evaluateName(c.file())), "no evaluation row for " + c);
				String line = errorLine(evaluated.err(), c.file());
				assertTrue(line.toLowerCase(Locale.ROOT).contains(c.problem()), line);
			}));
	}

	@Test
	void evaluateExitsWithFailure() {
		assertEquals(1, evaluated.exit(), evaluated.err());
		assertFalse(Faces.EXCEPTION_NAME.matcher(evaluated.err()).find(), evaluated.err());
	}

	// -- the Fiji command --

	/** The Objects table the Fiji command gives for {@code image}. */
	private static List<List<String>> fijiObjects(ImagePlus image) throws Exception {
		ExplainImageCommand cmd = Faces.fiji(context, image, Map.of());
		assertFalse(cmd.isCanceled(), image.getTitle() + ": " + cmd.getCancelReason());
		return Faces.cells(cmd.getObjects());
	}

	private static List<List<String>> oracleObjects(Path oracle) throws Exception {
		List<List<String>> cached = fijiObjects.get(oracle);
		if (cached == null) fijiObjects.put(oracle, cached = fijiObjects(IJ.openImage(oracle.toString())));
		return cached;
	}

	@TestFactory
	Stream<DynamicTest> fijiExplainsEachAcceptedImageAsItsOracle() {
		return files.accepted().stream().map(c -> DynamicTest.dynamicTest("Fiji " + c, () -> {
			// as Fiji opens it where ImageJ shows the file faithfully, else as the command line reads it
			ImagePlus image = c.imageJShows() ? IJ.openImage(c.file().toString()) : ImageFiles.open(c.file());
			assertNotNull(image, c.toString());
			RgbImage seen = ImagePlusConversion.rgb(image, 1), oracle = ImagePlusConversion.rgb(ImageFiles.open(
				c.oracle()), 1);
			assertArrayEquals(oracle.data(), seen.data(), c + ": the pixels the command sees");
			assertEquals(oracleObjects(c.oracle()), fijiObjects(image), c.toString());
		}));
	}

	@TestFactory
	Stream<DynamicTest> fijiRefusesEachBadFileImageJOpens() {
		return files.refusedCases().stream().filter(HostileFiles.Case::imageJShows).map(c -> DynamicTest.dynamicTest(
			"Fiji refuses " + c, () -> {
				ImagePlus image = IJ.openImage(c.file().toString());
				assertNotNull(image, "ImageJ opens " + c + " (silently filling what is missing)");
				ExplainImageCommand cmd = Faces.fiji(context, image, Map.of());
				assertTrue(cmd.isCanceled(), c + " must be refused");
				assertTrue(cmd.getCancelReason().toLowerCase(Locale.ROOT).contains(c.problem()), cmd.getCancelReason());
				assertTrue(cmd.getCancelReason().contains(c.file().getFileName().toString()), cmd.getCancelReason());
				assertNull(cmd.getObjects());
			}));
	}

	@TestFactory
	Stream<DynamicTest> fijiExplainsTheIntactPlanesOfADamagedStackAndSaysWhichIsMissing() {
		return files.stacks().stream().map(s -> DynamicTest.dynamicTest("Fiji " + s.id(), () -> {
			ImagePlus image = IJ.openImage(s.file().toString());
			ExplainImageCommand cmd = Faces.fiji(context, image, Map.of());
			assertFalse(cmd.isCanceled(), cmd.getCancelReason());
			assertTrue(cmd.getLogLines().stream().anyMatch(l -> l.startsWith("WARNING") && l.contains(s.file()
				.getFileName().toString()) && l.contains("truncated")), "the log names the damaged page: " +
					cmd.getLogLines());
			for (int k = 1; k <= s.oracles().size(); k++) {
				ImagePlus plane = new ImagePlus("plane", image.getStack().getProcessor(k));
				ImagePlus oracle = IJ.openImage(s.oracles().get(k - 1).toString());
				assertArrayEquals(ImagePlusConversion.rgb(oracle, 1).data(), ImagePlusConversion.rgb(plane, 1).data(),
					"plane " + k);
			}
		}));
	}
}
