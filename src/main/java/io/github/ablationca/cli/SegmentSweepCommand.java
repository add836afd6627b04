package io.github.ablationca.cli;

import io.github.ablationca.classifier.TargetClass;
import io.github.ablationca.engine.EngineLogger;
import io.github.ablationca.imagej.ImagePlusConversion;
import io.github.ablationca.imagej.Plots;
import io.github.ablationca.run.ExplainRunner;
import io.github.ablationca.run.RunSettings;
import io.github.ablationca.run.Table;
import io.github.ablationca.engine.HeatmapValues;
import io.github.ablationca.imagej.ImageFiles;
import io.github.ablationca.results.AtomicFiles;
import io.github.ablationca.results.InputFiles;
import io.github.ablationca.results.OutputLock;
import io.github.ablationca.run.IoMessages;
import io.github.ablationca.attribution.AblationCaMethod;
import io.github.ablationca.attribution.ModelSpace;
import io.github.ablationca.classifier.ModelClassifier;
import io.github.ablationca.engine.ExplainSettings;
import io.github.ablationca.engine.Explanation;
import io.github.ablationca.engine.PairRelation;
import io.github.ablationca.engine.CorrelationMeasure;
import io.github.ablationca.engine.NullCalibration;
import io.github.ablationca.image.RgbImage;
import io.github.ablationca.metric.CausalMetric;
import io.github.ablationca.segment.LabelImage;

import ij.process.ImageProcessor;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import net.imglib2.img.array.ArrayImgs;

/**
 * {@code ablation-ca segment-sweep} (also {@code scripts/segment-sweep}): the paper's segment-count experiment. For
 * every image and requested segment count, one run of the one per-image runner on the superpixels of that count,
 * recording the actual count, the strongest pair correlation, the number of significant pairs, deletion/insertion
 * AUC of the Ablation-CA heatmaps (the paper's single-ablation contribution and the Monte Carlo main effect), model
 * calls and seconds. Writes {@code OUT/segment-sweep.csv} and plots against the segment count
 * ({@code OUT/segment-sweep.png}, one panel per column, and {@code OUT/sweep_<column>.png}).
 */
final class SegmentSweepCommand {

	static final String DEFAULT_COUNTS = "10,20,30,40,50,75,100,150,200";

	/** The CSV columns. */
	static final List<String> COLUMNS = List.of("image", "segments", "objects", "samples", "max_abs_correlation",
		"null_max_abs_correlation", "top_pair", "top_pair_correlation", "significant_pairs", "null_significant_pairs",
		"deletion_auc", "insertion_auc", "main_effect_deletion_auc", "main_effect_insertion_auc", "model_calls", "seconds");

	/** Residual shuffles per run for the null columns. */
	static final int NULL_PERMUTATIONS = 20;

	/** Plotted columns: CSV name and plot title. */
	private static final String[][] PLOTTED = {{"objects", "actual objects"},
		{"max_abs_correlation", "max |pair correlation|"},
		{"excess_max_abs_correlation", "max |r| minus its null value"},
		{"significant_pairs", "significant pairs (FDR 5%)"},
		{"null_significant_pairs", "significant pairs when nothing interacts"}, {"deletion_auc", "deletion AUC, contribution (lower better)"},
		{"insertion_auc", "insertion AUC, contribution (higher better)"},
		{"main_effect_deletion_auc", "deletion AUC, main effect (lower better)"},
		{"main_effect_insertion_auc", "insertion AUC, main effect (higher better)"},
		{"seconds", "seconds (run + segmentation)"}};

	private SegmentSweepCommand() {}

	static final class Arguments {
		final RunSettings settings = new RunSettings();
		int[] counts = parseCounts(DEFAULT_COUNTS);
		int steps = CausalMetric.DEFAULT_STEPS;
		boolean verbose, help;
		final List<String> images = new ArrayList<>();
	}

