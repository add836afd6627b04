package io.github.ablationca.engine;

import io.github.ablationca.segment.LabelImage;

import java.util.ArrayList;
import java.util.List;

/**
 * The ensemble heatmap ({@link HeatmapValues#ENSEMBLE}): effects on the target probability as densities (an object's
 * effect divided by its area), averaged per pixel over members that share one budget, each weighted by its model
 * calls:
 * <ol>
 * <li>the run's objects: their Monte Carlo main effects ({@code samples} calls, the run's fill);</li>
 * <li>the run's objects: the paper's single-ablation contributions ({@code n} calls): effects in the full image;</li>
 * <li>each further SLIC segmentation at another scale ({@link ExplainSettings#heatmapScales} times the object count)
 * with its own masks ({@link ExplainSettings#samplesPerScale}), fill ({@link ExplainSettings#fillPerScale}) and
 * keep probability ({@link ExplainSettings#keepPerScale}): its Monte Carlo main effects.</li>
 * </ol>
 * The average is then blurred by {@link ExplainSettings#heatmapSmoothing} mean object sides ({@link #smooth}).
 * <p>
 * Why: one segmentation paints each object flat, so the map cannot order pixels within an object, and an object
 * boundary that cuts a part in two splits its effect; segmentations at other scales cut elsewhere, and their average
 * orders pixels at the resolution of the finest member. Dividing by area makes a small decisive object count as much
 * as it matters per pixel (each member's map sums to its objects' effects, like a per-pixel attribution). Several
 * fills (the image's mean colour, black, a blur) make the map less a property of one way of hiding pixels, as
 * attributions averaged over a distribution of baselines are; main effects (objects among random others) and
 * contributions (one object from the full image) cover sparse and full contexts. A member that keeps most objects
 * (0.8) measures what hiding a few parts does to an otherwise whole image, the context in which a map's first pixels
 * are removed; one at 0.5 sees the image as often half hidden as whole.
 */
public final class HeatmapEnsemble {

	private HeatmapEnsemble() {}

	/**
	 * One further member: a segmentation of {@code segments} objects sampled {@code samples} times with {@code fill},
	 * each object kept with probability {@code keep}.
	 */
	public record Member(int segments, int samples, FillMode fill, double keep) {}

	/** The further members for a run of {@code objects} objects. */
	public static List<Member> extraMembers(ExplainSettings settings, int objects) {
		List<Member> out = new ArrayList<>();
		for (int s = 0; s < settings.heatmapScales.length; s++)
			out.add(new Member(Math.max(2, (int) Math.round(objects * settings.heatmapScales[s])),
				settings.samplesPerScale, settings.fillPerScale[s % settings.fillPerScale.length],
				settings.keepPerScale.length == 0 ? settings.keepProbability
					: settings.keepPerScale[s % settings.keepPerScale.length]));
		return out;
	}

	/** Model calls the further members add to a run of {@code objects} objects. */
	public static int extraCalls(ExplainSettings settings) {
		return settings.heatmapScales.length * settings.samplesPerScale;
	}

	/** The seed of member {@code member}'s masks: independent of the run's own masks. */
	static long seed(long runSeed, int member) {
		return runSeed ^ 0x632BE59BD9B4E019L * (member + 1);
	}

