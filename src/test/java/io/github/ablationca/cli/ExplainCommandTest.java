package io.github.ablationca.cli;

import io.github.ablationca.CsvRows;
import io.github.ablationca.engine.ExplainSettings;
import io.github.ablationca.imagej.OverlayRenderer;
import io.github.ablationca.run.ResultTables;
import io.github.ablationca.results.FolderBatch;
import io.github.ablationca.results.ResultFolder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.ColorProcessor;
import io.github.ablationca.TestData;
import io.github.ablationca.engine.HeatmapValues;
import io.github.ablationca.engine.FillMode;
import io.github.ablationca.engine.SamplingScheme;
import io.github.ablationca.engine.ScoreScale;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The explain subcommand end to end, in-process through {@link CliRun}, with
 * ResNet-8 on CIFAR-10 images (32 x 32: fast). The README lists ship_0000 and truck_0000 as predicted with
 * probability >= 0.998, so their target classes are certain.
 */
class ExplainCommandTest {

	/** Small settings: 10 objects, 64 Monte Carlo samples. */
	private static String[] explain(String... rest) {
		List<String> args = new ArrayList<>(List.of("explain", "--model", TestData.model("resnet8_cifar10").toString(),
			"--value-range", "0..255", "--segments", "10", "--samples", "64", "--seed", "3"));
		args.addAll(Arrays.asList(rest));
		return args.toArray(new String[0]);
	}

	private static Path cifar(String name) {
		return TestData.image("cifar10").resolve(name);
	}

	private static List<List<String>> csv(Path file) throws Exception {
		return CsvRows.read(file);
	}

	private static JsonObject json(Path file) throws Exception {
		return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
	}

