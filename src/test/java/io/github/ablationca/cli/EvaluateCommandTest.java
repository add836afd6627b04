package io.github.ablationca.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ablationca.TestData;
import io.github.ablationca.metric.EvaluationRow;
import io.github.ablationca.tensorflow.GradientTinyModels;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The evaluate subcommand end to end, in process, on ResNet-8 with cheap settings. */
class EvaluateCommandTest {

	static String resNet() {
		return TestData.model("resnet8_cifar10").toString();
	}

	static String cifar(String name) {
		return TestData.image("cifar10").resolve(name).toString();
	}

	/** The CSV as rows of fields (no quoting in these names). */
	static List<String[]> csv(Path file) throws Exception {
		List<String[]> rows = new ArrayList<>();
		for (String line : Files.readAllLines(file))
			rows.add(line.split(",", -1));
		return rows;
	}

	/**
	 * The ensemble heatmap's settings reach the scored map: one further segmentation of 7 samples is 1 + n + 40 + 7
	 * calls (not the default 2 x 125), and none gives 1 + n + 40; a wrong per-scale list is refused as by explain.
	 */
	@Test
	void theEnsembleSettingsReachTheScoredMap(@TempDir Path dir) throws Exception {
		for (String[] ensemble : new String[][] {{"0.5", "7", "blur", "0.8"}, {"none", "7", "blur", "0.8"}}) {
			Path out = dir.resolve("out-" + ensemble[0]);
			CliRun r = CliRun.of("evaluate", "--model", resNet(), "--value-range", "0..255", "--methods",
				"ablation-ca", "--segments", "9", "--samples", "40", "--steps", "8", "--pair-checks", "0",
				"--heatmap-scales", ensemble[0], "--samples-per-scale", ensemble[1], "--fill-per-scale", ensemble[2],
				"--keep-per-scale", ensemble[3], "--out", out.toString(), cifar("truck_0000.jpg"));
			assertEquals(0, r.exit(), r.err());
			Matcher sp = Pattern.compile(", (\\d+) superpixels").matcher(r.err());
			assertTrue(sp.find(), r.err());
			int n = Integer.parseInt(sp.group(1));
			String[] row = csv(out.resolve("evaluation.csv")).get(1);
			assertEquals(1 + n + 40 + (ensemble[0].equals("none") ? 0 : 7), Integer.parseInt(row[7]),
				String.join(",", row));
		}
		CliRun bad = CliRun.of("evaluate", "--model", resNet(), "--value-range", "0..255", "--methods", "ablation-ca",
			"--heatmap-scales", "0.5,2", "--keep-per-scale", "0.8,0.5,0.2", "--out", dir.resolve("bad").toString(),
			cifar("truck_0000.jpg"));
		assertTrue(bad.exit() != 0, bad.err());
		assertTrue(bad.err().contains("keep per scale needs one keep probability for all scales or one per scale (2)"),
			bad.err());
	}

