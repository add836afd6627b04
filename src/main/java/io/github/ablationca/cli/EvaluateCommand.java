package io.github.ablationca.cli;

import io.github.ablationca.classifier.TargetClass;
import io.github.ablationca.imagej.ImageFiles;
import io.github.ablationca.imagej.ImagePlusConversion;
import io.github.ablationca.results.AtomicFiles;
import io.github.ablationca.results.OutputLock;
import io.github.ablationca.run.ExplainRunner;
import io.github.ablationca.run.IoMessages;
import io.github.ablationca.run.Slice;
import io.github.ablationca.results.InputFiles;
import io.github.ablationca.run.ModelLoader;
import io.github.ablationca.run.RunSettings;
import io.github.ablationca.run.Table;
import io.github.ablationca.run.ValueType;
import ij.ImagePlus;
import io.github.ablationca.attribution.AttributionRequest;
import io.github.ablationca.attribution.AttributionMethod;
import io.github.ablationca.attribution.AttributionMethods;
import io.github.ablationca.classifier.GradientModel;
import io.github.ablationca.attribution.Attribution;
import io.github.ablationca.attribution.ModelSpace;
import io.github.ablationca.classifier.Classifier;
import io.github.ablationca.classifier.ModelClassifier;
import io.github.ablationca.engine.ExplainSettings;
import io.github.ablationca.engine.HeatmapValues;
import io.github.ablationca.engine.ProgressListener;
import io.github.ablationca.image.RgbImage;
import io.github.ablationca.metric.CausalMetric;
import io.github.ablationca.metric.Evaluation;
import io.github.ablationca.metric.EvaluationRow;
import io.github.ablationca.metric.ObjectMask;
import io.github.ablationca.metric.PairChecks;
import io.github.ablationca.attribution.AblationCaMethod;
import io.github.ablationca.engine.Explanation;
import io.github.ablationca.metric.PointingGame;
import io.github.ablationca.metric.RoadMetric;
import io.github.ablationca.report.HeatmapPanel;
import io.github.ablationca.report.MaskFiles;
import io.github.ablationca.segment.LabelImage;
import io.github.ablationca.segment.Segmenter;
import io.github.ablationca.segment.Slic;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import net.imglib2.img.array.ArrayImgs;

/**
 * {@code ablation-ca evaluate}: Ablation-CA beside occlusion, LIME, RISE, gradient saliency and integrated gradients
 * on the same model and images, scored with deletion/insertion AUC, ROAD (MoRF, LeRF) and the pointing game. Writes
 * {@code OUT/evaluation.csv} and one heatmap panel per image ({@code OUT/<image>_panel.png}).
 */
final class EvaluateCommand {

	static final String DEFAULT_METHODS = "ablation-ca,occlusion,lime,rise,saliency,integrated-gradients";

	private EvaluateCommand() {}

	/** Parsed command line. */
	static final class Arguments {
		/** The model, target, seed and the Ablation-CA settings ({@code segments} also for LIME). */
		final RunSettings settings = new RunSettings();
		Path masks;
		String methods = DEFAULT_METHODS;
		final AttributionMethods.Options methodOptions = new AttributionMethods.Options();
		int steps = CausalMetric.DEFAULT_STEPS;
		int pairChecks = PairChecks.DEFAULT_TOP_PAIRS, pairContexts = PairChecks.DEFAULT_CONTEXTS;
		double[] roadFractions = RoadMetric.defaultFractions();
		boolean verbose, help;
		final List<String> images = new ArrayList<>();
	}

