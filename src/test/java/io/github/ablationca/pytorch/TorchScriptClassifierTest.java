package io.github.ablationca.pytorch;

import static io.github.ablationca.Messages.assertMentions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ablationca.TestData;
import io.github.ablationca.classifier.GradientModel;
import io.github.ablationca.classifier.InputLayout;
import io.github.ablationca.classifier.ModelClassifier;
import io.github.ablationca.classifier.ModelEngine;
import io.github.ablationca.classifier.ModelLoadException;
import io.github.ablationca.classifier.ModelOptions;
import io.github.ablationca.classifier.OutputKind;
import io.github.ablationca.classifier.Softmax;
import io.github.ablationca.classifier.ValueRange;
import io.github.ablationca.run.ModelLoader;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TorchScript adapter on tiny TorchScript archives whose answer is known (logits = the mean of each colour
 * channel), its gradients against the hand-derived gradient of that model, and the files and settings it refuses.
 */
class TorchScriptClassifierTest {

	/** {@code count} images, pixel {@code i} channel {@code c} of image {@code n} at a value that varies with all. */
	static float[] images(int count, int w, int h) {
		float[] out = new float[count * w * h * 3];
		for (int i = 0; i < out.length; i++)
			out[i] = (i * 37 + i / 3 * 11) % 256;
		return out;
	}

	/** Softmax of the channel means, computed by hand in model space. */
	static float[] expected(float[] images, int n, int w, int h, ValueRange range) {
		float[] logits = new float[3];
		int size = w * h * 3;
		for (int c = 0; c < 3; c++) {
			double sum = 0;
			for (int p = 0; p < w * h; p++)
				sum += range.apply(images[n * size + 3 * p + c], c);
			logits[c] = (float) (sum / (w * h));
		}
		return Softmax.of(logits);
	}

	private static ModelOptions options(int w, int h, ValueRange range, InputLayout layout) {
		ModelOptions o = new ModelOptions();
		o.inputWidth = w;
		o.inputHeight = h;
		o.valueRange = range;
		o.inputLayout = layout;
		return o;
	}

	/**
	 * libtorch keeps its intra-op thread count per calling thread: after a model call it is the model's
	 * {@code model_threads} on that thread (0: libtorch's default, the machine's cores), whatever another model set.
	 */
	@Test
	void modelThreadsAreLibtorchsThreadsForEveryCallAndLeaveTheProbabilitiesAlone() {
		Path file = TestData.model("resnet8_cifar10_torchscript");
		float[] images = new float[4 * 32 * 32 * 3];
		java.util.Random random = new java.util.Random(5);
		for (int i = 0; i < images.length; i++)
			images[i] = random.nextInt(256);
		ModelOptions all = options(32, 32, ValueRange.ZERO_TO_255, null);
		ModelOptions one = options(32, 32, ValueRange.ZERO_TO_255, null);
		one.modelThreads = 1;
		ModelOptions two = options(32, 32, ValueRange.ZERO_TO_255, null);
		two.modelThreads = 2;
		try (ModelClassifier c0 = ModelLoader.load(file, all); ModelClassifier c1 = ModelLoader.load(file, one);
			ModelClassifier c2 = ModelLoader.load(file, two))
		{
			assertEquals(1, c1.modelThreads());
			assertTrue(c1.describe().contains("model_threads = 1 (options)"), c1.describe());
			float[][] p1 = c1.predict(images, 4);
			assertEquals(1, PyTorchNatives.threads());
			float[][] p2 = c2.predict(images, 4);
			assertEquals(2, PyTorchNatives.threads());
			float[][] p0 = c0.predict(images, 4);
			assertEquals(PyTorchNatives.defaultThreads(), PyTorchNatives.threads(), "0: libtorch's default");
			c1.predict(images, 1);
			assertEquals(1, PyTorchNatives.threads(), "each model sets its count before each call");
			for (int n = 0; n < 4; n++)
				for (int k = 0; k < p0[n].length; k++) {
					assertEquals(p0[n][k], p1[n][k], 1e-6, "1 thread, image " + n);
					assertEquals(p0[n][k], p2[n][k], 1e-6, "2 threads, image " + n);
				}
		}
	}