	@Test
	void allMethodsOnTwoImagesGiveRowsMeansAndPanels(@TempDir Path dir) throws Exception {
		// a binary mask for the truck only: the object is the lower half (255), the top half background (0)
		Path masks = Files.createDirectories(dir.resolve("masks"));
		BufferedImage m = new BufferedImage(32, 32, BufferedImage.TYPE_BYTE_GRAY);
		for (int y = 16; y < 32; y++)
			for (int x = 0; x < 32; x++)
				m.getRaster().setSample(x, y, 0, 255);
		ImageIO.write(m, "png", masks.resolve("truck_0000_mask.png").toFile());
		Path out = dir.resolve("out");
		CliRun r = CliRun.of("evaluate", "--model", resNet(), "--value-range", "0..255", "--methods",
			"ablation-ca,occlusion,lime,rise,saliency,integrated-gradients,ablation-ca-main-effect", "--segments", "9",
			"--samples", "40", "--lime-samples", "30", "--rise-masks", "50", "--ig-steps", "4", "--steps", "16",
			"--batch-size", "13", "--masks", masks.toString(), "--out", out.toString(), cifar("truck_0000.jpg"),
			cifar("ship_0000.jpg"));
		assertEquals(0, r.exit(), r.err());

		List<String[]> rows = csv(out.resolve("evaluation.csv"));
		assertEquals(String.join(",", EvaluationRow.COLUMNS), String.join(",", rows.get(0)));
		List<String> methods = List.of("ablation-ca", "occlusion", "lime", "rise", "saliency",
			"integrated-gradients", "ablation-ca-main-effect");
		assertEquals(1 + 3 * methods.size(), rows.size(), "header, 2 images x 7 methods, 7 means");
		// the explanations' own model calls: 1 + n objects + 40 samples (n as reported per image); 1 + 15 x 15
		// windows (4 px, stride 2); LIME samples; RISE masks; one gradient; ig-steps + 1
		Matcher sp = Pattern.compile("\\] (\\w+): .*, (\\d+) superpixels").matcher(r.err());
		Map<String, Integer> objects = new HashMap<>();
		while (sp.find())
			objects.put(sp.group(1), Integer.parseInt(sp.group(2)));
		assertEquals(2, objects.size(), r.err());
		Map<String, Integer> calls = Map.of("occlusion", 226, "lime", 30, "rise", 50, "saliency", 1,
			"integrated-gradients", 5);
		Map<String, double[]> sums = new HashMap<>();
		for (int i = 0; i < 2 * methods.size(); i++) {
			String[] row = rows.get(1 + i);
			String image = i < methods.size() ? "truck_0000" : "ship_0000";
			assertEquals(image, row[0]);
			assertEquals(methods.get(i % methods.size()), row[1]);
			double del = Double.parseDouble(row[2]), ins = Double.parseDouble(row[3]);
			double morf = Double.parseDouble(row[4]), lerf = Double.parseDouble(row[5]);
			for (double v : new double[] {del, ins, morf, lerf})
				assertTrue(v >= 0 && v <= 1, String.join(",", row));
			// pointing: 0 or 1 with the truck's mask, empty for the ship (no mask)
			assertTrue(image.equals("truck_0000") ? row[6].matches("[01]") : row[6].isEmpty(), String.join(",", row));
			// Ablation-CA: 1 + n + 40 samples, and 2 x 125 for the ensemble heatmap's further segmentations
			int expected = row[1].startsWith("ablation-ca") ? 1 + objects.get(image) + 40 + 250 : calls.get(row[1]);
			assertEquals(expected, Integer.parseInt(row[7]), row[1] + ": the metrics' calls are not counted");
			assertTrue(Double.parseDouble(row[8]) >= 0);
			double[] s = sums.computeIfAbsent(row[1], k -> new double[5]);
			s[0] += del;
			s[1] += ins;
			s[2] += Double.parseDouble(row[8]);
			s[3] += morf;
			s[4] += lerf;
		}
		for (int k = 0; k < methods.size(); k++) {
			String[] mean = rows.get(1 + 2 * methods.size() + k);
			assertEquals("mean", mean[0]);
			assertEquals(methods.get(k), mean[1]);
			double[] s = sums.get(mean[1]);
			// means of the unrounded values; the rows are rounded to 4 (AUC) and 3 (seconds) decimals
			assertEquals(s[0] / 2, Double.parseDouble(mean[2]), 1e-4);
			assertEquals(s[1] / 2, Double.parseDouble(mean[3]), 1e-4);
			assertEquals(s[3] / 2, Double.parseDouble(mean[4]), 1e-4);
			assertEquals(s[4] / 2, Double.parseDouble(mean[5]), 1e-4);
			double meanCalls = mean[1].startsWith("ablation-ca") ? 41 + 250 + (objects.get("truck_0000") +
				objects.get("ship_0000")) / 2.0 : calls.get(mean[1]);
			assertEquals(meanCalls, Double.parseDouble(mean[7]), 1e-9);
			assertEquals(s[2] / 2, Double.parseDouble(mean[8]), 2e-3);
			// the hit rate over images with a mask: the truck's hit or miss
			assertEquals(rows.get(1 + k)[6], mean[6].replace(".000", ""));
		}
		// the two Ablation-CA maps come from one engine run: same seconds
		assertEquals(rows.get(1)[8], rows.get(methods.size())[8]);

		for (String image : List.of("truck_0000", "ship_0000")) {
			BufferedImage panel = ImageIO.read(out.resolve(image + "_panel.png").toFile());
			// the image and 7 heatmaps, 224-pixel tiles with 4-pixel gaps
			assertEquals(8 * 224 + 9 * 4, panel.getWidth(), image);
		}
		assertTrue(r.err().contains("truck_0000"), r.err());

		// The pair checks of the Ablation-CA run: a second run with another seed (1 + n + 40 calls, no ensemble) and
		// 100 contexts x 4 calls for each of the top 5 pairs; shares pooled in the mean row.
		List<String[]> checks = csv(out.resolve(PairCheckRows.FILE));
		assertEquals(String.join(",", PairCheckRows.COLUMNS), String.join(",", checks.get(0)));
		assertEquals(1 + 2 + 1, checks.size());
		long significant = 0, replicated = 0;
		for (int i = 1; i <= 2; i++) {
			String[] row = checks.get(i);
			Map<String, String> c = new HashMap<>();
			for (int k = 0; k < row.length; k++)
				c.put(PairCheckRows.COLUMNS.get(k), row[k]);
			int n = objects.get(row[0]), checked = Integer.parseInt(c.get("checked_pairs"));
			assertEquals(n, Integer.parseInt(c.get("objects")));
			assertEquals(Math.min(5, n * (n - 1) / 2), checked);
			assertEquals(1 + n + 40 + 4 * 100 * checked, Long.parseLong(c.get("model_calls")), String.join(",", row));
			int sig = Integer.parseInt(c.get("significant_pairs")), rep = Integer.parseInt(c.get("replicated_signs"));
			assertTrue(rep <= sig && Integer.parseInt(c.get("checked_agreeing")) <= checked, String.join(",", row));
			significant += sig;
			replicated += rep;
		}
		assertEquals("mean", checks.get(3)[0]);
		assertEquals(significant == 0 ? "" : String.format(java.util.Locale.ROOT, "%.4f", (double) replicated /
			significant), checks.get(3)[PairCheckRows.COLUMNS.indexOf("replicated_share")]);
	}

