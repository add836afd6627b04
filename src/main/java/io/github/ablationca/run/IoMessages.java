package io.github.ablationca.run;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;

/**
 * File-system failures in words a user reads: "permission denied", "no space left on device", "a file of that name
 * exists and is not a folder", instead of an exception's class name or a message that only repeats the path. The
 * exception's class is added only when asked for ({@code --verbose}).
 * <pre>{@code
 * catch (IOException e) {
 *     err.println("Error: cannot create the output folder " + out + ": " + IoMessages.describe(e) + ".");
 * }
 * }</pre>
 */
public final class IoMessages {

	private IoMessages() {}

	/** What went wrong, in words, naming the path involved when the exception names another one. */
	public static String describe(IOException e) {
		String file = e instanceof FileSystemException f ? f.getFile() : null;
		String other = e instanceof FileSystemException f ? f.getOtherFile() : null;
		String where = file == null ? "" : " (" + file + (other == null ? "" : ", " + other) + ")";
		if (e instanceof NoSuchFileException) return "no such file or folder" + where;
		if (e instanceof AccessDeniedException) return "permission denied" + where;
		if (e instanceof FileAlreadyExistsException) return "a file of that name exists and is not a folder" + where;
		if (e instanceof NotDirectoryException) return "a part of the path is a file, not a folder" + where;
		if (e instanceof DirectoryNotEmptyException) return "the folder is not empty" + where;
		if (e instanceof FileSystemLoopException) return "a symbolic link leads back into a folder above it (a loop)" +
			where;
		if (e instanceof EOFException) return "the file ends early (it is truncated)";
		if (e instanceof FileSystemException f && f.getReason() != null) {
			String reason = f.getReason().strip();
			String lower = reason.toLowerCase(Locale.ROOT);
			if (lower.contains("no space")) return "the disk is full (" + reason + ")" + where;
			if (lower.contains("read-only")) return "the disk is read-only (" + reason + ")" + where;
			if (lower.contains("name too long")) return "the name is too long for the file system" + where;
			if (lower.contains("not a directory")) return "a part of the path is a file, not a folder" + where;
			return reason + where;
		}
		String m = e.getMessage();
		if (m == null || m.isBlank()) return "an input/output error";
		if (lower(m).contains("no space left")) return "the disk is full (" + m + ")";
		return m;
	}

	/** {@link #describe(IOException)} for any failure: its message, or its kind in words when it has none. */
	public static String describe(Throwable e, boolean verbose) {
		String text;
		if (e instanceof IOException io) text = describe(io);
		else if (e instanceof OutOfMemoryError) text = "not enough memory";
		else if (e instanceof StackOverflowError) text = "the computation ran too deep (stack overflow)";
		else if (e.getMessage() == null || e.getMessage().isBlank()) text = "an unexpected internal error";
		else text = e.getMessage();
		return verbose ? text + " [" + e.getClass().getName() + "]" : text;
	}

	/** {@code s} with control characters (a newline in a name) written as {@code \n}, {@code \t}, {@code \xHH}. */
	public static String printable(String s) {
		StringBuilder sb = null;
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			if (c >= 0x20 && c != 0x7f) {
				if (sb != null) sb.append(c);
				continue;
			}
			if (sb == null) sb = new StringBuilder(s.substring(0, i));
			sb.append(c == '\n' ? "\\n" : c == '\t' ? "\\t" : c == '\r' ? "\\r" : String.format(Locale.ROOT, "\\x%02x",
				(int) c));
		}
		return sb == null ? s : sb.toString();
	}

	private static String lower(String s) {
		return s.toLowerCase(Locale.ROOT);
	}
}
