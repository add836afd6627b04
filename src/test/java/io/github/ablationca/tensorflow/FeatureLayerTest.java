package io.github.ablationca.tensorflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ablationca.TestData;
import io.github.ablationca.classifier.FeatureLayer;
import io.github.ablationca.classifier.FeatureLayerException;
import io.github.ablationca.classifier.ModelClassifier;
import io.github.ablationca.classifier.ModelOptions;
import io.github.ablationca.classifier.ValueRange;
import io.github.ablationca.demo.DemoAssets;
import io.github.ablationca.run.ModelLoader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Activations at a feature layer of a TensorFlow SavedModel, the descriptors of the dataset analysis: on the tiny
 * mean-colour model the input of the classification layer (the MatMul) is the mean colour, known by construction; a
 * wrong name lists the candidates; a model without a classification layer says how to name one; the demo model's
 * layer is found in its graph; another engine refuses with the fix.
 */
class FeatureLayerTest {

	private static ModelOptions raw() {
		ModelOptions o = new ModelOptions();
		o.valueRange = ValueRange.ZERO_TO_255;
		o.inputWidth = 4;
		o.inputHeight = 4;
		return o;
	}

	/** Two 4 x 4 images: uniform (10, 20, 30), and half (0, 0, 0) half (100, 50, 200). */
	private static float[] twoImages() {
		float[] x = new float[2 * 48];
		for (int p = 0; p < 16; p++) {
			x[3 * p] = 10;
			x[3 * p + 1] = 20;
			x[3 * p + 2] = 30;
			if (p >= 8) {
				x[48 + 3 * p] = 100;
				x[48 + 3 * p + 1] = 50;
				x[48 + 3 * p + 2] = 200;
			}
		}
		return x;
	}

	@Test
	void theInputOfTheClassificationLayerIsFoundAndGivesTheMeanColour(@TempDir Path tmp) {
		Path dir = TinyModels.export(tmp.resolve("mean"), TinyModels.Variant.MEAN_COLOUR);
		try (ModelClassifier c = ModelLoader.load(dir, raw())) {
			FeatureLayer layer = c.featureLayer(null);
			assertEquals("the input of the classification layer", layer.howChosen());
			float[][] f = layer.features(twoImages(), 2);
			assertArrayEquals(new float[] {10, 20, 30}, f[0], 1e-4f);
			assertArrayEquals(new float[] {50, 25, 100}, f[1], 1e-4f);
			// a layer named by hand: the image input itself, averaged over its positions, is the mean colour too
			FeatureLayer input = c.featureLayer("image");
			assertEquals("image:0", input.name());
			assertArrayEquals(f[1], input.features(twoImages(), 2)[1], 1e-4f);
			// batches do not change the answer
			assertArrayEquals(f[1], layer.features(Arrays.copyOfRange(twoImages(), 48, 96), 1)[0], 1e-6f);
		}
	}

	@Test
	void aLayerThatDoesNotExistIsRefusedWithTheCandidates(@TempDir Path tmp) {
		Path dir = TinyModels.export(tmp.resolve("mean"), TinyModels.Variant.MEAN_COLOUR);
		try (ModelClassifier c = ModelLoader.load(dir, raw())) {
			FeatureLayerException e = assertThrows(FeatureLayerException.class, () -> c.featureLayer("pool5"));
			assertTrue(e.getMessage().contains("has no layer 'pool5'"), e.getMessage());
			assertTrue(e.getMessage().contains("Fix: give one of its layers to --feature-layer"), e.getMessage());
			String meanOp = c.featureLayer(null).name();
			assertTrue(e.getMessage().contains(meanOp + " (Mean)"), "lists " + meanOp + ": " + e.getMessage());
		}
	}

