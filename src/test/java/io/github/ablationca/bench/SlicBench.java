package io.github.ablationca.bench;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

import io.github.ablationca.TestData;
import io.github.ablationca.segment.LabelImage;
import io.github.ablationca.segment.Slic;
import io.github.ablationca.segment.SlicTestImages;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.type.numeric.ARGBType;

/**
 * Seconds per megapixel of {@link Slic} on RGB images of 1 and 4 megapixels (the shared astronaut photo, bilinearly
 * upscaled to 1000x1000 and 2000x2000), at 40 and 200 segments, default compactness 10, 10 iterations, smoothing
 * sigma 1; all available threads and one thread. Three warm-up runs, then the median of seven.
 * <p>
 * Besides wall time it prints the process CPU time per megapixel (all threads together): on a machine shared with
 * other builds the wall time mostly measures the contention, while CPU time / threads approximates the wall time
 * the same run would take on an idle machine (if the parallel parts scale).
 * <p>
 * Run: {@code mvn -q -B test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.github.ablationca.bench.SlicBench}. Goal: at most 0.15 s/MP on 2 cores.
 */
public final class SlicBench {

	private static final int WARMUP = 3, RUNS = 7;

	public static void main(String[] args) {
		ArrayImg<ARGBType, IntArray> photo = SlicTestImages.load(TestData.image("imagenet/astronaut.png"));
		int cores = Runtime.getRuntime().availableProcessors();
		System.out.printf("SLIC benchmark: %d available processors, Java %s, load average at start %.2f%n", cores,
			System.getProperty("java.version"), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
		System.out.printf("%-10s %8s %7s %9s %9s %11s %8s%n", "image", "segments", "threads", "median s", "s/MP",
			"CPU s/MP", "count");
		for (int side : new int[] {1000, 2000}) {
			ArrayImg<ARGBType, IntArray> img = SlicTestImages.resize(photo, side, side);
			double mp = side * (double) side / 1e6;
			for (int segments : new int[] {40, 200}) {
				double multi = 0;
				for (int threads : cores > 1 ? new int[] {cores, 1} : new int[] {1}) {
					Slic slic = new Slic(segments, 10, 10, 1).withThreads(threads);
					double[] t = new double[RUNS], cpu = new double[RUNS];
					LabelImage labels = null;
					for (int r = 0; r < WARMUP + RUNS; r++) {
						long c0 = processCpuNanos(), t0 = System.nanoTime();
						labels = slic.segment(img);
						if (r >= WARMUP) {
							t[r - WARMUP] = (System.nanoTime() - t0) / 1e9;
							cpu[r - WARMUP] = (processCpuNanos() - c0) / 1e9;
						}
					}
					Arrays.sort(t);
					Arrays.sort(cpu);
					double median = t[RUNS / 2];
					if (threads == cores) multi = median;
					System.out.printf("%-10s %8d %7d %9.4f %9.4f %11.4f %8d%s%n", side + "x" + side, segments, threads,
						median, median / mp, cpu[RUNS / 2] / mp, labels.count(), threads == 1 && cores > 1 ? String.format(
							"   (speed-up with %d threads: %.2fx)", cores, median / multi) : "");
				}
			}
		}
		System.out.printf("load average at end: %.2f. The machine is shared with other builds: timings are noisy;%n" +
			"compare ratios within one run.%n", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
	}

	private static long processCpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
	}
}
