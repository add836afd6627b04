package io.github.ablationca.results;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes files so that a reader, or a run killed half-way, never sees a half-written one: the content goes to a
 * hidden temporary file in the same folder ({@code .NAME.RANDOM.tmp}), which is then moved over the target in one
 * atomic rename. A kill leaves at most a stray temporary file, which {@link #deleteTemporaryFiles} removes.
 * <pre>{@code
 * AtomicFiles.write(dir.resolve("objects.csv"), out -> out.write(bytes));
 * AtomicFiles.writeString(dir.resolve("summary.json"), json);
 * }</pre>
 */
public final class AtomicFiles {

	private static final String TEMP_SUFFIX = ".tmp";

	/** Writes the content of one file to a stream (the stream is closed by {@link AtomicFiles}). */
	@FunctionalInterface
	public interface Content {
		void writeTo(OutputStream out) throws IOException;
	}

	private AtomicFiles() {}

	/** Writes {@code target} atomically; its folder must exist. */
	public static void write(Path target, Content content) throws IOException {
		Path dir = target.toAbsolutePath().getParent();
		// Not Files.createTempFile: that makes the file 0600, and results must be readable like any other file.
		Path tmp = uniqueTemp(dir, target.getFileName().toString());
		try {
			try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW,
				StandardOpenOption.WRITE), 1 << 16))
			{
				content.writeTo(out);
			}
			try {
				Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			catch (AtomicMoveNotSupportedException e) {
				// A file system without atomic renames: replacing is the best it offers.
				Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
			}
		}
		catch (IOException | RuntimeException | Error e) {
			Files.deleteIfExists(tmp);
			throw e;
		}
	}

	/** Writes {@code text} as UTF-8 to {@code target} atomically. */
	public static void writeString(Path target, String text) throws IOException {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		write(target, out -> out.write(bytes));
	}

	/** Whether {@code file} is a temporary file left by {@link #write}. */
	public static boolean isTemporary(Path file) {
		String name = file.getFileName().toString();
		return name.startsWith(".") && name.endsWith(TEMP_SUFFIX);
	}

	/** Deletes the temporary files that an interrupted {@link #write} left in {@code dir} (not in sub-folders). */
	public static void deleteTemporaryFiles(Path dir) throws IOException {
		if (!Files.isDirectory(dir)) return;
		try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, p -> isTemporary(p) && Files.isRegularFile(p))) {
			for (Path p : files)
				Files.deleteIfExists(p);
		}
		catch (UncheckedIOException e) {
			throw e.getCause();
		}
	}

	private static final java.util.concurrent.atomic.AtomicLong TEMP_COUNTER = new java.util.concurrent.atomic.AtomicLong();

	/** A hidden name next to the target that no other writer uses (process id + counter; CREATE_NEW guards the rest). */
	private static Path uniqueTemp(Path dir, String name) {
		return dir.resolve("." + name + "." + ProcessHandle.current().pid() + "-" + TEMP_COUNTER.incrementAndGet() +
			TEMP_SUFFIX);
	}
}
