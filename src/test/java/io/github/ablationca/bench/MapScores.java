package io.github.ablationca.bench;

import io.github.ablationca.classifier.Classifier;
import io.github.ablationca.image.RgbImage;
import io.github.ablationca.metric.CausalMetric;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Deletion and insertion AUCs of candidate heatmaps, printed per image and averaged per map (for the map benches). */
final class MapScores {

	private final CausalMetric metric = new CausalMetric().withBatchSize(32);
	/** Per map: deletion sum, insertion sum, count. */
	private final Map<String, double[]> sums = new LinkedHashMap<>();

	/** Scores every map of one image for {@code target} and prints a CSV row {@code image,map,deletion,insertion}. */
	void score(String image, RgbImage pixels, Map<String, float[]> maps, Classifier c, int target) {
		for (Map.Entry<String, float[]> m : maps.entrySet()) {
			double del = metric.deletion(pixels, m.getValue(), c, target).auc();
			double ins = metric.insertion(pixels, m.getValue(), c, target).auc();
			System.out.println(String.format(Locale.ROOT, "%s,%s,%.4f,%.4f", image, m.getKey(), del, ins));
			double[] acc = sums.computeIfAbsent(m.getKey(), k -> new double[3]);
			acc[0] += del;
			acc[1] += ins;
			acc[2]++;
		}
	}

	/** Prints each map's mean deletion and insertion AUC over the images scored. */
	void printMeans() {
		for (Map.Entry<String, double[]> m : sums.entrySet())
			System.out.println(String.format(Locale.ROOT, "mean,%s,%.4f,%.4f", m.getKey(), m.getValue()[0] /
				m.getValue()[2], m.getValue()[1] / m.getValue()[2]));
	}
}
