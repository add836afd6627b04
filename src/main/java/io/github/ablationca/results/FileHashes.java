package io.github.ablationca.results;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The SHA-256 of a file's bytes: what tells a re-run that an image is the one its earlier results were made from. */
public final class FileHashes {

	private FileHashes() {}

	/** The SHA-256 of {@code file} as 64 hex digits. */
	public static String sha256(Path file) throws IOException {
		MessageDigest digest;
		try {
			digest = MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("this Java runtime has no SHA-256", e);
		}
		byte[] buffer = new byte[1 << 16];
		try (InputStream in = Files.newInputStream(file)) {
			for (int n; (n = in.read(buffer)) > 0; )
				digest.update(buffer, 0, n);
		}
		return HexFormat.of().formatHex(digest.digest());
	}
}