	/** A SavedModel whose class scores are the mean colour itself: no dense layer or convolution to find. */
	private static Path withoutClassificationLayer(Path dir) {
		try (Graph g = new Graph()) {
			Ops tf = Ops.create(g);
			Placeholder<TFloat32> x = tf.withName("image").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1,
				-1, -1, 3)));
			Operand<TFloat32> mean = tf.withName("pooled").math.mean(x, tf.constant(new int[] {1, 2}));
			Operand<TFloat32> probs = tf.withName("probs").nn.softmax(tf.withName("scaled").math.mul(mean,
				tf.constant(0.01f)));
			try (Session s = new Session(g)) {
				SavedModelBundle.exporter(dir.toString()).withSession(s).withSignature(Signature.builder().input("image",
					x).output("probs", probs).build()).export();
			}
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return dir;
	}

	@Test
	void aModelWithoutAClassificationLayerSaysHowToNameOne(@TempDir Path tmp) {
		try (ModelClassifier c = ModelLoader.load(withoutClassificationLayer(tmp.resolve("m")), raw())) {
			FeatureLayerException e = assertThrows(FeatureLayerException.class, () -> c.featureLayer(null));
			assertTrue(e.getMessage().contains("Cannot find the classification layer"), e.getMessage());
			assertTrue(e.getMessage().contains("--feature-layer NAME"), e.getMessage());
			assertTrue(e.getMessage().contains("pooled:0 (Mean)"), e.getMessage());
			// naming it works
			assertArrayEquals(new float[] {10, 20, 30}, c.featureLayer("pooled:0").features(twoImages(), 2)[0], 1e-4f);
		}
	}

	@Test
	void theLayerSetInTheModelsPropertiesIsTheDefault(@TempDir Path tmp) throws IOException {
		Path dir = TinyModels.export(tmp.resolve("mean"), TinyModels.Variant.MEAN_COLOUR);
		java.nio.file.Files.writeString(dir.resolve(ModelOptions.PROPERTIES_FILE), "feature_layer = image\n");
		try (ModelClassifier c = ModelLoader.load(dir, raw())) {
			assertEquals("image:0", c.featureLayer(null).name());
			assertEquals("named by feature_layer", c.featureLayer(null).howChosen());
		}
	}

	@Test
	void theDemoModelsFeatureLayerIsItsGlobalPool() {
		try (ModelClassifier c = ModelLoader.load(DemoAssets.modelDir(), null)) {
			FeatureLayer layer = c.featureLayer(null);
			assertEquals("global_max_pool:0", layer.name());
			float[] images = new float[2 * c.imageSize()];
			Arrays.fill(images, 0, c.imageSize(), 128);
			for (int i = c.imageSize(); i < images.length; i++)
				images[i] = (i * 37) % 256;
			float[][] pooled = layer.features(images, 2);
			float[][] averaged = c.featureLayer("conv5/Relu").features(images, 2);
			assertEquals(64, pooled[0].length);
			assertEquals(64, averaged[0].length);
			// the maximum over positions of a ReLU map is at least its mean, and neither is negative
			for (int n = 0; n < 2; n++)
				for (int k = 0; k < 64; k++) {
					assertTrue(averaged[n][k] >= 0);
					assertTrue(pooled[n][k] >= averaged[n][k] - 1e-5f, n + "/" + k);
				}
		}
	}

	@Test
	void mobileNetsFeatureLayerIsThePooledInputOfItsClassifier() {
		ModelOptions o = new ModelOptions();
		o.valueRange = ValueRange.CENTERED_128;
		try (ModelClassifier c = ModelLoader.load(TestData.model("mobilenet_v2_imagenet"), o)) {
			FeatureLayer layer = c.featureLayer(null);
			float[] image = new float[c.imageSize()];
			Arrays.fill(image, 90);
			assertEquals(1280, layer.features(image, 1)[0].length, layer.name());
		}
	}

	@Test
	void anOnnxModelRefusesWithTheFix() {
		try (ModelClassifier c = ModelLoader.load(TestData.model("resnet8_cifar10_onnx").resolve("model.onnx"), null)) {
			FeatureLayerException e = assertThrows(FeatureLayerException.class, () -> c.featureLayer(null));
			assertTrue(e.getMessage().contains("Fix: use the model as a TensorFlow SavedModel"), e.getMessage());
		}
	}
}
