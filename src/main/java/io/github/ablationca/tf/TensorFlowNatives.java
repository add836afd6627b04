package io.github.ablationca.tf;

import java.io.File;

/**
 * Loads the TensorFlow natives with JavaCPP once per JVM, the same recipe as the DJL adapter (natives from
 * {@code org.tensorflow:tensorflow-core-native}, then {@code TENSORFLOW_LIBRARY_PATH} pointing at their folder), so
 * TF Java and DJL share one copy of the runtime.
 */
final class TensorFlowNatives {

	private static volatile boolean loaded;

	private TensorFlowNatives() {}

	static synchronized void ensureLoaded() {
		if (loaded) return;
		try {
			String lib = org.bytedeco.javacpp.Loader.load(org.tensorflow.internal.c_api.global.tensorflow.class);
			if (lib != null && System.getProperty("TENSORFLOW_LIBRARY_PATH") == null) {
				File parent = new File(lib).getParentFile();
				if (parent != null) System.setProperty("TENSORFLOW_LIBRARY_PATH", parent.getAbsolutePath());
			}
			loaded = true;
		}
		catch (Throwable t) {
			throw new IllegalStateException("TensorFlow natives could not be loaded (" + t + "). They come from " +
				"org.tensorflow:tensorflow-core-native:1.0.0 with classifier linux-x86_64 (other platforms: " +
				"macosx-arm64, windows-x86_64); put that jar on the class path.", t);
		}
	}
}
