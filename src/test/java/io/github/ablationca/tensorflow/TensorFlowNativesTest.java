package io.github.ablationca.tensorflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class TensorFlowNativesTest {

	@Test
	void loadsOnceAndPointsDjlAtTheLoadedLibraryOffline() {
		Path folder = TensorFlowNatives.load();
		assertTrue(TensorFlowNatives.isLoaded());
		assertTrue(Files.isRegularFile(folder.resolve(System.mapLibraryName("jnitensorflow"))), folder.toString());
		assertEquals(folder.toString(), System.getProperty("TENSORFLOW_LIBRARY_PATH"));
		assertEquals("true", System.getProperty("ai.djl.offline"));
		assertEquals(folder, TensorFlowNatives.load());
	}

	@Test
	void failureMessagesNameWhatIsMissing() {
		String missingJar = TensorFlowNatives.missingMessage("macosx-arm64",
			new UnsatisfiedLinkError("no jnitensorflow in java.library.path"));
		assertTrue(missingJar.contains("macosx-arm64"), missingJar);
		assertTrue(missingJar.contains("tensorflow-core-native-1.0.0-macosx-arm64.jar"), missingJar);
		assertTrue(missingJar.contains("no jnitensorflow"), missingJar);
		String missingClasses = TensorFlowNatives.missingMessage("linux-x86_64",
			new ClassNotFoundException("org.tensorflow.internal.c_api.global.tensorflow"));
		assertTrue(missingClasses.contains("org.tensorflow:tensorflow-core-api:1.0.0"), missingClasses);
		String oldGlibc = TensorFlowNatives.missingMessage("linux-x86_64",
			new UnsatisfiedLinkError("libstdc++.so.6: version `GLIBCXX_3.4.26' not found"));
		assertTrue(oldGlibc.contains("libstdc++"), oldGlibc);
	}
}
