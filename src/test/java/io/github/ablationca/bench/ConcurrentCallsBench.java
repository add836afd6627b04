package io.github.ablationca.bench;

import io.github.ablationca.TestData;
import io.github.ablationca.classifier.ModelClassifier;
import io.github.ablationca.classifier.ModelOptions;
import io.github.ablationca.classifier.ValueRange;
import io.github.ablationca.run.ModelLoader;

import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Whether a Spark executor gains from concurrent model calls: model calls per second of one model called by one
 * thread, by two threads whose calls are serialised (by the callers), and by two threads calling side by side (as a
 * TensorFlow model allows). The model gets {@code model_threads} = the cores, as an executor's model does.
 * <pre>
 * mvn -q -B test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.github.ablationca.bench.ConcurrentCallsBench [-Dexec.args="CALLS [mobilenet|resnet8] [THREADS]"]
 * </pre>
 * Defaults: 300 calls of a batch of 16 on ResNet-8 ({@code resnet8_cifar10}), {@code model_threads} = the cores.
 */
public final class ConcurrentCallsBench {

	private ConcurrentCallsBench() {}

	public static void main(String[] args) throws Exception {
		int calls = args.length > 0 ? Integer.parseInt(args[0]) : 300;
		boolean mobilenet = args.length > 1 && args[1].startsWith("mobilenet");
		int cores = args.length > 2 ? Integer.parseInt(args[2]) : Runtime.getRuntime().availableProcessors();
		ModelOptions o = new ModelOptions();
		o.valueRange = mobilenet ? ValueRange.MINUS_ONE_TO_ONE : ValueRange.ZERO_TO_255;
		o.modelThreads = cores;
		String name = mobilenet ? "mobilenet_v2_imagenet" : "resnet8_cifar10";
		try (ModelClassifier a = ModelLoader.load(TestData.model(name), o)) {
			int batch = a.batchSize();
			float[] images = new float[batch * a.inputWidth() * a.inputHeight() * 3];
			Random random = new Random(1);
			for (int i = 0; i < images.length; i++)
				images[i] = random.nextInt(256);
			for (int i = 0; i < 20; i++)
				a.predict(images, batch);
			System.out.printf(Locale.ROOT, "%s, batch %d, %d calls, model_threads %d; load %s%n", name, batch, calls,
				cores, load());
			double one = time(calls, images, batch, false, a);
			double serialised = time(calls, images, batch, true, a, a);
			double concurrent = time(calls, images, batch, false, a, a);
			System.out.printf(Locale.ROOT, "one caller: %.1f calls/s; two callers, serialised: %.1f calls/s (%.2fx); " +
				"two callers side by side: %.1f calls/s (%.2fx); load after %s%n", calls / one, calls / serialised,
				one / serialised, calls / concurrent, one / concurrent, load());
		}
	}

	/** Seconds for {@code calls} calls shared out among one thread per model given. */
	private static double time(int calls, float[] images, int batch, boolean serialise, ModelClassifier... models)
		throws Exception
	{
		ExecutorService pool = Executors.newFixedThreadPool(models.length);
		try {
			long t0 = System.nanoTime();
			Future<?>[] done = new Future<?>[models.length];
			for (int m = 0; m < models.length; m++) {
				ModelClassifier model = models[m];
				int share = calls / models.length;
				done[m] = pool.submit(() -> {
					for (int i = 0; i < share; i++) {
						if (!serialise) model.predict(images, batch);
						else synchronized (model) {
							model.predict(images, batch);
						}
					}
				});
			}
			for (Future<?> f : done)
				f.get();
			return (System.nanoTime() - t0) * 1e-9;
		}
		finally {
			pool.shutdown();
		}
	}

	private static String load() {
		try {
			return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).strip();
		}
		catch (java.io.IOException e) {
			return "?";
		}
	}
}