	@Test
	void channelMeansAreFedRightInBothLayouts(@TempDir Path dir) {
		Path nchw = TorchScriptModels.channelMeans(dir.resolve("nchw.pt"));
		Path nhwc = TorchScriptModels.write(dir.resolve("nhwc.pt"), "torch.mean(x, [1, 2])", "Tensor");
		float[] images = images(5, 7, 4);
		for (Path file : new Path[] {nchw, nhwc}) {
			InputLayout layout = file == nchw ? null : InputLayout.NHWC; // NCHW is the default
			ModelOptions o = options(7, 4, ValueRange.IMAGENET, layout);
			o.batchSize = 2;
			try (ModelClassifier c = ModelLoader.load(file, o)) {
				assertEquals(ModelEngine.PYTORCH, c.engine());
				assertEquals(file == nchw ? InputLayout.NCHW : InputLayout.NHWC, c.inputLayout());
				assertEquals(OutputKind.LOGITS, c.outputKind());
				float[][] p = c.predict(images, 5);
				for (int n = 0; n < 5; n++)
					for (int k = 0; k < 3; k++)
						assertEquals(expected(images, n, 7, 4, ValueRange.IMAGENET)[k], p[n][k], 1e-6, file.getFileName() +
							" image " + n);
			}
		}
	}

	/**
	 * For p = softmax(m), m_c = mean_i x_ci, x_ci = (pixel_ci - mean_c) / std_c: d p_t / d pixel_ci =
	 * p_t (delta_tc - p_c) / (w h std_c), for every pixel i.
	 */
	@Test
	void gradientsEqualTheHandDerivedGradientInBothLayouts(@TempDir Path dir) {
		Path nchw = TorchScriptModels.channelMeans(dir.resolve("nchw.pt"));
		Path nhwc = TorchScriptModels.write(dir.resolve("nhwc.pt"), "torch.mean(x, [1, 2])", "Tensor");
		int w = 6, h = 5, count = 3, target = 2;
		float[] images = images(count, w, h);
		for (Path file : new Path[] {nchw, nhwc}) {
			ModelOptions o = options(w, h, ValueRange.IMAGENET, file == nchw ? InputLayout.NCHW : InputLayout.NHWC);
			o.batchSize = 2; // two backward passes
			try (ModelClassifier c = ModelLoader.load(file, o)) {
				GradientModel g = ModelLoader.gradients(c);
				float[] grad = new float[count * g.imageSize()];
				g.gradients(images, count, target, grad);
				for (int n = 0; n < count; n++) {
					float[] p = expected(images, n, w, h, ValueRange.IMAGENET);
					for (int i = 0; i < w * h; i++)
						for (int k = 0; k < 3; k++) {
							double want = p[target] * ((k == target ? 1 : 0) - p[k]) / (w * h * ValueRange.IMAGENET.std(k));
							assertEquals(want, grad[n * g.imageSize() + 3 * i + k], 1e-9 + 1e-4 * Math.abs(want),
								file.getFileName() + " image " + n + " pixel " + i + " channel " + k);
						}
				}
				assertEquals(3, ((TorchScriptGradients) g).calls());
				// the predictions still run without autograd afterwards, and agree
				assertEquals(expected(images, 0, w, h, ValueRange.IMAGENET)[0], c.predict(images, 1)[0][0], 1e-6);
			}
		}
	}

