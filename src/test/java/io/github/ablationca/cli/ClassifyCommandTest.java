package io.github.ablationca.cli;

import io.github.ablationca.imagej.ImagePlusConversion;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ShortProcessor;
import io.github.ablationca.TestData;
import io.github.ablationca.image.RgbImage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The classify subcommand end to end on ResNet-8 (fast), and the ImageJ-side image reading. */
class ClassifyCommandTest {

	private static String resNet() {
		return TestData.model("resnet8_cifar10").toString();
	}

	private static String cifar(String name) {
		return TestData.image("cifar10").resolve(name).toString();
	}

	@Test
	void printsTopKLinesPerImageAsImageRankIndexLabelProbability() throws Exception {
		// the README lists these three with probability >= 0.998, so the top-1 is certain
		String[] files = {cifar("ship_0000.jpg"), cifar("truck_0000.jpg"), cifar("horse_0000.jpg")};
		String[] expected = {"ship", "truck", "horse"};
		CliRun r = CliRun.of("classify", "--model", resNet(), "--value-range", "0..255", "--top", "3", files[0], files[1],
			files[2]);
		assertEquals(0, r.exit(), r.err());
		List<String> labels = Files.readAllLines(TestData.model("resnet8_cifar10").resolve("labels.txt"));
		List<String[]> rows = r.rows();
		assertEquals(9, rows.size(), r.out());
		for (int i = 0; i < 9; i++) {
			String[] row = rows.get(i);
			assertEquals(5, row.length, Arrays.toString(row));
			assertEquals(files[i / 3], row[0]);
			assertEquals(Integer.toString(i % 3 + 1), row[1]);
			assertEquals(labels.get(Integer.parseInt(row[2])), row[3]);
			float p = Float.parseFloat(row[4]);
			assertTrue(p >= 0 && p <= 1, row[4]);
			if (i % 3 > 0) assertTrue(p <= Float.parseFloat(rows.get(i - 1)[4]), "ranks are ordered");
		}
		for (int k = 0; k < 3; k++) {
			assertEquals(expected[k], rows.get(3 * k)[3]);
			assertTrue(Float.parseFloat(rows.get(3 * k)[4]) > 0.99f);
		}
	}

	@Test
	void batchSizeDoesNotChangeTheOutput() {
		String[] images = new String[] {cifar("cat_0000.jpg"), cifar("dog_0001.jpg"), cifar("frog_0002.jpg")};
		CliRun one = CliRun.of(concat(new String[] {"classify", "--model", resNet(), "--value-range", "0..255",
			"--batch-size", "1"}, images));
		CliRun two = CliRun.of(concat(new String[] {"classify", "--model", resNet(), "--value-range", "0..255",
			"--batch-size", "2"}, images));
		assertEquals(0, one.exit(), one.err());
		assertEquals(one.out(), two.out());
	}

	@Test
	void eachSliceOfAStackIsClassified(@TempDir Path tmp) {
		ImagePlus a = IJ.openImage(cifar("ship_0000.jpg")), b = IJ.openImage(cifar("truck_0000.jpg"));
		ImageStack stack = new ImageStack(32, 32);
		stack.addSlice(a.getProcessor());
		stack.addSlice(b.getProcessor());
		Path tif = tmp.resolve("two.tif");
		IJ.saveAsTiff(new ImagePlus("two", stack), tif.toString());
		CliRun r = CliRun.of("classify", "--model", resNet(), "--value-range", "0..255", "--top", "1", "--header",
			tif.toString());
		assertEquals(0, r.exit(), r.err());
		List<String[]> rows = r.rows();
		assertEquals(List.of("image", "rank", "index", "label", "probability"), Arrays.asList(rows.get(0)));
		assertEquals(tif + "#1", rows.get(1)[0]);
		assertEquals("ship", rows.get(1)[3]);
		assertEquals(tif + "#2", rows.get(2)[0]);
		assertEquals("truck", rows.get(2)[3]);
	}

	@Test
	void badImagesAreReportedAndTheOthersStillClassified(@TempDir Path tmp) throws Exception {
		Path empty = Files.createFile(tmp.resolve("empty.png"));
		Path text = Files.writeString(tmp.resolve("notes.png"), "not an image");
		Path missing = tmp.resolve("missing.jpg");
		CliRun r = CliRun.of("classify", "--model", resNet(), "--value-range", "0..255", "--top", "1", empty.toString(),
			cifar("ship_0000.jpg"), text.toString(), missing.toString());
		assertEquals(1, r.exit());
		assertEquals(1, r.rows().size(), r.out());
		assertEquals("ship", r.rows().get(0)[3]);
		assertTrue(r.err().contains(empty + " is empty (0 bytes)"), r.err());
		assertTrue(r.err().contains(text + ": it is a text file, not an image"), r.err());
		assertTrue(r.err().contains(missing + " does not exist"), r.err());
		assertTrue(r.err().contains("3 images or slices could not be classified"), r.err());
	}