	/** The options of {@code evaluate}, bound to {@code a}. */
	static Options options(Arguments a) {
		AttributionMethods.Options m = a.methodOptions;
		RunSettings s = a.settings;
		Options o = new Options("evaluate", "ablation-ca evaluate --model MODEL --out OUT [options] INPUT...",
			"Explains every INPUT image (an image file, a stack, or a folder searched recursively for images, as for " +
				"explain) with each method on the same model, scores each heatmap and writes:",
			"  OUT/evaluation.csv      one row per method per image, then one row per method with image = mean; " +
				"columns:", "      " + String.join(",", EvaluationRow.COLUMNS),
			"  OUT/<image>_panel.png   the image and every method's heatmap side by side.",
			"  OUT/pair-checks.csv     " + String.join(",", PairCheckRows.COLUMNS) + ": with ablation-ca, whether " +
				"its pairs hold up: the share of significant pairs whose interaction sign replicates in a run with an " +
				"independent seed, and of the top pairs whose sign a direct four-point difference over fresh random " +
				"contexts confirms; then a mean row (pooled shares).",
			"<image> is named as by explain: the file name without its extension, or its path below a folder INPUT " +
				"('/' -> '_'); slices of a stack: <image>_slice<k>.",
			"Scores: deletion_auc (lower = more faithful) and insertion_auc (higher = more faithful) are the RISE " +
				"paper's causal metric on the image as the model sees it (pixels removed to black / inserted into a " +
				"blur, in heatmap order); road_morf (lower = more faithful) and road_lerf (higher = more faithful) are " +
				"ROAD's mean target probability after removing 0.1, 0.2, ..., 0.9 of the pixels, most or least " +
				"relevant first, filled by noisy linear imputation (noise seeded with --seed); pointing_hit is 1 if " +
				"the heatmap maximum lies within 15 pixels of the object in the image's mask, 0 if not, empty without " +
				"a mask (in mean rows: the hit rate over images with a mask). model_calls and seconds are the " +
				"explanation's own, without the metrics' calls. A method that " +
				"fails on an image leaves that row's values empty and is reported on standard error; the others " +
				"still run.")
			.group("Input and output").settings(s, "model", "out")
			.option("--masks", "DIR", "object masks for the pointing game: DIR/<image>_mask.png, the image's size. " +
				"Values 0/1/2 = trimap (0 object, 1 background, 2 boundary, ignored), as ../shared/data/images/masks; " +
				"values 0/255 = binary (255 object). Images without a mask get an empty pointing_hit.",
				v -> a.masks = Paths.get(v))
			.group("Methods")
			.option("--methods", "LIST", "comma-separated methods (default " + DEFAULT_METHODS + "): ablation-ca (the " +
				"default heatmap of explain: the ensemble main effect), ablation-ca-contribution (the paper's " +
				"single-ablation heatmap) and ablation-ca-main-effect (the Monte Carlo main effect of the run's " +
				"objects), all three from one run per image; occlusion, lime, rise, saliency, " +
				"integrated-gradients. saliency and integrated-gradients take input gradients of the same model " +
				"output the predictions read.", v -> {
					try {
						AttributionMethods.names(v); // unknown or repeated names are refused here
					}
					catch (IllegalArgumentException e) {
						throw new UsageException("--methods: " + e.getMessage());
					}
					a.methods = v;
				})
			.settings(s, "target", "seed", "segments", "samples", "fill", "score_scale", "heatmap_scales",
				"samples_per_scale", "fill_per_scale", "keep_per_scale", "heatmap_smoothing")
			.option("--lime-samples", "N", "LIME samples (default " + m.limeSamples + ", as the lime package).",
				v -> m.limeSamples = inRange("--lime-samples", v, 2, 1_000_000))
			.option("--rise-masks", "N", "RISE masks (default " + m.riseMasks + ").",
				v -> m.riseMasks = inRange("--rise-masks", v, 1, 1_000_000))
			.option("--occlusion-window", "N", "occlusion window in model pixels (default 1/8 of the shorter model " +
				"side).", v -> m.occlusionWindow = inRange("--occlusion-window", v, 1, 100_000))
			.option("--occlusion-stride", "N", "occlusion stride in model pixels (default half the window).",
				v -> m.occlusionStride = inRange("--occlusion-stride", v, 1, 100_000))
			.option("--ig-steps", "N", "integrated-gradients steps (default " + m.integratedGradientsSteps + ").",
				v -> m.integratedGradientsSteps = inRange("--ig-steps", v, 1, 100_000))
			.group("Metric")
			.option("--steps", "N", "deletion/insertion steps (default " + CausalMetric.DEFAULT_STEPS + ", the RISE " +
				"paper's at 224 x 224).", v -> a.steps = inRange("--steps", v, 1, 100_000))
			.option("--road-fractions", "LIST", "ROAD: comma-separated fractions of the pixels to remove, each " +
				"strictly between 0 and 1, ascending (default 0.1,0.2,...,0.9).", v -> a.roadFractions =
					fractions(v))
			.group("Pair checks (with ablation-ca: OUT/pair-checks.csv)")
			.option("--pair-checks", "N", "top pairs whose interaction sign is checked by direct four-point " +
				"differences (default " + PairChecks.DEFAULT_TOP_PAIRS + "); 0 turns the pair checks off, including " +
				"the replication run with an independent seed.", v -> a.pairChecks = inRange("--pair-checks", v, 0, 100_000))
			.option("--pair-contexts", "N", "random contexts per checked pair (default " + PairChecks.DEFAULT_CONTEXTS +
				", 4 model calls each).", v -> a.pairContexts = inRange("--pair-contexts", v, 1, 10_000_000));
		return ModelArguments.addModelGroup(o, s, () -> a.verbose = true, "round_to_8bit")
			.group("Other").flag("-h, --help", "this help.", () -> a.help = true)
			.footer(ModelArguments.propertiesNote(), "",
				"Exit status: 0 everything ran; 1 the model, an image or a method failed (reported on standard error);",
				"2 bad command line.", "",
				"Example (MobileNet v2, the dog with its trimap):",
				"  ablation-ca evaluate --model ../shared/data/models/mobilenet_v2_imagenet --value-range centered-128 \\",
				"      --masks ../shared/data/images/masks --out eval ../shared/data/images/masks/dog.png");
	}

