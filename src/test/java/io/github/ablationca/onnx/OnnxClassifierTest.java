package io.github.ablationca.onnx;

import static io.github.ablationca.Messages.assertMentions;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ablationca.TestData;
import io.github.ablationca.classifier.GradientUnavailableException;
import io.github.ablationca.classifier.InputLayout;
import io.github.ablationca.classifier.ModelClassifier;
import io.github.ablationca.classifier.ModelEngine;
import io.github.ablationca.classifier.ModelLoadException;
import io.github.ablationca.classifier.ModelOptions;
import io.github.ablationca.classifier.OutputKind;
import io.github.ablationca.classifier.Softmax;
import io.github.ablationca.classifier.ValueRange;
import io.github.ablationca.run.ModelLoader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ONNX adapter on tiny hand-built ONNX graphs whose answer is known: the logits are the mean of each colour
 * channel, so every probability can be computed by hand, in either layout, at any size, through any batch split.
 */
class OnnxClassifierTest {

	/** {@code count} images of 8-bit values, image {@code n} channel {@code c} uniform at {@code 10 + 40 n + 70 c}. */
	static float[] images(int count, int w, int h) {
		float[] out = new float[count * w * h * 3];
		for (int i = 0; i < out.length; i++) {
			int n = i / (w * h * 3), c = i % 3;
			out[i] = (10 + 40 * n + 70 * c) % 256;
		}
		return out;
	}

	/** The channel-mean model's probabilities for those images under {@code range}. */
	static float[] expected(int n, ValueRange range) {
		float[] logits = new float[3];
		for (int c = 0; c < 3; c++)
			logits[c] = range.apply((10 + 40 * n + 70 * c) % 256, c);
		return Softmax.of(logits);
	}

	private static ModelOptions options(ValueRange range) {
		ModelOptions o = new ModelOptions();
		o.valueRange = range;
		return o;
	}

	@Test
	void channelMeansAreFedRightInBothLayoutsAndEveryBatchSplit(@TempDir Path dir) {
		for (String layout : List.of("NCHW", "NHWC")) {
			Path file = OnnxModels.channelMeans(dir.resolve(layout + ".onnx"), layout, 6, 5);
			ModelOptions o = options(ValueRange.IMAGENET);
			o.batchSize = 3;
			try (ModelClassifier c = ModelLoader.load(file, o)) {
				assertEquals(ModelEngine.ONNX, c.engine());
				assertEquals(InputLayout.valueOf(layout), c.inputLayout());
				assertEquals(5, c.inputWidth());
				assertEquals(6, c.inputHeight());
				assertEquals(OutputKind.LOGITS, c.outputKind());
				assertEquals(List.of("class 0", "class 1", "class 2"), c.labels());
				float[][] p = c.predict(images(7, 5, 6), 7);
				for (int n = 0; n < 7; n++)
					for (int k = 0; k < 3; k++)
						assertEquals(expected(n, ValueRange.IMAGENET)[k], p[n][k], 1e-6, layout + " image " + n);
			}
		}
	}

	@Test
	void modelThreadsReachTheSessionAndLeaveTheProbabilitiesAlone() throws Exception {
		Path file = TestData.model("resnet8_cifar10_onnx").resolve("model.onnx");
		float[] images = new float[6 * 32 * 32 * 3];
		java.util.Random random = new java.util.Random(3);
		for (int i = 0; i < images.length; i++)
			images[i] = random.nextInt(256);
		float[][] expected;
		try (ModelClassifier c = ModelLoader.load(file, options(ValueRange.ZERO_TO_255))) {
			assertEquals(0, c.modelThreads());
			expected = c.predict(images, 6);
		}
		for (int threads : new int[] {1, 2}) {
			ModelOptions o = options(ValueRange.ZERO_TO_255);
			o.modelThreads = threads;
			try (ModelClassifier c = ModelLoader.load(file, o)) {
				assertEquals(threads, c.modelThreads());
				assertTrue(c.describe().contains("model_threads = " + threads + " (options)"), c.describe());
				float[][] p = c.predict(images, 6);
				for (int n = 0; n < 6; n++)
					assertArrayEquals(expected[n], p[n], 1e-6f, threads + " threads, image " + n);
			}
		}
	}

	@Test
	void dynamicSizesAreFedAtTheInputSize(@TempDir Path dir) {
		Path file = OnnxModels.channelMeans(dir.resolve("any.onnx"), "NCHW", -1, -1);
		ModelOptions o = options(ValueRange.ZERO_TO_ONE);
		o.inputWidth = 12;
		o.inputHeight = 10;
		try (ModelClassifier c = ModelLoader.load(file, o)) {
			assertEquals(12, c.inputWidth());
			assertEquals(10, c.inputHeight());
			assertEquals(expected(1, ValueRange.ZERO_TO_ONE)[2], c.predict(images(2, 12, 10), 2)[1][2], 1e-6);
		}
		try (ModelClassifier c = ModelLoader.load(file, options(ValueRange.ZERO_TO_ONE))) {
			assertEquals(224, c.inputWidth());
			assertTrue(c.describe().contains("input_width = 224 (default)"), c.describe());
		}
	}

