package io.github.ablationca.classifier;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Class label files: one label per line, line {@code i} (0-based) naming output {@code i + offset}.
 * <p>
 * Reading: UTF-8 (a byte-order mark is skipped), Windows or Unix line ends, surrounding blanks trimmed, empty lines
 * at the end ignored. Files whose every line starts with its own consecutive number ({@code "0 background"},
 * {@code "1: tench"}) have the numbers removed.
 * <p>
 * Fitting to a model ({@link #fit}): the label offset says which output the first line names. Automatic offset:
 * as many lines as outputs = offset 0; one line fewer = offset 1 (output 0 is the "background" row of the
 * 1001-class ImageNet models); one line more whose first line is {@code background} = offset -1 (the first line is
 * dropped). Anything else is refused with a message that names both counts.
 * <pre>{@code
 * List<String> labels = Labels.fit(Labels.read(Path.of("labels.txt")), 1001, null, "labels.txt");
 * }</pre>
 */
public final class Labels {

	private static final Pattern NUMBERED = Pattern.compile("^(\\d+)\\s*[:\\s]\\s*(.*)$");

	private Labels() {}

	/**
	 * Reads a label file.
	 *
	 * @throws IllegalArgumentException if the file is missing, unreadable, not UTF-8 text or empty
	 */
	public static List<String> read(Path file) {
		if (file == null) throw new IllegalArgumentException("No labels file given.");
		if (!Files.exists(file))
			throw new IllegalArgumentException("Labels file " + file + " does not exist; give a text file with one class name per line.");
		if (!Files.isRegularFile(file))
			throw new IllegalArgumentException("Labels file " + file + " is not a file; give a text file with one class name per line.");
		List<String> lines;
		try {
			lines = Files.readAllLines(file, StandardCharsets.UTF_8);
		}
		catch (CharacterCodingException e) {
			throw new IllegalArgumentException("Labels file " + file + " is not UTF-8 text; save it as UTF-8 with one class name per line.");
		}
		catch (IOException e) {
			throw new IllegalArgumentException("Cannot read labels file " + file + ": " + e.getMessage(), e);
		}
		List<String> labels = parse(lines);
		if (labels.isEmpty())
			throw new IllegalArgumentException("Labels file " + file + " is empty; it needs one class name per line.");
		return labels;
	}

	/** Parses label lines as {@link #read} does (BOM, blanks, trailing empty lines, optional line numbers). */
	public static List<String> parse(List<String> lines) {
		List<String> out = new ArrayList<>(lines.size());
		for (String line : lines) {
			String l = line;
			if (out.isEmpty() && l.startsWith("\uFEFF")) l = l.substring(1);
			out.add(l.strip());
		}
		while (!out.isEmpty() && out.get(out.size() - 1).isEmpty())
			out.remove(out.size() - 1);
		return stripNumbers(out);
	}

	private static List<String> stripNumbers(List<String> labels) {
		if (labels.size() < 2) return labels;
		List<String> stripped = new ArrayList<>(labels.size());
		long first = -1;
		for (int i = 0; i < labels.size(); i++) {
			Matcher m = NUMBERED.matcher(labels.get(i));
			if (!m.matches()) return labels;
			long n;
			try {
				n = Long.parseLong(m.group(1));
			}
			catch (NumberFormatException e) {
				return labels;
			}
			if (i == 0) first = n;
			if (n != first + i) return labels;
			stripped.add(m.group(2).strip());
		}
		return stripped;
	}

	/** Names {@code "class 0"} .. {@code "class n-1"} for a model without a labels file. */
	public static List<String> generic(int classes) {
		List<String> out = new ArrayList<>(classes);
		for (int i = 0; i < classes; i++)
			out.add("class " + i);
		return Collections.unmodifiableList(out);
	}

	/**
	 * The automatic label offset for {@code lineCount} lines and {@code classes} outputs (see the class comment).
	 *
	 * @return the offset, or {@code null} if the counts do not fit
	 */
	public static Integer autoOffset(List<String> lines, int classes) {
		int n = lines.size();
		if (n == classes) return 0;
		if (n == classes - 1) return 1;
		if (n == classes + 1 && lines.get(0).toLowerCase(java.util.Locale.ROOT).startsWith("background")) return -1;
		return null;
	}

	/**
	 * One label per model output: output {@code i} gets line {@code i - offset}; outputs without a line get
	 * {@code "background"} (output 0 with offset 1) or {@code "class i"}.
	 *
	 * @param lines the labels as read
	 * @param classes the model's number of outputs
	 * @param offset the output that line 0 names; {@code null} = automatic
	 * @param source where the lines come from, for messages
	 * @throws IllegalArgumentException if the line count does not fit the outputs, naming both counts and the fix
	 */
	public static List<String> fit(List<String> lines, int classes, Integer offset, String source) {
		if (classes <= 0) throw new IllegalArgumentException("The model has no outputs to label.");
		int n = lines.size();
		if (offset == null) {
			offset = autoOffset(lines, classes);
			if (offset == null)
				throw new IllegalArgumentException("Labels file " + source + " has " + n + " lines but the model has " +
					classes + " outputs. Give a labels file with " + classes + " lines (one per output, or " +
					(classes - 1) + " when output 0 is a background class), or set the label offset " +
					"(label_offset / --label-offset) so that line 1 names output <offset>.");
		}
		if (offset + n != classes) {
			// Line 0 names output 'offset'; the last line must name the last output.
			throw new IllegalArgumentException("Labels file " + source + " has " + n + " lines; with label offset " +
				offset + " they would name outputs " + offset + ".." + (offset + n - 1) + ", but the model has outputs 0.." +
				(classes - 1) + ". Give a labels file with " + (classes - offset) +
				" lines for this offset, or use label offset " + (classes - n) + ".");
		}
		List<String> out = new ArrayList<>(classes);
		for (int i = 0; i < classes; i++) {
			int line = i - offset;
			if (line >= 0 && line < n) out.add(lines.get(line));
			else out.add(i == 0 && offset == 1 ? "background" : "class " + i);
		}
		return Collections.unmodifiableList(out);
	}
}
