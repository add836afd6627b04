package io.github.ablationca.tensorflow;

import io.github.ablationca.classifier.GradientUnavailableException;
import io.github.ablationca.run.ModelLoader;
import io.github.ablationca.classifier.ModelOptions;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ablationca.TestData;
import io.github.ablationca.attribution.AttributionRequest;
import io.github.ablationca.attribution.Fill;
import io.github.ablationca.attribution.GradientSaliency;
import io.github.ablationca.attribution.Attribution;
import io.github.ablationca.attribution.IntegratedGradients;
import io.github.ablationca.attribution.ChannelReduction;
import io.github.ablationca.classifier.Classifier;
import io.github.ablationca.classifier.ValueRange;
import io.github.ablationca.image.RgbImage;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Input gradients through TF Java against central finite differences, and the failure messages. */
class TensorFlowGradientsTest {

	/** A classifier over the same graph (forward pass of the gradient adapter), for the explainers' requests. */
	static Classifier classifierOf(TensorFlowGradients g) {
		return new Classifier() {
			@Override
			public int inputWidth() {
				return g.inputWidth();
			}

			@Override
			public int inputHeight() {
				return g.inputHeight();
			}

			@Override
			public List<String> labels() {
				return java.util.stream.IntStream.range(0, g.numClasses()).mapToObj(Integer::toString).toList();
			}

			@Override
			public float[][] predict(float[] images, int count) {
				return g.predict(images, count);
			}
		};
	}

	static float[] randomImages(int n, int size, long seed) {
		Random r = new Random(seed);
		float[] x = new float[n * size];
		for (int i = 0; i < x.length; i++)
			x[i] = 20 + 215 * r.nextFloat();
		return x;
	}

	/**
	 * Central differences at every input value of one image, all perturbed images in one forward pass, in double
	 * on the Java side from the model's float32 probabilities.
	 */
	static double[] finiteDifferences(TensorFlowGradients g, float[] image, int target, int[] indices, float h) {
		int size = g.imageSize(), n = indices.length;
		float[] batch = new float[2 * n * size];
		for (int k = 0; k < n; k++) {
			System.arraycopy(image, 0, batch, 2 * k * size, size);
			System.arraycopy(image, 0, batch, (2 * k + 1) * size, size);
			batch[2 * k * size + indices[k]] += h;
			batch[(2 * k + 1) * size + indices[k]] -= h;
		}
		float[][] p = g.predict(batch, 2 * n);
		double[] fd = new double[n];
		for (int k = 0; k < n; k++)
			fd[k] = ((double) p[2 * k][target] - p[2 * k + 1][target]) / (2.0 * h);
		return fd;
	}

	/** A classifier and the gradients of the very output it predicts with, closed together. */
	record Loaded(TensorFlowClassifier classifier, TensorFlowGradients gradients) implements AutoCloseable {

		static Loaded of(Path dir, ValueRange range, String output) {
			ModelOptions o = new ModelOptions();
			o.valueRange = range;
			o.output = output;
			TensorFlowClassifier c = (TensorFlowClassifier) ModelLoader.load(dir, o);
			try {
				return new Loaded(c, TensorFlowGradients.of(c));
			}
			catch (RuntimeException e) {
				c.close();
				throw e;
			}
		}

		@Override
		public void close() {
			gradients.close();
			classifier.close();
		}
	}

	@Test
	void predictionAndGradientsReadTheSameOutput(@TempDir Path dir) throws Exception {
		GradientTinyModels.export(dir, GradientTinyModels.Variant.PROBS_AND_LOGITS);
		for (String output : new String[] {null, "probs", "logits"})
			try (Loaded l = Loaded.of(dir, ValueRange.MINUS_ONE_TO_ONE, output)) {
				assertEquals(l.classifier().outputName().replace(":0", ""), l.gradients().output()
					.replace(" (logits, softmax added)", "").replace(":0", ""), "output " + output);
				float[] images = randomImages(4, l.classifier().imageSize(), 5);
				float[][] viaClassifier = l.classifier().predict(images, 4), viaGradients = l.gradients().predict(images, 4);
				for (int i = 0; i < 4; i++)
					assertArrayEquals(viaClassifier[i], viaGradients[i], 1e-6f, "output " + output + ", image " + i);
			}
	}

