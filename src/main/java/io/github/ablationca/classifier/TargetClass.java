package io.github.ablationca.classifier;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The one reading of a "target" (the class whose decision is explained, Captum's {@code target}) that every face
 * uses: blank = the top-1 class; a whole number = that output index; anything else = a label, matched exactly, then
 * ignoring case, then as one of the comma-separated synonyms of a label ({@code "tabby"} finds
 * {@code "tabby, tabby cat"}). A label that several classes carry is refused with its candidates.
 * <pre>{@code
 * int index = TargetClass.resolve("tabby", classifier.labels());   // -1 for a blank target
 * int explained = index >= 0 ? index : TargetClass.top1(probabilities);
 * }</pre>
 */
public final class TargetClass {

	/** What {@link #resolve} returns for a blank target. */
	public static final int TOP_1 = -1;

	private TargetClass() {}

	/**
	 * @return the output index named by {@code target}, or {@link #TOP_1} when it is blank
	 * @throws IllegalArgumentException naming the problem, the candidates and the fix
	 */
	public static int resolve(String target, List<String> labels) {
		if (target == null || target.isBlank()) return TOP_1;
		String t = target.strip();
		int n = labels.size();
		if (t.matches("[+-]?\\d+")) {
			long index = t.length() > 12 ? Long.MAX_VALUE : Long.parseLong(t);
			if (index < 0 || index >= n) throw new IllegalArgumentException("target " + t + " is not an output of " +
				"this model: it has " + n + " classes, numbered 0.." + (n - 1) + ". Give an index in that range, a " +
				"class label, or leave the target empty for the top-1 class.");
			return (int) index;
		}
		String lower = t.toLowerCase(Locale.ROOT);
		List<Integer> found = matching(labels, l -> l.equals(t));
		if (found.isEmpty()) found = matching(labels, l -> l.strip().toLowerCase(Locale.ROOT).equals(lower));
		if (found.isEmpty()) found = matching(labels, l -> {
			for (String synonym : l.split(","))
				if (synonym.strip().toLowerCase(Locale.ROOT).equals(lower)) return true;
			return false;
		});
		if (found.size() == 1) return found.get(0);
		if (found.size() > 1) throw new IllegalArgumentException("target '" + t + "' matches several classes: " +
			describe(found, labels) + "; give the output index of the one you mean.");
		List<Integer> similar = matching(labels, l -> l.toLowerCase(Locale.ROOT).contains(lower));
		throw new IllegalArgumentException("target '" + t + "' is not a class of this model" + (similar.isEmpty()
			? "" : " (similar: " + describe(similar.subList(0, Math.min(5, similar.size())), labels) + ")") +
			". Give a label as in the labels file, an output index (0.." + (n - 1) + "), or leave the target empty " +
			"for the top-1 class.");
	}

	/** The explained class: {@code resolved} when it names one, else the most probable class of {@code probabilities}. */
	public static int orTop1(int resolved, float[] probabilities) {
		return resolved >= 0 ? resolved : Predictions.argmax(probabilities);
	}

	private static List<Integer> matching(List<String> labels, Predicate<String> match) {
		List<Integer> found = new ArrayList<>();
		for (int i = 0; i < labels.size(); i++)
			if (labels.get(i) != null && match.test(labels.get(i))) found.add(i);
		return found;
	}

	private static String describe(List<Integer> indices, List<String> labels) {
		List<String> parts = new ArrayList<>();
		for (int i : indices)
			parts.add(i + " '" + labels.get(i) + "'");
		return String.join(", ", parts);
	}
}
