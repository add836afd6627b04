package io.github.ablationca.classifier;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reading class probabilities: top-k with labels and arg-max (a target given by name: {@link TargetClass}).
 * <pre>{@code
 * float[][] p = classifier.predict(batch, 1);
 * for (ClassScore s : Predictions.topK(p[0], classifier.labels(), 5))
 *     System.out.println(s.index() + " " + s.label() + " " + s.probability());
 * }</pre>
 */
public final class Predictions {

	private Predictions() {}

	/**
	 * The {@code k} most probable classes, most probable first; equal probabilities are ordered by index. NaN
	 * probabilities rank last.
	 *
	 * @param probabilities one probability per class
	 * @param labels class names ({@code labels.size() == probabilities.length}); {@code null} names classes by index
	 * @param k how many; more than the number of classes gives all of them
	 */
	public static List<ClassScore> topK(float[] probabilities, List<String> labels, int k) {
		if (probabilities == null) throw new IllegalArgumentException("No probabilities given.");
		if (k < 0) throw new IllegalArgumentException("top-k needs k >= 0, not " + k);
		if (labels != null && labels.size() != probabilities.length)
			throw new IllegalArgumentException(labels.size() + " labels for " + probabilities.length + " classes.");
		int n = probabilities.length;
		k = Math.min(k, n);
		if (k == 0) return List.of();
		// Partial selection: keep the best k indices sorted in a small array (k is small, n is ~1000).
		int[] best = new int[k];
		int size = 0;
		for (int i = 0; i < n; i++) {
			if (size == k && !better(probabilities, i, best[k - 1])) continue;
			int pos = size < k ? size++ : k - 1;
			while (pos > 0 && better(probabilities, i, best[pos - 1])) {
				best[pos] = best[pos - 1];
				pos--;
			}
			best[pos] = i;
		}
		List<ClassScore> out = new ArrayList<>(k);
		for (int j = 0; j < k; j++) {
			int i = best[j];
			out.add(new ClassScore(i, labels == null ? Integer.toString(i) : labels.get(i), probabilities[i]));
		}
		return Collections.unmodifiableList(out);
	}

	/**
	 * Class {@code later} ranks before class {@code earlier} (a lower index): a higher probability, or a number where
	 * the earlier one is NaN. Equal probabilities (and two NaN) keep the earlier class first: the selection visits
	 * classes in index order and moves a class only past worse ones.
	 */
	private static boolean better(float[] p, int later, int earlier) {
		float x = p[later], y = p[earlier];
		return x > y || Float.isNaN(y) && !Float.isNaN(x);
	}

	/** The index of the most probable class (the lowest index among equals). */
	public static int argmax(float[] probabilities) {
		if (probabilities == null || probabilities.length == 0)
			throw new IllegalArgumentException("No probabilities given.");
		return topK(probabilities, null, 1).get(0).index();
	}
}
