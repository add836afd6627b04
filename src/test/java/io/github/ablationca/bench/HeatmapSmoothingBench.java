package io.github.ablationca.bench;

import io.github.ablationca.engine.FillImages;
import io.github.ablationca.engine.HeatmapEnsemble;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The ensemble heatmap's blur ({@code heatmap_smoothing}) on a large photo's map: the exact separable Gaussian against
 * {@link HeatmapEnsemble#smooth}, which runs wide blurs on cells, in one run. Arguments: width, height, objects,
 * smoothing (default 6028 3391 37 0.05, the largest photo of held-out set D at its object count).
 */
public final class HeatmapSmoothingBench {

	public static void main(String[] args) {
		int w = args.length > 0 ? Integer.parseInt(args[0]) : 6028, h = args.length > 1 ? Integer.parseInt(args[1]) :
			3391, objects = args.length > 2 ? Integer.parseInt(args[2]) : 37;
		double sides = args.length > 3 ? Double.parseDouble(args[3]) : 0.05;
		double sigma = sides * Math.sqrt((double) w * h / objects);
		float[] map = new float[w * h];
		SplittableRandom random = new SplittableRandom(1);
		for (int p = 0; p < map.length; p++)
			map[p] = (float) random.nextDouble();
		double exact = Double.MAX_VALUE, cells = Double.MAX_VALUE, worst = 0;
		for (int round = 0; round < 3; round++) {
			long t0 = System.nanoTime();
			float[] a = FillImages.blur(map, w, h, sigma);
			long t1 = System.nanoTime();
			float[] b = HeatmapEnsemble.smooth(map, w, h, objects, sides);
			long t2 = System.nanoTime();
			exact = Math.min(exact, (t1 - t0) * 1e-9);
			cells = Math.min(cells, (t2 - t1) * 1e-9);
			for (int p = 0; p < map.length; p++)
				worst = Math.max(worst, Math.abs(a[p] - b[p]));
		}
		System.out.println(String.format(Locale.ROOT, "%d x %d, %d objects, sigma %.1f pixels: exact %.2f s, on cells " +
			"%.3f s (%.0fx faster), largest difference %.4f (values in [0, 1))", w, h, objects, sigma, exact, cells,
			exact / cells, worst));
	}
}
