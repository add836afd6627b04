package io.github.ablationca.attribution;

import io.github.ablationca.image.RgbImage;

import java.util.SplittableRandom;

/**
 * RISE, Randomized Input Sampling for Explanation (Petsiuk, Das and Saenko, BMVC 2018).
 * <p>
 * Each of {@code N} masks is a random {@code s x s} binary grid (a cell is 1 with probability {@code p}), upsampled
 * bilinearly to {@code (s + 1) x cell} pixels ({@code cell = ceil(modelSide / s)}) and cropped to the model input
 * at a random shift in {@code [0, cell)} per axis, exactly as the authors' code does. The masked image is
 * {@code m x + (1 - m) fill}; the saliency is the mask average weighted by the target probability,
 * {@code S = sum_i f(m_i x + (1 - m_i) fill) m_i / (N p)}.
 * <p>
 * Fill: the authors multiply the network's normalized input by the mask, so hidden pixels become 0 in that space,
 * the dataset's mean colour for mean-subtracted models. The default here is the image's own mean colour;
 * {@link Fill#black()} multiplies the 0..255 image by the mask instead. Masks are generated one batch at a time,
 * so memory does not grow with {@code N}. Model calls: {@code N}.
 *
 * <pre>{@code
 * Attribution h = new Rise(4000, 7, 0.5, Fill.imageMean()).explain(AttributionRequest.of(image, classifier, target));
 * }</pre>
 */
public final class Rise implements AttributionMethod {

	public static final int DEFAULT_MASKS = 4000;
	public static final int DEFAULT_GRID = 7;
	public static final double DEFAULT_KEEP = 0.5;

	private final int masks;
	private final int grid;
	private final double keep;
	private final Fill fill;

	/** 4000 masks, 7 x 7 grid, keep probability 0.5, the image's mean colour as fill. */
	public Rise() {
		this(DEFAULT_MASKS, DEFAULT_GRID, DEFAULT_KEEP, Fill.imageMean());
	}

	/** The defaults with another number of masks. */
	public Rise(int masks) {
		this(masks, DEFAULT_GRID, DEFAULT_KEEP, Fill.imageMean());
	}

	public Rise(int masks, int grid, double keepProbability, Fill fill) {
		if (masks < 1) throw new IllegalArgumentException("RISE needs at least 1 mask (got " + masks + "); try 4000.");
		if (grid < 1) throw new IllegalArgumentException("RISE grid must be at least 1 x 1 (got " + grid + "); try 7.");
		if (!(keepProbability > 0 && keepProbability < 1))
			throw new IllegalArgumentException("RISE keep probability must lie strictly between 0 and 1 (got " +
				keepProbability + "); try 0.5.");
		this.masks = masks;
		this.grid = grid;
		this.keep = keepProbability;
		this.fill = Fill.withoutSegments(fill, "RISE");
	}

	@Override
	public String name() {
		return "rise";
	}

	@Override
	public Attribution explain(AttributionRequest request) {
		request.validate();
		long t0 = System.nanoTime();
		ModelSpace space = ModelSpace.of(request.image(), request.classifier(), request.resize());
		int w = space.modelWidth(), h = space.modelHeight();
		float[] image = space.fit(request.image()).data();
		float[] filled = fill.apply(new RgbImage(w, h, image), null).data();
		MaskUpsampler up = new MaskUpsampler(grid, w, h);

		BatchScorer scorer = new BatchScorer(request);
		float[][] slotMasks = new float[Math.min(scorer.batchSize(), masks)][w * h];
		boolean[] cells = new boolean[grid * grid];
		SplittableRandom random = new SplittableRandom(request.seed());
		double[] saliency = new double[w * h];
		scorer.run(masks, (i, slot, buf, off) -> {
			for (int c = 0; c < cells.length; c++)
				cells[c] = random.nextDouble() < keep;
			int dx = random.nextInt(up.cellWidth), dy = random.nextInt(up.cellHeight);
			float[] m = slotMasks[slot];
			up.render(cells, dx, dy, m);
			for (int p = 0, o = off; p < m.length; p++, o += 3) {
				float k = m[p];
				int q = 3 * p;
				buf[o] = filled[q] + k * (image[q] - filled[q]);
				buf[o + 1] = filled[q + 1] + k * (image[q + 1] - filled[q + 1]);
				buf[o + 2] = filled[q + 2] + k * (image[q + 2] - filled[q + 2]);
			}
		}, (i, slot, score) -> {
			float[] m = slotMasks[slot];
			for (int p = 0; p < m.length; p++)
				saliency[p] += score * m[p];
		}, "RISE masks", 0, 1);

		float[] heat = new float[w * h];
		double norm = 1.0 / (masks * keep);
		for (int p = 0; p < heat.length; p++)
			heat[p] = (float) (saliency[p] * norm);
		return new Attribution(name(), space.imageWidth(), space.imageHeight(), space.toInput(heat), scorer.calls(),
			(System.nanoTime() - t0) * 1e-9);
	}

	/**
	 * Upsamples an {@code s x s} grid bilinearly (half-pixel centres, edges clamped, as skimage's
	 * {@code resize(order=1)}) to {@code (s + 1) cell} pixels per axis and crops the model-sized window at a shift.
	 */
	static final class MaskUpsampler {
		final int grid, width, height, cellWidth, cellHeight;
		private final int[] gx0, gx1, gy0, gy1;
		private final float[] fx, fy;

		MaskUpsampler(int grid, int width, int height) {
			this.grid = grid;
			this.width = width;
			this.height = height;
			cellWidth = (width + grid - 1) / grid;
			cellHeight = (height + grid - 1) / grid;
			int upW = (grid + 1) * cellWidth, upH = (grid + 1) * cellHeight;
			gx0 = new int[upW];
			gx1 = new int[upW];
			fx = new float[upW];
			axis(upW, gx0, gx1, fx);
			gy0 = new int[upH];
			gy1 = new int[upH];
			fy = new float[upH];
			axis(upH, gy0, gy1, fy);
		}

		private void axis(int up, int[] lo, int[] hi, float[] frac) {
			double scale = (double) grid / up;
			for (int o = 0; o < up; o++) {
				double g = Math.min(grid - 1, Math.max(0, (o + 0.5) * scale - 0.5));
				int f = (int) Math.floor(g);
				lo[o] = f;
				hi[o] = Math.min(f + 1, grid - 1);
				frac[o] = (float) (g - f);
			}
		}

		void render(boolean[] cells, int dx, int dy, float[] mask) {
			for (int y = 0, p = 0; y < height; y++) {
				int Y = y + dy;
				int r0 = gy0[Y] * grid, r1 = gy1[Y] * grid;
				float wy = fy[Y];
				for (int x = 0; x < width; x++, p++) {
					int X = x + dx;
					float wx = fx[X];
					float top = (1 - wx) * v(cells[r0 + gx0[X]]) + wx * v(cells[r0 + gx1[X]]);
					float bottom = (1 - wx) * v(cells[r1 + gx0[X]]) + wx * v(cells[r1 + gx1[X]]);
					mask[p] = (1 - wy) * top + wy * bottom;
				}
			}
		}

		private static float v(boolean b) {
			return b ? 1f : 0f;
		}
	}

	@Override
	public String toString() {
		return "rise(masks=" + masks + ", grid=" + grid + ", p=" + keep + ", fill=" + fill + ")";
	}
}