	@Test
	void aTupleOutputNeedsTheIndexOfTheScores(@TempDir Path dir) {
		Path file = TorchScriptModels.write(dir.resolve("tuple.pt"), "(x, torch.mean(x, [2, 3]))",
			"Tuple[Tensor, Tensor]");
		ModelOptions o = options(4, 4, ValueRange.ZERO_TO_ONE, null);
		ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelLoader.load(file, o));
		assertMentions(e, "returns 2 tensors (0: [2,3,4,4], 1: [2,3])", "--output N");
		o.output = "1";
		float[] images = images(1, 4, 4);
		try (ModelClassifier c = ModelLoader.load(file, o)) {
			assertEquals(expected(images, 0, 4, 4, ValueRange.ZERO_TO_ONE)[1], c.predict(images, 1)[0][1], 1e-6);
		}
		o.output = "5";
		assertMentions(assertThrows(ModelLoadException.class, () -> ModelLoader.load(file, o)), "output 5 does not exist",
			"returns 2 tensors");
		o.output = "scores";
		assertMentions(assertThrows(ModelLoadException.class, () -> ModelLoader.load(file, o)), "outputs have no names",
			"0-based index");
	}

	@Test
	void aModelWhoseOutputIsNotClassScoresIsRefused(@TempDir Path dir) {
		Path file = TorchScriptModels.write(dir.resolve("identity.pt"), "x", "Tensor");
		ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelLoader.load(file, options(8, 8,
			ValueRange.ZERO_TO_ONE, null)));
		assertMentions(e, file.toString(), "shape [2,3,8,8] for 2 images", "not one score per class",
			"[batch, classes]", "classification head");
	}

	/** A model traced for one image (its reshape keeps batch 1) is refused at batch 2 with the fix, and runs at 1. */
	@Test
	void aModelExportedForOneImageAtATimeNeedsBatchSizeOne(@TempDir Path dir) {
		Path file = TorchScriptModels.write(dir.resolve("one.pt"), "torch.reshape(torch.mean(x, [2, 3]), [1, -1])",
			"Tensor");
		ModelOptions o = options(4, 4, ValueRange.ZERO_TO_ONE, null);
		ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelLoader.load(file, o));
		assertMentions(e, "shape [1,6] for 2 images", "one image at a time", "--batch-size 1");
		o.batchSize = 1;
		float[] images = images(3, 4, 4);
		try (ModelClassifier c = ModelLoader.load(file, o)) {
			float[][] p = c.predict(images, 3);
			for (int n = 0; n < 3; n++)
				assertEquals(expected(images, n, 4, 4, ValueRange.ZERO_TO_ONE)[2], p[n][2], 1e-6, "image " + n);
		}
	}

	@Test
	void aFileFromANewerPyTorchIsRefusedWithTheFix(@TempDir Path dir) {
		Path newer = TorchScriptModels.withArchiveVersion(TestData.model("resnet8_cifar10_torchscript").resolve(
			"model.pt"), dir.resolve("model.pt"), 11);
		ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelLoader.load(newer, options(32, 32,
			ValueRange.ZERO_TO_255, null)));
		assertMentions(e, newer.toString(), "saved by a newer PyTorch", "archive format version is 11",
			"reads versions up to 10", "PyTorch 2.7 or older", "torch.onnx.export");
		// the same archive at the newest version libtorch reads loads and runs
		Path newest = TorchScriptModels.withArchiveVersion(TestData.model("resnet8_cifar10_torchscript").resolve(
			"model.pt"), dir.resolve("newest.pt"), TorchScriptClassifier.MAX_ARCHIVE_VERSION);
		try (ModelClassifier c = ModelLoader.load(newest, options(32, 32, ValueRange.ZERO_TO_255, null))) {
			assertEquals(10, c.numClasses());
		}
	}

	@Test
	void anInputTheModelRefusesNamesTheSettings() {
		Path model = TestData.model("resnet8_cifar10_torchscript");
		ModelOptions o = options(32, 32, ValueRange.ZERO_TO_255, InputLayout.NHWC); // the model takes NCHW
		ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelLoader.load(model, o));
		assertMentions(e, "model.pt", "does not run on a batch of NHWC images of 32 x 32 pixels [2,32,32,3]",
			"do not record their input", "input_size", "--input-size 32", "input_layout");
	}

	@Test
	void aDefaultInputSizeIsReportedAsAnAssumption() {
		ModelOptions o = new ModelOptions();
		o.valueRange = ValueRange.ZERO_TO_255;
		// ResNet-8's TorchScript runs at 224 x 224 too (its pooling adapts), so only the note tells the user
		try (ModelClassifier c = ModelLoader.load(TestData.model("resnet8_cifar10_torchscript"), o)) {
			assertEquals(1, c.assumptions().size(), c.assumptions().toString());
			assertMentions(new IllegalStateException(c.assumptions().get(0)), "224 x 224", "NCHW", "--input-size",
				"input_size");
		}
		o.inputWidth = o.inputHeight = 32;
		o.valueRange = null;
		try (ModelClassifier c = ModelLoader.load(TestData.model("resnet8_cifar10_torchscript"), o)) {
			assertEquals(1, c.assumptions().size(), c.assumptions().toString());
			assertMentions(new IllegalStateException(c.assumptions().get(0)), "value range", "-1..1", "--value-range");
		}
	}

	@Test
	void anOperatorLibtorchDoesNotKnowIsRefusedWithTheFix(@TempDir Path dir) {
		Path file = TorchScriptModels.write(dir.resolve("future.pt"), "torch.some_future_op(x)", "Tensor");
		ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelLoader.load(file, options(8, 8,
			ValueRange.ZERO_TO_ONE, null)));
		assertMentions(e, file.toString(), "operator aten::some_future_op,", "libtorch 2.7.1 does not know",
			"newer PyTorch", "custom operator", "torch.onnx.export");
	}

	@Test
	void codeThatLibtorchCannotCompileIsRefused(@TempDir Path dir) {
		Path file = TorchScriptModels.write(dir.resolve("broken.pt"), "torch.mean(x, [2, 3]) +", "Tensor");
		ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelLoader.load(file, options(8, 8,
			ValueRange.ZERO_TO_ONE, null)));
		assertMentions(e, file.toString(), "libtorch 2.7.1 cannot load", "as TorchScript", "torch.jit.trace");
		assertTrue(e.getMessage().length() < 1200, "one readable message, not a C++ trace: " + e.getMessage());
	}
}
