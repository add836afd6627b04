package io.github.ablationca.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ablationca.CsvRows;
import io.github.ablationca.TestData;
import io.github.ablationca.fiji.ExplainImageCommand;
import io.github.ablationca.results.FileHashes;
import io.github.ablationca.results.InputFiles;
import io.github.ablationca.results.OutputLock;
import io.github.ablationca.results.ResultFolder;
import io.github.ablationca.run.Json;

import ij.IJ;
import ij.ImagePlus;
import ij.Menus;
import ij.macro.Interpreter;
import ij.process.ColorProcessor;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;

/**
 * The batch edge cases of a hostile but realistic user, through classify, explain, evaluate, demo and the Fiji
 * command: file names of every kind (also in the C locale, in a second process), folders (links, loops, empty, the
 * output folder inside, equal to or above the input), limits (numbers out of range or too large for int, memory),
 * two runs on one output folder (in this process and in another one, killed with SIGKILL), and messages (a model
 * without weights, exception names). Small settings on ResNet-8 and CIFAR-10 images keep each run short.
 */
class HostileBatchTest {

	@TempDir
	static Path tmp;

	private static Context context;

	@BeforeAll
	static void start() {
		context = Faces.fijiContext();
	}

	@AfterAll
	static void stop() {
		context.dispose();
	}

	private static Path cifar(String name) {
		return TestData.image("cifar10").resolve(name);
	}

	private static Path copy(String cifarName, Path to) throws Exception {
		Files.createDirectories(to.getParent());
		return Files.copy(cifar(cifarName), to, StandardCopyOption.REPLACE_EXISTING);
	}

	private static String label(Path summaryFolder) throws Exception {
		return Json.parseObject(Files.readString(summaryFolder.resolve(ResultFolder.SUMMARY))).get("target_label")
			.toString();
	}

	/** The labels ResNet-8 gives the CIFAR images (the reference each renamed copy must keep). */
	private static final Map<String, String> LABELS = new HashMap<>();

	private static synchronized String referenceLabel(String cifarName) {
		if (LABELS.isEmpty()) {
			// one run for all the CIFAR images
			Faces.Run r = Faces.cli("classify", "--model", TestData.model(Faces.MODEL).toString(), "--value-range",
				"0..255", "--top", "1", TestData.image("cifar10").toString());
			assertEquals(0, r.exit(), r.err());
			for (String[] row : r.rows())
				LABELS.put(Path.of(row[0]).getFileName().toString(), row[3]);
		}
		return LABELS.get(cifarName);
	}

	// -- File names --

	/** Names a file system holds that programs often mishandle, each with the CIFAR image it holds. */
	private static Map<String, String> hostileNames() {
		Map<String, String> names = new java.util.LinkedHashMap<>();
		names.put("new\nline.png", "cat_0000.jpg");
		names.put("tab\tname.jpg", "ship_0000.jpg");
		names.put("space and \"quotes\".jpg", "truck_0000.jpg");
		names.put("back\\slash:colon*star?.jpg", "frog_0000.jpg");
		names.put("caf\u00e9 \uD83D\uDC31 \u0646.jpg", "horse_0000.jpg");
		names.put("CON.jpg", "deer_0000.jpg");
		names.put("-starts-with-dash.jpg", "bird_0000.jpg");
		names.put("x_slice3.jpg", "dog_0000.jpg");
		names.put("Same.jpg", "airplane_0000.jpg");
		names.put("same.jpg", "automobile_0000.jpg");
		names.put("dup.png", "cat_0001.jpg");
		names.put("dup.jpg", "ship_0001.jpg");
		names.put("trailing dot..jpg", "truck_0001.jpg");
		names.put("a".repeat(230) + ".jpg", "frog_0001.jpg");
		names.put("a".repeat(230) + "b.jpg", "horse_0001.jpg");
		names.put("sub/dir/x.jpg", "deer_0001.jpg");
		names.put("sub_dir_x.jpg", "bird_0001.jpg");
		return names;
	}

	/** A folder of copies under hostile names, plus one with bytes that are not UTF-8 (made by the shell). */
	private static Path namesFolder(Path folder) throws Exception {
		return namesFolder(folder, hostileNames());
	}