	static Arguments parse(String[] args) {
		Arguments a = new Arguments();
		a.images.addAll(options(a).parse(args));
		return a;
	}

	static double[] fractions(String value) {
		try {
			String[] parts = value.split(",", -1);
			double[] f = new double[parts.length];
			for (int i = 0; i < parts.length; i++)
				f[i] = Double.parseDouble(parts[i].trim());
			return RoadMetric.checkFractions(f);
		}
		catch (NumberFormatException e) {
			throw new UsageException("--road-fractions must be numbers separated by commas, e.g. 0.1,0.2,0.5 (got '" +
				value + "').");
		}
		catch (IllegalArgumentException e) {
			throw new UsageException("--road-fractions: " + e.getMessage());
		}
	}

	/** A whole number in {@code [min, max]}; the message names the option and the range. */
	static int inRange(String option, String value, int min, int max) {
		try {
			return ValueType.integer(min, max).parse(value);
		}
		catch (IllegalArgumentException e) {
			throw new UsageException(option + " " + e.getMessage());
		}
	}

	static int run(String[] args, PrintStream out, PrintStream err) {
		Arguments a = parse(args);
		if (a.help) {
			out.println(options(new Arguments()).help());
			return 0;
		}
		RunSettings settings = a.settings;
		ModelArguments.requireModel(settings);
		if (settings.out == null)
			throw new UsageException("--out OUT is required: the folder for evaluation.csv and panels.");
		if (a.images.isEmpty()) throw new UsageException("No images given; list image files or folders after the options.");
		try {
			InputFiles.checkOutput(a.images, settings.out);
		}
		catch (IllegalArgumentException e) {
			throw new UsageException(e.getMessage());
		}
		if (a.masks != null && !Files.isDirectory(a.masks))
			throw new UsageException("--masks " + a.masks + " is not a folder; give the folder holding <image>_mask.png.");
		try {
			settings.validate();
		}
		catch (IllegalArgumentException e) {
			throw new UsageException(e.getMessage());
		}
		List<String> methods = AttributionMethods.names(a.methods);
		ModelClassifier classifier = ModelArguments.loadOrReport(settings, a.verbose, err);
		if (classifier == null) return 1;
		try (ModelClassifier c = classifier) {
			int target;
			try {
				target = TargetClass.resolve(settings.method.target, c.labels()); // fails before any image
			}
			catch (IllegalArgumentException e) {
				throw new UsageException(e.getMessage());
			}
			GradientModel gradients = null;
			String gradientError = null;
			if (methods.stream().anyMatch(AttributionMethods::needsGradients)) {
				try {
					gradients = ModelLoader.gradients(c);
				}
				catch (RuntimeException e) {
					gradientError = "No input gradients for this model: " + e.getMessage();
					err.println("Error: " + gradientError);
				}
			}
			try {
				a.methodOptions.ablation = settings.resolvedFor(c).method;
				return evaluate(a, methods, c, target, gradients, gradientError, out, err);
			}
			finally {
				if (gradients instanceof AutoCloseable closeable) closeQuietly(closeable);
			}
		}
	}

	private static void closeQuietly(AutoCloseable c) {
		try {
			c.close();
		}
		catch (Exception e) {
			// the gradients' native session; nothing else to do
		}
	}

	/** One image (or stack slice) to evaluate. */
	private record Item(String name, Path file, Slice plane) {}

