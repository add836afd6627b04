package io.github.ablationca.attribution;

import io.github.ablationca.image.RgbImage;

/**
 * Occlusion sensitivity (Zeiler and Fergus 2014): a square window slides over the image as the model sees it,
 * its pixels are replaced by a fill, and each pixel gets the mean drop of the target probability over all window
 * positions that cover it: {@code heat(p) = mean over windows W containing p of (f(x) - f(x with W filled))}.
 * <p>
 * Window and stride are in model-input pixels; 0 picks the defaults (window = 1/8 of the shorter model side, stride
 * = half the window). The last window of a row or column is moved to touch the border, so every pixel is covered.
 * Model calls: 1 + number of window positions. The model-space map is upsampled bilinearly to input resolution.
 *
 * <pre>{@code
 * Attribution h = new Occlusion(28, 14, Fill.imageMean()).explain(AttributionRequest.of(image, classifier, target));
 * }</pre>
 */
public final class Occlusion implements AttributionMethod {

	private final int window;
	private final int stride;
	private final Fill fill;

	/** Default window (1/8 of the shorter model side), stride (window / 2) and fill (the image's mean colour). */
	public Occlusion() {
		this(0, 0, Fill.imageMean());
	}

	/**
	 * @param window side of the square window in model pixels; 0 = 1/8 of the shorter model side
	 * @param stride step between window positions in model pixels; 0 = half the window
	 * @param fill what the window shows (any fill but {@link Fill#segmentMean()})
	 */
	public Occlusion(int window, int stride, Fill fill) {
		if (window < 0) throw new IllegalArgumentException("Occlusion window must be positive or 0 for the default (got " +
			window + ").");
		if (stride < 0) throw new IllegalArgumentException("Occlusion stride must be positive or 0 for the default (got " +
			stride + ").");
		this.window = window;
		this.stride = stride;
		this.fill = Fill.withoutSegments(fill, "Occlusion");
	}

	@Override
	public String name() {
		return "occlusion";
	}

	@Override
	public Attribution explain(AttributionRequest request) {
		request.validate();
		long t0 = System.nanoTime();
		ModelSpace space = ModelSpace.of(request.image(), request.classifier(), request.resize());
		int w = space.modelWidth(), h = space.modelHeight();
		int win = window > 0 ? window : Math.max(1, Math.min(w, h) / 8);
		int step = stride > 0 ? stride : Math.max(1, win / 2);
		int winX = Math.min(win, w), winY = Math.min(win, h);
		int[] xs = positions(w, winX, step), ys = positions(h, winY, step);
		float[] image = space.fit(request.image()).data();
		float[] filled = fill.apply(new RgbImage(w, h, image), null).data();

		BatchScorer scorer = new BatchScorer(request);
		float original = scorer.score(image);
		double[] sum = new double[w * h];
		int[] cover = new int[w * h];
		int positions = xs.length * ys.length;
		scorer.run(positions, (i, slot, buf, off) -> {
			System.arraycopy(image, 0, buf, off, image.length);
			int x0 = xs[i % xs.length], y0 = ys[i / xs.length];
			for (int y = y0; y < y0 + winY; y++) {
				int row = 3 * (y * w + x0);
				System.arraycopy(filled, row, buf, off + row, 3 * winX);
			}
		}, (i, slot, p) -> {
			double drop = original - p;
			int x0 = xs[i % xs.length], y0 = ys[i / xs.length];
			for (int y = y0; y < y0 + winY; y++)
				for (int x = x0; x < x0 + winX; x++) {
					sum[y * w + x] += drop;
					cover[y * w + x]++;
				}
		}, "occlusion windows", 0, 1);

		float[] heat = new float[w * h];
		for (int p = 0; p < heat.length; p++)
			heat[p] = cover[p] == 0 ? 0 : (float) (sum[p] / cover[p]);
		return new Attribution(name(), space.imageWidth(), space.imageHeight(), space.toInput(heat), scorer.calls(),
			(System.nanoTime() - t0) * 1e-9);
	}

	/** Window starts 0, step, 2 step, ... plus one flush with the far border if the last one falls short. */
	static int[] positions(int size, int win, int step) {
		int n = (size - win) / step + 1;
		boolean extra = (n - 1) * step + win < size;
		int[] p = new int[n + (extra ? 1 : 0)];
		for (int i = 0; i < n; i++)
			p[i] = i * step;
		if (extra) p[n] = size - win;
		return p;
	}

	@Override
	public String toString() {
		return "occlusion(window=" + (window > 0 ? window : "auto") + ", stride=" + (stride > 0 ? stride : "auto") +
			", fill=" + fill + ")";
	}
}