	private static Path namesFolder(Path folder, Map<String, String> names) throws Exception {
		for (Map.Entry<String, String> e : names.entrySet())
			copy(e.getValue(), folder.resolve(e.getKey()));
		Process p = new ProcessBuilder("sh", "-c", "cp \"$1\" \"$2\"/\"$(printf 'latin1-\\351t\\351.jpg')\"", "sh",
			cifar("dog_0001.jpg").toString(), folder.toString()).redirectErrorStream(true).start();
		assertEquals(0, p.waitFor(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
		return folder;
	}

	/** Every file below {@code folder} (as the JVM sees it) to the CIFAR image it holds, found by its bytes. */
	private static Map<Path, String> contents(Path folder) throws Exception {
		Map<String, String> bySha = new HashMap<>();
		try (Stream<Path> s = Files.list(TestData.image("cifar10"))) {
			for (Path p : s.toList())
				bySha.put(FileHashes.sha256(p), p.getFileName().toString());
		}
		Map<Path, String> out = new HashMap<>();
		try (Stream<Path> s = Files.walk(folder)) {
			for (Path p : s.filter(Files::isRegularFile).toList())
				out.put(p, bySha.get(FileHashes.sha256(p)));
		}
		return out;
	}

	/** The complete results of {@code out}: the identity of the image each was made from, to its summary. */
	private static Map<String, Map<String, Object>> resultsById(Path out) throws Exception {
		Map<String, Map<String, Object>> byId = new HashMap<>();
		try (Stream<Path> s = Files.list(out)) {
			for (Path d : s.filter(Files::isDirectory).toList()) {
				if (!ResultFolder.isComplete(d)) continue;
				Map<String, Object> summary = Json.parseObject(Files.readString(d.resolve(ResultFolder.SUMMARY)));
				summary.put("folder", d.getFileName().toString());
				assertTrue(byId.put(summary.get("image_id").toString(), summary) == null, "one result per image");
			}
		}
		return byId;
	}

	private static void assertEachFileHasItsOwnResult(Path in, Path out) throws Exception {
		Map<Path, String> files = contents(in);
		Map<String, Map<String, Object>> results = resultsById(out);
		assertEquals(files.size(), results.size(), "one result per file: " + results.keySet());
		for (Map.Entry<Path, String> f : files.entrySet()) {
			Map<String, Object> r = results.get(InputFiles.id(f.getKey()));
			assertNotNull(r, "a result for " + f.getKey() + " in " + results.keySet());
			assertEquals(FileHashes.sha256(f.getKey()), r.get("image_sha256"), "made from its bytes");
			assertEquals(referenceLabel(f.getValue()), r.get("target_label"), f.getKey() + " -> " + r.get("folder"));
		}
	}

	@Test
	void explainGivesEveryNameItsOwnStableResultAndNeverTakesAnothersOnARerun() throws Exception {
		Path in = namesFolder(tmp.resolve("names-in")), out = tmp.resolve("names-out");
		Faces.Run first = Faces.cli(Faces.args("explain", "--out", out.toString(), in.toString()));
		assertEquals(0, first.exit(), first.err());
		assertFalse(Files.exists(out.resolve(ResultFolder.ERRORS_CSV)));
		assertEachFileHasItsOwnResult(in, out);
		Set<String> folders = new HashSet<>();
		try (Stream<Path> s = Files.list(out)) {
			s.filter(Files::isDirectory).forEach(d -> folders.add(d.getFileName().toString()));
		}
		for (String f : folders) {
			assertTrue(f.getBytes(StandardCharsets.UTF_8).length <= InputFiles.MAX_NAME_BYTES, f);
			assertTrue(f.matches("[^/\\\\:*?\"<>|\\p{Cntrl}]+") && !f.startsWith("."), "a portable name: " + f);
		}
		// a re-run skips everything: the same names for the same files
		Faces.Run again = Faces.cli(Faces.args("explain", "--out", out.toString(), in.toString()));
		assertEquals(0, again.exit(), again.err());
		assertTrue(again.out().contains("0 results written, " + folders.size() + " complete ones skipped"), again.out());
		// new files whose names sort before the old ones and want the same result names
		copy("truck_0002.jpg", in.resolve("sub/dir/X.jpg"));
		copy("cat_0002.jpg", in.resolve("Dup.bmp"));
		Files.copy(cifar("ship_0002.jpg"), in.resolve("same.jpg"), StandardCopyOption.REPLACE_EXISTING); // replaced
		Faces.Run third = Faces.cli(Faces.args("explain", "--out", out.toString(), in.toString()));
		assertEquals(0, third.exit(), third.err());
		assertTrue(third.out().contains("3 results written"), third.out() + third.err());
		assertTrue(third.err().contains("changed since its results"), "the replaced file is recomputed: " + third.err());
		assertEachFileHasItsOwnResult(in, out);
	}

	@Test
	void classifyAndEvaluateReportEveryNamePrintablyOncePerFile() throws Exception {
		Path in = namesFolder(tmp.resolve("names-classify"));
		int files = contents(in).size();
		Faces.Run c = Faces.cli("classify", "--model", TestData.model(Faces.MODEL).toString(), "--value-range", "0..255",
			"--top", "1", in.toString());
		assertEquals(0, c.exit(), c.err());
		assertEquals(files, c.rows().size(), "one line per file, names with line breaks escaped: " + c.out());
		assertTrue(c.out().contains("new\\nline.png\t"), c.out());
		Path out = tmp.resolve("names-evaluate");
		Faces.Run e = Faces.cli(Faces.args("evaluate", "--methods", "ablation-ca", "--steps", "2", "--out",
			out.toString(), in.toString()));
		assertEquals(0, e.exit(), e.err());
		List<List<String>> rows = CsvRows.read(out.resolve("evaluation.csv"));
		Set<String> images = new HashSet<>();
		for (List<String> r : rows.subList(1, rows.size()))
			if (!r.get(0).equals("mean")) images.add(r.get(0));
		assertEquals(files, images.size(), "one evaluated row per file: " + images);
	}

	@Test
	void inTheCLocaleEveryNameIsStillProcessedInItsOwnResult() throws Exception {
		Map<String, String> names = new java.util.LinkedHashMap<>();
		for (String n : List.of("new\nline.png", "caf\u00e9 \uD83D\uDC31 \u0646.jpg", "CON.jpg", "Same.jpg", "same.jpg"))
			names.put(n, hostileNames().get(n));
		Path in = namesFolder(tmp.resolve("names-c-locale"), names), out = tmp.resolve("names-c-locale-out");
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
			.toString(), "-Xmx1g", "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"),
			"io.github.ablationca.cli.Main"));
		command.addAll(List.of(Faces.args("explain", "--progress", "off", "--out", out.toString(), in.toString())));
		ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
		pb.environment().put("LANG", "C");
		pb.environment().put("LC_ALL", "C");
		pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "3");
		Process p = pb.start();
		String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertTrue(p.waitFor(180, TimeUnit.SECONDS), "the run ends");
		assertEquals(0, p.exitValue(), output);
		assertTrue(output.contains("Results:"), output);
		assertEachFileHasItsOwnResult(in, out);
	}

	@Test
	void fijiSavesHostileTitlesUnderPortableNamesAndNeverOverAnotherImagesResults() throws Exception {
		Path out = tmp.resolve("fiji-titles");
		String[] titles = {"a/b:c\n.png", "\u00e9t\u00e9 \uD83D\uDC31.tif", "x".repeat(300), "CON", ".hidden"};
		for (String title : titles) {
			ImagePlus imp = IJ.openImage(cifar("cat_0000.jpg").toString());
			imp.setTitle(title);
			ExplainImageCommand cmd = Faces.fiji(context, imp, Map.of("out", out.toFile()));
			assertFalse(cmd.isCanceled(), title + ": " + cmd.getCancelReason());
		}
		// another image with the first title: saved beside, not over, the first one's results
		ImagePlus other = new ImagePlus("a/b:c\n.png", IJ.openImage(cifar("ship_0000.jpg").toString()).getProcessor());
		ExplainImageCommand cmd = Faces.fiji(context, other, Map.of("out", out.toFile()));
		assertFalse(cmd.isCanceled(), cmd.getCancelReason());
		Set<String> labels = new HashSet<>();
		try (Stream<Path> s = Files.list(out)) {
			for (Path d : s.filter(Files::isDirectory).toList()) {
				assertTrue(ResultFolder.isComplete(d), d.toString());
				assertTrue(d.getFileName().toString().getBytes(StandardCharsets.UTF_8).length <= InputFiles.MAX_NAME_BYTES);
				if (d.getFileName().toString().startsWith("a_b_c")) labels.add(label(d));
			}
		}
		assertEquals(Set.of(referenceLabel("cat_0000.jpg"), referenceLabel("ship_0000.jpg")), labels,
			"both images with the same title keep their own results");
	}

	// -- Folders --

	@Test
	void linkedFoldersAreFollowedLoopsTakenOnceAndFoldersWithoutImagesAreErrors() throws Exception {
		Path real = tmp.resolve("real");
		copy("cat_0000.jpg", real.resolve("cat.jpg"));
		copy("ship_0000.jpg", tmp.resolve("elsewhere/ship.jpg"));
		Files.createSymbolicLink(real.resolve("linked-sub"), tmp.resolve("elsewhere"));
		Files.createSymbolicLink(real.resolve("loop"), real);
		Path link = Files.createSymbolicLink(tmp.resolve("link-to-real"), real);
		Path out = tmp.resolve("linked-out");
		Faces.Run r = Faces.cli(Faces.args("explain", "--out", out.toString(), link.toString()));
		assertEquals(0, r.exit(), r.err());
		assertTrue(ResultFolder.isComplete(out.resolve("cat")), r.err());
		assertTrue(ResultFolder.isComplete(out.resolve("linked-sub_ship")), r.err());
		assertTrue(r.err().contains("loop"), "the loop is named: " + r.err());
		assertEquals(2, resultsById(out).size(), "each image once");
	}

	@TestFactory
	Stream<DynamicTest> aFolderWithoutImagesIsAnErrorInEveryFace() throws Exception {
		Path empty = Files.createDirectories(tmp.resolve("no-images"));
		Files.createDirectories(tmp.resolve("notes-only"));
		Files.writeString(tmp.resolve("notes-only/readme.txt"), "no images here");
		List<DynamicTest> tests = new ArrayList<>();
		for (Path folder : List.of(empty, tmp.resolve("notes-only"))) {
			tests.add(DynamicTest.dynamicTest("explain " + folder.getFileName(), () -> {
				Path out = tmp.resolve("out-" + folder.getFileName());
				Faces.Run r = Faces.cli(Faces.args("explain", "--out", out.toString(), folder.toString()));
				assertEquals(1, r.exit(), r.err());
				assertTrue(r.err().contains("no image files in folder " + folder), r.err());
				assertTrue(CsvRows.read(out.resolve(ResultFolder.ERRORS_CSV)).get(1).get(2).contains("no image files"));
				assertTrue(r.out().contains("No image was found"), r.out());
			}));
			tests.add(DynamicTest.dynamicTest("classify " + folder.getFileName(), () -> {
				Faces.Run r = Faces.cli("classify", "--model", TestData.model(Faces.MODEL).toString(), folder.toString());
				assertEquals(1, r.exit(), r.err());
				assertTrue(r.err().contains("no image files in folder " + folder), r.err());
			}));
			tests.add(DynamicTest.dynamicTest("evaluate " + folder.getFileName(), () -> {
				Faces.Run r = Faces.cli(Faces.args("evaluate", "--methods", "ablation-ca", "--out", tmp.resolve("eval-" +
					folder.getFileName()).toString(), folder.toString()));
				assertEquals(1, r.exit(), r.err());
				assertTrue(r.err().contains("no image files in folder " + folder), r.err());
			}));
		}
		return tests.stream();
	}

	@TestFactory
	Stream<DynamicTest> anOutputFolderEqualToAboveOrInsideTheInputIsRefusedOrHandled() throws Exception {
		Path in = tmp.resolve("photos");
		copy("cat_0000.jpg", in.resolve("cat.jpg"));
		copy("ship_0000.jpg", in.resolve("more/ship.jpg"));
		Path linkToIn = Files.createSymbolicLink(tmp.resolve("photos-link"), in);
		List<DynamicTest> tests = new ArrayList<>();
		for (String face : List.of("explain", "evaluate")) {
			for (Path out : List.of(in, linkToIn))
				tests.add(DynamicTest.dynamicTest(face + " --out = the input " + tmp.relativize(out), () -> {
					Faces.Run r = Faces.cli(withOut(face, out, in));
					assertEquals(2, r.exit(), r.err());
					assertTrue(r.err().contains("is also an input folder"), r.err());
					assertTrue(r.err().contains("Fix:"), r.err());
				}));
		}
		tests.add(DynamicTest.dynamicTest("explain --out above the input", () -> {
			Path parent = tmp.resolve("above");
			copy("cat_0000.jpg", parent.resolve("inputs/cat.jpg"));
			Faces.Run r = Faces.cli(Faces.args("explain", "--out", parent.toString(), parent.resolve("inputs")
				.toString()));
			assertEquals(0, r.exit(), r.err());
			assertTrue(ResultFolder.isComplete(parent.resolve("cat")), r.err());
			// and a second run does not take its own results for inputs
			Faces.Run again = Faces.cli(Faces.args("explain", "--out", parent.toString(), parent.resolve("inputs")
				.toString()));
			assertTrue(again.out().contains("0 results written, 1 complete one skipped"), again.out());
		}));
		tests.add(DynamicTest.dynamicTest("explain --out inside the input", () -> {
			Path out = in.resolve("results");
			Faces.Run r = Faces.cli(Faces.args("explain", "--out", out.toString(), in.toString()));
			assertEquals(0, r.exit(), r.err());
			assertEquals(Set.of("cat", "more_ship"), resultsById(out).values().stream().map(m -> m.get("folder")
				.toString()).collect(java.util.stream.Collectors.toSet()));
			Faces.Run again = Faces.cli(Faces.args("explain", "--out", out.toString(), in.toString()));
			assertTrue(again.out().contains("0 results written, 2 complete ones skipped"), again.out());
		}));
		tests.add(DynamicTest.dynamicTest("a user's folder in the output folder is never written into", () -> {
			Path out = tmp.resolve("with-user-folder");
			Path mine = Files.createDirectories(out.resolve("cat"));
			Files.writeString(mine.resolve("my-notes.txt"), "mine");
			Faces.Run r = Faces.cli(Faces.args("explain", "--out", out.toString(), in.resolve("cat.jpg").toString()));
			assertEquals(0, r.exit(), r.err());
			assertEquals(List.of("my-notes.txt"), List.of(mine.toFile().list()));
			assertTrue(ResultFolder.isComplete(out.resolve("cat-2")), r.err());
		}));
		for (String face : List.of("explain", "evaluate", "demo")) {
			tests.add(DynamicTest.dynamicTest(face + " --out is a file", () -> {
				Path file = Files.writeString(tmp.resolve("out-file-" + face), "x");
				Faces.Run r = face.equals("demo") ? Faces.cli("demo", "--out", file.toString(), "--progress", "off") :
					Faces.cli(withOut(face, file, in.resolve("cat.jpg")));
				assertEquals(1, r.exit(), r.err());
				assertTrue(r.err().contains("a file of that name exists and is not a folder"), r.err());
				assertFalse(Faces.EXCEPTION_NAME.matcher(r.err()).find(), r.err());
			}));
		}
		return tests.stream();
	}

	/** The arguments of {@code face} (explain or evaluate) writing to {@code out}. */
	private static String[] withOut(String face, Path out, Path input) {
		return face.equals("explain") ? Faces.args(face, "--out", out.toString(), input.toString()) : Faces.args(face,
			"--methods", "ablation-ca", "--steps", "2", "--out", out.toString(), input.toString());
	}

	// -- Limits --

	@TestFactory
	Stream<DynamicTest> numbersOutOfRangeNameTheOptionAndTheRangeInEveryFace() {
		String img = cifar("cat_0000.jpg").toString(), out = tmp.resolve("limits").toString();
		Object[][] cases = {
			{"explain", "--samples", "10000001", "--samples must be a whole number from 0 to 10000000"},
			{"explain", "--samples", "99999999999", "--samples must be a whole number from 0 to 10000000"},
			{"explain", "--samples", "1e5", "--samples must be a whole number from 0 to 10000000"},
			{"explain", "--segments", "10001", "--segments must be a whole number from 2 to 10000"},
			{"explain", "--batch-size", "999999999999999999999", "--batch-size must be a whole number from 1 to 4096"},
			{"evaluate", "--samples", "99999999999", "--samples must be a whole number from 0 to 10000000"},
			{"evaluate", "--lime-samples", "2147483648", "--lime-samples must be a whole number from 2 to 1000000"},
			{"evaluate", "--rise-masks", "5000000", "--rise-masks must be a whole number from 1 to 1000000"},
			{"evaluate", "--steps", "-1", "--steps must be a whole number from 1 to 100000"},
			{"classify", "--top", "99999999999", "--top must be a whole number from 1 to 100000"},
			{"demo", "--samples", "99999999999", "--samples must be a whole number from 0 to 10000000"},
			{"demo", "--segments", "1", "--segments must be a whole number from 2 to 10000"}};
		return Stream.of(cases).map(c -> DynamicTest.dynamicTest(c[0] + " " + c[1] + " " + c[2], () -> {
			List<String> args = new ArrayList<>(List.of((String) c[0]));
			if (!c[0].equals("demo")) args.addAll(List.of("--model", TestData.model(Faces.MODEL).toString()));
			if (c[0].equals("explain") || c[0].equals("evaluate")) args.addAll(List.of("--out", out));
			args.addAll(List.of((String) c[1], (String) c[2]));
			if (!c[0].equals("demo")) args.add(img);
			Faces.Run r = Faces.cli(args.toArray(new String[0]));
			assertEquals(2, r.exit(), r.err());
			assertTrue(r.err().contains((String) c[3]), r.err());
		}));
	}

	@TestFactory
	Stream<DynamicTest> fijiRefusesMacroValuesThatAreNotNumbersByName() {
		Object[][] cases = {{"samples", "99999999999", "samples must be a whole number from 0 to 10000000"},
			{"samples", "lots", "samples must be a whole number from 0 to 10000000"},
			{"segments", "1e3", "segments must be a whole number from 2 to 10000"},
			{"seed", "12.5", "seed must be a whole number"},
			{"keep_probability", "half", "keep_probability must be a number"},
			{"first_slice", "99999999999", "first_slice must be a whole number"}};
		return Stream.of(cases).map(c -> DynamicTest.dynamicTest("Fiji " + c[0] + "=" + c[1], () -> {
			ExplainImageCommand cmd = Faces.fiji(context, new ImagePlus("t.png", new ColorProcessor(32, 32)), Map.of(
				(String) c[0], c[1]));
			assertTrue(cmd.isCanceled(), "refused");
			assertTrue(cmd.getCancelReason().contains((String) c[2]), cmd.getCancelReason());
		}));
	}

	@Test
	void tooManySamplesForTheMemoryAreRefusedBeforeAnyModelCallNamingTheSettings() throws Exception {
		java.awt.image.BufferedImage big = new java.awt.image.BufferedImage(128, 128, java.awt.image.BufferedImage
			.TYPE_INT_RGB);
		java.util.Random random = new java.util.Random(5);
		for (int p = 0; p < 128 * 128; p++)
			big.setRGB(p % 128, p / 128, random.nextInt(0x1000000));
		Path image = tmp.resolve("noise.png");
		javax.imageio.ImageIO.write(big, "png", image.toFile());
		Path out = tmp.resolve("memory-out");
		Faces.Run r = Faces.cli("explain", "--model", TestData.model(Faces.MODEL).toString(), "--value-range", "0..255",
			"--segments", "10000", "--samples", "10000000", "--out", out.toString(), image.toString());
		assertEquals(1, r.exit(), r.err());
		String error = CsvRows.read(out.resolve(ResultFolder.ERRORS_CSV)).get(1).get(2);
		assertTrue(error.matches("(?s)samples \\(10000000\\) with \\d+ objects need about [\\d.]+ GB of memory.*"), error);
		assertTrue(error.contains("Fix: lower samples or segments, or give Java more memory"), error);
		// 1 + 10000 objects + 10^7 samples + the ensemble heatmap's 2 segmentations x 125 samples
		assertTrue(r.err().contains("Plan: 1 image (each stack slice counts as one), up to about 10,010,251 model " +
			"calls each (1 + up to 10000 objects + 10000000 samples + 250 for the heatmap)"), "the planned model calls are shown before the work: " + r.err());
	}

	@Test
	void aLongImageShowsItsProgressAndTimeLeftInsideTheImage() throws Exception {
		Path out = tmp.resolve("progress-out");
		System.setProperty("ablationca.progress.seconds", "0");
		try {
			Faces.Run r = Faces.cli(Faces.args("explain", "--samples", "600", "--batch-size", "8", "--progress", "lines",
				"--out", out.toString(), cifar("cat_0000.jpg").toString()));
			assertEquals(0, r.exit(), r.err());
			assertTrue(r.err().contains("Plan: 1 image"), r.err());
			assertTrue(r.err().matches("(?s).*\\[1/1] cat_0000: \\d+%, Monte Carlo ablations \\d+/600.*"), r.err());
		}
		finally {
			System.clearProperty("ablationca.progress.seconds");
		}
	}

	// -- Two runs on one output folder --

	@TestFactory
	Stream<DynamicTest> aBusyOutputFolderIsRefusedWithItsHolderInEveryFace() throws Exception {
		Path out = tmp.resolve("busy");
		String img = cifar("cat_0000.jpg").toString();
		List<DynamicTest> tests = new ArrayList<>();
		OutputLock[] holder = new OutputLock[1];
		tests.add(DynamicTest.dynamicTest("hold", () -> holder[0] = OutputLock.acquire(out, "explain (held by the test)")));
		Map<String, String[]> faces = new java.util.LinkedHashMap<>();
		faces.put("explain", Faces.args("explain", "--out", out.toString(), img));
		faces.put("evaluate", Faces.args("evaluate", "--methods", "ablation-ca", "--out", out.toString(), img));
		faces.put("demo", new String[] {"demo", "--out", out.toString(), "--progress", "off"});
		faces.put("segment-sweep", new String[] {"segment-sweep", "--model", TestData.model(Faces.MODEL).toString(),
			"--value-range", "0..255", "--counts", "4,6", "--out", out.toString(), img});
		for (Map.Entry<String, String[]> f : faces.entrySet())
			tests.add(DynamicTest.dynamicTest(f.getKey() + " on a busy folder", () -> {
				Faces.Run r = Faces.cli(f.getValue());
				assertEquals(1, r.exit(), r.err());
				assertTrue(r.err().contains("is in use by another Ablation-CA run (process " + ProcessHandle.current()
					.pid()), r.err());
				assertTrue(r.err().contains("explain (held by the test)"), r.err());
				assertFalse(Files.exists(out.resolve(ResultFolder.SUMMARY_CSV)), "nothing written");
			}));
		tests.add(DynamicTest.dynamicTest("Fiji saving into a busy folder", () -> {
			ExplainImageCommand cmd = Faces.fiji(context, IJ.openImage(img), Map.of("out", out.toFile()));
			assertTrue(cmd.isCanceled());
			assertTrue(cmd.getCancelReason().contains("is in use by another Ablation-CA run"), cmd.getCancelReason());
		}));
		tests.add(DynamicTest.dynamicTest("released, the folder is free", () -> {
			holder[0].close();
			Faces.Run r = Faces.cli(Faces.args("explain", "--out", out.toString(), img));
			assertEquals(0, r.exit(), r.err());
			assertFalse(Files.exists(out.resolve(OutputLock.FILE)), "the lock file is removed at the end");
		}));
		return tests.stream();
	}

	@Test
	void twoRunsAtOnceOnOneFolderNeverMixTheirFiles() throws Exception {
		Path in = tmp.resolve("concurrent-in"), out = tmp.resolve("concurrent-out");
		for (String n : List.of("airplane_0000.jpg", "cat_0000.jpg", "ship_0000.jpg", "truck_0000.jpg", "frog_0000.jpg"))
			copy(n, in.resolve(n));
		Faces.Run[] first = new Faces.Run[1];
		Thread a = new Thread(() -> first[0] = Faces.cli(Faces.args("explain", "--samples", "1500", "--out",
			out.toString(), in.toString())));
		a.start();
		// the second run starts once the first has finished its first image: four more keep it busy for a while
		long deadline = System.nanoTime() + 120_000_000_000L;
		while (!Files.exists(out.resolve("airplane_0000").resolve(ResultFolder.SUMMARY)) && a.isAlive() &&
			System.nanoTime() < deadline)
			Thread.sleep(5);
		Faces.Run second = Faces.cli(Faces.args("explain", "--out", out.toString(), in.toString()));
		a.join();
		assertEquals(0, first[0].exit(), first[0].err());
		assertEquals(1, second.exit(), second.err());
		assertTrue(second.err().contains("is in use by another Ablation-CA run"), second.err());
		// the folder holds one run's files, consistent: five results, five summary rows, no errors file
		assertEquals(5, resultsById(out).size());
		assertEquals(6, CsvRows.read(out.resolve(ResultFolder.SUMMARY_CSV)).size());
		assertFalse(Files.exists(out.resolve(ResultFolder.ERRORS_CSV)));
	}

	@Test
	void aRunInAnotherProcessHoldsTheFolderUntilItIsKilledThenItsLockIsTakenOver() throws Exception {
		Path out = tmp.resolve("other-process");
		Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
			System.getProperty("java.class.path"), LockHolder.class.getName(), out.toString()).redirectErrorStream(true)
			.start();
		try {
			BufferedReader reader = new BufferedReader(new InputStreamReader(holder.getInputStream(),
				StandardCharsets.UTF_8));
			assertEquals("locked", reader.readLine());
			String img = cifar("cat_0000.jpg").toString();
			Faces.Run busy = Faces.cli(Faces.args("explain", "--out", out.toString(), img));
			assertEquals(1, busy.exit(), busy.err());
			assertTrue(busy.err().contains("(process " + holder.pid() + " on host "), busy.err());
			// kill -9: the lock file stays, but the operating system released the lock
			holder.destroyForcibly();
			assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
			assertTrue(Files.exists(out.resolve(OutputLock.FILE)));
			Faces.Run after = Faces.cli(Faces.args("explain", "--out", out.toString(), img));
			assertEquals(0, after.exit(), after.err());
			assertTrue(after.err().contains("took over the output folder " + out + " from a run that did not finish " +
				"(process " + holder.pid()), after.err());
		}
		finally {
			holder.destroyForcibly();
		}
	}

	// -- Messages --

	@TestFactory
	Stream<DynamicTest> aModelWithoutItsWeightsIsBlamedOnTheWeightsInEveryFace() throws Exception {
		Path source = TestData.model(Faces.MODEL);
		Path noVariables = tmp.resolve("model-no-variables"), noData = tmp.resolve("model-no-data");
		for (Path m : List.of(noVariables, noData)) {
			Files.createDirectories(m);
			Files.copy(source.resolve("saved_model.pb"), m.resolve("saved_model.pb"));
			Files.copy(source.resolve("labels.txt"), m.resolve("labels.txt"));
		}
		Files.createDirectories(noData.resolve("variables"));
		Files.copy(source.resolve("variables/variables.index"), noData.resolve("variables/variables.index"));
		String img = cifar("cat_0000.jpg").toString();
		List<DynamicTest> tests = new ArrayList<>();
		for (Path model : List.of(noVariables, noData))
			for (String face : List.of("classify", "explain", "evaluate"))
				tests.add(DynamicTest.dynamicTest(face + " " + model.getFileName(), () -> {
					List<String> args = new ArrayList<>(List.of(face, "--model", model.toString()));
					if (!face.equals("classify")) args.addAll(List.of("--out", tmp.resolve("o-" + face).toString()));
					args.add(img);
					Faces.Run r = Faces.cli(args.toArray(new String[0]));
					assertEquals(1, r.exit(), r.err());
					assertTrue(r.err().contains(model == noVariables ? "its variables/ folder (the trained weights) is " +
						"missing" : "the variables/ folder holds no weights file"), r.err());
					assertTrue(r.err().contains("Fix: copy the whole SavedModel folder again"), r.err());
					assertFalse(r.err().contains("input size"), "not blamed on the input size: " + r.err());
				}));
		tests.add(DynamicTest.dynamicTest("Fiji " + noVariables.getFileName(), () -> {
			ExplainImageCommand cmd = Faces.fiji(context, IJ.openImage(img), Map.of("model", noVariables.toFile()));
			assertTrue(cmd.isCanceled());
			assertTrue(cmd.getCancelReason().contains("variables/ folder"), cmd.getCancelReason());
		}));
		return tests.stream();
	}

	@Test
	void javaExceptionNamesAppearOnlyWithVerbose() throws Exception {
		Path bad = Files.write(tmp.resolve("cut.png"), java.util.Arrays.copyOf(Files.readAllBytes(TestData.image(
			"imagenet/chelsea.png")), 5000));
		Faces.Run plain = Faces.cli("classify", "--model", TestData.model(Faces.MODEL).toString(), bad.toString());
		assertFalse(Faces.EXCEPTION_NAME.matcher(plain.err()).find(), plain.err());
		assertTrue(plain.err().contains("truncated"), plain.err());
		assertFalse(plain.err().contains("use TIFF, PNG"), "not a format hint for a damaged file: " + plain.err());
		Faces.Run verbose = Faces.cli("classify", "--verbose", "--model", TestData.model(Faces.MODEL).toString(),
			bad.toString());
		assertTrue(verbose.err().contains("java.lang.IllegalArgumentException"), verbose.err());
	}

	// -- The Fiji command in an ImageJ macro --

	@Test
	void aMacroStopsWithTheReasonWhenTheCommandFailsAndGoesOnWhenItWorks() throws Exception {
		Hashtable<String, String> commands = macroCommands();
		commands.put("Explain Image...", MacroBridge.class.getName());
		MacroBridge.context = context;
		byte[] jpeg = Files.readAllBytes(cifar("cat_0000.jpg"));
		Path cut = Files.write(tmp.resolve("macro-cut.jpg"), java.util.Arrays.copyOf(jpeg, jpeg.length - 2));
		MacroBridge.image = IJ.openImage(cut.toString());
		assertNotNull(MacroBridge.image, "ImageJ opens the cut JPEG (filling the rest with grey)");
		String model = TestData.model(Faces.MODEL).toString();
		String after = "call(\"java.lang.System.setProperty\", \"ablationca.macro.after\", \"reached\");\n";
		System.clearProperty("ablationca.macro.after");
		Interpreter failing = new Interpreter();
		failing.run("run(\"Explain Image...\", \"model=[" + model + "] value_range=0..255 segments=6 samples=16\");\n" +
			after);
		assertEquals(null, System.getProperty("ablationca.macro.after"), "the macro stopped at the failed command");
		assertNotNull(failing.getErrorMessage(), "the macro sees an error");
		assertTrue(failing.getErrorMessage().contains("truncated"), failing.getErrorMessage());
		MacroBridge.image = IJ.openImage(cifar("cat_0000.jpg").toString());
		Interpreter working = new Interpreter();
		working.run("run(\"Explain Image...\", \"model=[" + model + "] value_range=0..255 segments=6 samples=16\");\n" +
			after);
		assertEquals("reached", System.getProperty("ablationca.macro.after"), "the macro goes on");
		System.clearProperty("ablationca.macro.after");
	}

	@SuppressWarnings("unchecked")
	private static Hashtable<String, String> macroCommands() throws Exception {
		if (Menus.getCommands() == null) {
			java.lang.reflect.Method init = IJ.class.getDeclaredMethod("init");
			init.setAccessible(true);
			try {
				init.invoke(null);
			}
			catch (java.lang.reflect.InvocationTargetException e) {
				// headless: the menu bar cannot be built, the command table can
			}
		}
		Hashtable<String, String> table = Menus.getCommands();
		assertNotNull(table, "ImageJ's command table");
		return table;
	}
}