	private static int evaluate(Arguments a, List<String> methods, Classifier classifier, int target,
		GradientModel gradients, String gradientError, PrintStream out, PrintStream err)
	{
		Path outDir = a.settings.out;
		List<AttributionMethod> attributionMethods = attributionMethods(methods, gradients, gradientError,
			a.methodOptions);
		Evaluation evaluation = new Evaluation(new CausalMetric().withSteps(a.steps),
			new RoadMetric().withFractions(a.roadFractions), PointingGame.DEFAULT_TOLERANCE);
		OutputLock lock;
		try {
			lock = OutputLock.acquire(outDir, "evaluate");
		}
		catch (OutputLock.BusyException e) {
			err.println("Error: " + e.getMessage());
			return 1;
		}
		catch (IOException e) {
			err.println("Error: cannot create or use the output folder " + IoMessages.printable(outDir.toString()) +
				": " + IoMessages.describe(e) + ". Fix: give a folder you can write to.");
			return 1;
		}
		try (lock) {
			if (lock.takenOver() != null) err.println(lock.takenOver());
			return evaluateAll(a, attributionMethods, evaluation, classifier, target, err, out);
		}
		catch (IOException e) {
			err.println("Error: cannot release the output folder " + IoMessages.printable(outDir.toString()) + ": " +
				IoMessages.describe(e) + ".");
			return 1;
		}
	}

	private static int evaluateAll(Arguments a, List<AttributionMethod> attributionMethods, Evaluation evaluation,
		Classifier classifier, int target, PrintStream err, PrintStream out)
	{
		Path outDir = a.settings.out;
		List<EvaluationRow> rows = new ArrayList<>();
		PairCheckRows pairRows = new PairCheckRows();
		int done = 0;
		InputFiles.Expansion found = InputFiles.expand(a.images, outDir);
		int failures = InputReport.print(found, err);
		List<InputFiles.Input> inputs = found.inputs();
		ExplainSettings ablation = a.methodOptions.ablation.copy();
		ablation.heatmap = attributionMethods.stream().anyMatch(m -> m.name().equals("ablation-ca")) ?
			HeatmapValues.ENSEMBLE : HeatmapValues.CONTRIBUTION;
		int calls = ablation.modelCalls(ablation.segments);
		err.println("Plan: " + inputs.size() + (inputs.size() == 1 ? " image" : " images") + " x " +
			attributionMethods.size() + (attributionMethods.size() == 1 ? " method" : " methods") + " (Ablation-CA: " +
			"up to about " + calls + " model calls per image, plus the deletion and insertion scores of each method).");
		for (InputFiles.Input input : inputs) {
			ImagePlus imp;
			try {
				imp = ImageFiles.open(input.file());
			}
			catch (RuntimeException e) {
				err.println("Error: " + ExplainRunner.describe(e, a.verbose));
				failures++;
				continue;
			}
			String missing = ImageFiles.missingPlanes(imp);
			if (missing != null) {
				err.println("Error: " + missing + ".");
				failures++;
			}
			List<Slice> planes = ImagePlusConversion.slices(imp);
			for (Slice plane : planes) {
				String name = InputFiles.sliceName(input.name(), plane.index(), planes.size());
				done++;
				try {
					failures += evaluateOne(new Item(name, input.file(), plane), a, attributionMethods, classifier, target,
						evaluation, rows, pairRows, err, done);
				}
				catch (RuntimeException | OutOfMemoryError e) {
					err.println("Error: " + (planes.size() > 1 ? input.display() + " slice " + plane.index() :
						input.display()) + ": " + ExplainRunner.describe(e, a.verbose));
					failures++;
				}
				catch (IOException e) {
					err.println("Error: " + name + ": cannot write its panel: " + IoMessages.describe(e) + ".");
					failures++;
				}
				// Rewritten after every image, so a killed run keeps what was finished.
				if (!writeCsvOrReport(outDir.resolve("evaluation.csv"), rows, err)) return 1;
				if (!pairRows.isEmpty() && !pairRows.writeOrReport(outDir.resolve(PairCheckRows.FILE), err)) return 1;
			}
			imp.flush();
		}
		if (inputs.isEmpty()) err.println("No image was found; see the errors above.");
		if (!writeCsvOrReport(outDir.resolve("evaluation.csv"), rows, err)) return 1;
		if (!pairRows.isEmpty()) {
			if (!pairRows.writeOrReport(outDir.resolve(PairCheckRows.FILE), err)) return 1;
			err.println(pairRows.summary());
		}
		List<EvaluationRow> means = Evaluation.means(rows);
		err.println("Means over " + rows.stream().map(EvaluationRow::image).distinct().count() + " images:");
		for (EvaluationRow m : means)
			err.println("  " + String.join(",", m.cells().stream().map(Table::format).toList()));
		out.println("Wrote " + outDir.resolve("evaluation.csv") + " and the heatmap panels (" + rows.size() +
			" rows).");
		if (failures > 0) {
			err.println(failures + " method runs or images failed; see the messages above.");
			return 1;
		}
		return 0;
	}

