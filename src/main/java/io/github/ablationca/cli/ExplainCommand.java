package io.github.ablationca.cli;

import io.github.ablationca.classifier.TargetClass;
import io.github.ablationca.results.FolderBatch;
import io.github.ablationca.results.InputFiles;
import io.github.ablationca.results.ResultFolder;
import io.github.ablationca.run.RunSettings;
import io.github.ablationca.run.Setting;
import io.github.ablationca.run.ValueType;
import io.github.ablationca.classifier.ModelClassifier;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ablation-ca explain}: heatmaps, correlated object pairs and groups for images, stacks and folders. A thin
 * face: the options become {@link RunSettings}, {@link FolderBatch} runs the one per-image runner on every input and
 * writes the result folders.
 */
final class ExplainCommand {

	private ExplainCommand() {}

	/** Parsed command line. */
	static final class Arguments {
		final RunSettings settings = new RunSettings();
		boolean force, verbose, help;
		ProgressBar.Mode progress = ProgressBar.Mode.AUTO;
		/** The Spark master (--master), or null: in-process (or the master spark-submit gives). */
		String master;
		final List<String> inputs = new ArrayList<>();
	}

	/** The options of {@code explain}, bound to {@code a}. */
	static Options options(Arguments a) {
		RunSettings s = a.settings;
		Options o = new Options("explain", "ablation-ca explain --model MODEL --out OUT [options] INPUT...",
			"Explains a classifier's decision on each image: which objects (superpixels) drive it (heatmap) and " +
				"which objects it uses together (correlated pairs and groups), by Ablation-CA.",
			"INPUT is an image file, a multi-page TIFF stack (each slice is explained) or a folder, searched " +
				"recursively for " + String.join(", ", InputFiles.EXTENSIONS.stream().sorted().toList()) +
				" files (symbolic links are followed; hidden files and OUT itself are left out).")
			.group("Input and output").settings(s, "model", "out")
			.flag("--force", "recompute images whose results in the output folder are complete (default: skip them).",
				() -> a.force = true)
			.option("--progress", "MODE", "auto (default: a progress bar redrawn in place when standard error is a " +
				"terminal, else one line per image), bar, lines or off (errors only).",
				v -> a.progress = progressMode("--progress", v))
			.settings(s, "pairs_to_draw")
			.option("--master", "URL", "run the batch on Apache Spark: local[N] (N cores of this machine), " +
				"spark://HOST:PORT, yarn or k8s://...; adds OUT/objects.parquet and OUT/pairs.parquet (objects and " +
				"pairs of every result). Default: in-process, or the master of spark-submit. See docs/spark.md.",
				v -> a.master = v)
			.group("Method").settings(s, Setting.Group.METHOD);
		return ModelArguments.addModelGroup(o, s, () -> a.verbose = true, "round_to_8bit")
			.group("Other").flag("-h, --help", "this help.", () -> a.help = true)
			.footer(ModelArguments.propertiesNote(), "",
				"Output, per image OUT/NAME/ (per stack slice OUT/NAME_slice<k>/): heatmap.tif (32-bit heatmap values),",
				"labels.tif (object ids), overlay.png (what Fiji shows), objects.csv, pairs.csv, groups.csv, summary.json",
				"(written last: a folder with it is complete and is skipped by the next run unless --force). NAME is the",
				"file name without its extension, or the path below a folder INPUT with '/' as '_'; made unique with -2,",
				"-3, ... OUT/" + ResultFolder.SUMMARY_CSV + " has one row per result, OUT/" + ResultFolder.ERRORS_CSV +
					" one per image or slice that failed.",
				"The columns are described in docs/results.md.", "",
				"Exit status: 0 every image explained or skipped; 1 some images failed or no image was found (listed in",
				"OUT/errors.csv), the output folder is in use by another run, or the model could not be loaded; 2 bad",
				"command line.", "",
				"Example (ResNet-8 on CIFAR-10 images):",
				"  ablation-ca explain --model ../shared/data/models/resnet8_cifar10 --value-range 0..255 \\",
				"      --segments 20 --samples 300 --out results ../shared/data/images/cifar10");
	}

