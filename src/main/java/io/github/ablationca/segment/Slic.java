package io.github.ablationca.segment;

import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

import net.imglib2.RandomAccessibleInterval;

/**
 * SLIC superpixels (Achanta et al., 2012) on ImgLib2 images, with a segment count that follows the request.
 * <p>
 * <b>Input.</b> A 2D {@code ARGBType} image is clustered in CIELAB (sRGB, D65 white; alpha ignored). A 2D
 * {@code RealType} image (8-, 16-, 32-bit, ...) is clustered by intensity, mapped linearly from its finite
 * minimum..maximum to 0..100 (the L* scale), so compactness means the same at every bit depth and an image and its
 * linearly rescaled copy give identical labels. NaN and infinite pixels are treated as missing: they are left out
 * of the Gaussian pre-smoothing, k-means compares them by position only and never lets them move a centre's
 * value, and the connectivity step never joins a missing pixel to a finite one. So a missing area forms segments
 * of its own; only a missing speck smaller than the minimum segment size (or the smallest segment when the count
 * must drop) is merged into a neighbour. No NaN ever reaches a cluster centre. The image is never modified.
 * <p>
 * <b>Algorithm.</b>
 * <ol>
 * <li>Optional separable Gaussian pre-smoothing of the feature planes ({@code smoothingSigma} in pixels, 0 =
 * none).</li>
 * <li>Exactly {@code K} seeds on an aspect-aware grid: {@code rows = round(sqrt(K * height / width))} rows with
 * {@code floor(K/rows)} or {@code ceil(K/rows)} seeds each, so cells are close to square and no seed is lost to
 * rounding (scikit-image's grid undershoots). Each seed moves to the lowest-gradient pixel of its 3x3
 * neighbourhood.</li>
 * <li>{@code iterations} rounds of local k-means: each pixel goes to the centre, among those whose window (one
 * grid cell on each side) covers it, that minimises {@code D^2 = dc^2 + (ds / S)^2 * m^2} with {@code dc} the
 * colour (L*a*b* or intensity) distance, {@code ds} the spatial distance, {@code S = sqrt(pixels / K)} and
 * {@code m} the compactness: scikit-image's meaning of compactness. Centres move to the mean of their
 * pixels.</li>
 * <li>Connectivity: each 4-connected piece of a cluster becomes a segment; segments smaller than
 * {@code minSizeFactor * pixels / K} are merged, smallest first, into the adjacent segment of closest mean
 * colour.</li>
 * <li>Count control: while more than {@code K * (1 + countTolerance)} segments remain, the smallest is merged the
 * same way; while fewer than {@code K * (1 - countTolerance)} remain, the largest is cut in two across its
 * principal axis and step 4 repeats (at most 8 rounds).</li>
 * <li>Labels are renumbered 0..n-1 in raster order of first appearance.</li>
 * </ol>
 * {@code K} is the requested count, capped at {@code pixels / 4} (segments of at least about 4 pixels; a 32x32
 * image gives at most 256 segments, whatever the request).
 * <p>
 * <b>Threads and determinism.</b> Colour conversion, smoothing, assignment and centre update are split by rows over
 * {@code threads} threads (default {@link #defaultThreads}: every core, or a Spark task's). Every pixel compares the
 * centres in the same order whatever the split, and centre sums are accumulated in 64-bit fixed point (exact, so
 * the order of addition does not matter): the labels are identical for any thread count and any run. The clean-up
 * is single-threaded.
 * <p>
 * Usage:
 * <pre>{@code
 * RandomAccessibleInterval<ARGBType> rgb = ArrayImgs.argbs(pixels, width, height);
 * LabelImage objects = new Slic(40, 10, 10, 1.0).segment(rgb);   // segments, compactness, iterations, sigma
 * int n = objects.count();                                           // the actual number, about 40
 * int idAtPixel = objects.get(x, y);                                 // 0 .. n-1
 *
 * // fluent options return modified copies
 * Slic single = new Slic().withThreads(1).withCountTolerance(0);    // 40 segments exactly, one thread
 * }</pre>
 */
public final class Slic implements Segmenter {

