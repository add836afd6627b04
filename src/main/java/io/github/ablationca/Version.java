package io.github.ablationca;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The project's version, filtered into {@code version.properties} by Maven at build time. */
public final class Version {
	private Version() {}

	public static String get() {
		try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
			if (in == null) return "dev";
			Properties p = new Properties();
			p.load(in);
			return p.getProperty("version", "dev");
		}
		catch (IOException e) {
			return "dev";
		}
	}
}
