package io.github.ablationca.tensorflow;

import io.github.ablationca.run.ModelLoader;
import io.github.ablationca.classifier.ModelLoadException;
import io.github.ablationca.classifier.ModelOptions;
import io.github.ablationca.classifier.OutputKind;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ablationca.TestData;
import io.github.ablationca.classifier.ClassScore;
import io.github.ablationca.classifier.ImagePreprocessor;
import io.github.ablationca.classifier.Predictions;
import io.github.ablationca.classifier.ValueRange;
import io.github.ablationca.image.ResizeMode;
import io.github.ablationca.image.RgbImage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The DJL classifier on the real shared models, against the reference tables of ../shared/data/README.md. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TensorFlowClassifierTest {

	private TensorFlowClassifier mobileNet;
	private TensorFlowClassifier resNet;

	/** The preprocessing the README documents for MobileNet: centre square, bilinear, round to uint8, (p-128)/128. */
	static ModelOptions mobileNetReferenceOptions() {
		ModelOptions o = new ModelOptions();
		o.valueRange = ValueRange.CENTERED_128;
		o.resize = ResizeMode.CENTER_CROP;
		o.roundTo8Bit = true;
		return o;
	}

	static ModelOptions resNetOptions() {
		ModelOptions o = new ModelOptions();
		o.valueRange = ValueRange.ZERO_TO_255;
		return o;
	}

	@BeforeAll
	void load() {
		mobileNet = (TensorFlowClassifier) ModelLoader.load(TestData.model("mobilenet_v2_imagenet"), mobileNetReferenceOptions());
		resNet = (TensorFlowClassifier) ModelLoader.load(TestData.model("resnet8_cifar10"), resNetOptions());
	}

	@AfterAll
	void close() {
		if (mobileNet != null) mobileNet.close();
		if (resNet != null) resNet.close();
	}

	@Test
	void readsTheSignatureWithoutTensorNames() {
		assertEquals(224, mobileNet.inputWidth());
		assertEquals(224, mobileNet.inputHeight());
		assertEquals(1001, mobileNet.numClasses());
		assertEquals("input:0", mobileNet.inputName());
		// logits and probs are a pair: the graph's own softmax output is taken and not softmaxed again
		assertEquals("probs:0", mobileNet.outputName());
		assertEquals(OutputKind.PROBABILITIES, mobileNet.outputKind());
		assertEquals("background", mobileNet.labels().get(0));
		assertEquals(32, resNet.inputWidth());
		assertEquals(List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"),
			resNet.labels());
	}

	/**
	 * Every row of the README's table: the same top-3 classes in order and their probabilities within 0.005 (the
	 * table's 3 decimals plus float32 differences); the centre crop of landscape and portrait photos included
	 * (parrot and grace_hopper are portrait: a top crop changes their scores).
	 */
	@Test
	void mobileNetV2AgreesWithTheReferenceTable() {
		List<ReferenceTables.ImageNetRow> rows = ReferenceTables.imageNet("mobilenet_v2_imagenet");
		assertEquals(12, rows.size());
		ImagePreprocessor pre = mobileNet.preprocessor();
		List<RgbImage> images = rows.stream().map(r -> TestImages.read(ReferenceTables.imageNetFile(r.image())))
			.collect(Collectors.toList());
		float[][] p = mobileNet.predict(pre.pack(images), images.size());
		List<String> differing = new ArrayList<>();
		for (int i = 0; i < rows.size(); i++) {
			ReferenceTables.ImageNetRow row = rows.get(i);
			int[] top = Predictions.topK(p[i], null, 3).stream().mapToInt(ClassScore::index).toArray();
			for (int k = 0; k < 3; k++) {
				double reference = row.probabilities()[k];
				// the 2nd and 3rd of a near tie (0.000 vs 0.000) may swap; their probabilities may not differ
				if (top[k] != row.top3()[k] && !(k > 0 && reference < 0.005))
					differing.add(row.image() + " rank " + (k + 1) + ": " + top[k] + " instead of " + row.top3()[k]);
				if (Math.abs(p[i][row.top3()[k]] - reference) > 0.005)
					differing.add(row.image() + " class " + row.top3()[k] + ": " + p[i][row.top3()[k]] + " vs " +
						reference);
			}
			assertEquals(1.0, sum(p[i]), 1e-4);
		}
		assertEquals(List.of(), differing, "12/12 reference rows");
	}

	@Test
	void resNet8ReproducesTheListedPredictions() {
		List<ReferenceTables.CifarRow> rows = ReferenceTables.cifar("resnet8_cifar10");
		assertEquals(30, rows.size());
		List<RgbImage> images = rows.stream().map(r -> TestImages.read(TestData.image("cifar10").resolve(r.file())))
			.collect(Collectors.toList());
		float[][] p = resNet.predict(resNet.preprocessor().pack(images), images.size());
		int correct = 0;
		List<String> differing = new ArrayList<>();
		for (int i = 0; i < rows.size(); i++) {
			ReferenceTables.CifarRow row = rows.get(i);
			int top1 = Predictions.argmax(p[i]);
			String predicted = resNet.labels().get(top1);
			if (!predicted.equals(row.predicted()))
				differing.add(row.file() + ": " + predicted + " vs listed " + row.predicted());
			if (Math.abs(p[i][top1] - row.probability()) > 0.005)
				differing.add(row.file() + ": probability " + p[i][top1] + " vs listed " + row.probability());
			if (predicted.equals(row.trueClass())) correct++;
		}
		assertEquals(List.of(), differing, "30/30 listed predictions");
		assertEquals(rows.stream().filter(r -> r.predicted().equals(r.trueClass())).count(), correct,
			"the README's accuracy");
	}

	@Test
	void batchOf1AndBatchOf16GiveTheSameProbabilities() {
		List<RgbImage> images = new ArrayList<>();
		for (ReferenceTables.ImageNetRow r : ReferenceTables.imageNet("mobilenet_v2_imagenet"))
			images.add(TestImages.read(ReferenceTables.imageNetFile(r.image())));
		for (int i = 0; images.size() < 16; i++)
			images.add(mirrored(images.get(i)));
		ImagePreprocessor pre = mobileNet.preprocessor();
		float[] batch = pre.pack(images);
		assertEquals(16, mobileNet.batchSize());
		float[][] together = mobileNet.predict(batch, 16);
		int n = mobileNet.imageSize();
		for (int i = 0; i < 16; i++) {
			float[] one = java.util.Arrays.copyOfRange(batch, i * n, (i + 1) * n);
			float[][] alone = mobileNet.predict(one, 1);
			assertArrayEquals(together[i], alone[0], 1e-5f, "image " + i);
		}
	}

	/** The first {@code n} CIFAR-10 images of the shared data, by name. */
	private static List<RgbImage> cifarImages(int n) {
		List<RgbImage> images = new ArrayList<>();
		try (var files = Files.list(TestData.image("cifar10"))) {
			files.sorted().limit(n).forEach(f -> images.add(TestImages.read(f)));
		}
		catch (java.io.IOException e) {
			throw new IllegalStateException(e);
		}
		return images;
	}

	@Test
	void model_threads_size_both_thread_pools_of_the_session_and_leave_the_probabilities_alone() {
		org.tensorflow.proto.ConfigProto two = TensorFlowClassifier.sessionConfig(2);
		assertEquals(2, two.getIntraOpParallelismThreads());
		assertEquals(2, two.getInterOpParallelismThreads());
		assertTrue(two.getUsePerSessionThreads(), "the inter-op pool is the session's own");
		org.tensorflow.proto.ConfigProto all = TensorFlowClassifier.sessionConfig(0);
		assertEquals(0, all.getIntraOpParallelismThreads(), "0 = TensorFlow's default, every core");
		assertEquals(0, all.getInterOpParallelismThreads());

		float[] batch = resNet.preprocessor().pack(cifarImages(8));
		float[][] expected = resNet.predict(batch, 8);
		assertEquals(0, resNet.modelThreads());
		for (int threads : new int[] {1, 2}) {
			ModelOptions o = resNetOptions();
			o.modelThreads = threads;
			// DJL refuses a ConfigProto it cannot parse (MalformedModelException), so loading is the check that it
			// received ours.
			try (TensorFlowClassifier c = (TensorFlowClassifier) ModelLoader.load(TestData.model("resnet8_cifar10"), o)) {
				assertEquals(threads, c.modelThreads());
				assertTrue(c.describe().contains("model_threads = " + threads + " (options)"), c.describe());
				float[][] p = c.predict(batch, 8);
				for (int i = 0; i < 8; i++)
					assertArrayEquals(expected[i], p[i], 1e-6f, threads + " threads, image " + i);
			}
		}
	}

	@Test
	void concurrent_calls_give_each_caller_the_probabilities_of_its_own_images() throws Exception {
		float[] batch = resNet.preprocessor().pack(cifarImages(24));
		int n = resNet.inputWidth() * resNet.inputHeight() * 3;
		// Callers of different sizes (full batches, a batch and a rest, single images) share the input tensors.
		int[][] calls = {{0, 16}, {16, 8}, {3, 19}, {23, 1}};
		float[][][] expected = new float[calls.length][][];
		for (int c = 0; c < calls.length; c++)
			expected[c] = resNet.predict(java.util.Arrays.copyOfRange(batch, calls[c][0] * n, (calls[c][0] +
				calls[c][1]) * n), calls[c][1]);
		java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(calls.length);
		try {
			List<java.util.concurrent.Future<Boolean>> same = new ArrayList<>();
			for (int c = 0; c < calls.length; c++) {
				int call = c;
				float[] mine = java.util.Arrays.copyOfRange(batch, calls[c][0] * n, (calls[c][0] + calls[c][1]) * n);
				same.add(pool.submit(() -> {
					for (int repeat = 0; repeat < 20; repeat++)
						if (!java.util.Arrays.deepEquals(expected[call], resNet.predict(mine, calls[call][1]))) return false;
					return true;
				}));
			}
			for (int c = 0; c < calls.length; c++)
				assertTrue(same.get(c).get(), "caller " + c + " got another caller's probabilities");
		}
		finally {
			pool.shutdown();
		}
	}

	@Test
	void uneven_batches_split_by_the_batch_size_give_the_same_probabilities(@org.junit.jupiter.api.io.TempDir Path tmp) {
		ModelOptions o = resNetOptions();
		o.batchSize = 7;
		float[] batch = resNet.preprocessor().pack(cifarImages(16));
		float[][] whole = resNet.predict(batch, 16);
		try (TensorFlowClassifier sevens = (TensorFlowClassifier) ModelLoader.load(TestData.model("resnet8_cifar10"), o)) {
			assertEquals(7, sevens.batchSize());
			float[][] split = sevens.predict(batch, 16); // batches of 7, 7, 2
			for (int i = 0; i < 16; i++)
				assertArrayEquals(whole[i], split[i], 1e-5f, "image " + i);
		}
	}

	@Test
	void softmaxIsAppliedToLogitsAndNeverTwice() {
		List<RgbImage> images = new ArrayList<>();
		for (String f : new String[] {"cat_0000.jpg", "ship_0001.jpg", "frog_0002.jpg"})
			images.add(TestImages.read(TestData.image("cifar10").resolve(f)));
		float[] batch = resNet.preprocessor().pack(images);
		float[][] fromProbs = resNet.predict(batch, 3);
		ModelOptions o = resNetOptions();
		o.output = "logits";
		try (TensorFlowClassifier logits = (TensorFlowClassifier) ModelLoader.load(TestData.model("resnet8_cifar10"), o)) {
			assertEquals("logits:0", logits.outputName());
			assertEquals(OutputKind.LOGITS, logits.outputKind());
			float[][] fromLogits = logits.predict(batch, 3);
			for (int i = 0; i < 3; i++) {
				assertArrayEquals(fromProbs[i], fromLogits[i], 1e-5f);
				// softmax applied twice would flatten the distribution towards 1/10
				assertTrue(max(fromProbs[i]) > 0.4f, "probabilities look flattened: " + max(fromProbs[i]));
			}
		}
	}

	@Test
	void aKnownAnswerModelGetsTheValueRangeAndSoftmaxRight(@org.junit.jupiter.api.io.TempDir Path tmp) {
		Path dir = TinyModels.export(tmp.resolve("mean"), TinyModels.Variant.MEAN_COLOUR);
		float r = 200, g = 40, b = 100;
		for (ValueRange range : ValueRange.values()) {
			ModelOptions o = new ModelOptions();
			o.valueRange = range;
			o.inputWidth = 20;
			o.inputHeight = 10;
			try (TensorFlowClassifier c = (TensorFlowClassifier) ModelLoader.load(dir, o)) {
				assertEquals(20, c.inputWidth());
				assertEquals(10, c.inputHeight());
				assertEquals("probs:0", c.outputName());
				assertEquals(3, c.numClasses());
				float[][] p = c.predict(uniform(c, r, g, b), 1);
				float[] expected = softmax(range.apply(r, 0), range.apply(g, 1), range.apply(b, 2));
				assertArrayEquals(expected, p[0], 1e-5f, range.id());
			}
		}
		// the MatMul output is logits: softmax is applied once, giving the same probabilities
		ModelOptions o = new ModelOptions();
		o.output = "scores";
		o.valueRange = ValueRange.ZERO_TO_ONE;
		try (TensorFlowClassifier c = (TensorFlowClassifier) ModelLoader.load(dir, o)) {
			assertEquals(OutputKind.LOGITS, c.outputKind());
			assertEquals(224, c.inputWidth()); // dynamic spatial size: the default
			assertEquals(224, c.inputHeight());
			// 0 and 1 only: TensorFlow's float mean over 224 x 224 pixels is exact for them
			float[][] p = c.predict(uniform(c, 255, 0, 255), 1);
			assertArrayEquals(softmax(1, 0, 1), p[0], 1e-6f);
		}
	}

	@Test
	void channelsFirstUint8AndFixedBatchInputsAreFedCorrectly(@org.junit.jupiter.api.io.TempDir Path tmp) {
		float r = 10, g = 250, b = 128;
		ModelOptions o = new ModelOptions();
		o.valueRange = ValueRange.ZERO_TO_ONE;
		o.inputWidth = 6;
		o.inputHeight = 4;
		try (TensorFlowClassifier c = (TensorFlowClassifier) ModelLoader.load(
			TinyModels.export(tmp.resolve("nchw"), TinyModels.Variant.MEAN_COLOUR_NCHW), o))
		{
			assertEquals(6, c.inputWidth());
			assertEquals(4, c.inputHeight());
			float[] img = uniform(c, r, g, b);
			img[0] = 0; // one red sample differs: NCHW must take it from the red plane only
			float[] p = c.predict(img, 1)[0];
			float redMean = (r * 23 + 0) / 24f / 255f;
			assertArrayEquals(softmax(redMean, g / 255f, b / 255f), p, 1e-5f);
		}
		// uint8 input: the raw 8-bit values, whatever the value range says
		try (TensorFlowClassifier c = (TensorFlowClassifier) ModelLoader.load(
			TinyModels.export(tmp.resolve("u8"), TinyModels.Variant.MEAN_COLOUR_UINT8), new ModelOptions()))
		{
			float[] p = c.predict(uniform(c, 3, 1, 2), 1)[0];
			assertArrayEquals(softmax(3, 1, 2), p, 1e-5f);
		}
		// a graph with a fixed batch of 2: three images go as 2 + (1 padded)
		ModelOptions fixed = new ModelOptions();
		fixed.valueRange = ValueRange.ZERO_TO_ONE;
		fixed.batchSize = 16;
		try (TensorFlowClassifier c = (TensorFlowClassifier) ModelLoader.load(
			TinyModels.export(tmp.resolve("fixed"), TinyModels.Variant.MEAN_COLOUR_FIXED_BATCH), fixed))
		{
			assertEquals(2, c.batchSize());
			int n = c.imageSize();
			float[] three = new float[3 * n];
			System.arraycopy(uniform(c, 255, 0, 0), 0, three, 0, n);
			System.arraycopy(uniform(c, 0, 255, 0), 0, three, n, n);
			System.arraycopy(uniform(c, 0, 0, 255), 0, three, 2 * n, n);
			float[][] p = c.predict(three, 3);
			assertArrayEquals(softmax(1, 0, 0), p[0], 1e-5f);
			assertArrayEquals(softmax(0, 1, 0), p[1], 1e-5f);
			assertArrayEquals(softmax(0, 0, 1), p[2], 1e-5f);
		}
	}

	@Test
	void propertiesFileInTheModelFolderSetsPerModelDefaults(@org.junit.jupiter.api.io.TempDir Path tmp)
		throws Exception
	{
		Path dir = linkedCopy(TestData.model("resnet8_cifar10"), tmp.resolve("resnet"));
		List<String> names = new ArrayList<>();
		for (String l : resNet.labels())
			names.add(l.toUpperCase(java.util.Locale.ROOT));
		Files.write(dir.resolve("names.txt"), names);
		Files.writeString(dir.resolve(ModelOptions.PROPERTIES_FILE), String.join("\n",
			"# per-model defaults", "value_range = 0..255", "output = logits", "labels = names.txt",
			"resize = center-crop", "round_to_8bit = true", "batch_size = 4"));
		List<RgbImage> images = List.of(TestImages.read(TestData.image("cifar10").resolve("horse_0000.jpg")),
			TestImages.read(TestData.image("cifar10").resolve("truck_0001.jpg")));
		try (TensorFlowClassifier c = (TensorFlowClassifier) ModelLoader.load(dir, null)) {
			assertEquals(ValueRange.ZERO_TO_255, c.valueRange());
			assertEquals("logits:0", c.outputName());
			assertEquals(OutputKind.LOGITS, c.outputKind());
			assertEquals(ResizeMode.CENTER_CROP, c.resizeMode());
			assertTrue(c.roundTo8Bit());
			assertEquals(4, c.batchSize());
			assertEquals(names, c.labels());
			float[][] expected = resNet.predict(resNet.preprocessor().pack(images), 2);
			float[][] p = c.predict(c.preprocessor().pack(images), 2);
			for (int i = 0; i < 2; i++)
				assertArrayEquals(expected[i], p[i], 1e-5f);
		}
		// options beat the file
		ModelOptions o = new ModelOptions();
		o.batchSize = 3;
		o.output = "probs";
		try (TensorFlowClassifier c = (TensorFlowClassifier) ModelLoader.load(dir, o)) {
			assertEquals(3, c.batchSize());
			assertEquals(OutputKind.PROBABILITIES, c.outputKind());
			assertEquals(ValueRange.ZERO_TO_255, c.valueRange());
		}
		// a typo is refused, not ignored
		Files.writeString(dir.resolve(ModelOptions.PROPERTIES_FILE), "value_rang = 0..255\n");
		ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelLoader.load(dir, null));
		assertMentions(e, "value_rang", "value_range", ModelOptions.PROPERTIES_FILE);
		Files.writeString(dir.resolve(ModelOptions.PROPERTIES_FILE), "value_range = 0..256\n");
		e = assertThrows(ModelLoadException.class, () -> ModelLoader.load(dir, null));
		assertMentions(e, "0..256", "0..255", "imagenet");
	}

	@Test
	void labelFileWithoutTheBackgroundRowGetsOffsetOne(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
		List<String> lines = Files.readAllLines(TestData.model("mobilenet_v2_imagenet").resolve("labels.txt"));
		Path thousand = tmp.resolve("imagenet1000.txt");
		Files.write(thousand, lines.subList(1, lines.size()));
		ModelOptions o = mobileNetReferenceOptions();
		o.labels = thousand;
		o.batchSize = 2;
		try (TensorFlowClassifier c = (TensorFlowClassifier) ModelLoader.load(TestData.model("mobilenet_v2_imagenet"), o)) {
			assertEquals(1, c.labelOffset());
			assertEquals(mobileNet.labels(), c.labels());
		}
		o.labelOffset = 0;
		ModelLoadException e = assertThrows(ModelLoadException.class,
			() -> ModelLoader.load(TestData.model("mobilenet_v2_imagenet"), o));
		assertMentions(e, "1000 lines", "label offset 1");
	}

	// ---------------------------------------------------------------------------------------------------------
	// Bad input

	@Test
	void missingFolderIsRefusedClearly(@org.junit.jupiter.api.io.TempDir Path tmp) {
		Path missing = tmp.resolve("no-such-model");
		ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelLoader.load(missing, null));
		assertMentions(e, missing.toString(), "does not exist", "saved_model.pb");
	}

	@Test
	void folderThatIsNotASavedModelIsRefusedClearly(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
		Files.writeString(tmp.resolve("notes.txt"), "not a model");
		ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelLoader.load(tmp, null));
		assertMentions(e, tmp.toString(), "not a TensorFlow SavedModel", "saved_model.pb");
		Files.writeString(tmp.resolve("model.h5"), "keras");
		e = assertThrows(ModelLoadException.class, () -> ModelLoader.load(tmp, null));
		assertMentions(e, "model.h5", "Keras", "export");
		Files.writeString(tmp.resolve("saved_model.pb"), "this is not a protocol buffer");
		e = assertThrows(ModelLoadException.class, () -> ModelLoader.load(tmp, null));
		assertMentions(e, "saved_model.pb", "not a readable TensorFlow SavedModel");
	}

	@Test
	void labelsFileWhoseLineCountDoesNotFitIsRefused(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
		Path labels = tmp.resolve("seven.txt");
		Files.write(labels, List.of("a", "b", "c", "d", "e", "f", "g"));
		ModelOptions o = resNetOptions();
		o.labels = labels;
		ModelLoadException e = assertThrows(ModelLoadException.class,
			() -> ModelLoader.load(TestData.model("resnet8_cifar10"), o));
		assertMentions(e, labels.toString(), "7 lines", "10 outputs", "label_offset");
	}

	@Test
	void modelWhoseInputIsNotAnImageIsRefused(@org.junit.jupiter.api.io.TempDir Path tmp) {
		Path dir = TinyModels.export(tmp.resolve("features"), TinyModels.Variant.NOT_AN_IMAGE);
		ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelLoader.load(dir, null));
		assertMentions(e, "'features'", "[-1,10]", "image input", "[batch, height, width, 3]");
	}

	@Test
	void severalCandidateOutputsAreListedForTheUserToChoose(@org.junit.jupiter.api.io.TempDir Path tmp) {
		Path dir = TinyModels.export(tmp.resolve("two"), TinyModels.Variant.TWO_SCORE_OUTPUTS);
		ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelLoader.load(dir, null));
		assertMentions(e, "several outputs", "'first'", "'second'", "--output");
		ModelOptions o = new ModelOptions();
		o.output = "second";
		try (TensorFlowClassifier c = (TensorFlowClassifier) ModelLoader.load(dir, o)) {
			assertEquals("second:0", c.outputName());
			assertEquals(OutputKind.LOGITS, c.outputKind());
		}
		o.output = "third";
		e = assertThrows(ModelLoadException.class, () -> ModelLoader.load(dir, o));
		assertMentions(e, "no output 'third'", "'first'", "'second'");
	}

	@Test
	void emptyOrShortImageBuffersAreRefused() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> resNet.predict(new float[10], 1));
		assertMentions(e, "10 floats", "32 x 32", "ImagePreprocessor");
		assertEquals(0, resNet.predict(new float[0], 0).length);
		e = assertThrows(IllegalArgumentException.class, () -> resNet.predict(null, 1));
		assertMentions(e, "No images");
		e = assertThrows(IllegalArgumentException.class, () -> new RgbImage(0, 0));
		assertMentions(e, "empty", "0 x 0");
		var zeroWide = net.imglib2.view.Views.interval(net.imglib2.img.array.ArrayImgs.unsignedBytes(3, 5),
			new long[] {0, 0}, new long[] {-1, 4});
		e = assertThrows(IllegalArgumentException.class, () -> io.github.ablationca.image.ImageConversion.toRgb(zeroWide));
		assertMentions(e, "0 x 5", "at least one pixel");
	}

	// ---------------------------------------------------------------------------------------------------------

	static void assertMentions(Throwable e, String... parts) {
		for (String p : parts)
			assertTrue(e.getMessage() != null && e.getMessage().contains(p), "message should mention '" + p + "': " +
				e.getMessage());
	}

	private static float[] uniform(TensorFlowClassifier c, float r, float g, float b) {
		float[] img = new float[c.imageSize()];
		for (int i = 0; i < img.length; i += 3) {
			img[i] = r;
			img[i + 1] = g;
			img[i + 2] = b;
		}
		return img;
	}

	private static float[] softmax(float... z) {
		double max = Math.max(z[0], Math.max(z[1], z[2])), sum = 0;
		for (float v : z)
			sum += Math.exp(v - max);
		float[] p = new float[z.length];
		for (int i = 0; i < z.length; i++)
			p[i] = (float) (Math.exp(z[i] - max) / sum);
		return p;
	}

	private static double sum(float[] p) {
		double s = 0;
		for (float v : p)
			s += v;
		return s;
	}

	private static float max(float[] p) {
		float m = Float.NEGATIVE_INFINITY;
		for (float v : p)
			m = Math.max(m, v);
		return m;
	}

	private static RgbImage mirrored(RgbImage img) {
		RgbImage out = new RgbImage(img.width(), img.height());
		for (int y = 0; y < img.height(); y++)
			for (int x = 0; x < img.width(); x++)
				for (int c = 0; c < 3; c++)
					out.set(img.width() - 1 - x, y, c, img.get(x, y, c));
		return out;
	}

	/** A model folder whose files are symbolic links to {@code src} (the shared data is never copied). */
	static Path linkedCopy(Path src, Path dst) throws java.io.IOException {
		Files.createDirectories(dst);
		Files.createSymbolicLink(dst.resolve("saved_model.pb"), src.resolve("saved_model.pb"));
		Files.createSymbolicLink(dst.resolve("variables"), src.resolve("variables"));
		return dst;
	}
}
