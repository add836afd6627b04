package io.github.ablationca.engine;

import io.github.ablationca.classifier.SizedTestModel;
import io.github.ablationca.image.BilinearResize;
import io.github.ablationca.image.ResizeMode;
import io.github.ablationca.image.RgbImage;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * A classifier whose answer is known by construction: it sees which of its watched objects are visible (model
 * pixels that still equal the unablated image, counting only pixels whose bilinear taps lie inside the object)
 * and returns {@code P(planted) = sigmoid(logit(visible))}, or {@code = score(visible)} directly in probability
 * mode. Classes: 0 = "other", 1 = "planted".
 */
final class OracleClassifier extends SizedTestModel {

	/** The score as a function of the visible fraction (0..1) of each watched object. */
	@FunctionalInterface
	interface Score {
		double of(double[] visible);
	}

	private final float[] reference;
	private final int[][] interior;
	private final Score score;
	private final boolean probability;
	/** Images classified so far, and predict calls. */
	int imagesSeen, batches;
	/** Called with the 1-based number of each predict call, before it is answered. */
	IntConsumer onBatch = b -> {};

	/** Log-odds oracle at the scene's own size (bilinear resize is the identity). */
	static OracleClassifier logit(OracleScene scene, int[] watched, Score logit) {
		return new OracleClassifier(scene, OracleScene.WIDTH, OracleScene.HEIGHT, ResizeMode.STRETCH, watched, logit,
			false);
	}

	OracleClassifier(OracleScene scene, int width, int height, ResizeMode mode, int[] watched, Score score,
		boolean probability)
	{
		this(scene.rgb(), scene.labels, width, height, mode, watched, score, probability);
	}

	/** An oracle for any image ({@code labels} row-major, same size) as the engine sees it after conversion. */
	OracleClassifier(RgbImage image, int[] labels, int width, int height, ResizeMode mode, int[] watched, Score score,
		boolean probability)
	{
		super(width, height, "other", "planted");
		this.score = score;
		this.probability = probability;
		BilinearResize resize = BilinearResize.of(image.width(), image.height(), width, height, mode);
		reference = resize.apply(image).data();
		interior = new int[watched.length][];
		for (int r = 0; r < watched.length; r++) {
			List<Integer> pixels = new ArrayList<>();
			for (int p = 0; p < width * height; p++) {
				boolean inside = true;
				for (int t = 0; t < 4; t++)
					if (resize.weight(p, t) != 0 && labels[resize.tap(p, t)] != watched[r]) inside = false;
				if (inside) pixels.add(p);
			}
			if (pixels.isEmpty()) throw new IllegalStateException("object " + watched[r] + " has no interior pixel");
			interior[r] = pixels.stream().mapToInt(Integer::intValue).toArray();
		}
	}

	@Override
	public float[][] predict(float[] images, int count) {
		onBatch.accept(++batches);
		int size = imageSize();
		float[][] out = new float[count][];
		double[] visible = new double[interior.length];
		for (int n = 0; n < count; n++) {
			for (int r = 0; r < interior.length; r++) {
				int same = 0;
				for (int p : interior[r]) {
					int o = n * size + 3 * p;
					if (Math.abs(images[o] - reference[3 * p]) < 1e-3 && Math.abs(images[o + 1] - reference[3 * p + 1]) < 1e-3 &&
						Math.abs(images[o + 2] - reference[3 * p + 2]) < 1e-3) same++;
				}
				visible[r] = (double) same / interior[r].length;
			}
			double s = score.of(visible);
			double p = probability ? Math.max(0, Math.min(1, s)) : 1 / (1 + Math.exp(-s));
			out[n] = new float[] {(float) (1 - p), (float) p};
		}
		imagesSeen += count;
		return out;
	}
}
