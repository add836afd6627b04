package io.github.ablationca.cli;

import io.github.ablationca.classifier.Predictions;
import io.github.ablationca.djl.TensorFlowClassifier;
import io.github.ablationca.engine.CorrelationMeasure;
import io.github.ablationca.engine.ExplainSettings;
import io.github.ablationca.engine.FillMode;
import io.github.ablationca.engine.SamplingScheme;
import io.github.ablationca.engine.HeatmapValues;
import io.github.ablationca.engine.ScoreScale;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ablation-ca explain}: heatmaps, correlated object pairs and groups for images, stacks and folders, written
 * into an output folder by {@link BatchExplainer} and {@link ResultWriter}.
 */
final class ExplainCommand {

	private ExplainCommand() {}

	/** Parsed command line. */
	static final class Arguments {
		final ModelArguments model = new ModelArguments();
		final ExplainSettings settings = new ExplainSettings();
		Path out;
		boolean force;
		boolean help;
		BatchExplainer.Progress progress = BatchExplainer.Progress.AUTO;
		final List<String> inputs = new ArrayList<>();
	}

	/** The options of {@code explain}, bound to {@code a}. */
	static OptionParser parser(Arguments a) {
		ExplainSettings s = a.settings;
		OptionParser p = new OptionParser();
		p.section("Input and output:");
		a.model.addBasic(p);
		p.option("--out", "DIR", "output folder (created if needed); one sub-folder per image. Required.",
			v -> a.out = Paths.get(v));
		p.flag("--force", "recompute images whose results in the output folder are complete (default: skip them).",
			() -> a.force = true);
		p.option("--progress", "MODE", "auto (default: a progress bar redrawn in place when standard error is a " +
			"terminal, else one line per image), bar, lines or off (errors only).",
			v -> a.progress = OptionParser.choice("--progress", v, BatchExplainer.Progress.class));
		p.section("Method:");
		p.option("--segments", "N", "objects (SLIC superpixels) to cut each image into (default " + s.segments +
			"); the actual count is reported.", v -> s.segments = OptionParser.positive("--segments", v));
		p.option("--samples", "N", "Monte Carlo synchronous ablations per image (default " + s.samples + "); they " +
			"give the pair correlations. Must exceed the object count by 3; 0 skips the correlation analysis.",
			v -> s.samples = OptionParser.nonNegative("--samples", v));
		p.option("--seed", "S", "seed of every random choice (default " + s.seed + "); the same seed gives the same " +
			"results, for every image whatever the order.", v -> s.seed = OptionParser.longInteger("--seed", v));
		p.option("--target", "LABEL|INDEX", "class to explain: an output index (0-based) or a label of the labels " +
			"file (default: each image's top-1 class).", v -> s.target = v);
		p.option("--fill", "MODE", "what ablated objects are replaced with: mean (default: the image's mean colour), " +
			"blur (a strong Gaussian blur of the image), constant (--fill-color) or noise (seeded uniform noise).",
			v -> s.fill = OptionParser.choice("--fill", v, FillMode.class));
		p.option("--fill-color", "R,G,B", "colour of --fill constant, 0..255 each (default 0,0,0: black).",
			v -> s.constantColor = color(v));
		p.option("--compactness", "C", "SLIC compactness (default " + OptionParser.formatNumber(s.compactness) +
			"): higher gives squarer objects, lower follows colour edges more.",
			v -> s.compactness = OptionParser.number("--compactness", v));
		p.option("--keep-probability", "P", "chance that an object stays visible in a Monte Carlo ablation (default " +
			OptionParser.formatNumber(s.keepProbability) + ").",
			v -> s.keepProbability = OptionParser.number("--keep-probability", v));
		p.option("--score-scale", "SCALE", "scale of the analysed class score: log-odds (default, avoids saturation " +
			"near probability 1) or probability (as in the paper).",
			v -> s.scoreScale = OptionParser.choice("--score-scale", v, ScoreScale.class));
		p.option("--heatmap", "VALUES", "what the heatmap shows per object: contribution (default, the paper's " +
			"single-ablation score drop) or main-effect (the Monte Carlo Banzhaf value of the same run: also shows " +
			"objects another one can stand in for; scored better under deletion/insertion).",
			v -> s.heatmap = OptionParser.choice("--heatmap", v, HeatmapValues.class));
		p.option("--measure", "NAME", "correlation measure: pearson (default, the paper's linear correlation) or " +
			"spearman (rank correlation).", v -> s.measure = measure(v));
		p.option("--sampling", "SCHEME", "how the Monte Carlo masks are drawn: independent (default), antithetic " +
			"(pairs of complementary masks) or balanced (each object kept equally often per block).",
			v -> s.sampling = OptionParser.choice("--sampling", v, SamplingScheme.class));
		p.option("--fdr", "Q", "false discovery rate under which a pair counts as significant (default " +
			OptionParser.formatNumber(s.falseDiscoveryRate) + ", Benjamini-Hochberg).",
			v -> s.falseDiscoveryRate = OptionParser.number("--fdr", v));
		a.model.addModelAndHelpSections(p, () -> a.help = true);
		return p;
	}

	static Arguments parse(String[] args) {
		Arguments a = new Arguments();
		a.inputs.addAll(parser(a).parse(args));
		return a;
	}

