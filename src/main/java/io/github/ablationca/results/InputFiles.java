package io.github.ablationca.results;

import io.github.ablationca.run.IoMessages;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The images a batch command works on: the command line's INPUT operands, image files and folders, expanded and
 * named. A folder is searched recursively for {@link #EXTENSIONS} (case ignored), following symbolic links (a link
 * that leads back into a folder above it is reported and not followed again); hidden files and folders, and the
 * output folder when it lies inside the input folder, are left out; the files are taken in path order. A file named
 * on the command line is taken whatever its extension (it may still turn out unreadable). A folder without images,
 * a folder that cannot be listed and a name the program cannot use are reported for that operand alone
 * ({@link Expansion#problems}); the others still run.
 * <p>
 * Each image gets a result name that is a valid folder name on every common file system, whatever the locale: a file
 * named directly gives its file name without the extension ({@code photos/cat.png -> cat}); a file found in a folder
 * gives its path relative to that folder, separators turned into {@code _} ({@code photos/}{@code garden/cat.png ->
 * garden_cat}). Characters that folder names cannot hold, or that the locale cannot write, become {@code _}; names
 * longer than {@value #MAX_NAME_BYTES} bytes are shortened and end with a hash of the whole name. Two images that
 * would share a name (case ignored) get {@code -2}, {@code -3}, ... ({@link #assignNames}); a name whose results
 * in the output folder belong to another image is never reused, so a re-run never takes one file's results for
 * another's.
 */
public final class InputFiles {

	/** Extensions of the images found in folders. */
	public static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "tif", "tiff", "gif", "pgm",
		"ppm", "pbm", "pnm");

	/** Longest result name in UTF-8 bytes: room for {@code _slice00001}, {@code -99} and {@code _panel.png}. */
	public static final int MAX_NAME_BYTES = 120;

	/**
	 * One image to process.
	 *
	 * @param file the file
	 * @param display the file as the user named it (relative to the folder operand as given), printable
	 * @param name the result name, unique in the run (after {@link #assignNames}; before, the wanted name)
	 * @param id the file's identity: its absolute path as a URI (lossless whatever the locale)
	 */
	public record Input(Path file, String display, String name, String id) {

		Input withName(String newName) {
			return new Input(file, display, newName, id);
		}
	}

	/** An operand that yields no image, or a file that cannot be taken, for that operand alone. */
	public record Problem(String operand, String message) {}

	/**
	 * What the operands yield.
	 *
	 * @param inputs the images, named
	 * @param problems operands or files that cannot be used (each is reported and counts as failed)
	 * @param notes things worth a warning that change nothing (a link loop not followed)
	 */
	public record Expansion(List<Input> inputs, List<Problem> problems, List<String> notes) {}

	private InputFiles() {}

	/**
	 * Expands the operands and gives each image a unique name (no earlier results taken into account).
	 *
	 * @param out the output folder (left out of folder operands it lies in), or null
	 * @throws IllegalArgumentException if {@code out} is a folder operand itself: its results would be read as
	 *         inputs by the next run
	 */
	public static Expansion expand(List<String> operands, Path out) {
		Expansion e = collect(operands, out);
		return new Expansion(assignNames(e.inputs(), Map.of(), out), e.problems(), e.notes());
	}

	/**
	 * Refuses an output folder that is also a folder operand (checked again by {@link #collect}; this lets a
	 * command refuse before it loads a model).
	 *
	 * @throws IllegalArgumentException saying why and what to do
	 */
	public static void checkOutput(List<String> operands, Path out) {
		if (out == null) return;
		Path outReal = realOrNormal(out);
		for (String operand : operands) {
			Path p;
			try {
				p = Paths.get(operand);
			}
			catch (InvalidPathException e) {
				continue;
			}
			if (Files.isDirectory(p) && realOrNormal(p).equals(outReal)) throw sameFolder(operand, p);
		}
	}

	private static IllegalArgumentException sameFolder(String operand, Path p) {
		String shown = IoMessages.printable(operand);
		return new IllegalArgumentException("the output folder " + shown + " is also an input folder: its results " +
			"would be read as input images by the next run. Fix: give an output folder outside " + shown + ", or a " +
			"new sub-folder of it (such as " + IoMessages.printable(p.resolve("results").toString()) + "), which is " +
			"left out of the input");
	}

	/** Expands the operands; the inputs carry their wanted names (not yet unique). */
	public static Expansion collect(List<String> operands, Path out) {
		Path outReal = out == null ? null : realOrNormal(out);
		List<Input> inputs = new ArrayList<>();
		List<Problem> problems = new ArrayList<>();
		List<String> notes = new ArrayList<>();
		for (String operand : operands) {
			String shown = IoMessages.printable(operand);
			Path p;
			try {
				p = Paths.get(operand);
			}
			catch (InvalidPathException e) {
				problems.add(new Problem(shown, "the name " + shown + " cannot be used as a file name in this locale (" +
					localeNote() + "). Fix: run with a UTF-8 locale (for example LANG=C.UTF-8), or give the folder " +
					"that holds the file"));
				continue;
			}
			if (!Files.isDirectory(p)) {
				String fileName = p.getFileName() == null ? operand : p.getFileName().toString();
				inputs.add(new Input(p, shown, baseName(stem(fileName)), id(p)));
				continue;
			}
			Path real = realOrNormal(p);
			if (outReal != null && outReal.equals(real)) throw sameFolder(operand, p);
			List<Path> found = new ArrayList<>();
			walk(p, outReal, found, problems, notes);
			found.sort(null);
			if (found.isEmpty())
				problems.add(new Problem(shown, "no image files in folder " + shown + " (looked for " +
					String.join(", ", EXTENSIONS.stream().sorted().map(x -> "." + x).toList()) + " files; hidden files " +
					"and the output folder are left out). Fix: give a folder that holds images, or the image files"));
			for (Path f : found) {
				Path relative = p.relativize(f);
				List<String> parts = new ArrayList<>();
				for (Path part : relative)
					parts.add(part.toString());
				parts.set(parts.size() - 1, stem(parts.get(parts.size() - 1)));
				inputs.add(new Input(f, IoMessages.printable(f.toString()), baseName(String.join("_", parts)), id(f)));
			}
		}
		return new Expansion(inputs, problems, notes);
	}

	/** The images below {@code folder}, following links, with loops and unreadable entries reported. */
	private static void walk(Path folder, Path outReal, List<Path> found, List<Problem> problems, List<String> notes) {
		try {
			Files.walkFileTree(folder, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
				new SimpleFileVisitor<>() {
					@Override
					public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
						if (!dir.equals(folder) && hidden(dir)) return FileVisitResult.SKIP_SUBTREE;
						if (outReal != null && !dir.equals(folder) && realOrNormal(dir).equals(outReal))
							return FileVisitResult.SKIP_SUBTREE;
						return FileVisitResult.CONTINUE;
					}

					@Override
					public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
						if (hidden(file) || !isImageName(file)) return FileVisitResult.CONTINUE;
						if (attrs.isRegularFile()) found.add(file);
						else if (attrs.isSymbolicLink())
							problems.add(new Problem(IoMessages.printable(file.toString()), "image file " +
								IoMessages.printable(file.toString()) + " is a symbolic link to a file that does not " +
								"exist. Fix: repair or remove the link"));
						return FileVisitResult.CONTINUE;
					}

					@Override
					public FileVisitResult visitFileFailed(Path file, IOException e) {
						String shown = IoMessages.printable(file.toString());
						if (e instanceof FileSystemLoopException)
							notes.add("Warning: " + shown + " is a symbolic link back into a folder above it (a " +
								"loop); its images are taken once, from where the walk first met them.");
						else if (isImageName(file) || Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS) ||
							Files.isSymbolicLink(file))
							problems.add(new Problem(shown, "cannot read " + shown + ": " + IoMessages.describe(e) +
								". Fix: check its permissions"));
						return FileVisitResult.CONTINUE;
					}

					@Override
					public FileVisitResult postVisitDirectory(Path dir, IOException e) {
						if (e != null) problems.add(new Problem(IoMessages.printable(dir.toString()), "cannot list " +
							"folder " + IoMessages.printable(dir.toString()) + ": " + IoMessages.describe(e) + ". Fix: " +
							"check its permissions"));
						return FileVisitResult.CONTINUE;
					}
				});
		}
		catch (IOException e) {
			problems.add(new Problem(IoMessages.printable(folder.toString()), "cannot list folder " +
				IoMessages.printable(folder.toString()) + ": " + IoMessages.describe(e)));
		}
	}

	/** The real path of {@code p}, or (when it does not exist yet) its nearest existing folder's real path + the rest. */
	static Path realOrNormal(Path p) {
		Path abs = p.toAbsolutePath().normalize();
		Path rest = null;
		for (Path q = abs; q != null; q = q.getParent()) {
			try {
				Path real = q.toRealPath();
				return rest == null ? real : real.resolve(rest);
			}
			catch (IOException | SecurityException e) {
				if (q.getFileName() == null) return abs;
				rest = rest == null ? q.getFileName() : q.getFileName().resolve(rest);
			}
		}
		return abs;
	}

	/** The identity of a file: its absolute path as a URI, which keeps every byte of the name in any locale. */
	public static String id(Path file) {
		try {
			return file.toAbsolutePath().normalize().toUri().toString();
		}
		catch (RuntimeException | java.io.IOError e) {
			return file.toAbsolutePath().normalize().toString();
		}
	}

	static boolean isImageName(Path f) {
		Path name = f.getFileName();
		if (name == null) return false;
		String n = name.toString();
		int dot = n.lastIndexOf('.');
		return dot > 0 && EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
	}

	/** Hidden files and folders (such as macOS's {@code ._} files). */
	private static boolean hidden(Path f) {
		Path name = f.getFileName();
		return name != null && name.toString().startsWith(".");
	}

	private static String stem(String fileName) {
		int dot = fileName.lastIndexOf('.');
		return dot > 0 ? fileName.substring(0, dot) : fileName;
	}

	/** The result name of an image called {@code fileName} (a file name or an image title): without its extension. */
	public static String resultName(String fileName) {
		return baseName(stem(fileName == null || fileName.isBlank() ? "image" : fileName.strip()));
	}

	private static final Set<String> RESERVED = Set.of("con", "prn", "aux", "nul", "com1", "com2", "com3", "com4",
		"com5", "com6", "com7", "com8", "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
		// the dataset analysis's folder in the output folder, never an image's result
		ResultFolder.DATASET);

	/**
	 * {@code s} as a folder name: no separators, reserved or control characters, nothing the file-name encoding of
	 * this locale cannot write, no leading dot, at most {@value #MAX_NAME_BYTES} bytes.
	 */
	public static String baseName(String s) {
		CharsetEncoder encoder = fileNameCharset().newEncoder();
		StringBuilder sb = new StringBuilder(s.length());
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			boolean bad = c < 0x20 || c == 0x7f || "/\\:*?\"<>|".indexOf(c) >= 0 || c == '\uFFFD';
			if (!bad && Character.isSurrogate(c)) {
				bad = !(Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1)));
				if (!bad) {
					String pair = s.substring(i, i + 2);
					if (encoder.canEncode(pair)) sb.append(pair);
					else sb.append('_');
					i++;
					continue;
				}
			}
			if (!bad && c >= 0x80 && !encoder.canEncode(c)) bad = true;
			sb.append(bad ? '_' : c);
		}
		String name = sb.toString().strip();
		while (name.endsWith(".")) name = name.substring(0, name.length() - 1).strip();
		if (name.startsWith(".")) name = "_" + name.substring(1);
		if (name.isEmpty()) return "image";
		if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) name = "_" + name;
		// a name never looks like a stack slice's folder (NAME_slice<k>), so plain images and slices never collide
		if (name.matches(".*_slice\\d+")) name = name + "_";
		if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) name = shortened(name, s);
		return name;
	}

	/** A name cut to {@value #MAX_NAME_BYTES} bytes, ending with {@code ~} and 8 hex digits of the full name's hash. */
	private static String shortened(String name, String original) {
		String hash = "~" + sha256(original).substring(0, 8);
		int limit = MAX_NAME_BYTES - hash.length();
		StringBuilder sb = new StringBuilder();
		int bytes = 0;
		for (int i = 0; i < name.length(); ) {
			int cp = name.codePointAt(i);
			int n = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
			if (bytes + n > limit) break;
			sb.appendCodePoint(cp);
			bytes += n;
			i += Character.charCount(cp);
		}
		return sb.toString().strip() + hash;
	}

	static String sha256(String s) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(
				StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	/** The character set file names are written in (the locale's): what a result name may hold. */
	static Charset fileNameCharset() {
		String jnu = System.getProperty("sun.jnu.encoding");
		try {
			return jnu == null ? Charset.defaultCharset() : Charset.forName(jnu);
		}
		catch (RuntimeException e) {
			return StandardCharsets.US_ASCII;
		}
	}

	private static String localeNote() {
		return "file names are read as " + fileNameCharset().name();
	}

	/**
	 * Makes the inputs' names unique (case ignored) and keeps them stable across runs: an input whose results are
	 * in {@code out} already ({@code earlier}: result name to the identity of the image it was made from) keeps that
	 * name; the others take their wanted name, or the first of {@code name-2}, {@code name-3}, ... that no other
	 * image's results use and that is not a folder of something else.
	 *
	 * @param earlier result names (lower case not required) of complete earlier results to their images' identities
	 * @param out the output folder (its existing sub-folders that hold no results are never used), or null
	 */
	public static List<Input> assignNames(List<Input> inputs, Map<String, String> earlier, Path out) {
		Map<String, String> claimed = new HashMap<>();
		Map<String, List<String>> byOwner = new HashMap<>();
		for (Map.Entry<String, String> e : earlier.entrySet()) {
			claimed.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue());
			byOwner.computeIfAbsent(e.getValue(), k -> new ArrayList<>()).add(e.getKey());
		}
		String[] names = new String[inputs.size()];
		Set<String> used = new HashSet<>();
		// first the inputs that have results already: they keep their names
		for (int i = 0; i < inputs.size(); i++) {
			Input in = inputs.get(i);
			List<String> own = byOwner.getOrDefault(in.id(), List.of());
			String base = in.name().toLowerCase(Locale.ROOT);
			for (String n : own.stream().sorted().toList()) {
				String key = n.toLowerCase(Locale.ROOT);
				if ((key.equals(base) || key.startsWith(base + "-") && key.substring(base.length() + 1).matches("\\d+"))
					&& used.add(key)) {
					names[i] = n;
					break;
				}
			}
		}
		for (int i = 0; i < inputs.size(); i++) {
			if (names[i] != null) continue;
			Input in = inputs.get(i);
			for (int k = 1; ; k++) {
				String c = candidate(in.name(), k);
				String key = c.toLowerCase(Locale.ROOT);
				if (used.contains(key) || claimed.containsKey(key) || foreignFolder(out, c)) continue;
				used.add(key);
				names[i] = c;
				break;
			}
		}
		List<Input> named = new ArrayList<>(inputs.size());
		for (int i = 0; i < inputs.size(); i++)
			named.add(inputs.get(i).withName(names[i]));
		return named;
	}

	/** The base result name of a result folder: its name without a stack slice's {@code _slice<k>}. */
	public static String baseOf(String folderName) {
		return folderName.replaceFirst("_slice\\d+$", "");
	}

	private static String candidate(String name, int k) {
		return k == 1 ? name : name + "-" + k;
	}

	/** Whether {@code out/name} exists and is not a result folder (a user's folder is never written into). */
	private static boolean foreignFolder(Path out, String name) {
		if (out == null) return false;
		Path p;
		try {
			p = out.resolve(name);
		}
		catch (InvalidPathException e) {
			return true;
		}
		if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) return false;
		if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) return true;
		try (var entries = Files.list(p)) {
			return entries.anyMatch(f -> {
				String n = f.getFileName().toString();
				return !ResultFolder.files().contains(n) && !AtomicFiles.isTemporary(f);
			});
		}
		catch (IOException | RuntimeException e) {
			return true;
		}
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
