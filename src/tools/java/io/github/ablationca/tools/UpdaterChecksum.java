package io.github.ablationca.tools;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Checksums and timestamps exactly as the Fiji updater computes them, so that a file installed from our update
 * site is recognised as up to date (not "locally modified").
 * <p>
 * The rules, read from imagej/imagej-updater ({@code UpdaterUtil.getDigest/getJarDigest}, {@code SkipHashedLines},
 * {@code FilterManifest}, {@code Checksummer.getDigest}; see docs/releasing.md for the commits):
 * <ul>
 * <li>SHA-1, written as 40 lower-case hex digits.</li>
 * <li>A file whose path ends in {@code .jar}: the jar's entries sorted by name ({@code String.compareTo}); for
 * each, the entry name's bytes (US-ASCII, other characters become '?') then its content. Contents are filtered:
 * <ul>
 * <li>{@code *.properties}: lines starting with {@code #} are dropped, their newline kept (Maven's
 * {@code pom.properties} carries a build date in such a comment). This follows the updater's byte-level filter
 * exactly, quirks included: a {@code #} directly followed by a newline ends the filtering of line starts until the
 * next newline.</li>
 * <li>{@code META-INF/MANIFEST.MF}: contributes no bytes. The updater's default keeps only lines whose upper-cased
 * text starts with the mixed-case {@code "Main-Class:"}, which no line does; the entry name still counts.</li>
 * </ul>
 * </li>
 * <li>Any other file: the SHA-1 of its path (relative to the Fiji folder, US-ASCII) followed by its bytes.</li>
 * <li>Timestamps: the file's modification time in the local time zone as the number {@code yyyyMMddHHmmss}.</li>
 * </ul>
 * <pre>{@code
 * String checksum = UpdaterChecksum.digest("jars/ablation-ca-0.1.0.jar", Path.of("target/ablation-ca-0.1.0.jar"));
 * }</pre>
 */
public final class UpdaterChecksum {

	private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

	private UpdaterChecksum() {}

	/** The checksum of {@code file} when it is installed as {@code path} (e.g. {@code jars/foo-1.0.jar}). */
	public static String digest(String path, Path file) throws IOException {
		if (path.endsWith(".jar")) return jarDigest(file);
		MessageDigest sha1 = sha1();
		sha1.update(path.getBytes(StandardCharsets.US_ASCII));
		try (InputStream in = Files.newInputStream(file)) {
			byte[] buffer = new byte[65536];
			for (int n; (n = in.read(buffer)) >= 0;)
				sha1.update(buffer, 0, n);
		}
		return hex(sha1.digest());
	}

	/** The updater's checksum of a jar (see the class comment for the rules). */
	public static String jarDigest(Path jar) throws IOException {
		MessageDigest sha1 = sha1();
		try (ZipFile zip = new ZipFile(jar.toFile())) {
			List<? extends ZipEntry> entries = new ArrayList<>(Collections.list(zip.entries()));
			entries.sort(Comparator.comparing(ZipEntry::getName));
			for (ZipEntry entry : entries) {
				String name = entry.getName();
				sha1.update(name.getBytes(StandardCharsets.US_ASCII));
				if (name.equals("META-INF/MANIFEST.MF")) continue;
				byte[] content;
				try (InputStream in = zip.getInputStream(entry)) {
					content = in.readAllBytes();
				}
				if (name.endsWith(".properties")) content = skipHashedLines(content);
				sha1.update(content);
			}
		}
		return hex(sha1.digest());
	}

	/**
	 * The bytes of a {@code .properties} entry as the updater digests them. A byte-level state machine: at the start
	 * of a line, a {@code #} starts a comment that is consumed up to and including the newline, whose newline is
	 * kept; the first byte of the comment is itself read "at line start", which is where the quirks come from.
	 */
	static byte[] skipHashedLines(byte[] in) {
		HashedLines reader = new HashedLines(in);
		ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
		for (int ch; (ch = reader.read()) >= 0;)
			out.write(ch);
		return out.toByteArray();
	}

	private static final class HashedLines {
		private final byte[] in;
		private int pos;
		private boolean atLineStart = true;

		HashedLines(byte[] in) {
			this.in = in;
		}

		int read() {
			int ch = pos < in.length ? in[pos++] & 0xff : -1;
			if (!atLineStart) {
				if (ch == '\n') atLineStart = true;
				return ch;
			}
			if (ch != '#') {
				atLineStart = false;
				return ch;
			}
			// A comment: keep reading (through this same method) until a newline or the end.
			do
				ch = read();
			while (ch != '\n' && ch != -1);
			return ch;
		}
	}

	/** The updater's timestamp of a file: its modification time, local time zone, as {@code yyyyMMddHHmmss}. */
	public static long timestamp(Path file) throws IOException {
		return timestamp(Files.getLastModifiedTime(file).toMillis());
	}

	public static long timestamp(long epochMillis) {
		ZonedDateTime t = Instant.ofEpochMilli(epochMillis).atZone(ZoneId.systemDefault());
		return Long.parseLong(TIMESTAMP.format(t));
	}

	static MessageDigest sha1() {
		try {
			return MessageDigest.getInstance("SHA-1");
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("SHA-1 is not available in this Java runtime", e);
		}
	}

	static String hex(byte[] bytes) {
		StringBuilder s = new StringBuilder(bytes.length * 2);
		for (byte b : bytes)
			s.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
		return s.toString();
	}
}
