package io.github.ablationca.fiji;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the user's "target class" field: blank = the top-1 class, a number = an output index, anything else = a
 * label (exact, then case-insensitive, then one of the comma-separated synonyms of a label such as
 * {@code "tabby, tabby cat"}).
 */
final class TargetClass {

	private TargetClass() {}

	/**
	 * @return the output index as text for {@code ExplainSettings.target}, or null for the top-1 class
	 * @throws IllegalArgumentException naming the problem and the fix
	 */
	static String resolve(String target, List<String> labels) {
		if (target == null || target.isBlank()) return null;
		String t = target.trim();
		int n = labels.size();
		if (t.matches("[+-]?\\d+")) {
			long index = Long.parseLong(t);
			if (index < 0 || index >= n) throw new IllegalArgumentException("target_class " + t +
				" is not an output of this model: it has " + n + " classes, numbered 0.." + (n - 1) +
				". Leave target_class empty for the top-1 class.");
			return Long.toString(index);
		}
		int exact = labels.indexOf(t);
		if (exact >= 0) return Integer.toString(exact);
		List<Integer> matches = new ArrayList<>();
		for (int i = 0; i < n; i++)
			if (labels.get(i).trim().equalsIgnoreCase(t)) matches.add(i);
		if (matches.isEmpty()) for (int i = 0; i < n; i++)
			for (String synonym : labels.get(i).split(","))
				if (synonym.trim().equalsIgnoreCase(t)) {
					matches.add(i);
					break;
				}
		if (matches.size() == 1) return Integer.toString(matches.get(0));
		if (matches.size() > 1) throw new IllegalArgumentException("target_class '" + t + "' matches several classes " +
			describe(matches, labels) + "; give the output index instead.");
		List<Integer> similar = new ArrayList<>();
		String lower = t.toLowerCase(Locale.ROOT);
		for (int i = 0; i < n && similar.size() < 5; i++)
			if (labels.get(i).toLowerCase(Locale.ROOT).contains(lower)) similar.add(i);
		throw new IllegalArgumentException("target_class '" + t + "' is not a class of this model" +
			(similar.isEmpty() ? "" : "; similar: " + describe(similar, labels)) +
			". Use a label from the labels file or an output index, or leave it empty for the top-1 class.");
	}

	private static String describe(List<Integer> indices, List<String> labels) {
		List<String> parts = new ArrayList<>();
		for (int i : indices)
			parts.add(i + " '" + labels.get(i) + "'");
		return String.join(", ", parts);
	}
}