	/** The options of the sweep, bound to {@code a}. */
	static Options options(Arguments a) {
		RunSettings s = a.settings;
		Options o = new Options("segment-sweep", "ablation-ca segment-sweep --model MODEL --out OUT [options] INPUT...",
			"The paper's segment-count experiment: runs Ablation-CA on each INPUT image (files, or folders searched " +
				"as by explain) at each requested number of superpixels and writes OUT/segment-sweep.csv, one row per " +
				"image and count, with the columns",
			"  " + String.join(", ", COLUMNS),
			"and plots of each column against the segment count (mean over images thick, each image thin): " +
				"OUT/segment-sweep.png (all columns) and OUT/sweep_<column>.png.",
			"segments is the requested count, objects the actual one; max_abs_correlation is the largest " +
				"|correlation| over all pairs and null_max_abs_correlation its mean when nothing interacts (the run's " +
				"residuals shuffled across samples, " + NULL_PERMUTATIONS + " times); top_pair (ids a-b) is the " +
				"listed pair with the largest |correlation| and top_pair_correlation its signed value (+ synergy, - " +
				"redundancy); significant_pairs counts pairs under the false discovery rate and null_significant_pairs " +
				"its mean when nothing interacts. deletion/insertion AUC score the contribution heatmap (the paper's single " +
				"ablations) and the main-effect heatmap (Monte Carlo, Banzhaf) of the same run, scored as in 'ablation-ca " +
				"evaluate'. model_calls and seconds are the run's (seconds with segmentation).")
			.group("Input and output").settings(s, "model", "out")
			.group("Sweep")
			.option("--counts", "LIST", "requested segment counts, ascending, comma separated (default " +
				DEFAULT_COUNTS + ").", v -> a.counts = parseCounts(v))
			.settings(s, "samples", "fill", "score_scale", "target", "seed")
			.option("--steps", "N", "deletion/insertion steps (default " + CausalMetric.DEFAULT_STEPS + ").",
				v -> a.steps = EvaluateCommand.inRange("--steps", v, 1, 100_000));
		return ModelArguments.addModelGroup(o, s, () -> a.verbose = true, "round_to_8bit")
			.group("Other").flag("-h, --help", "this help.", () -> a.help = true)
			.footer("samples is raised to 2 x (objects + 3) where that is more, so the pair tests keep their degrees " +
				"of freedom.", "",
				"Exit status: 0 every run worked; 1 some image or run failed (reported on standard error); 2 bad",
				"command line.");
	}

	static Arguments parse(String[] args) {
		Arguments a = new Arguments();
		a.images.addAll(options(a).parse(args));
		return a;
	}

	static int[] parseCounts(String list) {
		String[] parts = list.split(",");
		int[] c = new int[parts.length];
		for (int i = 0; i < parts.length; i++) {
			c[i] = EvaluateCommand.inRange("--counts", parts[i], 2, 10_000);
			if (i > 0 && c[i] <= c[i - 1])
				throw new UsageException("--counts must ascend without repeats, e.g. " + DEFAULT_COUNTS + ".");
		}
		return c;
	}

	/** One row of the CSV. */
	record Row(String image, int requested, int segments, int samples, double maxAbsCorrelation,
		double nullMaxAbsCorrelation, String topPair, double topPairCorrelation, int significantPairs,
		double nullSignificantPairs, double deletion, double insertion, double mainEffectDeletion, double mainEffectInsertion,
		long modelCalls, double seconds)
	{
		static Row failed(String image, int requested) {
			return new Row(image, requested, -1, -1, Double.NaN, Double.NaN, "", Double.NaN, -1, Double.NaN, Double.NaN,
				Double.NaN, Double.NaN, Double.NaN, -1, Double.NaN);
		}

		List<Object> cells() {
			return Arrays.asList(image, requested, integer(segments), integer(samples), num(maxAbsCorrelation),
				num(nullMaxAbsCorrelation), topPair, num(topPairCorrelation), integer(significantPairs),
				num(nullSignificantPairs), num(deletion), num(insertion), num(mainEffectDeletion), num(mainEffectInsertion),
				modelCalls < 0 ? "" : modelCalls, Double.isNaN(seconds) ? "" : String.format(Locale.ROOT, "%.3f",
					seconds));
		}

		double value(String column) {
			switch (column) {
				case "objects":
					return segments < 0 ? Double.NaN : segments;
				case "max_abs_correlation":
					return maxAbsCorrelation;
				case "excess_max_abs_correlation":
					return maxAbsCorrelation - nullMaxAbsCorrelation;
				case "top_pair_correlation":
					return topPairCorrelation;
				case "significant_pairs":
					return significantPairs < 0 ? Double.NaN : significantPairs;
				case "null_significant_pairs":
					return nullSignificantPairs;
				case "deletion_auc":
					return deletion;
				case "insertion_auc":
					return insertion;
				case "main_effect_deletion_auc":
					return mainEffectDeletion;
				case "main_effect_insertion_auc":
					return mainEffectInsertion;
				case "model_calls":
					return modelCalls < 0 ? Double.NaN : modelCalls;
				case "seconds":
					return seconds;
				default:
					throw new IllegalArgumentException(column);
			}
		}

		private static String integer(int v) {
			return v < 0 ? "" : Integer.toString(v);
		}

		private static String num(double v) {
			return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4f", v);
		}
	}

