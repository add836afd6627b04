package io.github.ablationca.cli;

import ij.ImagePlus;
import io.github.ablationca.baseline.AblationCaExplainer;
import io.github.ablationca.baseline.ModelSpace;
import io.github.ablationca.djl.TensorFlowClassifier;
import io.github.ablationca.engine.AblationCaEngine;
import io.github.ablationca.engine.ExplainSettings;
import io.github.ablationca.engine.Explanation;
import io.github.ablationca.engine.FillMode;
import io.github.ablationca.engine.PairRelation;
import io.github.ablationca.engine.ScoreScale;
import io.github.ablationca.image.ResizeMode;
import io.github.ablationca.image.RgbImage;
import io.github.ablationca.metric.CausalMetric;
import io.github.ablationca.report.HeatmapPanel;
import io.github.ablationca.report.LinePlot;
import io.github.ablationca.segment.LabelImage;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.type.numeric.ARGBType;

/**
 * {@code scripts/segment-sweep}: the paper's segment-count experiment. For every image and requested segment count,
 * one Ablation-CA run on the superpixels of that count, recording the actual count, the strongest pair correlation,
 * the number of significant pairs, deletion/insertion AUC of the Ablation-CA heatmaps (the paper's single-ablation
 * contribution and the Monte Carlo main effect), model calls and seconds. Writes {@code OUT/segment-sweep.csv} and
 * plots against the segment count ({@code OUT/segment-sweep.png}, one panel per column, and
 * {@code OUT/sweep_<column>.png}).
 */
public final class SegmentSweep {

	public static final String DEFAULT_COUNTS = "10,20,30,40,50,75,100,150,200";

	/** The CSV columns. */
	public static final String CSV_HEADER = "image,segments_requested,segments,samples,max_abs_correlation," +
		"top_pair,top_pair_correlation,significant_pairs,deletion_auc,insertion_auc,banzhaf_deletion_auc," +
		"banzhaf_insertion_auc,model_calls,seconds";

	/** Plotted columns: CSV name and plot title. */
	private static final String[][] PLOTTED = {{"segments", "actual segments"},
		{"max_abs_correlation", "max |pair correlation|"}, {"top_pair_correlation", "that pair's correlation"},
		{"significant_pairs", "significant pairs (FDR 5%)"}, {"deletion_auc", "deletion AUC, contribution (lower better)"},
		{"insertion_auc", "insertion AUC, contribution (higher better)"},
		{"banzhaf_deletion_auc", "deletion AUC, main effect (lower better)"},
		{"banzhaf_insertion_auc", "insertion AUC, main effect (higher better)"}, {"model_calls", "model calls"},
		{"seconds", "seconds (run + segmentation)"}};

	private SegmentSweep() {}

	public static void main(String[] args) {
		int code;
		try {
			code = run(args, System.out, System.err);
		}
		catch (UsageException e) {
			System.err.println("Error: " + e.getMessage());
			System.err.println("Run 'segment-sweep --help' for the options.");
			code = 2;
		}
		System.exit(code);
	}

	static final class Arguments {
		final ModelArguments model = new ModelArguments();
		Path out;
		int[] counts = parseCounts(DEFAULT_COUNTS);
		final ExplainSettings settings = new ExplainSettings();
		String target;
		int steps = CausalMetric.DEFAULT_STEPS;
		boolean help;
		final List<String> images = new ArrayList<>();
	}

	/** The options of the sweep, bound to {@code a}. */
	static OptionParser parser(Arguments a) {
		ExplainSettings s = a.settings;
		OptionParser p = new OptionParser();
		p.section("Input and output:");
		a.model.addBasic(p);
		p.option("--out", "DIR", "output folder (created if needed) for the CSV and the plots. Required.",
			v -> a.out = Paths.get(v));
		p.section("Sweep:");
		p.option("--counts", "LIST", "requested segment counts, ascending, comma separated (default " +
			DEFAULT_COUNTS + ").", v -> a.counts = parseCounts(v));
		p.option("--samples", "N", "Monte Carlo samples per run (default " + s.samples + "), raised to " +
			"2 x (segments + 3) where that is more, so the pair tests keep their degrees of freedom.",
			v -> s.samples = OptionParser.positive("--samples", v));
		p.option("--fill", "MODE", "ablation fill: mean (default), blur, constant or noise.",
			v -> s.fill = OptionParser.choice("--fill", v, FillMode.class));
		p.option("--score-scale", "SCALE", "log-odds (default) or probability (the paper's): the scale of the " +
			"analysis.", v -> s.scoreScale = OptionParser.choice("--score-scale", v, ScoreScale.class));
		p.option("--target", "LABEL|INDEX", "class to explain: an output index or a label; default: each image's " +
			"top-1 class.", v -> a.target = v.strip());
		p.option("--steps", "N", "deletion/insertion steps (default " + CausalMetric.DEFAULT_STEPS + ").",
			v -> a.steps = OptionParser.positive("--steps", v));
		p.option("--seed", "S", "seed (default " + s.seed + ").", v -> s.seed = OptionParser.longInteger("--seed", v));
		a.model.addModelAndHelpSections(p, () -> a.help = true);
		return p;
	}