	public static final int DEFAULT_SEGMENTS = 40;
	public static final double DEFAULT_COMPACTNESS = 10;
	public static final int DEFAULT_ITERATIONS = 10;
	/** Matches {@code ExplainSettings.smoothingSigma}. */
	public static final double DEFAULT_SMOOTHING_SIGMA = 1;
	public static final double DEFAULT_MIN_SIZE_FACTOR = 0.25;
	public static final double DEFAULT_COUNT_TOLERANCE = 0.1;
	/** Requests above {@code pixels / MIN_PIXELS_PER_SEGMENT} are capped there. */
	public static final int MIN_PIXELS_PER_SEGMENT = 4;

	/** Pixels per band of the assignment step: the band's arrays (about 20 bytes a pixel) stay in L2 cache. */
	private static final int BAND_PIXELS = 8192;
	/** Centre sums use fixed point with this many units per feature unit (exact 64-bit sums). */
	private static final float FIXED_POINT = 65536f;

	private final int segments;
	private final double compactness;
	private final int iterations;
	private final double smoothingSigma;
	private final int threads;
	private final double minSizeFactor;
	private final double countTolerance;

	/** 40 segments, compactness 10, 10 iterations, smoothing sigma 1. */
	public Slic() {
		this(DEFAULT_SEGMENTS, DEFAULT_COMPACTNESS, DEFAULT_ITERATIONS, DEFAULT_SMOOTHING_SIGMA);
	}

	/**
	 * @param segments requested number of segments (at least 1); the result stays near it (see
	 *        {@link #withCountTolerance})
	 * @param compactness balance of colour against space, as in scikit-image (positive; 10 is typical for RGB,
	 *        higher gives squarer segments)
	 * @param iterations k-means iterations (0 or more; 10 is typical)
	 * @param smoothingSigma Gaussian pre-smoothing in pixels (0 = none)
	 * @throws IllegalArgumentException naming the bad parameter and a usable value
	 */
	public Slic(int segments, double compactness, int iterations, double smoothingSigma) {
		this(segments, compactness, iterations, smoothingSigma, defaultThreads(), DEFAULT_MIN_SIZE_FACTOR,
			DEFAULT_COUNT_TOLERANCE);
	}

	/**
	 * The threads of a new {@code Slic}: the parallelism of the fork-join pool the caller runs in, so work confined to
	 * a pool (a Spark task on its cores) stays there; else every core. The common pool's parallelism (cores - 1) is
	 * not taken: it leaves a core for the calling thread, which is one of SLIC's threads too.
	 */
	public static int defaultThreads() {
		ForkJoinPool pool = ForkJoinTask.getPool();
		if (pool == null || pool == ForkJoinPool.commonPool()) return Runtime.getRuntime().availableProcessors();
		return pool.getParallelism();
	}

	private Slic(int segments, double compactness, int iterations, double smoothingSigma, int threads,
		double minSizeFactor, double countTolerance)
	{
		require(segments >= 1, "SLIC segments must be at least 1 (got " + segments + "); try 40.");
		require(compactness > 0 && Double.isFinite(compactness), "SLIC compactness must be a positive number (got " +
			compactness + "); try 10.");
		require(iterations >= 0, "SLIC iterations must be 0 or more (got " + iterations + "); try 10.");
		require(smoothingSigma >= 0 && Double.isFinite(smoothingSigma),
			"SLIC smoothing sigma must be 0 (none) or a positive number of pixels (got " + smoothingSigma + "); try 1.");
		require(threads >= 1, "SLIC threads must be at least 1 (got " + threads + ").");
		require(minSizeFactor >= 0 && minSizeFactor <= 1, "SLIC minimum size factor must lie in 0..1 (got " +
			minSizeFactor + "); try 0.25.");
		require(countTolerance >= 0 && countTolerance < 1, "SLIC count tolerance must lie in [0, 1) (got " +
			countTolerance + "); try 0.1.");
		this.segments = segments;
		this.compactness = compactness;
		this.iterations = iterations;
		this.smoothingSigma = smoothingSigma;
		this.threads = threads;
		this.minSizeFactor = minSizeFactor;
		this.countTolerance = countTolerance;
	}

