package io.github.ablationca.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ablationca.CsvRows;
import io.github.ablationca.TestData;
import io.github.ablationca.results.ResultFolder;
import io.github.ablationca.run.Json;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One {@code --model} for every engine: the command line takes the ResNet-8 of the shared data as SavedModel folder,
 * ONNX file or TorchScript folder, recognises the engine, says what it had to assume, records what it used, and
 * runs the methods each engine supports.
 */
class EnginesCommandLineTest {

	private static String cifar(String name) {
		return TestData.image("cifar10").resolve(name).toString();
	}

	private static final String ONNX = TestData.model("resnet8_cifar10_onnx").resolve("model.onnx").toString();
	private static final String TORCHSCRIPT = TestData.model("resnet8_cifar10_torchscript").toString();

	@Test
	void classifyGivesTheSameTopClassesThroughEveryEngine() {
		String[] images = {cifar("ship_0000.jpg"), cifar("truck_0001.jpg"), cifar("frog_0002.jpg")};
		List<List<String>> answers = new ArrayList<>();
		for (String model : List.of(TestData.model("resnet8_cifar10").toString(), ONNX, TORCHSCRIPT)) {
			List<String> args = new ArrayList<>(List.of("classify", "--model", model, "--value-range", "0..255",
				"--input-size", "32", "--top", "2"));
			args.addAll(List.of(images));
			CliRun r = CliRun.of(args.toArray(new String[0]));
			assertEquals(0, r.exit(), r.err());
			answers.add(r.rows().stream().map(row -> row[0] + " " + row[1] + " " + row[3]).toList());
			assertFalse(r.err().contains("Note:"), "nothing was assumed: " + r.err());
		}
		assertEquals(6, answers.get(0).size());
		assertEquals(answers.get(0), answers.get(1), "ONNX");
		assertEquals(answers.get(0), answers.get(2), "TorchScript");
		assertTrue(answers.get(0).get(4).endsWith(" 1 deer"), "frog_0002 is a deer to ResNet-8 (README)");
	}

	@Test
	void whatWasAssumedIsNotedAndVerboseSaysWhatWasLoaded() {
		CliRun r = CliRun.of("classify", "--model", TORCHSCRIPT, "--verbose", "--top", "1", cifar("ship_0000.jpg"));
		assertEquals(0, r.exit(), r.err());
		assertTrue(r.err().contains("Note: the value range of this model is not set; assuming -1..1"), r.err());
		assertTrue(r.err().contains("Note: TorchScript files do not record the input size, and none was set; " +
			"assuming 224 x 224 NCHW. Set it with --input-size and --input-layout"), r.err());
		assertTrue(r.err().contains("model: " + TORCHSCRIPT + "/model.pt (TorchScript model, libtorch 2.7.1"), r.err());
	}

	@Test
	void anEngineThatDoesNotFitTheFileIsRefused() {
		CliRun r = CliRun.of("classify", "--model", ONNX, "--engine", "pytorch", cifar("ship_0000.jpg"));
		assertEquals(1, r.exit());
		assertTrue(r.err().contains("model.onnx is an ONNX model, but engine pytorch was asked for (a TorchScript " +
			"model)"), r.err());
		r = CliRun.of("classify", "--model", ONNX, "--engine", "keras", cifar("ship_0000.jpg"));
		assertEquals(2, r.exit());
		assertTrue(r.err().contains("--engine must be one of tensorflow, onnx, pytorch, not 'keras'"),
			r.err());
	}

	@Test
	void explainRecordsTheEngineAndInputItUsed(@TempDir Path dir) throws Exception {
		Path out = dir.resolve("out");
		CliRun r = CliRun.of("explain", "--model", TORCHSCRIPT, "--value-range", "0..255", "--input-size", "32",
			"--segments", "8", "--samples", "24", "--progress", "off", "--out", out.toString(), cifar("cat_0000.jpg"));
		assertEquals(0, r.exit(), r.err());
		Map<String, Object> summary = Json.parseObject(Files.readString(out.resolve("cat_0000").resolve(
			ResultFolder.SUMMARY)));
		assertEquals("pytorch", summary.get("engine"));
		assertEquals("nchw", summary.get("input_layout"));
		assertEquals("32", summary.get("input_size"));
		// the same run again is recognised as complete, the engine being part of the recorded settings
		r = CliRun.of("explain", "--model", TORCHSCRIPT, "--value-range", "0..255", "--input-size", "32",
			"--segments", "8", "--samples", "24", "--progress", "lines", "--out", out.toString(), cifar("cat_0000.jpg"));
		assertEquals(0, r.exit(), r.err());
		assertTrue(r.err().contains("skipped") && !r.err().contains("other settings"), r.err());
	}

	@Test
	void evaluateOnAnOnnxModelReportsTheGradientMethodsAndRunsTheOthers(@TempDir Path dir) throws Exception {
		Path out = dir.resolve("out");
		CliRun r = CliRun.of("evaluate", "--model", ONNX, "--value-range", "0..255", "--methods",
			"saliency,rise,integrated-gradients", "--rise-masks", "4", "--steps", "4", "--out", out.toString(),
			cifar("deer_0000.jpg"));
		assertEquals(1, r.exit(), r.err());
		assertTrue(r.err().contains("No input gradients for this model: ONNX Runtime runs models forward only"),
			r.err());
		List<List<String>> rows = CsvRows.read(out.resolve("evaluation.csv"));
		assertEquals(List.of("saliency", "rise", "integrated-gradients"), rows.subList(1, 4).stream().map(x -> x.get(1))
			.toList());
		assertTrue(rows.get(1).get(2).isEmpty() && rows.get(3).get(2).isEmpty(), "gradient rows are empty");
		assertFalse(rows.get(2).get(2).isEmpty(), "RISE ran");
	}

	@Test
	void gradientMethodsRunOnTorchScript(@TempDir Path dir) throws Exception {
		Path out = dir.resolve("out");
		CliRun r = CliRun.of("evaluate", "--model", TORCHSCRIPT, "--value-range", "0..255", "--input-size", "32",
			"--methods", "saliency,integrated-gradients", "--ig-steps", "4", "--steps", "4", "--out", out.toString(),
			cifar("deer_0000.jpg"));
		assertEquals(0, r.exit(), r.err());
		List<List<String>> rows = CsvRows.read(out.resolve("evaluation.csv"));
		assertFalse(rows.get(1).get(2).isEmpty() || rows.get(2).get(2).isEmpty(), "both gradient methods ran");
	}

	@Test
	void aFileThatIsNoModelIsRefusedWithWhatWorks(@TempDir Path dir) throws Exception {
		Path notes = Files.writeString(dir.resolve("model.bin"), "weights? no, notes");
		CliRun r = CliRun.of("classify", "--model", notes.toString(), cifar("ship_0000.jpg"));
		assertEquals(1, r.exit());
		assertTrue(r.err().contains("Error: Model file " + notes + " is not a model file, neither a TensorFlow " +
			"SavedModel nor an ONNX or TorchScript model"), r.err());
		assertEquals("", r.out());
	}
}
