package io.github.ablationca.results;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The images a batch command works on: the command line's INPUT operands, image files and folders, expanded and
 * named. A folder is searched recursively for {@link #EXTENSIONS} (case ignored; hidden files and folders, and the
 * output folder itself, are left out), in path order. A file named on the command line is taken whatever its
 * extension (it may still turn out unreadable).
 * <p>
 * Each image gets a result name that is a valid folder name and unique within the run: a file named directly gives
 * its file name without the extension ({@code photos/cat.png -> cat}); a file found in a folder gives its path
 * relative to that folder, separators turned into {@code _} ({@code photos/}{@code garden/cat.png -> garden_cat}).
 * Characters that folder names cannot hold become {@code _}. When two images would share a name (case ignored),
 * the later ones in input order get {@code -2}, {@code -3}, ...
 */
public final class InputFiles {

	/** Extensions of the images found in folders. */
	public static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "tif", "tiff");

	/**
	 * One image to process.
	 *
	 * @param file the file
	 * @param display the file as the user named it (relative to the folder operand as given)
	 * @param name the result name, unique in the run
	 */
	public record Input(Path file, String display, String name) {}

	private InputFiles() {}

	/**
	 * Expands the operands.
	 *
	 * @param exclude a folder whose contents are never taken from folder operands (the output folder), or null
	 */
	public static List<Input> expand(List<String> operands, Path exclude) {
		Path excluded = exclude == null ? null : exclude.toAbsolutePath().normalize();
		List<Input> inputs = new ArrayList<>();
		Set<String> used = new HashSet<>();
		for (String operand : operands) {
			Path p = Paths.get(operand);
			if (!Files.isDirectory(p)) {
				inputs.add(new Input(p, operand, unique(baseName(stem(p.getFileName() == null ? operand :
					p.getFileName().toString())), used)));
				continue;
			}
			for (Path f : imagesIn(p, excluded)) {
				Path relative = p.relativize(f);
				List<String> parts = new ArrayList<>();
				for (Path part : relative)
					parts.add(part.toString());
				parts.set(parts.size() - 1, stem(parts.get(parts.size() - 1)));
				inputs.add(new Input(f, f.toString(), unique(baseName(String.join("_", parts)), used)));
			}
		}
		return inputs;
	}

	/** The images below {@code folder}, recursively, sorted by path. */
	static List<Path> imagesIn(Path folder, Path excluded) {
		try (Stream<Path> walk = Files.walk(folder)) {
			return walk.filter(f -> Files.isRegularFile(f) && isImageName(f) && !hidden(folder, f) &&
				(excluded == null || !f.toAbsolutePath().normalize().startsWith(excluded)))
				.sorted().collect(Collectors.toList());
		}
		catch (IOException e) {
			throw new UncheckedIOException("Cannot list the images of folder " + folder + ": " + e.getMessage(), e);
		}
		catch (UncheckedIOException e) {
			throw new UncheckedIOException("Cannot list the images of folder " + folder + ": " +
				e.getCause().getMessage(), e.getCause());
		}
	}

	static boolean isImageName(Path f) {
		String n = f.getFileName().toString();
		int dot = n.lastIndexOf('.');
		return dot > 0 && EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
	}

	/** Hidden files and files in hidden folders below {@code root} (such as macOS's {@code ._} files). */
	private static boolean hidden(Path root, Path f) {
		for (Path part : root.relativize(f))
			if (part.toString().startsWith(".")) return true;
		return false;
	}

	private static String stem(String fileName) {
		int dot = fileName.lastIndexOf('.');
		return dot > 0 ? fileName.substring(0, dot) : fileName;
	}

	/** The result name of an image called {@code fileName} (a file name or an image title): without its extension. */
	public static String resultName(String fileName) {
		return baseName(stem(fileName == null || fileName.isBlank() ? "image" : fileName.strip()));
	}

	/** {@code s} as a folder name: no separators, reserved or control characters, no leading dot. */
	public static String baseName(String s) {
		StringBuilder sb = new StringBuilder(s.length());
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			sb.append(c < 0x20 || "/\\:*?\"<>|".indexOf(c) >= 0 ? '_' : c);
		}
		String name = sb.toString().strip();
		if (name.startsWith(".")) name = "_" + name.substring(1);
		return name.isEmpty() ? "image" : name;
	}

	private static String unique(String name, Set<String> used) {
		String candidate = name;
		for (int k = 2; !used.add(candidate.toLowerCase(Locale.ROOT)); k++)
			candidate = name + "-" + k;
		return candidate;
	}

	/**
	 * The result name of slice {@code slice} (1-based) of a stack of {@code slices}: {@code NAME_slice<k>}, k padded
	 * with zeros to the width of {@code slices} so the folders sort in slice order; {@code NAME} for a plain image.
	 */
	public static String sliceName(String name, int slice, int slices) {
		if (slices <= 1) return name;
		int width = Integer.toString(slices).length();
		return name + "_slice" + String.format(Locale.ROOT, "%0" + width + "d", slice);
	}
}