	static int run(String[] args, PrintStream out, PrintStream err) {
		Arguments a = parse(args);
		if (a.help) {
			out.println(options(new Arguments()).help());
			return 0;
		}
		RunSettings given = a.settings;
		if (given.out == null) throw new UsageException("--out OUT is required: the folder for the CSV and the plots.");
		if (a.images.isEmpty()) throw new UsageException("No images given; list image files or folders after the options.");
		ModelArguments.requireModel(given);
		ModelClassifier classifier = ModelArguments.loadOrReport(given, a.verbose, err);
		if (classifier == null) return 1;
		Path outDir = given.out;
		try (ModelClassifier c = classifier; OutputLock lock = OutputLock.acquire(outDir, "segment-sweep")) {
			if (lock.takenOver() != null) err.println(lock.takenOver());
			int resolved;
			try {
				resolved = TargetClass.resolve(given.method.target, c.labels());
			}
			catch (IllegalArgumentException e) {
				throw new UsageException(e.getMessage());
			}
			ExplainSettings settings = given.resolvedFor(c).method;
			List<Row> rows = new ArrayList<>();
			List<String> names = new ArrayList<>();
			InputFiles.Expansion found = InputFiles.expand(a.images, outDir);
			int failures = InputReport.print(found, err);
			for (InputFiles.Input input : found.inputs()) {
				String name = input.name();
				RgbImage image;
				try {
					// the sweep takes the first plane of each image
					image = ImagePlusConversion.slices(ImageFiles.open(input.file())).get(0).pixels().get();
				}
				catch (RuntimeException e) {
					err.println("Error: " + ExplainRunner.describe(e, a.verbose));
					failures++;
					continue;
				}
				names.add(name);
				ModelSpace space = ModelSpace.of(image, c, settings.resize);
				float[] p = c.predict(space.fit(image).data(), 1)[0];
				int target = TargetClass.orTop1(resolved, p);
				err.println(String.format(Locale.ROOT, "%s: target %d '%s' (p = %.3f)", name, target,
					c.labels().get(target), p[target]));
				for (int count : a.counts) {
					Row row;
					try {
						row = sweepOne(name, image, count, target, settings, a.steps, c);
						err.println(String.format(Locale.ROOT, "  %3d requested, %3d objects: max |r| %.3f (null " +
							"%.3f), %d significant (null %.1f), deletion %.4f / %.4f, insertion %.4f / %.4f, %d calls, " +
							"%.1f s", count, row.segments(), row.maxAbsCorrelation(), row.nullMaxAbsCorrelation(),
							row.significantPairs(), row.nullSignificantPairs(), row.deletion(), row.mainEffectDeletion(),
							row.insertion(), row.mainEffectInsertion(), row.modelCalls(), row.seconds()));
					}
					catch (RuntimeException e) {
						err.println("Error: " + name + " at " + count + " segments: " + e.getMessage());
						failures++;
						row = Row.failed(name, count);
					}
					rows.add(row);
					writeCsv(outDir.resolve("segment-sweep.csv"), rows);
				}
			}
			if (!rows.isEmpty()) plots(outDir, a.counts, names, rows);
			out.println("Wrote " + outDir.resolve("segment-sweep.csv") + " and " + outDir.resolve("segment-sweep.png") +
				".");
			if (failures > 0) {
				err.println(failures + " images or runs failed; see the messages above.");
				return 1;
			}
			return 0;
		}
		catch (OutputLock.BusyException e) {
			err.println("Error: " + e.getMessage());
			return 1;
		}
		catch (IOException e) {
			err.println("Error: cannot write to " + IoMessages.printable(outDir.toString()) + ": " + IoMessages.describe(e) +
				". Fix: free disk space or check the folder's permissions.");
			return 1;
		}
		catch (IllegalArgumentException e) {
			throw new UsageException(e.getMessage());
		}
	}

