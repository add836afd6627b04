package io.github.ablationca.tensorflow;

import io.github.ablationca.classifier.ModelLoadException;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Loads the TensorFlow native libraries for DJL and TF Java, offline.
 * <p>
 * DJL's TensorFlow engine would look for {@code libjnitensorflow} and otherwise try to download it. Instead, the
 * libraries of {@code org.tensorflow:tensorflow-core-native} (the platform jar, e.g. classifier
 * {@code linux-x86_64}) are loaded by JavaCPP first; then {@code TENSORFLOW_LIBRARY_PATH} points DJL at that folder
 * and {@code ai.djl.offline=true} forbids any download. TF Java ({@code org.tensorflow.*}) in the same JVM uses the
 * same loaded libraries.
 * <pre>{@code
 * Path libraryFolder = TensorFlowNatives.load(); // idempotent; call before any DJL TensorFlow use
 * }</pre>
 */
public final class TensorFlowNatives {

	/** The TF Java version whose natives the build ships (see pom.xml). */
	static final String TF_JAVA_VERSION = "1.0.0";

	private static Path libraryFolder;

	private TensorFlowNatives() {}

	/**
	 * Loads the natives once and configures DJL; later calls return the same folder at once.
	 *
	 * @return the folder that holds the loaded {@code libjnitensorflow}
	 * @throws ModelLoadException naming the missing jar or library and how to get it
	 */
	public static synchronized Path load() {
		if (libraryFolder != null) return libraryFolder;
		System.setProperty("ai.djl.offline", "true");
		// TensorFlow's own memory must not trip JavaCPP's heap-sized native-memory limits (as DJL also sets).
		for (String limit : new String[] {"org.bytedeco.javacpp.maxBytes", "org.bytedeco.javacpp.maxPhysicalBytes"})
			if (System.getProperty(limit) == null) System.setProperty(limit, "0");
		String platform = platform();
		String loaded;
		try {
			Class<?> api = Class.forName("org.tensorflow.internal.c_api.global.tensorflow");
			loaded = org.bytedeco.javacpp.Loader.load(api);
		}
		catch (ClassNotFoundException | NoClassDefFoundError e) {
			throw new ModelLoadException(missingMessage(platform, e), e);
		}
		catch (Throwable e) {
			throw new ModelLoadException(missingMessage(platform, e), e);
		}
		if (loaded == null)
			throw new ModelLoadException(missingMessage(platform, new UnsatisfiedLinkError("JavaCPP returned no library path")));
		Path folder = Paths.get(loaded).toAbsolutePath().getParent();
		System.setProperty("TENSORFLOW_LIBRARY_PATH", folder.toString());
		libraryFolder = folder;
		return folder;
	}

	/** Whether {@link #load()} has succeeded in this JVM. */
	public static synchronized boolean isLoaded() {
		return libraryFolder != null;
	}

	static String platform() {
		try {
			return org.bytedeco.javacpp.Loader.getPlatform();
		}
		catch (Throwable e) {
			return System.getProperty("os.name") + "-" + System.getProperty("os.arch");
		}
	}

	/** The message for a failed load: what is missing for which platform, and where to get it. */
	static String missingMessage(String platform, Throwable cause) {
		String jar = "org.tensorflow:tensorflow-core-native:" + TF_JAVA_VERSION + ":" + platform;
		String file = "tensorflow-core-native-" + TF_JAVA_VERSION + "-" + platform + ".jar";
		String detail = cause == null ? "" : cause.getClass().getSimpleName() +
			(cause.getMessage() == null ? "" : ": " + cause.getMessage());
		StringBuilder sb = new StringBuilder("Cannot load the TensorFlow native libraries for platform ").append(
			platform).append(" (").append(detail).append("). ");
		if (cause instanceof ClassNotFoundException || cause instanceof NoClassDefFoundError)
			sb.append("The TensorFlow Java classes (org.tensorflow:tensorflow-core-native:").append(TF_JAVA_VERSION)
				.append(" and org.tensorflow:tensorflow-core-api:").append(TF_JAVA_VERSION)
				.append(") are not on the class path. ");
		else if (detail.contains("GLIBC"))
			sb.append("The system C/C++ runtime is older than TensorFlow 2.16 needs (glibc 2.28 or newer, " +
				"libstdc++ from GCC 9 or newer); use a newer Linux distribution. ");
		else
			sb.append("The native jar ").append(jar).append(" (file ").append(file)
				.append(") is missing from the class path, or it does not contain libtensorflow_cc, ")
				.append("libtensorflow_framework and libjnitensorflow for this platform. ");
		sb.append("Command line: rebuild with 'mvn -B -DskipTests package' so that target/dependency holds ").append(
			file).append(". Fiji: the Ablation-CA update site must provide ").append(file).append(
				" (pom.xml property tensorflow.native.classifier selects the platform; linux-x86_64 by default).");
		return sb.toString();
	}
}