	private static Set<String> folders(Path dir) throws Exception {
		try (Stream<Path> s = Files.list(dir)) {
			return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).collect(Collectors.toSet());
		}
	}

	@Test
	void aFolderWithACorruptImageGivesTheOtherResultsAnErrorRowAndExit1ThenResumesAndForceRecomputes(
		@TempDir Path tmp) throws Exception
	{
		Path in = tmp.resolve("in"), out = tmp.resolve("out");
		Files.createDirectories(in.resolve("sub"));
		Files.copy(cifar("ship_0000.jpg"), in.resolve("ship_0000.jpg"));
		Files.copy(cifar("truck_0000.jpg"), in.resolve("sub/ship_0000.jpg")); // same file name, other folder
		Path broken = Files.writeString(in.resolve("broken.png"), "not an image");

		CliRun first = CliRun.of(explain("--out", out.toString(), in.toString()));
		assertEquals(1, first.exit(), first.err());
		assertEquals(Set.of("ship_0000", "sub_ship_0000"), folders(out));
		assertTrue(first.err().contains("Error: " + broken), first.err());
		List<List<String>> errors = csv(out.resolve(ResultFolder.ERRORS_CSV));
		assertEquals(List.of("image", "slice", "error"), errors.get(0));
		assertEquals(2, errors.size(), errors.toString());
		assertEquals(broken.toString(), errors.get(1).get(0));
		assertEquals("", errors.get(1).get(1));
		assertTrue(errors.get(1).get(2).contains("is a text file, not an image"), errors.get(1).get(2));

		for (String name : List.of("ship_0000", "sub_ship_0000"))
			checkResultFolder(out.resolve(name));
		assertEquals("ship", json(out.resolve("ship_0000/summary.json")).get("target_label").getAsString());
		assertEquals("truck", json(out.resolve("sub_ship_0000/summary.json")).get("target_label").getAsString());
		List<List<String>> summary = csv(out.resolve(ResultFolder.SUMMARY_CSV));
		assertEquals(FolderBatch.SUMMARY_COLUMNS, summary.get(0));
		assertEquals(List.of("ship_0000", "sub_ship_0000"), List.of(summary.get(1).get(0), summary.get(2).get(0)));
		assertEquals(3, summary.size());
		assertTrue(first.out().contains("2 results written"), first.out());

		// A second run skips the complete results without touching their files. A run killed while writing
		// sub_ship_0000 is simulated by removing its summary (written last) and leaving a temporary file: that
		// image is recomputed and the stray file removed.
		FileTime marked = FileTime.fromMillis(1_000_000L);
		List<Path> summaries = List.of(out.resolve("ship_0000/summary.json"), out.resolve("sub_ship_0000/summary.json"));
		for (Path s : summaries)
			Files.setLastModifiedTime(s, marked);
		Files.delete(out.resolve("sub_ship_0000/summary.json"));
		Path stray = Files.writeString(out.resolve("sub_ship_0000/.pairs.csv.42.tmp"), "half a file");
		String objectsBefore = Files.readString(out.resolve("ship_0000/objects.csv"));
		String pairsBefore = Files.readString(out.resolve("ship_0000/pairs.csv"));
		CliRun second = CliRun.of(explain("--out", out.toString(), in.toString()));
		assertEquals(1, second.exit(), "the corrupt image still fails");
		assertTrue(second.err().contains("] ship_0000: skipped"), second.err());
		assertFalse(second.err().contains("sub_ship_0000: skipped"), second.err());
		assertEquals(marked, Files.getLastModifiedTime(summaries.get(0)));
		assertTrue(ResultFolder.isComplete(out.resolve("sub_ship_0000")));
		assertFalse(Files.exists(stray));
		assertEquals(2, csv(out.resolve(ResultFolder.ERRORS_CSV)).size());
		assertEquals(3, csv(out.resolve(ResultFolder.SUMMARY_CSV)).size(), "summary.csv survives the re-run");
		assertTrue(second.out().contains("1 result written, 1 complete one skipped"), second.out());
		Files.setLastModifiedTime(summaries.get(1), marked);

		// --force recomputes; the same seed gives the same tables.
		CliRun forced = CliRun.of(explain("--out", out.toString(), "--force", in.toString()));
		assertEquals(1, forced.exit());
		assertFalse(forced.err().contains("skipped"), forced.err());
		for (Path s : summaries)
			assertNotEquals(marked, Files.getLastModifiedTime(s));
		assertEquals(objectsBefore, Files.readString(out.resolve("ship_0000/objects.csv")));
		assertEquals(pairsBefore, Files.readString(out.resolve("ship_0000/pairs.csv")));
	}

	/** Every file of a result, with exactly the documented columns and consistent contents. */
	private static void checkResultFolder(Path dir) throws Exception {
		JsonObject s = json(dir.resolve(ResultFolder.SUMMARY));
		for (String key : List.of("image", "target_index", "target_label", "target_probability", "top5", "segments",
			"objects", "samples", "seed", "model_calls", "seconds", "version"))
			assertTrue(s.has(key), dir + "/summary.json lacks " + key);
		int n = s.get("objects").getAsInt();
		assertEquals(10, s.get("segments").getAsInt());
		assertEquals("0..255", s.get("value_range").getAsString(), "the model settings are recorded");
		assertEquals("stretch", s.get("resize").getAsString(), "as the model used them");
		assertEquals(64, s.get("samples").getAsInt());
		assertEquals(3, s.get("seed").getAsLong());
		assertEquals(1 + n + 64 + 2 * 125, s.get("model_calls").getAsLong(),
			"unablated + one per object + samples + the ensemble heatmap's two further segmentations");
		assertEquals(5, s.get("top5").getAsJsonArray().size());
		assertEquals(s.get("target_index").getAsInt(),
			s.get("top5").getAsJsonArray().get(0).getAsJsonObject().get("index").getAsInt());

		List<List<String>> objects = csv(dir.resolve(ResultFolder.OBJECTS));
		assertEquals(ResultTables.OBJECT_COLUMNS, objects.get(0));
		assertEquals(n + 1, objects.size());
		int area = 0;
		for (int i = 1; i <= n; i++) {
			assertEquals(Integer.toString(i), objects.get(i).get(0));
			area += Integer.parseInt(objects.get(i).get(1));
		}
		assertEquals(32 * 32, area, "the objects tile the image");
		List<List<String>> pairs = csv(dir.resolve(ResultFolder.PAIRS));
		assertEquals(ResultTables.PAIR_COLUMNS, pairs.get(0));
		for (int i = 1; i < pairs.size(); i++)
			assertEquals(Integer.toString(i), pairs.get(i).get(pairs.get(0).indexOf("rank")), "pairs in rank order");
		assertEquals(ResultTables.GROUP_COLUMNS, csv(dir.resolve(ResultFolder.GROUPS)).get(0));
		ImagePlus heat = IJ.openImage(dir.resolve(ResultFolder.HEATMAP).toString());
		assertEquals(ImagePlus.GRAY32, heat.getType());
		assertEquals(32, heat.getWidth());
		java.awt.image.BufferedImage overlay = javax.imageio.ImageIO.read(dir.resolve(ResultFolder.OVERLAY).toFile());
		assertEquals(32 * OverlayRenderer.autoScale(32, 32), overlay.getHeight(),
			"the flattened overlay, magnified as Fiji's renderer magnifies a 32 x 32 image");
		assertEquals(OverlayRenderer.canvas(32, 32, 0, new OverlayRenderer.Style()).width(), overlay.getWidth(),
			"with the colour bar in a margin beside the image");
		assertTrue(ResultFolder.isComplete(dir));
	}

	@Test
	void eachStackSliceGetsItsOwnFolder(@TempDir Path tmp) throws Exception {
		ImageStack stack = new ImageStack(32, 32);
		stack.addSlice(IJ.openImage(cifar("ship_0000.jpg").toString()).getProcessor());
		stack.addSlice(IJ.openImage(cifar("truck_0000.jpg").toString()).getProcessor());
		Path tif = tmp.resolve("two.tif");
		IJ.saveAsTiff(new ImagePlus("two", stack), tif.toString());
		Path out = tmp.resolve("out");
		CliRun r = CliRun.of(explain("--samples", "0", "--out", out.toString(), tif.toString()));
		assertEquals(0, r.exit(), r.err());
		assertEquals(Set.of("two_slice1", "two_slice2"), folders(out));
		JsonObject s1 = json(out.resolve("two_slice1/summary.json")), s2 = json(out.resolve("two_slice2/summary.json"));
		assertEquals(1, s1.get("slice").getAsInt());
		assertEquals(2, s2.get("slice").getAsInt());
		assertEquals("ship", s1.get("target_label").getAsString());
		assertEquals("truck", s2.get("target_label").getAsString());
		assertEquals(1, csv(out.resolve("two_slice1/pairs.csv")).size(), "no samples: no pairs, header only");
		assertFalse(Files.exists(out.resolve(ResultFolder.ERRORS_CSV)));
	}

	/** A uniform photo: hiding objects (mean fill) changes no pixel, so the real model's score cannot move. */
	@Test
	void aUniformImageListsNoPairAndSaysWhy(@TempDir Path tmp) throws Exception {
		int[] pixels = new int[32 * 32];
		Arrays.fill(pixels, 120 << 16 | 130 << 8 | 140);
		Path png = tmp.resolve("uniform.png");
		new FileSaver(new ImagePlus("uniform", new ColorProcessor(32, 32, pixels))).saveAsPng(png.toString());
		Path out = tmp.resolve("out");
		CliRun r = CliRun.of(explain("--out", out.toString(), png.toString()));
		assertEquals(0, r.exit(), r.err());
		assertEquals(1, csv(out.resolve("uniform/pairs.csv")).size(), "header only");
		assertEquals(1, csv(out.resolve("uniform/groups.csv")).size(), "header only");
		JsonObject summary = json(out.resolve("uniform/summary.json"));
		assertTrue(summary.get("top_pair").isJsonNull());
		String note = summary.getAsJsonArray("notes").get(0).getAsString();
		assertTrue(note.contains("does not change beyond numerical noise"), note);
		assertTrue(r.out().contains(note) || r.err().contains(note), "the note reaches the user: " + r.out() + r.err());
	}

	/** Same seed, same samples: each heatmap choice paints other values, says so, and leaves the pairs alone. */
	@Test
	void theHeatmapChoiceIsWrittenAndRecorded(@TempDir Path tmp) throws Exception {
		String ship = cifar("ship_0000.jpg").toString();
		Map<String, float[]> maps = new LinkedHashMap<>();
		List<List<String>> pairs = null;
		for (String choice : List.of("ensemble", "contribution", "main-effect")) {
			Path out = tmp.resolve(choice);
			CliRun r = choice.equals("ensemble") ? CliRun.of(explain("--out", out.toString(), ship)) // the default
				: CliRun.of(explain("--heatmap", choice, "--out", out.toString(), ship));
			assertEquals(0, r.exit(), r.err());
			JsonObject summary = json(out.resolve("ship_0000/summary.json"));
			assertEquals(choice, summary.get("heatmap").getAsString());
			int n = summary.get("objects").getAsInt();
			assertEquals(1 + n + 64 + (choice.equals("ensemble") ? 2 * 125 : 0), summary.get("model_calls").getAsLong());
			maps.put(choice, (float[]) IJ.openImage(out.resolve("ship_0000/heatmap.tif").toString()).getProcessor()
				.getPixels());
			// the objects, and so the pairs, are the same run: only the painted values change
			List<List<String>> p = csv(out.resolve("ship_0000/pairs.csv"));
			if (pairs != null) assertEquals(pairs, p);
			pairs = p;
		}
		assertFalse(Arrays.equals(maps.get("ensemble"), maps.get("contribution")));
		assertFalse(Arrays.equals(maps.get("ensemble"), maps.get("main-effect")));
		assertFalse(Arrays.equals(maps.get("contribution"), maps.get("main-effect")));
	}

	@Test
	void helpDescribesEveryOptionTheParserAccepts() {
		CliRun r = CliRun.of("explain", "--help");
		assertEquals(0, r.exit());
		String help = r.out();
		Options options = ExplainCommand.options(new ExplainCommand.Arguments());
		List<String> accepted = options.names();
		CliHelp.assertDescribesEveryOption(help, options);
		// and every option the help mentions is accepted
		Set<String> mentioned = new LinkedHashSet<>();
		Matcher m = Pattern.compile("(?<![\\w-])--[a-z0-9][a-z0-9-]*").matcher(help);
		while (m.find())
			mentioned.add(m.group());
		mentioned.removeAll(accepted);
		assertEquals(Set.of(), mentioned, "options the help names but the parser refuses");
		for (String value : List.of("mean", "blur", "constant", "noise", "log-odds", "probability", "summary.csv",
			"errors.csv", "heatmap.tif", "overlay.png", "objects.csv", "pairs.csv", "groups.csv", "summary.json",
			"Exit status"))
			assertTrue(help.contains(value), "--help mentions " + value);
	}

	@Test
	void everyOptionReachesItsSetting() {
		ExplainCommand.Arguments a = ExplainCommand.parse(new String[] {"--model", "m", "--labels", "l.txt",
			"--out", "o", "--force", "--progress", "off", "--segments", "20", "--samples", "99", "--seed", "-4",
			"--target", "tabby, tabby cat", "--fill", "constant", "--fill-color", "1,2,3", "--compactness", "5",
			"--keep-probability", "0.25", "--score-scale", "probability", "--heatmap", "main-effect",
			"--sampling", "antithetic", "--fdr", "0.1", "--value-range", "0..1",
			"--resize", "center-crop", "--batch-size", "7", "--input", "i", "--output", "x",
			"--output-kind", "logits", "--label-offset", "1", "--input-size", "64", "--signature", "sig", "--tags",
			"serve", "--verbose", "a.png", "dir"});
		ExplainSettings m = a.settings.method;
		assertEquals(Path.of("m"), a.settings.model);
		assertEquals(Path.of("o"), a.settings.out);
		assertTrue(a.force);
		assertEquals(ProgressBar.Mode.OFF, a.progress);
		assertEquals(20, m.segments);
		assertEquals(99, m.samples);
		assertEquals(-4, m.seed);
		assertEquals("tabby, tabby cat", m.target);
		assertEquals(FillMode.CONSTANT, m.fill);
		assertEquals(List.of(1f, 2f, 3f), List.of(m.constantColor[0], m.constantColor[1], m.constantColor[2]));
		assertEquals(5, m.compactness);
		assertEquals(0.25, m.keepProbability);
		assertEquals(ScoreScale.PROBABILITY, m.scoreScale);
		assertEquals(HeatmapValues.MAIN_EFFECT, m.heatmap);
		assertEquals(0.1, m.falseDiscoveryRate);
		assertEquals(SamplingScheme.ANTITHETIC, m.sampling);
		assertEquals(7, a.settings.modelOptions.batchSize);
		assertEquals(64, a.settings.modelOptions.inputHeight);
		assertTrue(a.verbose);
		assertEquals(List.of("a.png", "dir"), a.inputs);
	}

	@Test
	void badCommandLinesAreRefusedWithTheFix(@TempDir Path tmp) throws Exception {
		String ship = cifar("ship_0000.jpg").toString();
		CliRun noOut = CliRun.of(explain(ship));
		assertEquals(2, noOut.exit());
		assertTrue(noOut.err().contains("--out DIR is required"), noOut.err());
		CliRun noInput = CliRun.of(explain("--out", tmp.toString()));
		assertEquals(2, noInput.exit());
		assertTrue(noInput.err().contains("No input given"), noInput.err());
		CliRun fill = CliRun.of(explain("--fill", "purple", "--out", tmp.toString(), ship));
		assertEquals(2, fill.exit());
		assertTrue(fill.err().contains("--fill must be one of mean, blur, constant, noise, not 'purple'"), fill.err());
		CliRun few = CliRun.of(explain("--samples", "5", "--out", tmp.toString(), ship));
		assertEquals(2, few.exit());
		assertTrue(few.err().contains("samples 5 are too few for 10 segments"), few.err());
		CliRun target = CliRun.of(explain("--target", "unicorn", "--out", tmp.toString(), ship));
		assertEquals(2, target.exit());
		assertTrue(target.err().contains("target 'unicorn' is not a class of this model"), target.err());
		Path file = tmp.resolve("a-file");
		Files.writeString(file, "x");
		CliRun outIsFile = CliRun.of(explain("--out", file.toString(), ship));
		Files.delete(file);
		assertEquals(1, outIsFile.exit());
		assertTrue(outIsFile.err().contains("cannot create or use the output folder " + file + ": a file of that name " +
			"exists and is not a folder"), outIsFile.err());
		Path nowhere = tmp.resolve("no-model");
		CliRun model = CliRun.of("explain", "--model", nowhere.toString(), "--out", tmp.toString(), ship);
		assertEquals(1, model.exit());
		assertTrue(model.err().contains("does not exist"), model.err());
		assertEquals(Set.of(), Set.of(tmp.toFile().list()), "nothing was written");
	}
}