	/**
	 * The map blurred by a Gaussian of standard deviation {@code sides} times the mean object side
	 * {@code sqrt(width * height / objects)} ({@link FillImages#blur}); {@code sides = 0}, or a map with a NaN or
	 * infinite value, returns {@code map} itself.
	 * Why: a blur is the map's average over random shifts of its objects' boundaries, a segmentation at every offset
	 * at no further model calls. SLIC's boundaries are uncertain by a few pixels, and a flat object removed by
	 * deletion goes in row order; blurred, an object's pixels go from those deep inside a run of decisive objects to
	 * those next to unimportant ones, as a part is destroyed from its centre.
	 */
	public static float[] smooth(float[] map, int width, int height, int objects, double sides) {
		if (sides == 0) return map;
		if (map.length != width * height)
			throw new IllegalArgumentException("A map of " + width + " x " + height + " needs " + width * height +
				" values, got " + map.length);
		for (float v : map)
			if (!Float.isFinite(v)) return map; // a blur would spread one undefined value over its neighbourhood
		double sigma = sides * Math.sqrt((double) width * height / objects);
		int step = (int) (sigma / COARSE_CELLS_PER_SIGMA);
		if (step <= 1) return FillImages.blur(map, width, height, sigma);
		// A wide blur of a large map (sigma 37 pixels on 20 megapixels: 17 s) runs on cells of `step` pixels, where it
		// is 1/step^3 of the work; averaging into cells and interpolating back add a blur of about step/2 pixels.
		int cw = (width + step - 1) / step, ch = (height + step - 1) / step;
		// sums and pixel counts per cell, blurred apart: the border cells that hold fewer pixels weigh less
		float[] sum = new float[cw * ch], count = new float[cw * ch];
		for (int y = 0; y < height; y++)
			for (int x = 0; x < width; x++) {
				int c = (y / step) * cw + x / step;
				sum[c] += map[y * width + x];
				count[c]++;
			}
		float[] blurred = FillImages.blur(sum, cw, ch, sigma / step), weight = FillImages.blur(count, cw, ch, sigma /
			step);
		for (int c = 0; c < blurred.length; c++)
			blurred[c] /= weight[c];
		int[] x0 = new int[width], y0 = new int[height];
		float[] wx = new float[width], wy = new float[height];
		interpolation(width, step, x0, wx);
		interpolation(height, step, y0, wy);
		float[] out = new float[map.length];
		for (int y = 0; y < height; y++) {
			int r0 = y0[y] * cw, r1 = Math.min(y0[y] + 1, ch - 1) * cw;
			for (int x = 0; x < width; x++) {
				int c0 = x0[x], c1 = Math.min(c0 + 1, cw - 1);
				float top = blurred[r0 + c0] + wx[x] * (blurred[r0 + c1] - blurred[r0 + c0]);
				float bottom = blurred[r1 + c0] + wx[x] * (blurred[r1 + c1] - blurred[r1 + c0]);
				out[y * width + x] = top + wy[y] * (bottom - top);
			}
		}
		return out;
	}

	/** Cells per standard deviation of the coarse blur: the cells add under 2% to the blur's variance. */
	static final double COARSE_CELLS_PER_SIGMA = 4;

	/**
	 * For each of {@code size} pixels, the cell whose centre is at or before it ({@code first}) and the weight of the
	 * next cell ({@code weight}); cells of {@code step} pixels, the last one possibly shorter, centred on their pixels.
	 */
	private static void interpolation(int size, int step, int[] first, float[] weight) {
		int cells = (size + step - 1) / step;
		double[] centre = new double[cells];
		for (int c = 0; c < cells; c++)
			centre[c] = (c * step + Math.min((c + 1) * step, size) - 1) / 2.0;
		int c = 0;
		for (int p = 0; p < size; p++) {
			while (c + 1 < cells && centre[c + 1] <= p)
				c++;
			first[p] = c;
			weight[p] = c + 1 < cells && p > centre[c] ? (float) ((p - centre[c]) / (centre[c + 1] - centre[c])) : 0;
		}
	}

	/**
	 * The per-pixel average of each member's density, weighted by its samples: pixel value
	 * {@code sum_s w_s effect_s(l_s(p)) / area_s(l_s(p)) * (pixels / objects) / sum_s w_s}, in units of the score
	 * change per average-sized object of the run.
	 *
	 * @param labels every member's objects, at the image's size
	 * @param effects every member's main effects, by object
	 * @param weights every member's weight (its samples)
	 * @param objects the run's own object count (the unit of area)
	 */
	public static float[] density(List<LabelImage> labels, List<double[]> effects, double[] weights, int objects) {
		int pixels = labels.get(0).labels().length;
		double unit = (double) pixels / objects, total = 0;
		for (double w : weights)
			total += w;
		double[] sum = new double[pixels];
		for (int s = 0; s < labels.size(); s++) {
			int[] label = labels.get(s).labels();
			if (label.length != pixels) throw new IllegalArgumentException("member " + s + " has another size");
			int[] area = labels.get(s).areas();
			double[] perPixel = new double[area.length];
			for (int i = 0; i < area.length; i++)
				perPixel[i] = area[i] == 0 ? 0 : effects.get(s)[i] / area[i] * unit * weights[s] / total;
			for (int p = 0; p < pixels; p++)
				sum[p] += perPixel[label[p]];
		}
		float[] out = new float[pixels];
		for (int p = 0; p < pixels; p++)
			out[p] = (float) sum[p];
		return out;
	}
}