	@Test
	void aFailingImageAndAFailingMethodAreReportedAndTheRestRuns(@TempDir Path dir) throws Exception {
		Path corrupt = dir.resolve("broken.png");
		Files.writeString(corrupt, "not a png");
		Path out = dir.resolve("out");
		// The Monte Carlo main effect without Monte Carlo samples cannot be painted and fails; RISE and LIME run;
		// the target is given as a label
		CliRun r = CliRun.of("evaluate", "--model", resNet(), "--value-range", "0..255", "--methods",
			"rise,ablation-ca-main-effect,lime", "--rise-masks", "8", "--lime-samples", "5", "--segments", "9", "--samples",
			"0", "--steps", "8", "--target", "ship", "--out", out.toString(), corrupt.toString(), cifar("ship_0001.jpg"));
		assertEquals(1, r.exit(), "a failed image gives exit status 1");
		assertTrue(r.err().contains("broken.png"), r.err());
		assertTrue(r.err().contains("ablation-ca-main-effect: failed: The Ablation-CA main effect needs Monte Carlo samples"),
			r.err());
		List<String[]> rows = csv(out.resolve("evaluation.csv"));
		assertEquals(1 + 3 + 3, rows.size());
		assertEquals("ship_0001", rows.get(1)[0]);
		assertEquals("ablation-ca-main-effect,,,,,,,", String.join(",", rows.get(2)).substring("ship_0001,".length()),
			"the failed method's values are empty");
		assertTrue(rows.get(3)[2].matches("0\\.\\d{4}"), "LIME still ran: " + String.join(",", rows.get(3)));
		assertTrue(Files.isRegularFile(out.resolve("ship_0001_panel.png")));
		assertFalse(Files.exists(out.resolve("broken_panel.png")));
	}

	/** A folder INPUT is searched recursively and named as explain names it (path below the folder). */
	@Test
	void aFolderIsSearchedForImages(@TempDir Path dir) throws Exception {
		Path images = Files.createDirectories(dir.resolve("images").resolve("boats"));
		Files.copy(Path.of(cifar("ship_0000.jpg")), images.resolve("ship_0000.jpg"));
		Files.copy(Path.of(cifar("frog_0000.jpg")), dir.resolve("images").resolve("frog_0000.jpg"));
		Files.writeString(dir.resolve("images").resolve("notes.txt"), "not an image, not taken from a folder");
		Path out = dir.resolve("out");
		CliRun r = CliRun.of("evaluate", "--model", resNet(), "--value-range", "0..255", "--methods", "rise", "--rise-masks",
			"4", "--steps", "4", "--road-fractions", "0.5", "--out", out.toString(), dir.resolve("images").toString());
		assertEquals(0, r.exit(), r.err());
		List<String[]> rows = csv(out.resolve("evaluation.csv"));
		assertEquals(List.of("boats_ship_0000", "frog_0000", "mean"), rows.stream().skip(1).map(x -> x[0]).toList());
		assertTrue(Files.isRegularFile(out.resolve("boats_ship_0000_panel.png")));
	}

