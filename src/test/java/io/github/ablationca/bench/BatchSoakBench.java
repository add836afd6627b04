package io.github.ablationca.bench;

import io.github.ablationca.run.RunSettings;
import io.github.ablationca.classifier.Classifier;
import io.github.ablationca.results.FolderBatch;
import io.github.ablationca.engine.ExplainSettings;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

/**
 * Memory soak of the batch runner: explains a folder of 500 small generated images (96 x 96 PNG) in one run with
 * a tiny Java classifier (softmax of linear functions of the quadrants' mean colours: fast, and ablations change
 * its answer), writing every result file, and prints the used heap after a full GC every 50 images. Flat figures
 * mean nothing accumulates per image.
 * <pre>
 * mvn -q -B test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.github.ablationca.bench.BatchSoakBench [-Dexec.args="500 /tmp/soak"]
 * </pre>
 */
public final class BatchSoakBench {

	private BatchSoakBench() {}

	/** 10 classes from the mean R, G, B of the four quadrants of a 32 x 32 input. */
	static final class QuadrantClassifier implements Classifier {
		private final float[][] weights = new float[10][12];
		private final List<String> labels = new ArrayList<>();

		QuadrantClassifier() {
			Random r = new Random(5);
			for (int k = 0; k < 10; k++) {
				labels.add("class " + k + ", tiny");
				for (int j = 0; j < 12; j++)
					weights[k][j] = (float) r.nextGaussian() / 40;
			}
		}

		@Override
		public int inputWidth() {
			return 32;
		}

		@Override
		public int inputHeight() {
			return 32;
		}

		@Override
		public List<String> labels() {
			return labels;
		}

		@Override
		public float[][] predict(float[] images, int count) {
			float[][] out = new float[count][];
			int size = imageSize();
			for (int n = 0; n < count; n++) {
				double[] features = new double[12];
				for (int y = 0; y < 32; y++)
					for (int x = 0; x < 32; x++)
						for (int c = 0; c < 3; c++)
							features[((y / 16) * 2 + x / 16) * 3 + c] += images[n * size + (y * 32 + x) * 3 + c] / 256.0;
				double[] logits = new double[10];
				double max = Double.NEGATIVE_INFINITY, sum = 0;
				for (int k = 0; k < 10; k++) {
					for (int j = 0; j < 12; j++)
						logits[k] += weights[k][j] * features[j];
					max = Math.max(max, logits[k]);
				}
				float[] p = new float[10];
				for (int k = 0; k < 10; k++)
					sum += Math.exp(logits[k] - max);
				for (int k = 0; k < 10; k++)
					p[k] = (float) (Math.exp(logits[k] - max) / sum);
				out[n] = p;
			}
			return out;
		}
	}

	public static void main(String[] args) throws IOException {
		int count = args.length > 0 ? Integer.parseInt(args[0]) : 500;
		Path root = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("ablation-ca-soak");
		Path in = root.resolve("in"), out = root.resolve("out");
		writeImages(in, count);
		RunSettings run = new RunSettings();
		ExplainSettings settings = run.method;
		settings.segments = 20;
		settings.samples = 100;
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		PrintStream stdout = System.out;
		stdout.printf(Locale.ROOT, "%d images of 96 x 96 in %s; %d segments, %d samples; max heap %d MB%n", count, in,
			settings.segments, settings.samples, Runtime.getRuntime().maxMemory() >> 20);
		stdout.printf(Locale.ROOT, "%8s %14s %10s%n", "images", "heap after GC", "s/image");
		stdout.printf(Locale.ROOT, "%8d %11.1f MB %10s%n", 0, usedAfterGc(memory), "-");
		long start = System.nanoTime();
		long[] last = {start};
		int[] done = {0};
		int total = count;
		FolderBatch.Report report = new FolderBatch(new QuadrantClassifier(), run, out).messages(new FolderBatch.Messages() {
			@Override
			public void finish(double seconds) {
				done[0]++;
				if (done[0] % 50 != 0 && done[0] != total) return;
				long now = System.nanoTime();
				double perImage = (now - last[0]) * 1e-9 / (done[0] % 50 == 0 ? 50 : done[0] % 50);
				last[0] = now;
				stdout.printf(Locale.ROOT, "%8d %11.1f MB %10.3f%n", done[0], usedAfterGc(memory), perImage);
			}
		}).run(List.of(in.toString()));
		stdout.printf(Locale.ROOT, "%d results, %d failed, %.1f s in all; results in %s%n", report.explained(),
			report.failed(), (System.nanoTime() - start) * 1e-9, out);
		if (args.length < 2) deleteRecursively(root);
	}

	private static double usedAfterGc(MemoryMXBean memory) {
		for (int i = 0; i < 3; i++)
			System.gc();
		return memory.getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0);
	}

	/** Seeded random rectangles and ellipses on a random background. */
	private static void writeImages(Path dir, int count) throws IOException {
		Files.createDirectories(dir);
		Random r = new Random(42);
		for (int i = 0; i < count; i++) {
			BufferedImage img = new BufferedImage(96, 96, BufferedImage.TYPE_INT_RGB);
			Graphics2D g = img.createGraphics();
			g.setColor(new Color(r.nextInt(256), r.nextInt(256), r.nextInt(256)));
			g.fillRect(0, 0, 96, 96);
			for (int s = 0; s < 6; s++) {
				g.setColor(new Color(r.nextInt(256), r.nextInt(256), r.nextInt(256)));
				int x = r.nextInt(80), y = r.nextInt(80), w = 8 + r.nextInt(40), h = 8 + r.nextInt(40);
				if (r.nextBoolean()) g.fillRect(x, y, w, h);
				else g.fillOval(x, y, w, h);
			}
			g.dispose();
			ImageIO.write(img, "png", dir.resolve(String.format(Locale.ROOT, "img_%04d.png", i)).toFile());
		}
	}

	private static void deleteRecursively(Path root) throws IOException {
		try (Stream<Path> walk = Files.walk(root)) {
			for (Path p : walk.sorted(Comparator.reverseOrder()).toList())
				Files.delete(p);
		}
	}
}
