package io.github.ablationca.pytorch;

import io.github.ablationca.classifier.ModelLoadException;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Locale;
import java.util.Properties;

/**
 * Starts libtorch for DJL's PyTorch engine, offline. The libraries come from two Maven jars:
 * {@code ai.djl.pytorch:pytorch-native-cpu} (libtorch itself, one jar per platform, e.g. classifier
 * {@code linux-x86_64}) and {@code ai.djl.pytorch:pytorch-jni} (DJL's JNI bridge, all platforms). DJL copies them
 * once into its cache folder ({@code ~/.djl.ai/pytorch}, or {@code DJL_CACHE_DIR}) and loads them from there;
 * {@code ai.djl.offline=true} forbids any download, so a missing jar is reported here, by name, instead of DJL
 * trying the network.
 * <pre>{@code
 * Engine torch = PyTorchNatives.engine(); // idempotent
 * }</pre>
 */
public final class PyTorchNatives {

	/** The libtorch version whose natives the build ships (see pom.xml). */
	static final String PYTORCH_VERSION = "2.7.1";
	/** The DJL version of the engine and its JNI bridge. */
	static final String DJL_VERSION = "0.36.0";

	private static Engine engine;
	/** libtorch's own intra-op thread count (all cores), read once before any model changes it. */
	private static int defaultThreads;

	private PyTorchNatives() {}

	/**
	 * DJL's PyTorch engine with libtorch loaded.
	 *
	 * @throws ModelLoadException naming the missing jar and how to get it
	 */
	public static synchronized Engine engine() {
		if (engine != null) return engine;
		System.setProperty("ai.djl.offline", "true");
		ClassLoader loader = PyTorchNatives.class.getClassLoader();
		String platform = platform();
		checkJars(loader, platform);
		passiveOpenMpThreads();
		// DJL finds its engine through the context class loader; in Fiji that may not be the one that loaded us.
		Thread thread = Thread.currentThread();
		ClassLoader previous = thread.getContextClassLoader();
		thread.setContextClassLoader(loader);
		try {
			Engine e = Engine.getEngine("PyTorch");
			e.getVersion(); // loads the natives
			defaultThreads = JniUtils.getNumThreads();
			engine = e;
			return e;
		}
		catch (Throwable e) { // EngineException, UnsatisfiedLinkError, ...
			throw new ModelLoadException(missingMessage(platform, nativeJar(platform), "loading it failed: " +
				e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())), e);
		}
		finally {
			thread.setContextClassLoader(previous);
		}
	}

	/**
	 * Sets libtorch's intra-op threads (the threads of one model call) for calls made on this thread to
	 * {@code threads}, or to libtorch's default (all cores) for 0. libtorch keeps the count per calling thread (OpenMP),
	 * so a model sets it before each of its calls and two models in one JVM keep their own. The inter-op pool is left
	 * alone (libtorch refuses a change once it has run).
	 */
	static void useThreads(int threads) {
		JniUtils.setNumThreads(threads > 0 ? threads : defaultThreads);
	}

	/** libtorch's own intra-op thread count (what {@code model_threads} 0 gives). */
	static int defaultThreads() {
		engine();
		return defaultThreads;
	}

	/** libtorch's intra-op threads for calls made on this thread now. */
	static int threads() {
		engine();
		return JniUtils.getNumThreads();
	}

	/**
	 * Lets libtorch's OpenMP threads sleep instead of spin between parallel regions ({@code OMP_WAIT_POLICY=PASSIVE},
	 * unless the environment sets it), before libgomp reads its environment at load time. An explanation alternates
	 * model calls with rendering in Java, and spinning threads then compete with the JVM's (and any other process's)
	 * threads for the cores: MobileNet V2's Ablation-CA run took 100-109 s per image with spinning threads and 24 s
	 * with passive ones on a shared 2-core machine (14-37 s and 15-17 s when it was less busy).
	 */
	private static void passiveOpenMpThreads() {
		if (System.getenv("OMP_WAIT_POLICY") != null || System.getProperty("os.name", "").startsWith("Windows")) return;
		try {
			CLibrary.C.setenv("OMP_WAIT_POLICY", "PASSIVE", 0);
		}
		catch (Throwable e) { // no JNA or no libc: libtorch keeps its default, which is only slower
		}
	}

	/** The C library's {@code setenv}, through JNA (which DJL and Fiji ship). */
	private interface CLibrary extends com.sun.jna.Library {
		CLibrary C = com.sun.jna.Native.load("c", CLibrary.class);

		int setenv(String name, String value, int overwrite);
	}

	/**
	 * Checks that {@code loader} sees libtorch for {@code platform} ({@code pytorch-native-cpu}) and DJL's JNI bridge
	 * ({@code pytorch-jni}), before DJL would look for them (and, offline, fail with a less helpful message).
	 *
	 * @throws ModelLoadException naming the missing jar
	 */
	static void checkJars(ClassLoader loader, String platform) {
		Properties natives = properties(loader.getResource("native/lib/pytorch.properties"));
		if (natives == null || "true".equals(natives.getProperty("placeholder")))
			throw new ModelLoadException(missingMessage(platform, nativeJar(platform), "libtorch is not on the class " +
				"path"));
		String shipped = natives.getProperty("classifier", "");
		if (!shipped.equals(platform))
			throw new ModelLoadException(missingMessage(platform, nativeJar(platform), "the libtorch jar on the class " +
				"path is for " + shipped + ", not for this machine"));
		if (loader.getResource("jnilib/pytorch.properties") == null)
			throw new ModelLoadException(missingMessage(platform, "ai.djl.pytorch:pytorch-jni:" + PYTORCH_VERSION + "-" +
				DJL_VERSION + " (file pytorch-jni-" + PYTORCH_VERSION + "-" + DJL_VERSION + ".jar)", "DJL's JNI " +
				"bridge to libtorch is not on the class path"));
	}

	private static Properties properties(URL url) {
		if (url == null) return null;
		Properties p = new Properties();
		try (InputStream in = url.openStream()) {
			p.load(in);
			return p;
		}
		catch (IOException e) {
			return null;
		}
	}

	/** DJL's name of this machine's platform: {@code linux-x86_64}, {@code osx-aarch64}, {@code win-x86_64}. */
	static String platform() {
		String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
		String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
		String o = os.startsWith("win") ? "win" : os.startsWith("mac") ? "osx" : "linux";
		String a = arch.equals("amd64") || arch.equals("x86_64") ? "x86_64" : arch.equals("aarch64") ||
			arch.equals("arm64") ? "aarch64" : arch;
		return o + "-" + a;
	}

	static String nativeJar(String platform) {
		return "ai.djl.pytorch:pytorch-native-cpu:" + PYTORCH_VERSION + ":" + platform + " (file pytorch-native-cpu-" +
			PYTORCH_VERSION + "-" + platform + ".jar)";
	}

	/** The message for a failed start: what is missing for which platform, and where to get it. */
	static String missingMessage(String platform, String jar, String problem) {
		return "Cannot start PyTorch (libtorch " + PYTORCH_VERSION + ") for platform " + platform + ": " + problem +
			". TorchScript models need the jar " + jar + ". Command line: rebuild with 'mvn -B -DskipTests package " +
			"-Dpytorch.native.classifier=" + platform + "' so that target/dependency holds it. Fiji: the Ablation-CA " +
			"update site must provide it for this platform. Nothing is downloaded at run time.";
	}
}