	/** A model without registered gradients: the gradient methods fail with the reason, RISE still runs. */
	@Test
	void gradientMethodsFailAloneOnAModelWithoutGradients(@TempDir Path dir) throws Exception {
		Path model = GradientTinyModels.export(dir.resolve("erfc"), GradientTinyModels.Variant.NO_GRADIENT);
		Path out = dir.resolve("out");
		CliRun r = CliRun.of("evaluate", "--model", model.toString(), "--value-range", "-1..1", "--methods",
			"saliency,rise,integrated-gradients", "--rise-masks", "4", "--steps", "4", "--out", out.toString(),
			cifar("deer_0000.jpg"));
		assertEquals(1, r.exit(), r.err());
		assertTrue(r.err().contains("Erfc"), r.err());
		List<String[]> rows = csv(out.resolve("evaluation.csv"));
		assertEquals(1 + 3 + 3, rows.size());
		assertEquals("saliency", rows.get(1)[1]);
		assertTrue(rows.get(1)[2].isEmpty() && rows.get(3)[2].isEmpty(), "gradient rows are empty");
		assertFalse(rows.get(2)[2].isEmpty(), "RISE ran");
		assertEquals("4", rows.get(2)[7]);
	}

	@Test
	void badCommandLinesAreRefusedBeforeAnyWork(@TempDir Path dir) {
		String model = resNet(), img = cifar("cat_0000.jpg"), out = dir.resolve("o").toString();
		CliRun r = CliRun.of("evaluate", "--model", model, "--methods", "rise,gradcam", "--out", out, img);
		assertEquals(2, r.exit());
		assertTrue(r.err().contains("Unknown method 'gradcam'"), r.err());
		r = CliRun.of("evaluate", "--model", model, img);
		assertEquals(2, r.exit());
		assertTrue(r.err().contains("--out"), r.err());
		r = CliRun.of("evaluate", "--model", model, "--road-fractions", "0.5,1.2", "--out", out, img);
		assertEquals(2, r.exit());
		assertTrue(r.err().contains("--road-fractions") && r.err().contains("1.2"), r.err());
		r = CliRun.of("evaluate", "--model", model, "--road-fractions", "0.1;0.2", "--out", out, img);
		assertEquals(2, r.exit());
		assertTrue(r.err().contains("numbers separated by commas"), r.err());
		r = CliRun.of("evaluate", "--model", model, "--rise-masks", "0", "--out", out, img);
		assertEquals(2, r.exit());
		assertTrue(r.err().contains("--rise-masks must be a whole number from 1 to 1000000, not '0'"), r.err());
		r = CliRun.of("evaluate", "--model", model, "--value-range", "0..255", "--target", "unicorn", "--out", out, img);
		assertEquals(2, r.exit());
		assertTrue(r.err().contains("unicorn"), r.err());
		assertFalse(Files.exists(dir.resolve("o").resolve("evaluation.csv")));
	}

	/** The help describes every option the parser knows (both come from one declaration) and the CSV columns. */
	@Test
	void helpDescribesEveryOption() {
		CliRun r = CliRun.of("evaluate", "--help");
		assertEquals(0, r.exit());
		List<String> names = EvaluateCommand.options(new EvaluateCommand.Arguments()).names();
		assertTrue(names.containsAll(List.of("--model", "--out", "--methods", "--masks", "--segments", "--samples",
			"--rise-masks", "--lime-samples", "--value-range", "--resize", "--batch-size", "--seed", "--target")),
			names.toString());
		for (String option : names)
			assertTrue(r.out().contains(option), option + " is missing from the help");
		assertTrue(r.out().contains(String.join(",", EvaluationRow.COLUMNS)), r.out());
		// every option with a value parses a plausible one
		for (String option : names)
			if (option.startsWith("--") && !option.equals("--help") && EvaluateCommand.options(
				new EvaluateCommand.Arguments()).takesValue(option))
				EvaluateCommand.parse(new String[] {option, value(option)});
	}

	static String value(String option) {
		switch (option) {
			case "--methods":
				return "rise";
			case "--value-range":
				return "0..255";
			case "--resize":
				return "stretch";
			case "--fill":
				return "blur";
			case "--target":
				return "cat";
			case "--score-scale":
				return "probability";
			case "--counts":
				return "10,20";
			case "--road-fractions":
				return "0.2,0.5";
			case "--sampling":
				return "antithetic";
			case "--measure":
				return "spearman";
			case "--heatmap":
				return "main-effect";
			case "--fill-color":
				return "1,2,3";
			case "--keep-probability":
			case "--keep-per-scale":
			case "--fdr":
				return "0.3";
			case "--fill-per-scale":
				return "constant";
			case "--heatmap-scales":
				return "0.5";
			case "--progress":
				return "lines";
			case "--output-kind":
				return "auto";
			case "--input-size":
				return "224";
			case "--engine":
				return "onnx";
			case "--input-layout":
				return "nhwc";
			case "--input":
			case "--output":
			case "--signature":
			case "--tags":
			case "--model":
			case "--labels":
			case "--out":
			case "--masks":
				return "x";
			default:
				return "3";
		}
	}
}
