package io.github.ablationca.attribution;

/** How the gradient methods turn three per-channel values into one heatmap value per pixel. */
public enum ChannelReduction {
	/** {@code max_c |v_c|}: the saliency map of Simonyan, Vedaldi and Zisserman (2014). */
	MAX_ABS,
	/** {@code sum_c v_c}: signed, keeps completeness of integrated gradients (the map sums to f(x) - f(x')). */
	SUM,
	/** {@code sum_c |v_c|}. */
	SUM_ABS;

	/** Reduces pixel {@code p} of an interleaved RGB array. */
	float reduce(float[] v, int p) {
		float r = v[3 * p], g = v[3 * p + 1], b = v[3 * p + 2];
		switch (this) {
			case MAX_ABS:
				return Math.max(Math.abs(r), Math.max(Math.abs(g), Math.abs(b)));
			case SUM:
				return r + g + b;
			default:
				return Math.abs(r) + Math.abs(g) + Math.abs(b);
		}
	}
}
