package io.github.ablationca.metric;

import io.github.ablationca.classifier.Classifier;
import io.github.ablationca.image.RgbImage;

import java.util.List;

/**
 * Class 0 probability = the fraction of the pixels of one rectangle that still show the original image (every
 * channel within 0.5 of it); class 1 gets the rest. Deletion and insertion AUCs follow in closed form.
 */
final class OneRegionClassifier implements Classifier {

	final RgbImage original;
	final int x0, y0, w, h;

	OneRegionClassifier(RgbImage original, int x0, int y0, int w, int h) {
		this.original = original;
		this.x0 = x0;
		this.y0 = y0;
		this.w = w;
		this.h = h;
	}

	/** A textured scene (a red/dark checkerboard inside the region, so a blur changes every region pixel). */
	static RgbImage scene(int width, int height, int x0, int y0, int w, int h) {
		RgbImage img = new RgbImage(width, height);
		for (int y = 0; y < height; y++)
			for (int x = 0; x < width; x++) {
				boolean in = x >= x0 && x < x0 + w && y >= y0 && y < y0 + h;
				boolean odd = ((x + y) & 1) == 1;
				img.set(x, y, 0, in ? (odd ? 220 : 30) : 90);
				img.set(x, y, 1, in ? (odd ? 30 : 200) : 90);
				img.set(x, y, 2, 90);
			}
		return img;
	}

	@Override
	public int inputWidth() {
		return original.width();
	}

	@Override
	public int inputHeight() {
		return original.height();
	}

	@Override
	public List<String> labels() {
		return List.of("region", "rest");
	}

	@Override
	public float[][] predict(float[] images, int count) {
		float[][] out = new float[count][];
		float[] o = original.data();
		for (int n = 0; n < count; n++) {
			int visible = 0;
			for (int y = y0; y < y0 + h; y++)
				for (int x = x0; x < x0 + w; x++) {
					int i = 3 * (y * original.width() + x), j = n * imageSize() + i;
					if (Math.abs(images[j] - o[i]) < 0.5f && Math.abs(images[j + 1] - o[i + 1]) < 0.5f &&
						Math.abs(images[j + 2] - o[i + 2]) < 0.5f) visible++;
				}
			float s = (float) visible / (w * h);
			out[n] = new float[] {s, 1 - s};
		}
		return out;
	}
}