	static ProgressBar.Mode progressMode(String option, String v) {
		try {
			return ValueType.choice(ProgressBar.Mode.class).parse(v);
		}
		catch (IllegalArgumentException e) {
			throw new UsageException(option + " " + e.getMessage());
		}
	}

	static Arguments parse(String[] args) {
		Arguments a = new Arguments();
		a.inputs.addAll(options(a).parse(args));
		return a;
	}

	static int run(String[] args, PrintStream out, PrintStream err) {
		Arguments a = parse(args);
		if (a.help) {
			out.println(options(new Arguments()).help());
			return 0;
		}
		RunSettings settings = a.settings;
		checkBatch(settings, a.inputs);
		if (a.master != null || SparkFace.underSparkSubmit()) SparkFace.prepare();
		ModelClassifier classifier = ModelArguments.loadOrReport(SparkFace.forDriver(a.master, settings), a.verbose,
			err);
		if (classifier == null) return 1;
		try (ModelClassifier c = classifier) {
			checkTarget(settings, c);
			ProgressBar progress = new ProgressBar(err, a.progress, 0);
			FolderBatch.Report r;
			try {
				r = a.master != null || SparkFace.underSparkSubmit() ? SparkFace.run(a, c, progress, err) :
					new FolderBatch(c, settings, settings.out).force(a.force).verbose(a.verbose).messages(progress)
						.run(a.inputs);
				if (r == null) return 1;
			}
			finally {
				progress.close();
			}
			report(r, settings.out, out);
			return r.failed() > 0 ? 1 : 0;
		}
		catch (IOException e) {
			err.println("Error: " + e.getMessage());
			return 1;
		}
		catch (IllegalArgumentException e) {
			throw new UsageException(e.getMessage());
		}
	}

	/** Refuses a batch without model, output folder or inputs, bad settings, or an output inside an input. */
	static void checkBatch(RunSettings settings, List<String> inputs) {
		ModelArguments.requireModel(settings);
		if (settings.out == null) throw new UsageException("--out DIR is required: the folder the results go to.");
		if (inputs.isEmpty())
			throw new UsageException("No input given; list image files, stacks or folders after the options.");
		try {
			settings.validate();
			InputFiles.checkOutput(inputs, settings.out);
		}
		catch (IllegalArgumentException e) {
			throw new UsageException(e.getMessage());
		}
	}

	/** Refuses a target the model does not have, before any image. */
	static void checkTarget(RunSettings settings, ModelClassifier c) {
		try {
			TargetClass.resolve(settings.method.target, c.labels());
		}
		catch (IllegalArgumentException e) {
			throw new UsageException(e.getMessage());
		}
	}

	/** The closing lines on standard output: what was done and where the results are. */
	static void report(FolderBatch.Report r, Path outDir, PrintStream out) {
		StringBuilder sb = new StringBuilder();
		sb.append(r.explained()).append(r.explained() == 1 ? " result" : " results").append(" written");
		if (r.skipped() > 0) sb.append(", ").append(r.skipped()).append(r.skipped() == 1 ? " complete one" :
			" complete ones").append(" skipped (--force recomputes)");
		if (r.failed() > 0) sb.append(", ").append(r.failed()).append(" failed (").append(outDir.resolve(
			ResultFolder.ERRORS_CSV)).append(")");
		sb.append(" from ").append(r.images()).append(r.images() == 1 ? " input image." : " input images.");
		if (r.images() == 0) sb.append(" No image was found; see the errors above.");
		out.println(sb);
		if (r.otherSettings() > 0)
			out.println("Note: " + r.otherSettings() + " skipped results were made with other settings; use --force " +
				"to recompute them with these.");
		out.println("Results: " + outDir.toAbsolutePath().normalize() + " (one folder per image; " +
			ResultFolder.SUMMARY_CSV + " lists them all)");
	}
}