	@Test
	void aFixedSizeOrLayoutIsNotOverridden(@TempDir Path dir) {
		Path file = OnnxModels.channelMeans(dir.resolve("fixed.onnx"), "NCHW", 8, 8);
		ModelOptions o = options(ValueRange.ZERO_TO_ONE);
		o.inputWidth = o.inputHeight = 16;
		assertMentions(assertThrows(ModelLoadException.class, () -> ModelLoader.load(file, o)), "fixed width of 8",
			"--input-size");
		ModelOptions nhwc = options(ValueRange.ZERO_TO_ONE);
		nhwc.inputLayout = InputLayout.NHWC;
		assertMentions(assertThrows(ModelLoadException.class, () -> ModelLoader.load(file, nhwc)), "is not NHWC",
			"it is NCHW");
	}

	@Test
	void ofALogitsAndProbabilitiesPairTheProbabilitiesAreReadOnce(@TempDir Path dir) {
		Path file = OnnxModels.logitsAndProbabilities(dir.resolve("pair.onnx"));
		try (ModelClassifier c = ModelLoader.load(file, options(ValueRange.ZERO_TO_255))) {
			assertEquals(OutputKind.PROBABILITIES, c.outputKind());
			assertEquals("probs", ((OnnxClassifier) c).outputName());
			float[][] p = c.predict(images(1, 8, 8), 1);
			for (int k = 0; k < 3; k++)
				assertEquals(expected(0, ValueRange.ZERO_TO_255)[k], p[0][k], 1e-6, "softmax applied once");
		}
		ModelOptions o = options(ValueRange.ZERO_TO_255);
		o.output = "logits";
		try (ModelClassifier c = ModelLoader.load(file, o)) {
			assertEquals(OutputKind.LOGITS, c.outputKind());
			assertEquals(expected(0, ValueRange.ZERO_TO_255)[1], c.predict(images(1, 8, 8), 1)[0][1], 1e-6);
		}
		o.output = "scores";
		assertMentions(assertThrows(ModelLoadException.class, () -> ModelLoader.load(file, o)), "no output 'scores'",
			"'logits'", "'probs'");
	}

	@Test
	void theFolderSideFilesAreRead(@TempDir Path dir) throws Exception {
		OnnxModels.channelMeans(dir.resolve("model.onnx"), "NCHW", 8, 8);
		Files.writeString(dir.resolve("labels.txt"), "red\ngreen\nblue\n");
		Files.writeString(dir.resolve("ablation-ca.properties"), "value_range = 0..1\n");
		try (ModelClassifier c = ModelLoader.load(dir, null)) {
			assertEquals(List.of("red", "green", "blue"), c.labels());
			assertEquals(ValueRange.ZERO_TO_ONE, c.valueRange());
			assertTrue(c.describe().contains("value_range = 0..1 (ablation-ca.properties)"), c.describe());
		}
		Files.writeString(dir.resolve("labels.txt"), "red\ngreen\nblue\ncyan\nmagenta\n");
		assertMentions(assertThrows(ModelLoadException.class, () -> ModelLoader.load(dir.resolve("model.onnx"), null)),
			"5 lines", "3 outputs");
	}

	@Test
	void aModelWithTwoImageInputsIsRefused(@TempDir Path dir) {
		Path file = OnnxModels.twoImageInputs(dir.resolve("pair-of-images.onnx"));
		ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelLoader.load(file, null));
		assertMentions(e, file.toString(), "2 inputs, 2 of them images", "'left' (float [-1,3,8,8])", "'right'",
			"one input, the image", "only input");
	}

	@Test
	void aModelWhoseOutputIsNotClassScoresIsRefused(@TempDir Path dir) {
		Path file = OnnxModels.imageOut(dir.resolve("segmenter.onnx"));
		ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelLoader.load(file, null));
		assertMentions(e, file.toString(), "no output of class scores", "[batch, classes]", "'map' (float [-1,3,8,8])",
			"classification head");
		ModelOptions o = new ModelOptions();
		o.output = "map"; // named: refused when it runs, with the shape it gave
		e = assertThrows(ModelLoadException.class, () -> ModelLoader.load(file, o));
		assertMentions(e, "shape [2,3,8,8] for 2 images", "not one score per class", "[batch, classes]");
	}

	@Test
	void aFileThatOnnxRuntimeCannotReadIsRefused(@TempDir Path dir) throws Exception {
		byte[] bytes = Files.readAllBytes(OnnxModels.channelMeans(dir.resolve("whole.onnx"), "NCHW", 8, 8));
		Path cut = Files.write(dir.resolve("cut.onnx"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
		assertMentions(assertThrows(ModelLoadException.class, () -> ModelLoader.load(cut, null)), cut.toString(),
			"is not an ONNX model that ONNX Runtime 1.22.0 can load", "export the model again");
	}

	@Test
	void gradientsAreReportedUnavailable(@TempDir Path dir) {
		Path file = OnnxModels.channelMeans(dir.resolve("model.onnx"), "NCHW", 8, 8);
		try (ModelClassifier c = ModelLoader.load(file, null)) {
			GradientUnavailableException e = assertThrows(GradientUnavailableException.class,
				() -> ModelLoader.gradients(c));
			assertMentions(e, "ONNX Runtime", "no input gradients", "saliency and integrated-gradients", file.toString(),
				"occlusion", "TorchScript");
		}
	}
}
