package io.github.ablationca.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The segment sweep on a tiny setting: ResNet-8, two CIFAR images, two counts. */
class SegmentSweepCommandTest {

	@Test
	void twoImagesAtTwoCountsGiveFourRowsAndThePlots(@TempDir Path dir) throws Exception {
		Path out = dir.resolve("sweep");
		ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
		int exit = SegmentSweepCommand.run(new String[] {"--model", EvaluateCommandTest.resNet(), "--value-range", "0..255",
			"--counts", "4,9", "--samples", "20", "--steps", "8", "--out", out.toString(),
			EvaluateCommandTest.cifar("ship_0000.jpg"), EvaluateCommandTest.cifar("frog_0000.jpg")},
			new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8));
		String err = e.toString(StandardCharsets.UTF_8);
		assertEquals(0, exit, err);
		List<String[]> rows = EvaluateCommandTest.csv(out.resolve("segment-sweep.csv"));
		assertEquals(SegmentSweepCommand.COLUMNS, List.of(rows.get(0)));
		assertEquals(5, rows.size());
		int k = 1;
		for (String image : List.of("ship_0000", "frog_0000"))
			for (int requested : new int[] {4, 9}) {
				String[] r = rows.get(k++);
				assertEquals(image, r[0]);
				assertEquals(requested, Integer.parseInt(r[1]));
				java.util.function.Function<String, String> cell = c -> r[SegmentSweepCommand.COLUMNS.indexOf(c)];
				int n = Integer.parseInt(cell.apply("objects")), samples = Integer.parseInt(cell.apply("samples"));
				assertTrue(n >= 2, String.join(",", r));
				// samples raised to 2 (n + 3) where that exceeds the 20 asked for
				assertEquals(Math.max(20, 2 * (n + 3)), samples);
				assertEquals(1 + n + samples, Long.parseLong(cell.apply("model_calls")),
					"unablated + one per object + samples");
				for (String c : List.of("deletion_auc", "insertion_auc", "main_effect_deletion_auc",
					"main_effect_insertion_auc")) {
					double auc = Double.parseDouble(cell.apply(c));
					assertTrue(auc >= 0 && auc <= 1, String.join(",", r));
				}
				if (n < 3) {
					assertEquals("", cell.apply("max_abs_correlation"), "no pairs with fewer than 3 objects");
					continue;
				}
				double maxAbs = Double.parseDouble(cell.apply("max_abs_correlation"));
				double top = Double.parseDouble(cell.apply("top_pair_correlation"));
				assertTrue(maxAbs >= Math.abs(top) - 1e-4, "the maximum is over all pairs, the top pair a listed one");
				assertTrue(maxAbs <= 1);
				double nullMax = Double.parseDouble(cell.apply("null_max_abs_correlation"));
				assertTrue(nullMax > 0 && nullMax <= 1, String.join(",", r));
				double nullSignificant = Double.parseDouble(cell.apply("null_significant_pairs"));
				assertTrue(nullSignificant >= 0 && nullSignificant <= n * (n - 1) / 2.0);
				String[] pair = cell.apply("top_pair").split("-");
				assertTrue(Integer.parseInt(pair[0]) >= 1 && Integer.parseInt(pair[1]) <= n, cell.apply("top_pair"));
				int significant = Integer.parseInt(cell.apply("significant_pairs"));
				assertTrue(significant >= 0 && significant <= n * (n - 1) / 2);
			}
		BufferedImage grid = ImageIO.read(out.resolve("segment-sweep.png").toFile());
		assertEquals(5 * 400, grid.getWidth(), "five plots of 400 pixels in a row");
		assertEquals(2 * 280, grid.getHeight(), "ten plots in two rows");
		for (String column : List.of("objects", "max_abs_correlation", "excess_max_abs_correlation",
			"null_significant_pairs", "deletion_auc", "insertion_auc", "seconds"))
			assertTrue(Files.isRegularFile(out.resolve("sweep_" + column + ".png")), column);
	}

	/** The help describes every option the parser knows and the CSV columns; each option parses a plausible value. */
	@Test
	void helpDescribesEveryOption() {
		ByteArrayOutputStream o = new ByteArrayOutputStream();
		assertEquals(0, SegmentSweepCommand.run(new String[] {"--help"}, new PrintStream(o, true, StandardCharsets.UTF_8),
			System.err));
		String help = o.toString(StandardCharsets.UTF_8);
		Options p = SegmentSweepCommand.options(new SegmentSweepCommand.Arguments());
		assertTrue(p.names().containsAll(List.of("--model", "--out", "--counts", "--samples", "--value-range")));
		CliHelp.assertDescribesEveryOption(help, p);
		for (String option : p.names())
			if (option.startsWith("--") && !option.equals("--help") && p.takesValue(option))
				SegmentSweepCommand.parse(new String[] {option, EvaluateCommandTest.value(option)});
		for (String column : SegmentSweepCommand.COLUMNS)
			assertTrue(help.contains(column), "--help names the column " + column);
	}

	@Test
	void badCountsAreRefused() {
		UsageException e = assertThrows(UsageException.class, () -> SegmentSweepCommand.parse(new String[] {"--counts",
			"20,10"}));
		assertTrue(e.getMessage().contains("ascend"), e.getMessage());
		e = assertThrows(UsageException.class, () -> SegmentSweepCommand.parse(new String[] {"--counts", "1,10"}));
		assertTrue(e.getMessage().contains("from 2 to 10000"), e.getMessage());
		CliRun r = CliRun.of("segment-sweep", "--counts", "1,10");
		assertEquals(2, r.exit(), "the subcommand of ablation-ca");
		assertTrue(r.err().contains("--counts must be a whole number from 2 to 10000"), r.err());
	}
}