	private static void require(boolean ok, String message) {
		if (!ok) throw new IllegalArgumentException(message);
	}

	/** A copy that uses {@code threads} threads (the labels do not depend on it). */
	public Slic withThreads(int threads) {
		return new Slic(segments, compactness, iterations, smoothingSigma, threads, minSizeFactor, countTolerance);
	}

	/**
	 * A copy whose smallest segment is {@code factor * pixels / K} pixels (default 0.25): smaller pieces are merged
	 * into a neighbour.
	 */
	public Slic withMinSizeFactor(double factor) {
		return new Slic(segments, compactness, iterations, smoothingSigma, threads, factor, countTolerance);
	}

	/**
	 * A copy that keeps the count within {@code K * (1 ± tolerance)} (default 0.1) by merging the smallest or
	 * splitting the largest segments; 0 asks for exactly K segments.
	 */
	public Slic withCountTolerance(double tolerance) {
		return new Slic(segments, compactness, iterations, smoothingSigma, threads, minSizeFactor, tolerance);
	}

	public int segments() {
		return segments;
	}

	public double compactness() {
		return compactness;
	}

	public int iterations() {
		return iterations;
	}

	public double smoothingSigma() {
		return smoothingSigma;
	}

	public int threads() {
		return threads;
	}

	public double minSizeFactor() {
		return minSizeFactor;
	}

	public double countTolerance() {
		return countTolerance;
	}

	@Override
	public String toString() {
		return "SLIC(segments=" + segments + ", compactness=" + compactness + ", iterations=" + iterations +
			", sigma=" + smoothingSigma + ", threads=" + threads + ", minSizeFactor=" + minSizeFactor +
			", countTolerance=" + countTolerance + ")";
	}

	/** The number of segments SLIC aims at for an image of {@code pixels} pixels: the request, capped. */
	public int effectiveSegments(long pixels) {
		return (int) Math.max(1, Math.min(segments, pixels / MIN_PIXELS_PER_SEGMENT));
	}

	/**
	 * Segments a 2D image.
	 *
	 * @param image {@code ARGBType} (RGB) or any {@code RealType} (grayscale), 2D
	 * @return labels 0..n-1, each one 4-connected segment; {@code count()} is the actual number of segments
	 * @throws IllegalArgumentException if the image is null, not 2D, empty or of an unsupported pixel type
	 */
	@Override
	public LabelImage segment(RandomAccessibleInterval<?> image) {
		try (RangeParallel par = new RangeParallel(threads)) {
			SlicFeatures f = SlicFeatures.of(image, par);
			if (smoothingSigma > 0) f.smooth(smoothingSigma, par);
			int w = f.width, h = f.height, n = w * h;
			int k = effectiveSegments(n);
			Clusters clusters = new Clusters(f, k, compactness, par);
			for (int it = 0; it < iterations; it++)
				clusters.iterate(it < iterations - 1); // the last centres are never used
			int[] labels = clusters.labels;
			int minSize = (int) Math.max(1, Math.floor(minSizeFactor * n / k));
			int minCount = (int) Math.max(1, Math.ceil(k * (1 - countTolerance) - 1e-9));
			int maxCount = (int) Math.max(minCount, Math.floor(k * (1 + countTolerance) + 1e-9));
			int count = new SegmentCleanup(w, h, f.planes, f.missing).run(labels, minSize, minCount, maxCount);
			return new LabelImage(w, h, labels, count);
		}
	}

	// ------------------------------------------------------------------------------------------------------------

	/** The k-means state: centres, per-pixel label and distance. */
	private static final class Clusters {

		final int w, h, k, channels;
		final float[][] planes;
		/** Grayscale only: 0 for a missing (non-finite) pixel, 1 otherwise; null when no pixel is missing. */
		final float[] valid;
		final RangeParallel par;
		/** Spatial weight (m / S)^2 of squared pixel distances. */
		final float spatialWeight;
		/** Half-width of the square window each centre searches: one (largest) grid cell. */
		final int window;
		/** Centre features [k * channels + c] and positions. */
		final float[] cf, cx, cy;
		final int[] labels;
		final float[] dist;
		/** Per worker: fixed-point sums per centre (channels, x, y, count, count of non-missing pixels). */
		final long[][] acc;