	static Arguments parse(String[] args) {
		Arguments a = new Arguments();
		a.images.addAll(parser(a).parse(args));
		return a;
	}

	static String usage() {
		return String.join("\n",
			"Usage: segment-sweep --model DIR --out OUT [options] INPUT...",
			"",
			"The paper's segment-count experiment: runs Ablation-CA on each INPUT image (files, or folders searched",
			"as by explain) at each requested number of superpixels and writes OUT/segment-sweep.csv, one row per",
			"image and count, with the columns",
			"  " + CSV_HEADER,
			"and plots of each column against the segment count (mean over images thick, each image thin):",
			"OUT/segment-sweep.png (all columns) and OUT/sweep_<column>.png.",
			"max_abs_correlation is the largest |correlation| over the listed pairs, top_pair (ids a-b) the pair",
			"that has it and top_pair_correlation its signed value (+ synergy, - redundancy); significant_pairs",
			"counts pairs under the false discovery rate. deletion/insertion AUC score the contribution heatmap",
			"(the paper's single ablations) and the main-effect heatmap (Monte Carlo, Banzhaf) of the same run as",
			"in 'ablation-ca evaluate'. model_calls and seconds are the Ablation-CA run's (seconds with segmentation).",
			"",
			parser(new Arguments()).help(),
			"",
			"Exit status: 0 every run worked; 1 some image or run failed (reported on standard error); 2 bad",
			"command line.");
	}

	static int[] parseCounts(String list) {
		String[] parts = list.split(",");
		int[] c = new int[parts.length];
		for (int i = 0; i < parts.length; i++) {
			c[i] = EvaluateCommand.atLeast("--counts", parts[i], 2);
			if (i > 0 && c[i] <= c[i - 1])
				throw new UsageException("--counts must ascend without repeats, e.g. " + DEFAULT_COUNTS + ".");
		}
		return c;
	}

