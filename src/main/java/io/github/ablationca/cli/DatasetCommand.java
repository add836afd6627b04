package io.github.ablationca.cli;

import io.github.ablationca.classifier.FeatureLayerException;
import io.github.ablationca.classifier.ModelClassifier;
import io.github.ablationca.dataset.DatasetAnalysis;
import io.github.ablationca.results.DatasetBatch;
import io.github.ablationca.results.ResultFolder;
import io.github.ablationca.run.RunSettings;
import io.github.ablationca.run.Setting;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code ablation-ca dataset}: the dataset correspondence analysis. A thin face: the options become
 * {@link RunSettings}, {@link DatasetBatch} explains every image through the one per-image runner (the same result
 * folders as {@code explain}, resumable), describes the objects and builds each class's concepts and graph.
 */
final class DatasetCommand {

	private DatasetCommand() {}

	/** Parsed command line. */
	static final class Arguments {
		final RunSettings settings = new RunSettings();
		boolean force, verbose, help;
		ProgressBar.Mode progress = ProgressBar.Mode.AUTO;
		/** The Spark master (--master), or null: the default ({@link #master}). */
		String master;
		final List<String> inputs = new ArrayList<>();

		/**
		 * Where the analysis runs: the --master given, spark-submit's, else embedded Spark on all cores
		 * ({@value #EMBEDDED}) when Spark is on the class path; null = in-process.
		 */
		String master() {
			if (IN_PROCESS.equals(master)) return null;
			if (master != null) return master;
			if (SparkFace.underSparkSubmit()) return System.getProperty("spark.master");
			return SparkFace.sparkOnClassPath() ? EMBEDDED : null;
		}
	}

	/** The default master of {@code dataset}, and the word for "no Spark". */
	static final String EMBEDDED = "local[*]", IN_PROCESS = "in-process";

	static Options options(Arguments a) {
		RunSettings s = a.settings;
		Options o = new Options("dataset", "ablation-ca dataset --model MODEL --out OUT [options] INPUT...",
			"Dataset correspondence analysis: explains every image as 'explain' does, describes each object by the " +
				"model's activations (the object shown alone), clusters each class's objects into concepts and builds " +
				"the class graph: which concepts the model relies on, which it uses together (synergy) and which stand " +
				"in for each other (redundancy), tested across the images.",
			"INPUT is an image file, a stack or a folder (searched recursively), as for 'explain'. The class of an " +
				"image is its top-1 class, --target, or with --classes-from-folders the name of its folder.")
			.group("Input and output").settings(s, "model", "out")
			.flag("--force", "recompute images whose results in the output folder are complete (default: skip them).",
				() -> a.force = true)
			.option("--progress", "MODE", "auto, bar, lines or off (as for explain).",
				v -> a.progress = ExplainCommand.progressMode("--progress", v))
			.settings(s, "pairs_to_draw")
			.option("--master", "URL", "where the images and classes are analysed: on Apache Spark at local[N] (N " +
				"cores of this machine), spark://HOST:PORT, yarn or k8s://..., or " + IN_PROCESS + " (one image " +
				"after the other, no Spark). Default: " + EMBEDDED + " (embedded Spark, all cores), or the master of " +
				"spark-submit. Spark also writes OUT/objects.parquet and OUT/pairs.parquet. See docs/spark.md.",
				v -> a.master = v)
			.group("Dataset analysis").settings(s, Setting.Group.DATASET)
			.group("Method").settings(s, Setting.Group.METHOD);
		return ModelArguments.addModelGroup(o, s, () -> a.verbose = true, "round_to_8bit")
			.group("Other").flag("-h, --help", "this help.", () -> a.help = true)
			.footer(ModelArguments.propertiesNote(), "",
				"Output: per image OUT/NAME/ as for explain; per class OUT/" + ResultFolder.DATASET + "/CLASS/: " +
					"concepts.csv, edges.csv, objects.csv,",
				"graph.graphml (Cytoscape, Gephi), graph.png, concept_<k>.png; OUT/" + ResultFolder.DATASET +
					"/summary.json. Described in docs/dataset.md.", "",
				"Exit status: 0 done; 1 some images failed (OUT/errors.csv; they are left out of the graphs), no image " +
					"was found,",
				"no class could be analysed, or the model or its feature layer could not be loaded; 2 bad command line.",
				"", "Example (the shortcut demo's scenes): ablation-ca demo --dataset");
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
		ExplainCommand.checkBatch(settings, a.inputs);
		String master = a.master();
		if (master != null) SparkFace.prepare();
		ModelClassifier classifier = ModelArguments.loadOrReport(SparkFace.forDriver(master, settings), a.verbose, err);
		if (classifier == null) return 1;
		try (ModelClassifier c = classifier) {
			ExplainCommand.checkTarget(settings, c);
			c.featureLayer(settings.modelOptions.featureLayer); // a wrong layer is refused before Spark starts
			ProgressBar progress = new ProgressBar(err, a.progress, 0);
			DatasetBatch.Report r;
			try {
				DatasetBatch batch = new DatasetBatch(c, settings, settings.out).force(a.force).verbose(a.verbose)
					.messages(progress);
				r = master == null ? batch.run(a.inputs) : SparkFace.runDataset(master, batch, settings, a.inputs, err);
				if (r == null) return 1;
			}
			finally {
				progress.close();
			}
			return report(r, settings.out, out, err);
		}
		catch (FeatureLayerException | IOException | IllegalArgumentException e) {
			err.println("Error: " + e.getMessage());
			return 1;
		}
	}

	/** The closing lines: the per-image part, each class's findings in words, where the files are. */
	static int report(DatasetBatch.Report r, Path outDir, PrintStream out, PrintStream err) {
		ExplainCommand.report(r.batch(), outDir, out);
		out.println("Feature layer: " + r.featureLayer() + "; model calls: " + r.explanationCalls() +
			" for the explanations, " + r.descriptorCalls() + " for the descriptors.");
		for (Map.Entry<String, double[]> e : r.accuracy().entrySet())
			out.printf(java.util.Locale.ROOT, "Accuracy of '%s': %.1f%% (%d of %d images).%n", e.getKey(), 100 *
				e.getValue()[0] / e.getValue()[1], (int) e.getValue()[0], (int) e.getValue()[1]);
		for (DatasetAnalysis.ClassResult c : r.classes())
			out.println(DatasetAnalysis.describe(c, 3));
		out.println("Dataset analysis: " + outDir.resolve(ResultFolder.DATASET).toAbsolutePath().normalize() +
			" (one folder per class: graph.png, concepts.csv, edges.csv, graph.graphml)");
		if (r.analysed().isEmpty()) {
			err.println("Error: no class could be analysed; see the notes above.");
			return 1;
		}
		return r.batch().failed() > 0 ? 1 : 0;
	}
}
