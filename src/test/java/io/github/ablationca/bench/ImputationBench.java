package io.github.ablationca.bench;

import io.github.ablationca.TestData;
import io.github.ablationca.attribution.ModelSpace;
import io.github.ablationca.classifier.Classifier;
import io.github.ablationca.image.ResizeMode;
import io.github.ablationca.image.RgbImage;
import io.github.ablationca.imagej.ImageFiles;
import io.github.ablationca.imagej.ImagePlusConversion;
import io.github.ablationca.metric.NoisyLinearImputer;
import io.github.ablationca.metric.NoisyLinearImputer.Preconditioner;
import io.github.ablationca.metric.RoadMetric;
import io.github.ablationca.classifier.Classifier;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Milliseconds per noisy linear imputation ({@link NoisyLinearImputer}, the ROAD metric's removal) of a 224 x 224
 * photo (chelsea.png, stretched as the metric fits it) with 90% of the pixels removed in four shapes: most relevant
 * first on a smooth map (a Gaussian blob: the hole covers the centre, a few corner pixels are kept), least relevant
 * first on the same map (only a central disc is kept: the hardest case, a hole that reaches every border), a
 * superpixel-like map (random values on 8 x 8 blocks of 28 pixels, ties row-major), and scattered pixels; plus 50%
 * of the smooth map. Multigrid-preconditioned conjugate gradients (the default) against plain conjugate gradients,
 * measured in one run: the ratio of thread CPU times is the speed-up (on a machine shared with other builds the
 * wall time mostly measures the contention). Also the largest residual of the system (gray levels; the float
 * output rounds at about 1e-5). Two warm-up runs of every case, then the median of five
 * runs per case; one thread. Last, one ROAD curve as {@code evaluate} runs it (9 fractions of the smooth map, the
 * imputations in parallel on all cores, a classifier that costs nothing): wall milliseconds per curve.
 * <p>
 * Run: {@code mvn -q -B test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.github.ablationca.bench.ImputationBench}. Goal: a ROAD curve (9 imputations) well under a
 * second at 224 x 224.
 */
public final class ImputationBench {

	private static final int SIDE = 224, WARMUP = 2, RUNS = 5;

	public static void main(String[] args) {
		RgbImage photo = ImagePlusConversion.rgb(ImageFiles.open(TestData.image("imagenet/chelsea.png")), 1);
		RgbImage image = ModelSpace.of(photo.width(), photo.height(), SIDE, SIDE, ResizeMode.STRETCH).fit(photo);
		int n = SIDE * SIDE;
		float[] blob = new float[n], blocks = new float[n], scattered = new float[n];
		SplittableRandom random = new SplittableRandom(1);
		double[] block = new double[64];
		for (int b = 0; b < block.length; b++)
			block[b] = random.nextInt(10); // few levels, so many ties
		for (int y = 0, i = 0; y < SIDE; y++)
			for (int x = 0; x < SIDE; x++, i++) {
				double dx = x - 0.45 * SIDE, dy = y - 0.5 * SIDE;
				blob[i] = (float) Math.exp(-(dx * dx + dy * dy) / (2 * 50.0 * 50.0));
				blocks[i] = (float) block[(y / 28) * 8 + x / 28];
				scattered[i] = (float) random.nextDouble();
			}
		Map<String, boolean[]> masks = new LinkedHashMap<>();
		masks.put("smooth map, MoRF 90%", mostRelevant(blob, 0.9));
		masks.put("smooth map, LeRF 90%", leastRelevant(blob, 0.9));
		masks.put("superpixel map, MoRF 90%", mostRelevant(blocks, 0.9));
		masks.put("scattered 90%", mostRelevant(scattered, 0.9));
		masks.put("smooth map, MoRF 50%", mostRelevant(blob, 0.5));

		System.out.printf("Noisy linear imputation, %d x %d, %d available processors, Java %s, load average %.2f%n",
			SIDE, SIDE, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
			ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
		System.out.printf("%-26s %14s %14s %14s %14s %9s %13s %13s%n", "removed", "multigrid ms", "(CPU ms)",
			"plain CG ms", "(CPU ms)", "speed-up", "residual MG", "residual CG");
		NoisyLinearImputer multigrid = new NoisyLinearImputer().withNoise(0);
		NoisyLinearImputer plain = multigrid.withPreconditioner(Preconditioner.NONE);
		for (boolean[] removed : masks.values()) // the JIT sees every shape before anything is timed
			for (int r = 0; r < WARMUP; r++) {
				multigrid.interpolate(image, removed);
				plain.interpolate(image, removed);
			}
		for (Map.Entry<String, boolean[]> e : masks.entrySet()) {
			boolean[] removed = e.getValue();
			double[] mg = time(multigrid, image, removed), cg = time(plain, image, removed);
			System.out.printf("%-26s %14.1f %14.1f %14.1f %14.1f %8.1fx %13.1e %13.1e%n", e.getKey(), mg[0], mg[1],
				cg[0], cg[1], cg[1] / mg[1], mg[2], cg[2]);
		}
		// one ROAD curve as evaluate runs it: 9 fractions, the imputations in parallel
		RoadMetric road = new RoadMetric();
		Classifier free = constant();
		double[] curve = new double[RUNS];
		for (int r = 0; r < WARMUP + RUNS; r++) {
			long t0 = System.nanoTime();
			road.morf(image, blob, free, 0, r);
			road.lerf(image, blob, free, 0, r);
			if (r >= WARMUP) curve[r - WARMUP] = (System.nanoTime() - t0) / 2e6;
		}
		Arrays.sort(curve);
		System.out.printf("ROAD curve (9 fractions, smooth map, MoRF and LeRF averaged): %.0f ms wall%n",
			curve[RUNS / 2]);
	}

	/** A classifier that costs nothing, so a ROAD curve's time is its imputations'. */
	private static Classifier constant() {
		return new Classifier() {
			@Override
			public int inputWidth() {
				return SIDE;
			}

			@Override
			public int inputHeight() {
				return SIDE;
			}

			@Override
			public List<String> labels() {
				return List.of("a", "b");
			}

			@Override
			public float[][] predict(float[] images, int count) {
				float[][] out = new float[count][];
				for (int i = 0; i < count; i++)
					out[i] = new float[] {0.5f, 0.5f};
				return out;
			}
		};
	}

	/** Median wall and thread CPU milliseconds, and the largest residual. */
	private static double[] time(NoisyLinearImputer imputer, RgbImage image, boolean[] removed) {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		double[] ms = new double[RUNS], cpu = new double[RUNS];
		RgbImage out = null;
		for (int r = 0; r < RUNS; r++) {
			long t0 = System.nanoTime(), c0 = threads.getCurrentThreadCpuTime();
			out = imputer.interpolate(image, removed);
			ms[r] = (System.nanoTime() - t0) / 1e6;
			cpu[r] = (threads.getCurrentThreadCpuTime() - c0) / 1e6;
		}
		Arrays.sort(ms);
		Arrays.sort(cpu);
		return new double[] {ms[RUNS / 2], cpu[RUNS / 2], NoisyLinearImputer.maxResidual(out, removed)};
	}

	/** The first {@code fraction} of the pixels by decreasing value (ties row-major). */
	private static boolean[] mostRelevant(float[] map, double fraction) {
		Integer[] order = order(map);
		boolean[] removed = new boolean[map.length];
		for (int k = 0; k < (int) (fraction * map.length); k++)
			removed[order[k]] = true;
		return removed;
	}

	private static boolean[] leastRelevant(float[] map, double fraction) {
		Integer[] order = order(map);
		boolean[] removed = new boolean[map.length];
		for (int k = 0; k < (int) (fraction * map.length); k++)
			removed[order[map.length - 1 - k]] = true;
		return removed;
	}

	private static Integer[] order(float[] map) {
		Integer[] idx = new Integer[map.length];
		for (int i = 0; i < idx.length; i++)
			idx[i] = i;
		Arrays.sort(idx, (a, b) -> {
			int c = Float.compare(map[b], map[a]);
			return c != 0 ? c : Integer.compare(a, b);
		});
		return idx;
	}
}