	/** One row of the CSV. */
	record Row(String image, int requested, int segments, int samples, double maxAbsCorrelation, String topPair,
		double topPairCorrelation, int significantPairs, double deletion, double insertion, double banzhafDeletion,
		double banzhafInsertion, long modelCalls, double seconds)
	{
		static Row failed(String image, int requested) {
			return new Row(image, requested, -1, -1, Double.NaN, "", Double.NaN, -1, Double.NaN, Double.NaN, Double.NaN,
				Double.NaN, -1, Double.NaN);
		}

		String csv() {
			return String.join(",", image, Integer.toString(requested), integer(segments), integer(samples),
				num(maxAbsCorrelation), topPair, num(topPairCorrelation), integer(significantPairs), num(deletion),
				num(insertion), num(banzhafDeletion), num(banzhafInsertion), modelCalls < 0 ? "" : Long.toString(
					modelCalls), Double.isNaN(seconds) ? "" : String.format(Locale.ROOT, "%.3f", seconds));
		}

		double value(String column) {
			switch (column) {
				case "segments":
					return segments < 0 ? Double.NaN : segments;
				case "max_abs_correlation":
					return maxAbsCorrelation;
				case "top_pair_correlation":
					return topPairCorrelation;
				case "significant_pairs":
					return significantPairs < 0 ? Double.NaN : significantPairs;
				case "deletion_auc":
					return deletion;
				case "insertion_auc":
					return insertion;
				case "banzhaf_deletion_auc":
					return banzhafDeletion;
				case "banzhaf_insertion_auc":
					return banzhafInsertion;
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
			out.println(usage());
			return 0;
		}
		if (a.out == null) throw new UsageException("--out OUT is required: the folder for the CSV and the plots.");
		if (a.images.isEmpty()) throw new UsageException("No images given; list image files or folders after the options.");
		a.model.requireModel();
		TensorFlowClassifier classifier = a.model.loadOrReport(err);
		if (classifier == null) return 1;
		try (TensorFlowClassifier c = classifier) {
			if (a.target != null) EvaluateCommand.resolveTarget(a.target, c.labels(), null);
			ResizeMode resize = c.resizeMode();
			a.settings.batchSize = c.batchSize();
			Files.createDirectories(a.out);
			List<Row> rows = new ArrayList<>();
			int failures = 0;
			List<String> names = new ArrayList<>();
			for (InputFiles.Input input : InputFiles.expand(a.images, a.out)) {
				String name = input.name();
				RgbImage image;
				try {
					ImagePlus imp = ImagePlusImages.open(input.file());
					image = ImagePlusImages.toRgb(imp, 1);
				}
				catch (IllegalArgumentException e) {
					err.println("Error: " + e.getMessage());
					failures++;
					continue;
				}
				names.add(name);
				ModelSpace space = ModelSpace.of(image, c, resize);
				float[] p = c.predict(space.fit(image).data(), 1)[0];
				int target = EvaluateCommand.resolveTarget(a.target, c.labels(), p);
				err.println(String.format(Locale.ROOT, "%s: target %d '%s' (p = %.3f)", name, target,
					c.labels().get(target), p[target]));
				for (int count : a.counts) {
					Row row;
					try {
						row = sweepOne(name, image, count, target, resize, a, c);
						err.println(String.format(Locale.ROOT, "  %3d requested, %3d segments: max |r| %.3f (%s), " +
							"%d significant, deletion %.4f / %.4f, insertion %.4f / %.4f, %d calls, %.1f s", count,
							row.segments(), row.maxAbsCorrelation(), row.topPair(), row.significantPairs(),
							row.deletion(), row.banzhafDeletion(), row.insertion(), row.banzhafInsertion(),
							row.modelCalls(), row.seconds()));
					}
					catch (RuntimeException e) {
						err.println("Error: " + name + " at " + count + " segments: " + e.getMessage());
						failures++;
						row = Row.failed(name, count);
					}
					rows.add(row);
					writeCsv(a.out.resolve("segment-sweep.csv"), rows);
				}
			}
			if (!rows.isEmpty()) plots(a.out, a.counts, names, rows);
			out.println("Wrote " + a.out.resolve("segment-sweep.csv") + " and " + a.out.resolve("segment-sweep.png") +
				".");
			if (failures > 0) {
				err.println(failures + " images or runs failed; see the messages above.");
				return 1;
			}
			return 0;
		}
		catch (IOException e) {
			err.println("Error: cannot write to " + a.out + ": " + e.getMessage());
			return 1;
		}
	}

	private static Row sweepOne(String name, RgbImage image, int count, int target, ResizeMode resize, Arguments a,
		TensorFlowClassifier classifier)
	{
		long t0 = System.nanoTime();
		ArrayImg<ARGBType, IntArray> argb = ArrayImgs.argbs(image.toArgb(), image.width(), image.height());
		ExplainSettings s = a.settings.copy();
		s.segments = count;
		LabelImage labels = EvaluateCommand.segmenter(s).segment(argb);
		int n = labels.count();
		s.samples = Math.max(a.settings.samples, 2 * (n + 3));
		s.target = Integer.toString(target);
		s.resize = resize;
		Explanation e = new AblationCaEngine(classifier).explain(argb, labels, s, null);
		double seconds = (System.nanoTime() - t0) * 1e-9;
		PairRelation top = null;
		int significant = 0;
		for (PairRelation pr : e.pairs()) {
			if (top == null || Math.abs(pr.correlation()) > Math.abs(top.correlation())) top = pr;
			if (pr.significant()) significant++;
		}
		CausalMetric metric = new CausalMetric().withSteps(a.steps).withBatchSize(s.batchSize).withResize(resize);
		float[] contribution = AblationCaExplainer.paint(e, AblationCaExplainer.Map.CONTRIBUTION);
		float[] mainEffect = AblationCaExplainer.paint(e, AblationCaExplainer.Map.MAIN_EFFECT);
		return new Row(name, count, n, s.samples, top == null ? Double.NaN : Math.abs(top.correlation()),
			top == null ? "" : (top.a() + 1) + "-" + (top.b() + 1), top == null ? Double.NaN : top.correlation(),
			significant, metric.deletion(image, contribution, classifier, target).auc(),
			metric.insertion(image, contribution, classifier, target).auc(),
			metric.deletion(image, mainEffect, classifier, target).auc(),
			metric.insertion(image, mainEffect, classifier, target).auc(), e.modelCalls(), seconds);
	}

	private static void writeCsv(Path csv, List<Row> rows) throws IOException {
		StringBuilder sb = new StringBuilder(CSV_HEADER).append('\n');
		for (Row r : rows)
			sb.append(r.csv()).append('\n');
		AtomicFiles.writeString(csv, sb.toString());
	}

	/** One plot per plotted column: each image a thin line, the mean thick; all in one grid, and one file each. */
	private static void plots(Path out, int[] counts, List<String> images, List<Row> rows) throws IOException {
		double[] x = new double[counts.length];
		for (int i = 0; i < counts.length; i++)
			x[i] = counts[i];
		List<LinePlot> plots = new ArrayList<>();
		for (String[] column : PLOTTED) {
			LinePlot plot = new LinePlot(column[1], "segments requested", x, true);
			for (Map.Entry<String, double[]> e : series(column[0], counts, images, rows).entrySet())
				plot.add(e.getKey(), e.getValue());
			plots.add(plot);
			HeatmapPanel.write(plot.render(480, 320), out.resolve("sweep_" + column[0] + ".png"));
		}
		HeatmapPanel.write(LinePlot.grid(plots, 5, 400, 280), out.resolve("segment-sweep.png"));
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
