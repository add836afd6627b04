package io.github.ablationca.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.ablationca.classifier.Classifier;
import io.github.ablationca.classifier.FeatureLayer;
import io.github.ablationca.engine.ExplainSettings;
import io.github.ablationca.engine.FillMode;
import io.github.ablationca.image.ResizeMode;
import io.github.ablationca.image.RgbImage;
import io.github.ablationca.segment.LabelImage;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Descriptors on a hand-built image and a classifier whose "feature layer" is the mean colour of what it is shown:
 * an object shown alone on a black fill then gives its colour times its share of the image, computable by hand; the
 * model is called once per object, in batches of its batch size.
 */
class DescriptorsTest {

	/** A 4 x 4 input; features = the mean R, G, B of the image; counts the images it is shown. */
	private static final class MeanColourModel implements Classifier {
		int shown, calls;

		@Override
		public int inputWidth() {
			return 4;
		}

		@Override
		public int inputHeight() {
			return 4;
		}

		@Override
		public List<String> labels() {
			return List.of("a", "b");
		}

		@Override
		public int batchSize() {
			return 2;
		}

		@Override
		public float[][] predict(float[] images, int count) {
			throw new AssertionError("descriptors never ask for class scores");
		}

		@Override
		public FeatureLayer featureLayer(String layer) {
			return new FeatureLayer() {
				@Override
				public String name() {
					return "mean";
				}

				@Override
				public String howChosen() {
					return "test";
				}

				@Override
				public float[][] features(float[] images, int count) {
					calls++;
					shown += count;
					float[][] out = new float[count][3];
					for (int n = 0; n < count; n++)
						for (int p = 0; p < 16; p++)
							for (int c = 0; c < 3; c++)
								out[n][c] += images[n * 48 + 3 * p + c] / 16;
					return out;
				}
			};
		}
	}

	@Test
	void eachObjectIsShownAloneOnTheFillAndDescribedByTheModel() {
		// three objects: the left half red (8 pixels), the top right quarter green (4), the rest blue (4)
		RgbImage image = new RgbImage(4, 4);
		int[] labels = new int[16];
		for (int y = 0; y < 4; y++)
			for (int x = 0; x < 4; x++) {
				int p = y * 4 + x, object = x < 2 ? 0 : y < 2 ? 1 : 2;
				labels[p] = object;
				image.set(x, y, object, 200);
			}
		ExplainSettings s = new ExplainSettings();
		s.fill = FillMode.CONSTANT;
		s.constantColor = new float[] {0, 0, 0};
		s.resize = ResizeMode.STRETCH;
		MeanColourModel model = new MeanColourModel();
		float[][] d = Descriptors.of(image, new LabelImage(4, 4, labels, 3), s, model, model.featureLayer(null));
		assertArrayEquals(new float[] {100, 0, 0}, d[0], 1e-4f); // 200 on 8 of 16 pixels
		assertArrayEquals(new float[] {0, 50, 0}, d[1], 1e-4f);
		assertArrayEquals(new float[] {0, 0, 50}, d[2], 1e-4f);
		assertEquals(3, model.shown, "one image per object");
		assertEquals(2, model.calls, "in batches of the model's batch size (2 + 1)");

		// with the mean fill the hidden pixels take the image's mean colour (100, 50, 50)
		s.fill = FillMode.MEAN;
		float[][] m = Descriptors.of(image, new LabelImage(4, 4, labels, 3), s, model, model.featureLayer(null));
		assertArrayEquals(new float[] {100 + 50, 25, 25}, m[0], 1e-3f);
	}
}
