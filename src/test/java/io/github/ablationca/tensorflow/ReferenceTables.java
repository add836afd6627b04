package io.github.ablationca.tensorflow;

import io.github.ablationca.TestData;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reference predictions, parsed from the tables in {@code ../shared/data/README.md} (the oracle): nothing is
 * copied into the test source.
 */
final class ReferenceTables {
	private ReferenceTables() {}

	/** One row of an ImageNet table: image name, reference top-3 output indices and their probabilities. */
	record ImageNetRow(String image, int[] top3, double[] probabilities) {}

	/** One row of the CIFAR-10 table: file, true class, predicted class label, its probability. */
	record CifarRow(String file, String trueClass, String predicted, double probability) {}

	private static final Pattern INDEX = Pattern.compile("^(\\d+):");
	/** The probability of a 2nd or 3rd class, written after its label: {@code 286: Egyptian cat (0.255)}. */
	private static final Pattern PROBABILITY = Pattern.compile("\\((\\d+\\.\\d+)\\)$");

	static List<ImageNetRow> imageNet(String modelFolder) {
		List<ImageNetRow> rows = new ArrayList<>();
		for (String[] cells : table(modelFolder)) {
			if (cells.length != 5) continue;
			Matcher m1 = INDEX.matcher(cells[1]), m2 = INDEX.matcher(cells[3]), m3 = INDEX.matcher(cells[4]);
			Matcher p2 = PROBABILITY.matcher(cells[3]), p3 = PROBABILITY.matcher(cells[4]);
			if (m1.find() && m2.find() && m3.find() && p2.find() && p3.find())
				rows.add(new ImageNetRow(cells[0], new int[] {Integer.parseInt(m1.group(1)),
					Integer.parseInt(m2.group(1)), Integer.parseInt(m3.group(1))}, new double[] {Double.parseDouble(
						cells[2]), Double.parseDouble(p2.group(1)), Double.parseDouble(p3.group(1))}));
		}
		if (rows.isEmpty()) throw new IllegalStateException("No ImageNet reference rows for " + modelFolder + " in README");
		return rows;
	}

	static List<CifarRow> cifar(String modelFolder) {
		List<CifarRow> rows = new ArrayList<>();
		for (String[] cells : table(modelFolder))
			if (cells.length == 4 && cells[0].endsWith(".jpg"))
				rows.add(new CifarRow(cells[0], cells[1], cells[2].replace("(wrong)", "").strip(), Double.parseDouble(
					cells[3])));
		if (rows.isEmpty()) throw new IllegalStateException("No CIFAR reference rows for " + modelFolder + " in README");
		return rows;
	}

	/** Table rows (cells trimmed) of the README section {@code ## `models/<modelFolder>/`}. */
	private static List<String[]> table(String modelFolder) {
		Path readme = TestData.dir().resolve("README.md");
		List<String> lines;
		try {
			lines = Files.readAllLines(readme, StandardCharsets.UTF_8);
		}
		catch (IOException e) {
			throw new IllegalStateException("Cannot read " + readme, e);
		}
		List<String[]> rows = new ArrayList<>();
		boolean inSection = false;
		for (String line : lines) {
			if (line.startsWith("## ")) inSection = line.startsWith("## `models/" + modelFolder + "/`");
			else if (inSection && line.startsWith("|") && !line.startsWith("|---")) {
				String[] cells = line.substring(1, line.lastIndexOf('|')).split("\\|");
				for (int i = 0; i < cells.length; i++)
					cells[i] = cells[i].strip();
				rows.add(cells);
			}
		}
		return rows;
	}

	/** The image file {@code images/imagenet/<name>.png|.jpg}. */
	static Path imageNetFile(String name) {
		for (String ext : new String[] {".png", ".jpg", ".jpeg"}) {
			Path p = TestData.image("imagenet").resolve(name + ext);
			if (Files.isRegularFile(p)) return p;
		}
		throw new IllegalStateException("Reference image " + name + " not found in " + TestData.image("imagenet"));
	}
}
