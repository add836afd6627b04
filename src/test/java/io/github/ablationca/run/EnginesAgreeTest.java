package io.github.ablationca.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ablationca.TestData;
import io.github.ablationca.classifier.GradientModel;
import io.github.ablationca.classifier.ModelClassifier;
import io.github.ablationca.classifier.ModelEngine;
import io.github.ablationca.classifier.ModelOptions;
import io.github.ablationca.classifier.Predictions;
import io.github.ablationca.classifier.ValueRange;
import io.github.ablationca.engine.EngineLogger;
import io.github.ablationca.engine.Explanation;
import io.github.ablationca.engine.ExplainSettings;
import io.github.ablationca.engine.ObjectInfo;
import io.github.ablationca.engine.PairRelation;
import io.github.ablationca.image.ResizeMode;
import io.github.ablationca.image.RgbImage;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The same network gives the same answers through every engine: the shared MobileNet V2 and ResNet-8 as TensorFlow
 * SavedModel, ONNX and TorchScript (converted op by op, logits equal within 2.5e-5 on the same tensors, see the data
 * README) agree on the top-1 class of every shared image, and {@code explain} with one seed gives the same
 * contributions, main effects and pair interactions (within 1e-3 on the log-odds scale) and gradients. Each model is
 * loaded once per engine, through the one model loader, from the folder (engine recognised from the files).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EnginesAgreeTest {

	private static final double TOLERANCE = 1e-3;

	private final Map<String, ModelClassifier> models = new LinkedHashMap<>();

	/** The README's preprocessing for MobileNet V2: centre square, bilinear, rounded to 8 bits, (p - 128) / 128. */
	private static ModelOptions mobileNet() {
		ModelOptions o = new ModelOptions();
		o.valueRange = ValueRange.CENTERED_128;
		o.resize = ResizeMode.CENTER_CROP;
		o.roundTo8Bit = true;
		o.inputWidth = o.inputHeight = 224; // TorchScript records no input size; the others confirm it
		return o;
	}

	private static ModelOptions resNet() {
		ModelOptions o = new ModelOptions();
		o.valueRange = ValueRange.ZERO_TO_255;
		o.inputWidth = o.inputHeight = 32;
		return o;
	}

	@BeforeAll
	void load() {
		for (String suffix : List.of("", "_onnx", "_torchscript")) {
			models.put("mobilenet_v2_imagenet" + suffix, ModelLoader.load(TestData.model("mobilenet_v2_imagenet" +
				suffix), mobileNet()));
			models.put("resnet8_cifar10" + suffix, ModelLoader.load(TestData.model("resnet8_cifar10" + suffix),
				resNet()));
		}
	}

	@AfterAll
	void close() {
		models.values().forEach(ModelClassifier::close);
	}

	@Test
	void theEngineIsRecognisedFromTheFiles() {
		for (Map.Entry<String, ModelClassifier> m : models.entrySet()) {
			ModelEngine expected = m.getKey().endsWith("_onnx") ? ModelEngine.ONNX : m.getKey().endsWith("_torchscript")
				? ModelEngine.PYTORCH : ModelEngine.TENSORFLOW;
			assertEquals(expected, m.getValue().engine(), m.getKey());
			assertEquals(m.getKey().contains("resnet") ? 10 : 1001, m.getValue().numClasses(), m.getKey());
		}
	}

	@Test
	void everySharedImageGetsTheSavedModelsTop1ThroughEveryEngine() {
		for (String model : List.of("mobilenet_v2_imagenet", "resnet8_cifar10")) {
			List<Path> images = images(model.startsWith("mobilenet") ? "imagenet" : "cifar10");
			assertEquals(model.startsWith("mobilenet") ? 12 : 30, images.size());
			ModelClassifier reference = models.get(model);
			int[] expected = top1(reference, images);
			for (String engine : List.of("_onnx", "_torchscript")) {
				ModelClassifier converted = models.get(model + engine);
				int[] got = top1(converted, images);
				for (int i = 0; i < images.size(); i++)
					assertEquals(expected[i], got[i], model + engine + " on " + images.get(i).getFileName());
				// and the probabilities themselves, not only their argmax
				float[][] p = converted.predict(converted.preprocessor().pack(read(images.subList(0, 3))), 3);
				float[][] q = reference.predict(reference.preprocessor().pack(read(images.subList(0, 3))), 3);
				for (int i = 0; i < 3; i++)
					for (int c = 0; c < p[i].length; c++)
						assertEquals(q[i][c], p[i][c], 1e-4, model + engine + " p[" + c + "]");
			}
		}
		// the README's reference table, for the one engine that is not the SavedModel's
		assertEquals(283, top1(models.get("mobilenet_v2_imagenet_torchscript"), List.of(TestData.image(
			"imagenet/chelsea.png")))[0]);
	}

	private static int[] top1(ModelClassifier c, List<Path> images) {
		float[][] p = c.predict(c.preprocessor().pack(read(images)), images.size());
		int[] top = new int[p.length];
		for (int i = 0; i < p.length; i++)
			top[i] = Predictions.topK(p[i], c.labels(), 1).get(0).index();
		return top;
	}

	/**
	 * Explain on images whose target probability is not saturated (near 1, the log-odds of float32 probabilities
	 * resolve only ~1e-7 of 1 - p, whatever the engine): the same seed, segments and samples give the same numbers.
	 */
	@Test
	void explainWithTheSameSeedGivesTheSameContributionsAndInteractions() {
		compareExplanations("mobilenet_v2_imagenet", List.of("imagenet/chelsea.png", "imagenet/motorcycle_left.png"),
			24, 64);
		compareExplanations("resnet8_cifar10", List.of("cifar10/bird_0000.jpg", "cifar10/automobile_0001.jpg",
			"cifar10/horse_0001.jpg"), 12, 48);
	}

	private void compareExplanations(String model, List<String> images, int segments, int samples) {
		for (String image : images) {
			RgbImage rgb = read(List.of(TestData.image(image))).get(0);
			Explanation reference = explain(models.get(model), rgb, segments, samples);
			assertTrue(reference.targetProbability() < 0.99, image + " is not saturated");
			for (String engine : List.of("_onnx", "_torchscript")) {
				Explanation e = explain(models.get(model + engine), rgb, segments, samples);
				String what = model + engine + " on " + image;
				assertEquals(reference.targetIndex(), e.targetIndex(), what);
				assertEquals(reference.segments(), e.segments(), what);
				assertEquals(reference.modelCalls(), e.modelCalls(), what);
				for (int i = 0; i < reference.objects().size(); i++) {
					ObjectInfo a = reference.objects().get(i), b = e.objects().get(i);
					assertEquals(a.contribution(), b.contribution(), TOLERANCE, what + " contribution of " + a.id());
					assertEquals(a.mainEffect(), b.mainEffect(), TOLERANCE, what + " main effect of " + a.id());
				}
				int compared = 0;
				for (PairRelation p : reference.pairs()) {
					PairRelation q = e.pair(p.a(), p.b());
					if (q == null) continue;
					assertEquals(p.interaction(), q.interaction(), TOLERANCE, what + " interaction " + p.a() + "-" + p.b());
					assertEquals(p.correlation(), q.correlation(), TOLERANCE, what + " correlation " + p.a() + "-" + p.b());
					compared++;
				}
				assertTrue(compared >= reference.pairs().size() * 9 / 10, what + ": pairs compared " + compared + " of " +
					reference.pairs().size());
			}
		}
	}

	private static Explanation explain(ModelClassifier c, RgbImage image, int segments, int samples) {
		RunSettings s = new RunSettings();
		s.method.segments = segments;
		s.method.samples = samples;
		s.method.seed = 7;
		ExplainSettings method = s.resolvedFor(c).method;
		return new ExplainRunner(c, method, EngineLogger.NONE).explain(image, null, null);
	}

	/** TorchScript's autograd gradient of the class probability equals TensorFlow's on the same network. */
	@Test
	void torchScriptGradientsEqualTheSavedModels() throws Exception {
		for (String model : List.of("resnet8_cifar10", "mobilenet_v2_imagenet")) {
			ModelClassifier tf = models.get(model), torch = models.get(model + "_torchscript");
			RgbImage image = tf.preprocessor().apply(read(List.of(TestData.image(model.startsWith("resnet")
				? "cifar10/cat_0000.jpg" : "imagenet/chelsea.png"))).get(0));
			int target = top1(tf, List.of(TestData.image(model.startsWith("resnet") ? "cifar10/cat_0000.jpg"
				: "imagenet/chelsea.png")))[0];
			float[] expected = gradient(tf, image.data(), target), got = gradient(torch, image.data(), target);
			double max = 0, diff = 0;
			for (int i = 0; i < expected.length; i++) {
				max = Math.max(max, Math.abs(expected[i]));
				diff = Math.max(diff, Math.abs(expected[i] - got[i]));
			}
			assertTrue(max > 0, model + ": the gradient is not zero");
			assertTrue(diff <= 1e-3 * max, model + ": max |difference| " + diff + " of max |gradient| " + max);
		}
	}

	private static float[] gradient(ModelClassifier c, float[] image, int target) throws Exception {
		GradientModel g = ModelLoader.gradients(c);
		try {
			float[] out = new float[g.imageSize()];
			g.gradients(image, 1, target, out);
			return out;
		}
		finally {
			if (g instanceof AutoCloseable a) a.close();
		}
	}

	static List<Path> images(String folder) {
		try (Stream<Path> files = Files.list(TestData.image(folder))) {
			return files.filter(f -> f.toString().matches(".*\\.(png|jpg)$")).sorted().toList();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	static List<RgbImage> read(List<Path> files) {
		List<RgbImage> out = new ArrayList<>();
		for (Path f : files) {
			try {
				BufferedImage img = ImageIO.read(f.toFile());
				int w = img.getWidth(), h = img.getHeight();
				out.add(RgbImage.fromArgb(img.getRGB(0, 0, w, h, null, 0, w), w, h));
			}
			catch (IOException e) {
				throw new UncheckedIOException(e);
			}
		}
		return out;
	}
}
