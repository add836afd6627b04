package io.github.ablationca.onnx;

import io.github.ablationca.classifier.ModelLoadException;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtLoggingLevel;

/**
 * Starts ONNX Runtime, offline: its Java jar ({@code com.microsoft.onnxruntime:onnxruntime}) carries the native
 * libraries of every platform it supports and extracts the one it needs to a temporary folder; nothing is
 * downloaded. A failure names the jar and the platform.
 * <pre>{@code
 * OrtEnvironment env = OnnxNatives.environment(); // idempotent
 * }</pre>
 */
public final class OnnxNatives {

	/** The ONNX Runtime version the build ships (see pom.xml). */
	static final String VERSION = "1.22.0";

	private static OrtEnvironment environment;

	private OnnxNatives() {}

	/**
	 * The one ONNX Runtime environment of this JVM (warnings and errors only in its log).
	 *
	 * @throws ModelLoadException naming the missing jar or library and how to get it
	 */
	public static synchronized OrtEnvironment environment() {
		if (environment != null) return environment;
		try {
			environment = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "ablation-ca");
		}
		catch (Throwable e) { // NoClassDefFoundError, UnsatisfiedLinkError, ExceptionInInitializerError, ...
			throw new ModelLoadException(missingMessage(platform(), e), e);
		}
		return environment;
	}

	static String platform() {
		return System.getProperty("os.name") + " " + System.getProperty("os.arch");
	}

	/** The message for a failed start: what is missing for which platform, and where to get it. */
	static String missingMessage(String platform, Throwable cause) {
		String jar = "com.microsoft.onnxruntime:onnxruntime:" + VERSION;
		String file = "onnxruntime-" + VERSION + ".jar";
		String detail = cause == null ? "" : cause.getClass().getSimpleName() + (cause.getMessage() == null ? ""
			: ": " + cause.getMessage());
		StringBuilder sb = new StringBuilder("Cannot start ONNX Runtime on ").append(platform).append(" (")
			.append(detail).append("). ");
		if (cause instanceof NoClassDefFoundError || cause instanceof ClassNotFoundException)
			sb.append("The ONNX Runtime jar ").append(jar).append(" is not on the class path. ");
		else
			sb.append("Its native library for this platform could not be loaded from ").append(file).append(
				" (it holds Linux x64/aarch64, macOS x64/arm64 and Windows x64). ");
		sb.append("Command line: rebuild with 'mvn -B -DskipTests package' so that target/dependency holds ").append(
			file).append(". Fiji: the Ablation-CA update site must provide jars/").append(file).append('.');
		return sb.toString();
	}
}