	/** The methods; gradient methods without gradients fail on every image with the load error. */
	private static List<AttributionMethod> attributionMethods(List<String> methods, GradientModel gradients, String gradientError,
		AttributionMethods.Options options)
	{
		List<String> runnable = new ArrayList<>();
		for (String m : methods)
			if (gradients != null || !AttributionMethods.needsGradients(m)) runnable.add(m);
		List<AttributionMethod> built = runnable.isEmpty() ? List.of() : AttributionMethods.parse(String.join(",", runnable),
			gradients, options);
		List<AttributionMethod> out = new ArrayList<>();
		int next = 0;
		for (String m : methods) {
			if (gradients != null || !AttributionMethods.needsGradients(m)) out.add(built.get(next++));
			else out.add(failing(m, gradientError));
		}
		return out;
	}

	private static AttributionMethod failing(String name, String message) {
		return new AttributionMethod() {
			@Override
			public String name() {
				return name;
			}

			@Override
			public Attribution explain(AttributionRequest request) {
				throw new IllegalStateException(message);
			}
		};
	}

	/** Explains and scores one image; returns the number of failed methods. */
	private static int evaluateOne(Item item, Arguments a, List<AttributionMethod> attributionMethods, Classifier classifier,
		int resolvedTarget, Evaluation evaluation, List<EvaluationRow> rows, PairCheckRows pairRows, PrintStream err,
		int index)
		throws IOException
	{
		RgbImage image = item.plane().pixels().get();
		ExplainSettings settings = a.methodOptions.ablation;
		ModelSpace space = ModelSpace.of(image, classifier, settings.resize);
		float[] probabilities = classifier.predict(space.fit(image).data(), 1)[0];
		int target = TargetClass.orTop1(resolvedTarget, probabilities);
		LabelImage segments = null;
		if (attributionMethods.stream().anyMatch(e -> AttributionMethods.usesSuperpixels(e.name())))
			segments = segmenter(settings).segment(ArrayImgs.argbs(image.toArgb(), image.width(), image.height()));
		ObjectMask mask = null;
		if (a.masks != null) {
			Path maskFile = a.masks.resolve(baseName(item.file()) + "_mask.png");
			if (Files.isRegularFile(maskFile)) {
				try {
					mask = MaskFiles.read(maskFile);
					if (mask.width() != image.width() || mask.height() != image.height()) {
						err.println("Warning: " + maskFile + " is " + mask.width() + " x " + mask.height() + " but " +
							item.name() + " is " + image.width() + " x " + image.height() + "; no pointing game for it.");
						mask = null;
					}
				}
				catch (IllegalArgumentException e) {
					err.println("Warning: " + e.getMessage() + " No pointing game for " + item.name() + ".");
				}
			}
		}
		err.println(String.format(Locale.ROOT, "[%d] %s: %d x %d, target %d '%s' (p = %.3f)%s%s", index, item.name(),
			image.width(), image.height(), target, classifier.labels().get(target), probabilities[target],
			segments == null ? "" : ", " + segments.count() + " superpixels", mask == null ? "" : ", with mask"));
		AttributionRequest request = AttributionRequest.of(image, classifier, target).withSeed(settings.seed)
			.withBatchSize(settings.batchSize).withResize(settings.resize).withSegments(segments)
			.withProgress(throttled(err));
		List<EvaluationRow> result = new ArrayList<>();
		int failed = 0;
		List<Attribution> maps = new ArrayList<>();
		List<String> captions = new ArrayList<>();
		for (AttributionMethod method : attributionMethods) {
			// one method at a time, so each result is reported as soon as it is known
			EvaluationRow r = evaluation.run(item.name(), request, mask, List.of(method)).get(0);
			result.add(r);
			if (r.failed()) {
				failed++;
				err.println("  " + r.method() + ": failed: " + r.error());
				continue;
			}
			err.println(String.format(Locale.ROOT, "  %-22s deletion %.4f  insertion %.4f  ROAD MoRF %.4f  LeRF %.4f  " +
				"pointing %s  %6.0f calls %8.2f s", r.method(), r.deletionAuc(), r.insertionAuc(), r.roadMorf(),
				r.roadLerf(), Double.isNaN(r.pointingHit()) ? "-" : r.pointingHit() == 1 ? "hit" : "miss", r.modelCalls(),
				r.seconds()));
			maps.add(r.heatmap());
			captions.add(String.format(Locale.ROOT, "del %.3f ins %.3f%s", r.deletionAuc(), r.insertionAuc(),
				Double.isNaN(r.pointingHit()) ? "" : r.pointingHit() == 1 ? " hit" : " miss"));
		}
		// heatmaps are not kept beyond the panel: memory stays flat over many images
		for (EvaluationRow r : result)
			rows.add(new EvaluationRow(r.image(), r.method(), r.deletionAuc(), r.insertionAuc(), r.roadMorf(),
				r.roadLerf(), r.pointingHit(), r.modelCalls(), r.seconds(), null, r.error()));
		HeatmapPanel.write(HeatmapPanel.render(image, item.name() + " (" + classifier.labels().get(target) + ")", maps,
			captions), a.settings.out.resolve(item.name() + "_panel.png"));
		if (a.pairChecks > 0) failed += checkPairs(item.name(), image, request, attributionMethods, a, classifier,
			pairRows, err);
		return failed;
	}