	@Test
	void badCommandLinesAndModelsGiveClearMessagesAndNonZeroExit(@TempDir Path tmp) {
		CliRun noModel = CliRun.of("classify", cifar("ship_0000.jpg"));
		assertEquals(2, noModel.exit());
		assertTrue(noModel.err().contains("--model MODEL is required"), noModel.err());
		CliRun noImages = CliRun.of("classify", "--model", resNet());
		assertEquals(2, noImages.exit());
		assertTrue(noImages.err().contains("No images given"), noImages.err());
		CliRun unknown = CliRun.of("classify", "--model", resNet(), "--colour", "red", cifar("ship_0000.jpg"));
		assertEquals(2, unknown.exit());
		assertTrue(unknown.err().contains("Unknown option '--colour'"), unknown.err());
		CliRun badRange = CliRun.of("classify", "--model", resNet(), "--value-range", "0..1000", cifar("ship_0000.jpg"));
		assertEquals(2, badRange.exit());
		assertTrue(badRange.err().contains("--value-range: Unknown value range '0..1000'"), badRange.err());
		CliRun badTop = CliRun.of("classify", "--model", resNet(), "--top", "0", cifar("ship_0000.jpg"));
		assertEquals(2, badTop.exit());
		assertTrue(badTop.err().contains("--top must be a whole number from 1 to 100000, not '0'"), badTop.err());
		Path nowhere = tmp.resolve("no-model");
		CliRun missingModel = CliRun.of("classify", "--model", nowhere.toString(), cifar("ship_0000.jpg"));
		assertEquals(1, missingModel.exit());
		assertTrue(missingModel.err().contains("Model " + nowhere + " does not exist"), missingModel.err());
		assertEquals("", missingModel.out());
	}

	@Test
	void helpDescribesEveryOption() {
		CliRun r = CliRun.of("classify", "--help");
		assertEquals(0, r.exit());
		Options options = ClassifyCommand.options(new ClassifyCommand.Arguments());
		assertTrue(options.names().containsAll(List.of("--model", "--labels", "--top", "--value-range", "--resize",
			"--round-to-8bit", "--batch-size", "--input", "--output", "--output-kind", "--label-offset", "--input-size",
			"--signature", "--tags", "--header", "--verbose", "--help")), options.names().toString());
		CliHelp.assertDescribesEveryOption(r.out(), options);
		for (String value : new String[] {"-1..1", "centered-128", "0..1", "0..255", "imagenet", "stretch",
			"center-crop", "logits", "probabilities", "ablation-ca.properties"})
			assertTrue(r.out().contains(value), "--help should mention " + value);
		// every option the help names is accepted by the parser
		ClassifyCommand.Arguments a = ClassifyCommand.parse(new String[] {"--model", "m", "--labels", "l", "--top",
			"2", "--value-range", "0..1", "--resize", "center-crop", "--round-to-8bit", "--batch-size", "3", "--input",
			"i", "--output", "o", "--output-kind", "logits", "--label-offset", "-1", "--input-size", "64x48",
			"--signature", "s", "--tags", "serve,gpu", "--header", "--verbose", "img.png"});
		assertEquals(2, a.top);
		assertEquals(-1, a.settings.modelOptions.labelOffset);
		assertEquals(64, a.settings.modelOptions.inputWidth);
		assertEquals(48, a.settings.modelOptions.inputHeight);
		assertEquals(List.of("img.png"), a.images);
	}

	@Test
	void imagePlusSlicesBecomeRgbByTheDocumentedRule() {
		ImagePlus rgb = IJ.createImage("rgb", "RGB black", 2, 1, 1);
		((int[]) rgb.getProcessor().getPixels())[1] = 0x00102030;
		RgbImage c = ImagePlusConversion.rgb(rgb, 1);
		assertEquals(0x10, (int) c.get(1, 0, 0));
		assertEquals(0x20, (int) c.get(1, 0, 1));
		assertEquals(0x30, (int) c.get(1, 0, 2));
		// 16-bit: the display range maps to 0..255, clamped
		ShortProcessor sp = new ShortProcessor(4, 1, new short[] {0, 1000, 2000, 3000}, null);
		ImagePlus grey16 = new ImagePlus("g16", sp);
		grey16.setDisplayRange(0, 2000);
		RgbImage g = ImagePlusConversion.rgb(grey16, 1);
		assertEquals(0f, g.get(0, 0, 0), 1e-4f);
		assertEquals(127.5f, g.get(1, 0, 1), 1e-4f);
		assertEquals(255f, g.get(2, 0, 2), 1e-4f);
		assertEquals(255f, g.get(3, 0, 0), 1e-4f);
		// 8-bit grey: copied unscaled to R, G and B
		ImagePlus grey8 = IJ.createImage("g8", "8-bit black", 1, 1, 1);
		grey8.getProcessor().set(0, 0, 77);
		RgbImage g8 = ImagePlusConversion.rgb(grey8, 1);
		assertEquals(List.of(77f, 77f, 77f), List.of(g8.get(0, 0, 0), g8.get(0, 0, 1), g8.get(0, 0, 2)));
		assertEquals(List.of(0, 1000, 2000, 3000), List.of(sp.get(0), sp.get(1), sp.get(2), sp.get(3)),
			"the ImagePlus is not modified");
	}

	private static String[] concat(String[] a, String[] b) {
		String[] out = Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, out, a.length, b.length);
		return out;
	}
}
