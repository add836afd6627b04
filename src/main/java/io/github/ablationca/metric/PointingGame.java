package io.github.ablationca.metric;

/**
 * The pointing game (Zhang et al., "Top-down neural attention by excitation backprop", ECCV 2016): a heatmap
 * scores a hit if its maximum lies on the object or within a tolerance of it (15 pixels in the literature, the
 * default), else a miss. The maximum is the first one in row-major order (as TorchRay's {@code argmax}); NaN values
 * are skipped. Distance is Euclidean between pixel centres, so a maximum exactly 15 pixels from the nearest object
 * pixel is a hit.
 *
 * <pre>{@code
 * PointingGame.Result r = PointingGame.evaluate(heatmap.values(), ObjectMask.fromTrimap(values, w, h));
 * }</pre>
 */
public final class PointingGame {

	public static final double DEFAULT_TOLERANCE = 15;

	private PointingGame() {}

	/**
	 * @param hit the maximum lies within the tolerance of the object
	 * @param x column of the maximum
	 * @param y row of the maximum
	 * @param distance distance from the maximum to the nearest object pixel (0 on the object)
	 * @param onIgnored the maximum fell on an ignored (boundary) pixel
	 */
	public record Result(boolean hit, int x, int y, double distance, boolean onIgnored) {}

	public static Result evaluate(float[] heatmap, ObjectMask mask) {
		return evaluate(heatmap, mask, DEFAULT_TOLERANCE);
	}

	public static Result evaluate(float[] heatmap, ObjectMask mask, double tolerance) {
		if (mask == null) throw new IllegalArgumentException("The pointing game needs an object mask.");
		int w = mask.width(), h = mask.height();
		if (heatmap == null || heatmap.length != w * h)
			throw new IllegalArgumentException("Attribution has " + (heatmap == null ? 0 : heatmap.length) + " values but " +
				"the mask is " + w + " x " + h + "; the mask must match the image the heatmap explains.");
		if (!(tolerance >= 0)) throw new IllegalArgumentException("Tolerance must be 0 or more (got " + tolerance + ").");
		int best = -1;
		for (int i = 0; i < heatmap.length; i++)
			if (!Float.isNaN(heatmap[i]) && (best < 0 || heatmap[i] > heatmap[best])) best = i;
		if (best < 0) throw new IllegalArgumentException("Attribution has no finite value; nothing to point at.");
		int bx = best % w, by = best / w;
		double d2 = Double.POSITIVE_INFINITY;
		boolean[] obj = mask.object();
		for (int y = 0, i = 0; y < h; y++)
			for (int x = 0; x < w; x++, i++)
				if (obj[i]) {
					double dx = x - bx, dy = y - by;
					d2 = Math.min(d2, dx * dx + dy * dy);
				}
		double d = Math.sqrt(d2);
		return new Result(d2 <= tolerance * tolerance, bx, by, d, mask.ignore()[best]);
	}
}