	/** The pair checks of the Ablation-CA run this image got; 1 if they failed, 0 otherwise (or without a run). */
	private static int checkPairs(String name, RgbImage image, AttributionRequest request,
		List<AttributionMethod> methods, Arguments a, Classifier classifier, PairCheckRows pairRows, PrintStream err)
	{
		Explanation run = null;
		for (AttributionMethod m : methods)
			if (run == null && m instanceof AblationCaMethod ablation) run = ablation.explanation(request);
		if (run == null || run.sampleMatrix() == null) return 0;
		try {
			ExplainSettings s = a.methodOptions.ablation.copy();
			s.seed = request.seed();
			s.batchSize = request.batchSize();
			s.resize = request.resize();
			PairChecks.Result r = new PairChecks(a.pairChecks, a.pairContexts).check(classifier, image, run, s);
			pairRows.add(name, r);
			err.println("  " + PairCheckRows.describe(r));
			return 0;
		}
		catch (RuntimeException e) {
			err.println("  pair checks: failed: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
			return 1;
		}
	}

	/** The segmentation that Ablation-CA and LIME share: the engine's, SLIC with the settings. */
	static Segmenter segmenter(ExplainSettings settings) {
		return new Slic(settings.segments, settings.compactness, settings.slicIterations, settings.smoothingSigma);
	}

	/** Progress lines on standard error at most every 20 seconds (long RISE runs show they are alive). */
	private static ProgressListener throttled(PrintStream err) {
		long[] last = {System.nanoTime()};
		return (fraction, message) -> {
			long now = System.nanoTime();
			if (now - last[0] > 20_000_000_000L) {
				last[0] = now;
				err.println("    " + message);
			}
		};
	}

	static String baseName(Path file) {
		String n = file.getFileName().toString();
		int dot = n.lastIndexOf('.');
		return dot > 0 ? n.substring(0, dot) : n;
	}

	private static boolean writeCsvOrReport(Path csv, List<EvaluationRow> rows, PrintStream err) {
		try {
			writeCsv(csv, rows);
			return true;
		}
		catch (IOException e) {
			err.println("Error: cannot write " + IoMessages.printable(csv.toString()) + ": " + IoMessages.describe(e) +
				". Fix: free disk space or check the folder's permissions.");
			return false;
		}
	}

	/** Rows and their means, written to a temporary file and moved into place (never half-written). */
	static void writeCsv(Path csv, List<EvaluationRow> rows) throws IOException {
		Table t = new Table(EvaluationRow.COLUMNS);
		for (EvaluationRow r : rows)
			t.add(r.cells());
		for (EvaluationRow r : Evaluation.means(rows))
			t.add(r.cells());
		AtomicFiles.writeString(csv, t.toCsv());
	}
}
