package io.github.ablationca.cli;

import io.github.ablationca.run.Table;
import io.github.ablationca.results.ResultFolder;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.github.ablationca.demo.DemoAssets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded demo, run as a user runs it: {@code ablation-ca} without arguments. The oracle is the demo scene's
 * ground truth: the model says "house" only when a roof sits on a wall, so the top pair must join the roof and the
 * wall; the test checks that against the scene's masks itself, from the written files.
 */
class DemoCommandTest {

	@Test
	void withoutArgumentsTheDemoExplainsTheHouseAndFindsTheRoofWallPair(@TempDir Path tmp) throws Exception {
		Path out = tmp.resolve("demo");
		CliRun r;
		System.setProperty(DemoCommand.OUT_PROPERTY, out.toString());
		try {
			r = CliRun.of();
		}
		finally {
			System.clearProperty(DemoCommand.OUT_PROPERTY);
		}
		assertEquals(0, r.exit(), r.err());
		Path folder = out.resolve(DemoAssets.DEFAULT_IMAGE);
		assertTrue(ResultFolder.isComplete(folder), "a complete result folder");
		assertArrayEquals(DemoAssets.imagePng(DemoAssets.DEFAULT_IMAGE), Files.readAllBytes(out.resolve(
			DemoAssets.DEFAULT_IMAGE + ".png")), "the demo image beside it, as shipped");
		assertTrue(r.out().contains("Results: " + folder.toAbsolutePath().normalize()), r.out());
		JsonObject s = JsonParser.parseString(Files.readString(folder.resolve(ResultFolder.SUMMARY))).getAsJsonObject();
		assertEquals("house", s.get("target_label").getAsString());
		assertTrue(s.get("target_probability").getAsDouble() > 0.9);

		// The top pair, from pairs.csv, checked against the masks: one object mostly on the roof, one on the wall.
		Table pairs = Table.parseCsv(Files.readString(folder.resolve(ResultFolder.PAIRS)));
		int a = Integer.parseInt((String) pairs.get(0, "object_a")) - 1;
		int b = Integer.parseInt((String) pairs.get(0, "object_b")) - 1;
		assertTrue(Double.parseDouble((String) pairs.get(0, "correlation")) > 0,
			"roof and wall work together: positive correlation");
		DemoAssets.DemoImage demo = DemoAssets.image(DemoAssets.DEFAULT_IMAGE);
		int[] labels = labelsFromObjects(folder, demo);
		double roofA = fraction(labels, a, demo.roofMask()), wallA = fraction(labels, a, demo.wallMask());
		double roofB = fraction(labels, b, demo.roofMask()), wallB = fraction(labels, b, demo.wallMask());
		assertTrue(roofA > 0.5 && wallB > 0.5 || wallA > 0.5 && roofB > 0.5, "top pair " + (a + 1) + "-" + (b + 1) +
			": roof fractions " + roofA + ", " + roofB + "; wall fractions " + wallA + ", " + wallB);
		assertTrue(r.out().contains("This is the planted roof-wall pair"), r.out());
		Matcher m = Pattern.compile("Top correlated pair: objects (\\d+) and (\\d+)").matcher(r.out());
		assertTrue(m.find(), r.out());
		assertEquals(List.of(a + 1, b + 1), List.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
	}

	/** The 0-based object index of every pixel, from labels.tif (which holds ids = index + 1). */
	private static int[] labelsFromObjects(Path folder, DemoAssets.DemoImage demo) {
		ij.ImagePlus imp = ij.IJ.openImage(folder.resolve(ResultFolder.LABELS).toString());
		assertEquals(demo.image().width(), imp.getWidth());
		short[] ids = (short[]) imp.getProcessor().getPixels();
		int[] labels = new int[ids.length];
		for (int p = 0; p < ids.length; p++)
			labels[p] = (ids[p] & 0xffff) - 1;
		return labels;
	}

	private static double fraction(int[] labels, int object, boolean[] mask) {
		int in = 0, area = 0;
		for (int p = 0; p < labels.length; p++)
			if (labels[p] == object) {
				area++;
				if (mask[p]) in++;
			}
		return area == 0 ? 0 : (double) in / area;
	}

	@Test
	void helpAndBadOptions() {
		CliRun help = CliRun.of("demo", "--help");
		assertEquals(0, help.exit());
		CliHelp.assertDescribesEveryOption(help.out(), DemoCommand.options(new DemoCommand.Arguments()));
		CliRun image = CliRun.of("demo", "--image", "castle");
		assertEquals(2, image.exit());
		assertTrue(image.err().contains("--image takes house, house_2, no_house, not 'castle'"), image.err());
		CliRun operand = CliRun.of("demo", "photo.png");
		assertEquals(2, operand.exit());
		assertTrue(operand.err().contains("ablation-ca explain"), operand.err());
	}
}