	@Test
	void gradientsMatchCentralDifferencesOnASmoothModel(@TempDir Path dir) throws Exception {
		GradientTinyModels.export(dir, GradientTinyModels.Variant.PROBS_AND_LOGITS);
		try (Loaded l = Loaded.of(dir, ValueRange.MINUS_ONE_TO_ONE, null)) {
			TensorFlowGradients g = l.gradients();
			assertEquals("probs:0", g.output());
			assertEquals(GradientTinyModels.W, g.inputWidth());
			assertEquals(GradientTinyModels.H, g.inputHeight());
			int size = g.imageSize();
			float[] image = randomImages(1, size, 1);
			int[] all = java.util.stream.IntStream.range(0, size).toArray();
			for (int target = 0; target < GradientTinyModels.CLASSES; target++) {
				float[] grad = new float[size];
				g.gradients(image, 1, target, grad);
				double[] fd = finiteDifferences(g, image, target, all, 0.5f);
				// h = 0.5 on the 0..255 scale is 0.004 in the model's [-1, 1] units: the O(h^2) truncation error is
				// ~1e-5 of the gradient, the float32 rounding of p (~6e-8) over 2h adds ~6e-8 absolute, ~1e-4 of the
				// largest gradient here; 1e-3 of the largest gradient leaves room for both
				double max = 0, err = 0;
				for (int i = 0; i < size; i++) {
					max = Math.max(max, Math.abs(grad[i]));
					err = Math.max(err, Math.abs(grad[i] - fd[i]));
				}
				assertTrue(max > 1e-4, "the model must respond to its input");
				assertTrue(err < 1e-3 * max, "target " + target + ": max error " + err + " vs max gradient " + max);
			}
			assertEquals(GradientTinyModels.CLASSES, g.calls());
		}
	}

	@Test
	void logitsOnlyModelGetsTheProbabilityGradient(@TempDir Path dir) throws Exception {
		Path probsDir = GradientTinyModels.export(dir.resolve("probs"), GradientTinyModels.Variant.PROBS_AND_LOGITS);
		Path logitsDir = GradientTinyModels.export(dir.resolve("logits"), GradientTinyModels.Variant.LOGITS_ONLY);
		try (Loaded lp = Loaded.of(probsDir, ValueRange.MINUS_ONE_TO_ONE, null);
			Loaded ll = Loaded.of(logitsDir, ValueRange.MINUS_ONE_TO_ONE, null))
		{
			TensorFlowGradients p = lp.gradients(), l = ll.gradients();
			assertTrue(l.output().contains("softmax added"), l.output());
			float[] images = randomImages(3, p.imageSize(), 2);
			float[] gp = new float[images.length], gl = new float[images.length];
			p.gradients(images, 3, 2, gp);
			l.gradients(images, 3, 2, gl);
			assertArrayEquals(gp, gl, 1e-7f);
			// batch of 3 = three batches of 1
			float[] one = new float[p.imageSize()];
			for (int n = 0; n < 3; n++) {
				p.gradients(java.util.Arrays.copyOfRange(images, n * one.length, (n + 1) * one.length), 1, 2, one);
				assertArrayEquals(java.util.Arrays.copyOfRange(gp, n * one.length, (n + 1) * one.length), one, 1e-8f);
			}
		}
	}