	private static Row sweepOne(String name, RgbImage image, int count, int target, ExplainSettings settings,
		int steps, ModelClassifier classifier)
	{
		long t0 = System.nanoTime();
		ExplainSettings s = settings.copy();
		s.segments = count;
		LabelImage labels = EvaluateCommand.segmenter(s).segment(ArrayImgs.argbs(image.toArgb(), image.width(),
			image.height()));
		int n = labels.count();
		s.samples = Math.max(settings.samples, 2 * (n + 3));
		s.target = Integer.toString(target);
		s.heatmap = HeatmapValues.MAIN_EFFECT; // both swept maps come from the run itself: no further segmentations
		Explanation e = new ExplainRunner(classifier, s, EngineLogger.NONE).explain(image, labels, null);
		double seconds = (System.nanoTime() - t0) * 1e-9;
		// Over all pairs, not only the listed ones; none where the run found the score flat or too few objects.
		double maxAbs = Double.NaN, nullMaxAbs = Double.NaN, nullSignificant = Double.NaN;
		PairRelation top = null;
		int significant = 0;
		if (e.sampleMatrix() != null && !e.pairs().isEmpty()) {
			CorrelationMeasure.Result r = CorrelationMeasure.PEARSON.measure(e.sampleMatrix());
			maxAbs = NullCalibration.maxAbsCorrelation(r);
			NullCalibration nul = NullCalibration.of(e.sampleMatrix(), CorrelationMeasure.PEARSON,
				s.falseDiscoveryRate, NULL_PERMUTATIONS, s.seed);
			nullMaxAbs = nul.maxAbsCorrelation();
			nullSignificant = nul.significantPairs();
			for (PairRelation pr : e.pairs()) {
				if (top == null || Math.abs(pr.correlation()) > Math.abs(top.correlation())) top = pr;
				if (pr.significant()) significant++;
			}
		}
		CausalMetric metric = new CausalMetric().withSteps(steps).withBatchSize(s.batchSize).withResize(s.resize);
		float[] contribution = AblationCaMethod.paint(e, HeatmapValues.CONTRIBUTION);
		float[] mainEffect = AblationCaMethod.paint(e, HeatmapValues.MAIN_EFFECT);
		return new Row(name, count, n, s.samples, maxAbs, nullMaxAbs, top == null ? "" : (top.a() + 1) + "-" +
			(top.b() + 1), top == null ? Double.NaN : top.correlation(), significant, nullSignificant,
			metric.deletion(image, contribution, classifier, target).auc(),
			metric.insertion(image, contribution, classifier, target).auc(),
			metric.deletion(image, mainEffect, classifier, target).auc(),
			metric.insertion(image, mainEffect, classifier, target).auc(), e.modelCalls(), seconds);
	}

	private static void writeCsv(Path csv, List<Row> rows) throws IOException {
		Table t = new Table(COLUMNS);
		for (Row r : rows)
			t.add(r.cells());
		AtomicFiles.writeString(csv, t.toCsv());
	}

	/** One plot per plotted column: each image a thin line, the mean thick; all in one grid, and one file each. */
	private static void plots(Path out, int[] counts, List<String> images, List<Row> rows) throws IOException {
		double[] x = new double[counts.length];
		for (int i = 0; i < counts.length; i++)
			x[i] = counts[i];
		List<ImageProcessor> tiles = new ArrayList<>();
		for (String[] column : PLOTTED) {
			Map<String, double[]> series = series(column[0], counts, images, rows);
			Plots.writePng(Plots.lines(column[1], "segments requested", x, series, true, 480, 320),
				out.resolve("sweep_" + column[0] + ".png"));
			tiles.add(Plots.lines(column[1], "segments requested", x, series, true, 400, 280));
		}
		Plots.writePng(Plots.grid(tiles, 5), out.resolve("segment-sweep.png"));
	}

	private static Map<String, double[]> series(String column, int[] counts, List<String> images, List<Row> rows) {
		Map<String, double[]> s = new LinkedHashMap<>();
		for (String image : images) {
			double[] y = new double[counts.length];
			java.util.Arrays.fill(y, Double.NaN);
			for (Row r : rows)
				if (r.image().equals(image))
					for (int i = 0; i < counts.length; i++)
						if (counts[i] == r.requested()) y[i] = r.value(column);
			s.put(image, y);
		}
		return s;
	}
}
