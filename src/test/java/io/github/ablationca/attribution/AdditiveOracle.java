package io.github.ablationca.attribution;

import io.github.ablationca.classifier.GradientModel;
import io.github.ablationca.classifier.SizedTestModel;
import io.github.ablationca.image.RgbImage;
import io.github.ablationca.segment.LabelImage;

/**
 * A classifier whose answer is known by construction: the probability of class 0 is
 * {@code base + sum_r w_r * v_r}, where {@code v_r} is the visible fraction of planted square region {@code r},
 * measured linearly on the red channel between the hidden value {@code hiddenRed} (0 visible) and the region's
 * red {@link #RED} (1 visible). Class 1 gets the rest. It also gives its exact input gradient.
 */
final class AdditiveOracle extends SizedTestModel implements GradientModel {

	static final float RED = 200, BACKGROUND = 90;

	final int side;
	final int[][] regions; // {x0, y0} of each side x side square
	final double[] weights;
	final double base;
	final float hiddenRed;

	AdditiveOracle(int width, int height, int side, int[][] regions, double[] weights, double base, float hiddenRed) {
		super(width, height, "planted", "rest");
		this.side = side;
		this.regions = regions;
		this.weights = weights;
		this.base = base;
		this.hiddenRed = hiddenRed;
	}

	/** 48 x 48, four 10 x 10 regions in the corners with weights 0.35, 0.2, 0.1, 0. */
	static AdditiveOracle standard(float hiddenRed) {
		return new AdditiveOracle(48, 48, 10, new int[][] {{4, 4}, {34, 4}, {4, 34}, {34, 34}},
			new double[] {0.35, 0.2, 0.1, 0.0}, 0.1, hiddenRed);
	}

	/** The scene at model resolution: grey background (90), regions with red 200 (and green/blue 90). */
	RgbImage scene() {
		RgbImage img = new RgbImage(width, height);
		float[] d = img.data();
		for (int i = 0; i < d.length; i++)
			d[i] = BACKGROUND;
		for (int[] r : regions)
			for (int y = r[1]; y < r[1] + side; y++)
				for (int x = r[0]; x < r[0] + side; x++)
					img.set(x, y, 0, RED);
		return img;
	}

	/** The scene scaled up by an integer factor (pixel replication). */
	RgbImage scene(int factor) {
		RgbImage small = scene(), big = new RgbImage(width * factor, height * factor);
		for (int y = 0; y < big.height(); y++)
			for (int x = 0; x < big.width(); x++)
				for (int c = 0; c < 3; c++)
					big.set(x, y, c, small.get(x / factor, y / factor, c));
		return big;
	}

	/** One object per region, plus the background as the last object (at {@code factor} x resolution). */
	LabelImage regionLabels(int factor) {
		int w = width * factor, h = height * factor;
		int[] lab = new int[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				lab[y * w + x] = regionOf(x / factor, y / factor, regions.length);
		return new LabelImage(w, h, lab, regions.length + 1);
	}

	int regionOf(int x, int y, int none) {
		for (int r = 0; r < regions.length; r++)
			if (x >= regions[r][0] && x < regions[r][0] + side && y >= regions[r][1] && y < regions[r][1] + side) return r;
		return none;
	}

	/** Mean of an input-resolution heatmap over region {@code r} (the scene scaled by {@code factor}). */
	double regionMean(Attribution h, int r, int factor) {
		double s = 0;
		int n = 0;
		for (int y = regions[r][1] * factor; y < (regions[r][1] + side) * factor; y++)
			for (int x = regions[r][0] * factor; x < (regions[r][0] + side) * factor; x++) {
				s += h.get(x, y);
				n++;
			}
		return s / n;
	}

	double score(float[] images, int offset) {
		double s = base;
		double span = RED - hiddenRed;
		for (int r = 0; r < regions.length; r++) {
			if (weights[r] == 0) continue;
			double v = 0;
			for (int y = regions[r][1]; y < regions[r][1] + side; y++)
				for (int x = regions[r][0]; x < regions[r][0] + side; x++)
					v += (images[offset + 3 * (y * width + x)] - hiddenRed) / span;
			s += weights[r] * v / (side * side);
		}
		return s;
	}

	@Override
	public float[][] predict(float[] images, int count) {
		float[][] out = new float[count][];
		for (int n = 0; n < count; n++) {
			float s = (float) score(images, n * imageSize());
			out[n] = new float[] {s, 1 - s};
		}
		return out;
	}

	@Override
	public void gradients(float[] images, int count, int target, float[] dst) {
		int size = imageSize();
		double sign = target == 0 ? 1 : -1;
		java.util.Arrays.fill(dst, 0, count * size, 0f);
		for (int n = 0; n < count; n++)
			for (int r = 0; r < regions.length; r++)
				for (int y = regions[r][1]; y < regions[r][1] + side; y++)
					for (int x = regions[r][0]; x < regions[r][0] + side; x++)
						dst[n * size + 3 * (y * width + x)] = (float) (sign * weights[r] / (side * side) / (RED - hiddenRed));
	}

	@Override
	public int imageSize() {
		return width * height * 3;
	}
}
