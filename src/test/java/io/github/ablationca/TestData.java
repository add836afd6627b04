package io.github.ablationca;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Locates the shared test data ({@code ../shared/data} beside the repository, or the system property
 * {@code shared.data.dir}). Missing data fails the test loudly: tests are never skipped silently.
 */
public final class TestData {
	private TestData() {}

	public static Path dir() {
		String prop = System.getProperty("shared.data.dir");
		Path p = prop != null ? Paths.get(prop) : Paths.get("..", "shared", "data");
		p = p.toAbsolutePath().normalize();
		if (!Files.isDirectory(p.resolve("models")))
			throw new IllegalStateException("Shared test data not found at " + p +
				": clone the repository next to the 'shared' folder (../shared/data) or set -Dshared.data.dir=...");
		return p;
	}

	public static Path model(String name) {
		return dir().resolve("models").resolve(name);
	}

	public static Path image(String relative) {
		return dir().resolve("images").resolve(relative);
	}
}
