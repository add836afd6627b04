package io.github.ablationca.pytorch;

import static io.github.ablationca.Messages.assertMentions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.ablationca.classifier.ModelLoadException;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * libtorch comes from Maven jars only: a class path without them, or with another platform's, is reported by the jar
 * to add, before DJL would try a download; the real class path loads it offline.
 */
class PyTorchNativesTest {

	@Test
	void loadsOfflineFromTheJars() {
		assertEquals("PyTorch", PyTorchNatives.engine().getEngineName());
		assertEquals("true", System.getProperty("ai.djl.offline"));
		PyTorchNatives.checkJars(PyTorchNatives.class.getClassLoader(), PyTorchNatives.platform());
	}

	/** The C library's {@code getenv}: what libgomp reads (Java's {@code System.getenv} is a copy made at start). */
	private interface CLibrary extends com.sun.jna.Library {
		String getenv(String name);
	}

	@Test
	void openMpThreadsWaitPassivelyUnlessTheUserSaysOtherwise() {
		PyTorchNatives.engine();
		CLibrary c = com.sun.jna.Native.load("c", CLibrary.class);
		String given = System.getenv("OMP_WAIT_POLICY");
		assertEquals(given != null ? given : "PASSIVE", c.getenv("OMP_WAIT_POLICY"));
	}

	@Test
	void aMissingOrForeignJarIsNamed(@TempDir Path dir) throws Exception {
		try (URLClassLoader none = new URLClassLoader(new URL[0], null)) {
			ModelLoadException e = assertThrows(ModelLoadException.class, () -> PyTorchNatives.checkJars(none,
				"linux-x86_64"));
			assertMentions(e, "libtorch is not on the class path", "ai.djl.pytorch:pytorch-native-cpu:2.7.1:linux-x86_64",
				"pytorch-native-cpu-2.7.1-linux-x86_64.jar", "Nothing is downloaded");
		}
		Path mac = jar(dir.resolve("mac.jar"), Map.of("native/lib/pytorch.properties", "version=2.7.1\nflavor=cpu\n" +
			"classifier=osx-aarch64\n"));
		try (URLClassLoader foreign = new URLClassLoader(new URL[] {mac.toUri().toURL()}, null)) {
			assertMentions(assertThrows(ModelLoadException.class, () -> PyTorchNatives.checkJars(foreign,
				"linux-x86_64")), "is for osx-aarch64, not for this machine", "pytorch-native-cpu-2.7.1-linux-x86_64.jar");
		}
		Path linux = jar(dir.resolve("linux.jar"), Map.of("native/lib/pytorch.properties", "version=2.7.1\n" +
			"flavor=cpu\nclassifier=linux-x86_64\n"));
		try (URLClassLoader noJni = new URLClassLoader(new URL[] {linux.toUri().toURL()}, null)) {
			assertMentions(assertThrows(ModelLoadException.class, () -> PyTorchNatives.checkJars(noJni,
				"linux-x86_64")), "JNI bridge", "ai.djl.pytorch:pytorch-jni:2.7.1-0.36.0");
		}
	}

	private static Path jar(Path file, Map<String, String> entries) throws IOException {
		try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
			for (Map.Entry<String, String> e : entries.entrySet()) {
				zip.putNextEntry(new ZipEntry(e.getKey()));
				zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
				zip.closeEntry();
			}
		}
		return file;
	}
}