		Clusters(SlicFeatures f, int k, double compactness, RangeParallel par) {
			this.w = f.width;
			this.h = f.height;
			this.k = k;
			this.planes = f.planes;
			this.channels = planes.length;
			this.par = par;
			if (f.missing != null) {
				valid = new float[f.missing.length];
				for (int i = 0; i < valid.length; i++)
					valid[i] = f.missing[i] ? 0 : 1;
			}
			else valid = null;
			int n = w * h;
			double step = Math.sqrt((double) n / k);
			spatialWeight = (float) (compactness * compactness / (step * step));
			cf = new float[k * channels];
			cx = new float[k];
			cy = new float[k];
			labels = new int[n];
			dist = new float[n];
			acc = new long[par.threads()][];
			window = seedGrid();
		}

		/** Places exactly k seeds on an aspect-aware grid, labels pixels by grid cell; returns the window. */
		private int seedGrid() {
			int rows = (int) Math.round(Math.sqrt((double) k * h / w));
			// No row needs more than w seeds: k <= pixels / 4 (or k = 1) gives rows >= k / w.
			rows = Math.max(1, Math.min(rows, Math.min(k, h)));
			int[] rowStart = new int[rows + 1];
			for (int j = 0; j <= rows; j++)
				rowStart[j] = (int) ((long) j * k / rows);
			double cellH = (double) h / rows, maxCell = cellH;
			for (int j = 0; j < rows; j++) {
				int cols = rowStart[j + 1] - rowStart[j];
				double cellW = (double) w / cols;
				maxCell = Math.max(maxCell, cellW);
				double y = (j + 0.5) * cellH - 0.5;
				for (int i = 0; i < cols; i++) {
					int c = rowStart[j] + i;
					cx[c] = (float) ((i + 0.5) * cellW - 0.5);
					cy[c] = (float) y;
				}
			}
			int[] cellOf = new int[w];
			int gridRow = -1;
			for (int y = 0; y < h; y++) {
				int j = Math.min(rows - 1, (int) ((y + 0.5) / cellH));
				if (j != gridRow) {
					gridRow = j;
					int cols = rowStart[j + 1] - rowStart[j];
					for (int x = 0; x < w; x++)
						cellOf[x] = rowStart[j] + Math.min(cols - 1, (int) ((x + 0.5) * cols / w));
				}
				System.arraycopy(cellOf, 0, labels, y * w, w);
			}
			boolean moveSeeds = Math.min(cellH, (double) w * rows / k) >= 3 && w >= 3 && h >= 3;
			for (int c = 0; c < k; c++) {
				int x = Math.round(cx[c]), y = Math.round(cy[c]);
				if (moveSeeds) {
					int best = lowestGradient(x, y);
					x = best % w;
					y = best / w;
				}
				cx[c] = x;
				cy[c] = y;
				for (int ch = 0; ch < channels; ch++)
					cf[c * channels + ch] = planes[ch][y * w + x];
				// A seed on a missing pixel starts mid-range; the first update gives it its pixels' mean.
				if (valid != null && valid[y * w + x] == 0) cf[c] = 50;
			}
			return (int) Math.ceil(maxCell);
		}

		/** Index of the pixel with the smallest gradient magnitude in the 3x3 neighbourhood (first in scan order). */
		private int lowestGradient(int x0, int y0) {
			int best = y0 * w + x0;
			double bestG = Double.POSITIVE_INFINITY;
			for (int y = Math.max(1, y0 - 1); y <= Math.min(h - 2, y0 + 1); y++)
				for (int x = Math.max(1, x0 - 1); x <= Math.min(w - 2, x0 + 1); x++) {
					int i = y * w + x;
					double g = 0;
					for (float[] p : planes) {
						double gx = p[i + 1] - p[i - 1], gy = p[i + w] - p[i - w];
						g += gx * gx + gy * gy;
					}
					if (g < bestG) {
						bestG = g;
						best = i;
					}
				}
			return best;
		}

