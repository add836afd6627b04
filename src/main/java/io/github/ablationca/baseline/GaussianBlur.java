package io.github.ablationca.baseline;

/** Separable Gaussian blur of interleaved RGB floats; kernel truncated at 3 sigma, edge pixels repeated. */
final class GaussianBlur {

	private GaussianBlur() {}

	static void blur(float[] src, float[] dst, int w, int h, double sigma) {
		if (sigma <= 0) {
			System.arraycopy(src, 0, dst, 0, src.length);
			return;
		}
		int r = Math.max(1, (int) Math.ceil(3 * sigma));
		float[] k = new float[2 * r + 1];
		double sum = 0;
		for (int i = -r; i <= r; i++)
			sum += k[i + r] = (float) Math.exp(-0.5 * i * i / (sigma * sigma));
		for (int i = 0; i < k.length; i++)
			k[i] /= sum;
		float[] tmp = new float[src.length];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				float a = 0, b = 0, c = 0;
				for (int i = -r; i <= r; i++) {
					int xx = Math.min(w - 1, Math.max(0, x + i));
					int o = 3 * (y * w + xx);
					float kv = k[i + r];
					a += kv * src[o];
					b += kv * src[o + 1];
					c += kv * src[o + 2];
				}
				int o = 3 * (y * w + x);
				tmp[o] = a;
				tmp[o + 1] = b;
				tmp[o + 2] = c;
			}
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				float a = 0, b = 0, c = 0;
				for (int i = -r; i <= r; i++) {
					int yy = Math.min(h - 1, Math.max(0, y + i));
					int o = 3 * (yy * w + x);
					float kv = k[i + r];
					a += kv * tmp[o];
					b += kv * tmp[o + 1];
					c += kv * tmp[o + 2];
				}
				int o = 3 * (y * w + x);
				dst[o] = a;
				dst[o + 1] = b;
				dst[o + 2] = c;
			}
	}
}