	private static String measure(String v) {
		String name = v.strip().toLowerCase(java.util.Locale.ROOT);
		CorrelationMeasure.forName(name); // refuses unknown names, listing the known ones
		return name;
	}

	private static float[] color(String v) {
		String[] parts = v.split(",");
		if (parts.length != 3) throw new UsageException("--fill-color takes R,G,B, e.g. 128,128,128.");
		float[] c = new float[3];
		for (int i = 0; i < 3; i++) {
			c[i] = (float) OptionParser.number("--fill-color", parts[i]);
			if (c[i] < 0 || c[i] > 255) throw new UsageException("--fill-color values lie in 0..255, not " + parts[i] + ".");
		}
		return c;
	}

	static String usage() {
		return String.join("\n",
			"Usage: ablation-ca explain --model DIR --out OUT [options] INPUT...",
			"",
			"Explains a classifier's decision on each image: which objects (superpixels) drive it (heatmap) and which",
			"objects it uses together (correlated pairs and groups), by Ablation-CA.",
			"INPUT is an image file, a multi-page TIFF stack (each slice is explained) or a folder, searched",
			"recursively for " + String.join(", ", InputFiles.EXTENSIONS.stream().sorted().toList()) +
				" files (hidden files and OUT itself are left out).",
			"",
			parser(new Arguments()).help(),
			"",
			ModelArguments.propertiesNote(),
			"",
			"Output, per image OUT/NAME/ (per stack slice OUT/NAME_slice<k>/): heatmap.tif (32-bit contributions),",
			"overlay.png (what Fiji shows), objects.csv, pairs.csv, groups.csv, summary.json (written last: a folder",
			"with it is complete and is skipped by the next run unless --force). NAME is the file name without its",
			"extension, or the path below a folder INPUT with '/' as '_'; made unique with -2, -3, ...",
			"OUT/summary.csv has one row per result, OUT/errors.csv one per image or slice that failed.",
			"",
			"Exit status: 0 every image explained or skipped; 1 some images failed (listed in OUT/errors.csv) or the",
			"model could not be loaded; 2 bad command line.",
			"",
			"Example (ResNet-8 on CIFAR-10 images):",
			"  ablation-ca explain --model ../shared/data/models/resnet8_cifar10 --value-range 0..255 \\",
			"      --segments 20 --samples 300 --out results ../shared/data/images/cifar10");
	}

	static int run(String[] args, PrintStream out, PrintStream err) {
		Arguments a = parse(args);
		if (a.help) {
			out.println(usage());
			return 0;
		}
		a.model.requireModel();
		if (a.out == null) throw new UsageException("--out DIR is required: the folder the results go to.");
		if (a.inputs.isEmpty())
			throw new UsageException("No input given; list image files, stacks or folders after the options.");
		ExplainSettings settings = a.settings;
		try {
			settings.validate();
		}
		catch (IllegalArgumentException e) {
			throw new UsageException(e.getMessage());
		}
		if (settings.samples > 0 && settings.samples < settings.segments + 3)
			throw new UsageException("--samples " + settings.samples + " is too few for " + settings.segments +
				" segments: the correlation tests need more samples than objects + 2. Give --samples " +
				Math.max(64, 2 * settings.segments) + " or more, or --samples 0 to skip the correlation analysis.");
		TensorFlowClassifier classifier = a.model.loadOrReport(err);
		if (classifier == null) return 1;
		try (TensorFlowClassifier c = classifier) {
			// The engine renders ablations at the model's input size itself: same batch size and fitting as the model.
			settings.batchSize = c.batchSize();
			settings.resize = c.resizeMode();
			if (settings.target != null && !settings.target.isBlank()) {
				try {
					settings.target = Integer.toString(Predictions.findClass(settings.target, c.labels()));
				}
				catch (IllegalArgumentException e) {
					throw new UsageException("--target: " + e.getMessage());
				}
			}
			BatchExplainer.Report r = new BatchExplainer(c, settings, a.out)
				.model(a.model.model.toString())
				.force(a.force)
				.messages(err, a.progress)
				.run(a.inputs);
			report(r, a.out, out);
			return r.failed() > 0 ? 1 : 0;
		}
		catch (IOException e) {
			err.println("Error: " + e.getMessage());
			return 1;
		}
	}

	/** The closing lines on standard output: what was done and where the results are. */
	static void report(BatchExplainer.Report r, Path outDir, PrintStream out) {
		StringBuilder sb = new StringBuilder();
		sb.append(r.explained()).append(r.explained() == 1 ? " result" : " results").append(" written");
		if (r.skipped() > 0) sb.append(", ").append(r.skipped()).append(r.skipped() == 1 ? " complete one" :
			" complete ones").append(" skipped (--force recomputes)");
		if (r.failed() > 0) sb.append(", ").append(r.failed()).append(" failed (").append(outDir.resolve(
			BatchExplainer.ERRORS_CSV)).append(")");
		sb.append(" from ").append(r.images()).append(r.images() == 1 ? " input image." : " input images.");
		out.println(sb);
		if (r.otherSettings() > 0)
			out.println("Note: " + r.otherSettings() + " skipped results were made with other settings; use --force " +
				"to recompute them with these.");
		out.println("Results: " + outDir.toAbsolutePath().normalize() + " (one folder per image; " +
			BatchExplainer.SUMMARY_CSV + " lists them all)");
	}
}