		/**
		 * One k-means round: assignment, then the sums of the centre update, band by band. Bands are a few rows
		 * (about {@link #BAND_PIXELS} pixels), so the features, distances and labels of a band stay in cache while
		 * every centre whose window crosses it is compared. A pixel always compares centres in index order, and the
		 * sums are exact 64-bit fixed point, so neither the banding nor the thread count changes the result.
		 */
		void iterate(boolean updateCentres) {
			int stride = channels + 4;
			int bandRows = Math.max(1, BAND_PIXELS / w);
			int bands = (h + bandRows - 1) / bandRows;
			// Centres per band, in index order: count, prefix sums, fill.
			int[] wx0 = new int[k], wx1 = new int[k], wy0 = new int[k], wy1 = new int[k];
			int[] start = new int[bands + 1];
			for (int c = 0; c < k; c++) {
				int x = Math.round(cx[c]), y = Math.round(cy[c]);
				wx0[c] = Math.max(0, x - window);
				wx1[c] = Math.min(w, x + window + 1);
				wy0[c] = Math.max(0, y - window);
				wy1[c] = Math.min(h, y + window + 1);
				if (wy0[c] >= wy1[c] || wx0[c] >= wx1[c]) continue;
				for (int b = wy0[c] / bandRows; b <= (wy1[c] - 1) / bandRows; b++)
					start[b + 1]++;
			}
			for (int b = 0; b < bands; b++)
				start[b + 1] += start[b];
			int[] members = new int[start[bands]];
			int[] fill = Arrays.copyOf(start, bands);
			for (int c = 0; c < k; c++) {
				if (wy0[c] >= wy1[c] || wx0[c] >= wx1[c]) continue;
				for (int b = wy0[c] / bandRows; b <= (wy1[c] - 1) / bandRows; b++)
					members[fill[b]++] = c;
			}
			for (int t = 0; t < acc.length; t++)
				if (acc[t] == null) acc[t] = new long[k * stride];
				else Arrays.fill(acc[t], 0);
			par.forChunks(bands, 1, (worker, bandFrom, bandTo) -> {
				for (int b = bandFrom; b < bandTo; b++) {
					int rowFrom = b * bandRows, rowTo = Math.min(h, rowFrom + bandRows);
					Arrays.fill(dist, rowFrom * w, rowTo * w, Float.POSITIVE_INFINITY);
					for (int m = start[b]; m < start[b + 1]; m++) {
						int c = members[m];
						int y0 = Math.max(rowFrom, wy0[c]), y1 = Math.min(rowTo, wy1[c]);
						if (channels == 3) assignLab(c, wx0[c], wx1[c], y0, y1);
						else if (valid == null) assignGrey(c, wx0[c], wx1[c], y0, y1);
						else assignGreyMasked(c, wx0[c], wx1[c], y0, y1);
					}
					if (updateCentres) accumulate(acc[worker], rowFrom, rowTo);
				}
			});
			if (!updateCentres) return;
			long[] total = acc[0];
			for (int t = 1; t < acc.length; t++)
				for (int j = 0; j < total.length; j++)
					total[j] += acc[t][j];
			for (int c = 0; c < k; c++) {
				int o = c * stride;
				long count = total[o + channels + 2], validCount = total[o + channels + 3];
				if (count == 0) continue; // an empty cluster keeps its centre and may win pixels back
				if (validCount > 0) for (int ch = 0; ch < channels; ch++)
					cf[c * channels + ch] = (float) (total[o + ch] / (FIXED_POINT * (double) validCount));
				cx[c] = (float) ((double) total[o + channels] / count);
				cy[c] = (float) ((double) total[o + channels + 1] / count);
			}
		}