	@Test
	void explainersRunThroughTheGraph(@TempDir Path dir) throws Exception {
		GradientTinyModels.export(dir, GradientTinyModels.Variant.PROBS_AND_LOGITS);
		try (Loaded l = Loaded.of(dir, ValueRange.MINUS_ONE_TO_ONE, null)) {
			TensorFlowGradients g = l.gradients();
			Classifier c = classifierOf(g);
			RgbImage image = new RgbImage(GradientTinyModels.W, GradientTinyModels.H, randomImages(1, g.imageSize(), 3));
			AttributionRequest r = AttributionRequest.of(image, c, 1).withBatchSize(16);
			// integrated gradients: completeness, sum of attributions = p(x) - p(black), trapezoid error O(1/m^2)
			Attribution ig = new IntegratedGradients(g, Fill.black(), 100, ChannelReduction.SUM).explain(r);
			double sum = 0;
			for (float v : ig.values())
				sum += v;
			double px = c.predict(image.data(), 1)[0][1], p0 = c.predict(new float[g.imageSize()], 1)[0][1];
			assertEquals(px - p0, sum, 1e-3 * Math.max(1e-3, Math.abs(px - p0)) + 2e-5);
			assertEquals(101, ig.modelCalls());
			// saliency = max over channels of |gradient|
			Attribution s = new GradientSaliency(g).explain(r);
			float[] grad = new float[g.imageSize()];
			g.gradients(image.data(), 1, 1, grad);
			for (int p = 0; p < s.values().length; p++)
				assertEquals(Math.max(Math.abs(grad[3 * p]), Math.max(Math.abs(grad[3 * p + 1]), Math.abs(grad[3 * p +
					2]))), s.values()[p], 1e-9);
		}
	}

	@Test
	void graphWithoutAGradientGivesAClearMessage(@TempDir Path dir) throws Exception {
		GradientTinyModels.export(dir, GradientTinyModels.Variant.NO_GRADIENT);
		GradientUnavailableException e = assertThrows(GradientUnavailableException.class,
			() -> Loaded.of(dir, ValueRange.MINUS_ONE_TO_ONE, null));
		assertEquals("Erfc", e.opType());
		assertTrue(e.getMessage().contains("no gradient registered for op type 'Erfc'"), e.getMessage());
		assertTrue(e.getMessage().contains("smooth_but_no_gradient"), e.getMessage());
		assertTrue(e.getMessage().contains("use occlusion, lime or rise"), e.getMessage());
	}

	@Test
	void resnet8GradientsMatchCentralDifferencesAtTheStrongestPixels() throws Exception {
		BufferedImage bi = ImageIO.read(TestData.image("cifar10/cat_0000.jpg").toFile());
		int[] argb = bi.getRGB(0, 0, 32, 32, null, 0, 32);
		float[] image = RgbImage.fromArgb(argb, 32, 32).data();
		// the classifier's value range for this model (raw 0..255), as evaluate passes it on
		try (Loaded l = Loaded.of(TestData.model("resnet8_cifar10"), ValueRange.ZERO_TO_255, null)) {
			TensorFlowGradients g = l.gradients();
			assertEquals("probs:0", g.output());
			int target = 3; // cat, the model's top-1 for this image (../shared/data/README.md)
			assertTrue(g.predict(image, 1)[0][target] > 0.9f);
			float[] grad = new float[g.imageSize()];
			g.gradients(image, 1, target, grad);
			int[] top = java.util.stream.IntStream.range(0, grad.length).boxed()
				.sorted((a, b) -> Float.compare(Math.abs(grad[b]), Math.abs(grad[a]))).limit(5)
				.mapToInt(Integer::intValue).toArray();
			double[] fd = finiteDifferences(g, image, target, top, 0.05f);
			// A ReLU network is piecewise linear: central differences are exact unless a unit switches within
			// +-h of the pixel value, so h is small (1/20 of a grey level; at h = 0.25 switching units already cost
			// several percent). Float32 rounding of p (~6e-8) over 2h adds ~6e-7 absolute, under 0.1% of these
			// gradients (~1e-3). 1% relative, the order of the 0.5% the data README reports for MobileNet V2.
			for (int k = 0; k < top.length; k++)
				assertEquals(grad[top[k]], fd[k], 0.01 * Math.abs(grad[top[k]]) + 1e-6, "value " + top[k]);
		}
	}
}