		private void assignLab(int c, int x0, int x1, int y0, int y1) {
			float[] pl = planes[0], pa = planes[1], pb = planes[2];
			float fl = cf[3 * c], fa = cf[3 * c + 1], fb = cf[3 * c + 2];
			float ccx = cx[c], ccy = cy[c], sw = spatialWeight;
			float[] d = dist;
			int[] lab = labels;
			for (int y = y0; y < y1; y++) {
				float dy = y - ccy;
				float dyw = dy * dy * sw;
				int row = y * w;
				for (int x = x0; x < x1; x++) {
					int i = row + x;
					float dx = x - ccx;
					float dl = pl[i] - fl, da = pa[i] - fa, db = pb[i] - fb;
					float dd = dl * dl + da * da + db * db + dx * dx * sw + dyw;
					if (dd < d[i]) {
						d[i] = dd;
						lab[i] = c;
					}
				}
			}
		}

		private void assignGrey(int c, int x0, int x1, int y0, int y1) {
			float[] pv = planes[0];
			float fv = cf[c];
			float ccx = cx[c], ccy = cy[c], sw = spatialWeight;
			float[] d = dist;
			int[] lab = labels;
			for (int y = y0; y < y1; y++) {
				float dy = y - ccy;
				float dyw = dy * dy * sw;
				int row = y * w;
				for (int x = x0; x < x1; x++) {
					int i = row + x;
					float dx = x - ccx;
					float dv = pv[i] - fv;
					float dd = dv * dv + dx * dx * sw + dyw;
					if (dd < d[i]) {
						d[i] = dd;
						lab[i] = c;
					}
				}
			}
		}

		/** Grey with missing pixels: a missing pixel is compared by position only (its value is unknown). */
		private void assignGreyMasked(int c, int x0, int x1, int y0, int y1) {
			float[] pv = planes[0], m = valid;
			float fv = cf[c];
			float ccx = cx[c], ccy = cy[c], sw = spatialWeight;
			float[] d = dist;
			int[] lab = labels;
			for (int y = y0; y < y1; y++) {
				float dy = y - ccy;
				float dyw = dy * dy * sw;
				int row = y * w;
				for (int x = x0; x < x1; x++) {
					int i = row + x;
					float dx = x - ccx;
					float dv = pv[i] - fv;
					float dd = dv * dv * m[i] + dx * dx * sw + dyw;
					if (dd < d[i]) {
						d[i] = dd;
						lab[i] = c;
					}
				}
			}
		}

		/**
		 * Adds the rows' pixels to the per-centre sums (fixed-point features, x, y, count). Runs of equal labels
		 * are summed in registers first: exact integer sums, so this changes nothing but the speed.
		 */
		private void accumulate(long[] a, int rowFrom, int rowTo) {
			int stride = channels + 4;
			float[] p0 = planes[0], p1 = channels == 3 ? planes[1] : p0, p2 = channels == 3 ? planes[2] : p0;
			for (int y = rowFrom; y < rowTo; y++) {
				int row = y * w;
				int x = 0;
				while (x < w) {
					int c = labels[row + x];
					long s0 = 0, s1 = 0, s2 = 0, sx = 0, validRun = 0;
					int x1 = x;
					if (channels == 3) {
						for (; x1 < w && labels[row + x1] == c; x1++) {
							int i = row + x1;
							s0 += (int) (p0[i] * FIXED_POINT);
							s1 += (int) (p1[i] * FIXED_POINT);
							s2 += (int) (p2[i] * FIXED_POINT);
						}
					}
					else if (valid == null) {
						for (; x1 < w && labels[row + x1] == c; x1++)
							s0 += (int) (p0[row + x1] * FIXED_POINT);
					}
					else {
						// missing pixels move the centre's position but never its value
						for (; x1 < w && labels[row + x1] == c; x1++)
							if (valid[row + x1] != 0) {
								s0 += (int) (p0[row + x1] * FIXED_POINT);
								validRun++;
							}
					}
					long run = x1 - x;
					if (valid == null) validRun = run;
					sx = (x + (long) x1 - 1) * run / 2;
					int o = c * stride;
					a[o] += s0;
					if (channels == 3) {
						a[o + 1] += s1;
						a[o + 2] += s2;
					}
					a[o + channels] += sx;
					a[o + channels + 1] += y * run;
					a[o + channels + 2] += run;
					a[o + channels + 3] += validRun;
					x = x1;
				}
			}
		}
	}
}
