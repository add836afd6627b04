package io.github.ablationca.cli;

import ij.ImagePlus;
import io.github.ablationca.baseline.ExplainRequest;
import io.github.ablationca.baseline.Explainer;
import io.github.ablationca.baseline.Explainers;
import io.github.ablationca.baseline.GradientModel;
import io.github.ablationca.baseline.Heatmap;
import io.github.ablationca.baseline.ModelSpace;
import io.github.ablationca.classifier.Classifier;
import io.github.ablationca.djl.TensorFlowClassifier;
import io.github.ablationca.engine.ExplainSettings;
import io.github.ablationca.engine.FillMode;
import io.github.ablationca.engine.ProgressListener;
import io.github.ablationca.engine.ScoreScale;
import io.github.ablationca.image.ResizeMode;
import io.github.ablationca.image.RgbImage;
import io.github.ablationca.metric.CausalMetric;
import io.github.ablationca.metric.Evaluation;
import io.github.ablationca.metric.EvaluationRow;
import io.github.ablationca.metric.ObjectMask;
import io.github.ablationca.report.HeatmapPanel;
import io.github.ablationca.report.MaskFiles;
import io.github.ablationca.segment.LabelImage;
import io.github.ablationca.segment.Segmenter;
import io.github.ablationca.segment.Slic;
import io.github.ablationca.tf.TensorFlowGradients;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import net.imglib2.img.array.ArrayImgs;

/**
 * {@code ablation-ca evaluate}: Ablation-CA beside occlusion, LIME, RISE, gradient saliency and integrated gradients
 * on the same model and images, scored with deletion/insertion AUC and the pointing game. Writes
 * {@code OUT/evaluation.csv} and one heatmap panel per image ({@code OUT/<image>_panel.png}).
 */
final class EvaluateCommand {

	static final String DEFAULT_METHODS = "ablation-ca,occlusion,lime,rise,saliency,integrated-gradients";

	private EvaluateCommand() {}

	/** Parsed command line. */
	static final class Arguments {
		final ModelArguments model = new ModelArguments();
		Path out;
		Path masks;
		String methods = DEFAULT_METHODS;
		final Explainers.Options methodOptions = new Explainers.Options();
		String target;
		long seed = 1;
		int steps = CausalMetric.DEFAULT_STEPS;
		boolean help;
		final List<String> images = new ArrayList<>();
	}

	/** The options of {@code evaluate}, bound to {@code a}. */
	static OptionParser parser(Arguments a) {
		ExplainSettings s = a.methodOptions.ablation;
		Explainers.Options m = a.methodOptions;
		OptionParser p = new OptionParser();
		p.section("Input and output:");
		a.model.addBasic(p);
		p.option("--out", "DIR", "output folder (created if needed) for evaluation.csv and the panels. Required.",
			v -> a.out = Paths.get(v));
		p.option("--masks", "DIR", "object masks for the pointing game: DIR/<image>_mask.png, the image's size. " +
			"Values 0/1/2 = trimap (0 object, 1 background, 2 boundary, ignored), as ../shared/data/images/masks; " +
			"values 0/255 = binary (255 object). Images without a mask get an empty pointing_hit.",
			v -> a.masks = Paths.get(v));
		p.section("Methods:");
		p.option("--methods", "LIST", "comma-separated methods (default " + DEFAULT_METHODS + "): ablation-ca (the " +
			"paper's single-ablation heatmap), ablation-ca-banzhaf (the Monte Carlo main effect of the same run; no " +
			"extra model calls when listed with ablation-ca), occlusion, lime, rise, saliency, integrated-gradients. " +
			"saliency and integrated-gradients load the model a second time in TF Java for input gradients, with the " +
			"same value range.", v -> {
				Explainers.names(v); // unknown or repeated names are refused here
				a.methods = v;
			});
		p.option("--target", "LABEL|INDEX", "class to explain: an output index (0-based) or a label; default: each " +
			"image's top-1 class.", v -> a.target = v.strip());
		p.option("--seed", "S", "seed of every random choice (default 1); the same seed gives the same table.",
			v -> a.seed = OptionParser.longInteger("--seed", v));
		p.option("--segments", "N", "SLIC superpixels requested for ablation-ca and lime (default " + s.segments +
			"); both explain the same superpixels of each image.", v -> s.segments = atLeast("--segments", v, 2));
		p.option("--samples", "N", "Ablation-CA Monte Carlo samples (default " + s.samples + ").",
			v -> s.samples = OptionParser.nonNegative("--samples", v));
		p.option("--fill", "MODE", "Ablation-CA fill: mean (default), blur, constant or noise.",
			v -> s.fill = OptionParser.choice("--fill", v, FillMode.class));
		p.option("--score-scale", "SCALE", "scale Ablation-CA analyses the target score on: log-odds (default) or " +
			"probability (the paper's).", v -> s.scoreScale = OptionParser.choice("--score-scale", v,
				ScoreScale.class));
		p.option("--lime-samples", "N", "LIME samples (default " + m.limeSamples + ", as the lime package).",
			v -> m.limeSamples = atLeast("--lime-samples", v, 2));
		p.option("--rise-masks", "N", "RISE masks (default " + m.riseMasks + ").",
			v -> m.riseMasks = OptionParser.positive("--rise-masks", v));
		p.option("--occlusion-window", "N", "occlusion window in model pixels (default 1/8 of the shorter model " +
			"side).", v -> m.occlusionWindow = OptionParser.positive("--occlusion-window", v));
		p.option("--occlusion-stride", "N", "occlusion stride in model pixels (default half the window).",
			v -> m.occlusionStride = OptionParser.positive("--occlusion-stride", v));
		p.option("--ig-steps", "N", "integrated-gradients steps (default " + m.integratedGradientsSteps + ").",
			v -> m.integratedGradientsSteps = OptionParser.positive("--ig-steps", v));
		p.section("Metric:");
		p.option("--steps", "N", "deletion/insertion steps (default " + CausalMetric.DEFAULT_STEPS + ", the RISE " +
			"paper's at 224 x 224).", v -> a.steps = OptionParser.positive("--steps", v));
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
			"Usage: ablation-ca evaluate --model DIR --out OUT [options] INPUT...",
			"",
			"Explains every INPUT image (an image file, a stack, or a folder searched recursively for png, jpg, bmp",
			"and tif files, as for explain) with each method on the same model, scores each heatmap and writes:",
			"  OUT/evaluation.csv      image,method,deletion_auc,insertion_auc,pointing_hit,model_calls,seconds:",
			"                          one row per method per image, then one row per method with image = mean.",
			"  OUT/<image>_panel.png   the image and every method's heatmap side by side.",
			"<image> is named as by explain: the file name without its extension, or its path below a folder INPUT",
			"('/' -> '_'); slices of a stack: <image>_slice<k>.",
			"",
			"Scores: deletion_auc (lower = more faithful) and insertion_auc (higher = more faithful) are the RISE",
			"paper's causal metric on the image as the model sees it (pixels removed to black / inserted into a blur,",
			"in heatmap order); pointing_hit is 1 if the heatmap maximum lies within 15 pixels of the object in the",
			"image's mask, 0 if not, empty without a mask (in mean rows: the hit rate over images with a mask).",
			"model_calls and seconds are the explanation's own, without the metric's calls. A method that fails on an",
			"image leaves that row's values empty and is reported on standard error; the others still run.",
			"",
			parser(new Arguments()).help(),
			"",
			ModelArguments.propertiesNote(),
			"",
			"Exit status: 0 everything ran; 1 the model, an image or a method failed (reported on standard error);",
			"2 bad command line.",
			"",
			"Example (MobileNet v2, the dog with its trimap):",
			"  ablation-ca evaluate --model ../shared/data/models/mobilenet_v2_imagenet --value-range centered-128 \\",
			"      --masks ../shared/data/images/masks --out eval ../shared/data/images/masks/dog.png");
	}

	static int atLeast(String name, String value, int min) {
		int v = OptionParser.integer(name, value);
		if (v < min) throw new UsageException(name + " must be at least " + min + ", not " + v + ".");
		return v;
	}

	static int run(String[] args, PrintStream out, PrintStream err) {
		Arguments a = parse(args);
		if (a.help) {
			out.println(usage());
			return 0;
		}
		a.model.requireModel();
		if (a.out == null) throw new UsageException("--out OUT is required: the folder for evaluation.csv and panels.");
		if (a.images.isEmpty()) throw new UsageException("No images given; list image files or folders after the options.");
		if (a.masks != null && !Files.isDirectory(a.masks))
			throw new UsageException("--masks " + a.masks + " is not a folder; give the folder holding <image>_mask.png.");
		List<String> methods = Explainers.names(a.methods);
		TensorFlowClassifier classifier = a.model.loadOrReport(err);
		if (classifier == null) return 1;
		try (TensorFlowClassifier c = classifier) {
			if (a.target != null) resolveTarget(a.target, c.labels(), null); // a bad target fails before any image
			TensorFlowGradients gradients = null;
			String gradientError = null;
			if (methods.stream().anyMatch(Explainers::needsGradients)) {
				try {
					gradients = TensorFlowGradients.load(a.model.model, c.valueRange(), a.model.options.output);
				}
				catch (RuntimeException e) {
					gradientError = "No input gradients for this model: " + e.getMessage();
					err.println("Error: " + gradientError);
				}
			}
			try {
				return evaluate(a, methods, c, c.resizeMode(), c.batchSize(), gradients, gradientError, out, err);
			}
			finally {
				if (gradients != null) gradients.close();
			}
		}
	}

	/** One image (or stack slice) to evaluate. */
	private record Item(String name, Path file, ImagePlus imp, int slice) {}

	private static int evaluate(Arguments a, List<String> methods, Classifier classifier, ResizeMode resize,
		int batchSize, GradientModel gradients, String gradientError, PrintStream out, PrintStream err)
	{
		List<Explainer> explainers = explainers(methods, gradients, gradientError, a.methodOptions);
		Evaluation evaluation = new Evaluation(new CausalMetric().withSteps(a.steps));
		try {
			Files.createDirectories(a.out);
		}
		catch (IOException e) {
			err.println("Error: cannot create the output folder " + a.out + ": " + e.getMessage());
			return 1;
		}
		List<EvaluationRow> rows = new ArrayList<>();
		int failures = 0, done = 0;
		List<InputFiles.Input> inputs;
		try {
			inputs = InputFiles.expand(a.images, a.out);
		}
		catch (UncheckedIOException e) {
			err.println("Error: cannot list the input folders: " + e.getCause().getMessage());
			return 1;
		}
		for (InputFiles.Input input : inputs) {
			ImagePlus imp;
			try {
				imp = ImagePlusImages.open(input.file());
			}
			catch (IllegalArgumentException e) {
				err.println("Error: " + e.getMessage());
				failures++;
				continue;
			}
			int slices = imp.getStackSize();
			for (int k = 1; k <= slices; k++) {
				String name = InputFiles.sliceName(input.name(), k, slices);
				done++;
				try {
					failures += evaluateOne(new Item(name, input.file(), imp, k), a, explainers, classifier, resize,
						batchSize, evaluation, rows, err, done);
				}
				catch (RuntimeException | IOException e) {
					err.println("Error: " + name + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
					failures++;
				}
				// Rewritten after every image, so a killed run keeps what was finished.
				if (!writeCsvOrReport(a.out.resolve("evaluation.csv"), rows, err)) return 1;
			}
		}
		if (!writeCsvOrReport(a.out.resolve("evaluation.csv"), rows, err)) return 1;
		List<EvaluationRow> means = Evaluation.means(rows);
		err.println("Means over " + rows.stream().map(EvaluationRow::image).distinct().count() + " images:");
		for (EvaluationRow m : means)
			err.println("  " + m.toCsv());
		out.println("Wrote " + a.out.resolve("evaluation.csv") + " and the heatmap panels (" + rows.size() +
			" rows).");
		if (failures > 0) {
			err.println(failures + " method runs or images failed; see the messages above.");
			return 1;
		}
		return 0;
	}

	/** The methods; gradient methods without gradients fail on every image with the load error. */
	private static List<Explainer> explainers(List<String> methods, GradientModel gradients, String gradientError,
		Explainers.Options options)
	{
		List<String> runnable = new ArrayList<>();
		for (String m : methods)
			if (gradients != null || !Explainers.needsGradients(m)) runnable.add(m);
		List<Explainer> built = runnable.isEmpty() ? List.of() : Explainers.parse(String.join(",", runnable),
			gradients, options);
		List<Explainer> out = new ArrayList<>();
		int next = 0;
		for (String m : methods) {
			if (gradients != null || !Explainers.needsGradients(m)) out.add(built.get(next++));
			else out.add(failing(m, gradientError));
		}
		return out;
	}

	private static Explainer failing(String name, String message) {
		return new Explainer() {
			@Override
			public String name() {
				return name;
			}

			@Override
			public Heatmap explain(ExplainRequest request) {
				throw new IllegalStateException(message);
			}
		};
	}

	/** Explains and scores one image; returns the number of failed methods. */
	private static int evaluateOne(Item item, Arguments a, List<Explainer> explainers, Classifier classifier,
		ResizeMode resize, int batchSize, Evaluation evaluation, List<EvaluationRow> rows, PrintStream err, int index)
		throws IOException
	{
		RgbImage image = ImagePlusImages.toRgb(item.imp(), item.slice());
		ModelSpace space = ModelSpace.of(image, classifier, resize);
		float[] probabilities = classifier.predict(space.fit(image).data(), 1)[0];
		int target = resolveTarget(a.target, classifier.labels(), probabilities);
		ExplainSettings settings = a.methodOptions.ablation;
		LabelImage segments = null;
		if (explainers.stream().anyMatch(e -> Explainers.usesSuperpixels(e.name())))
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
		ExplainRequest request = ExplainRequest.of(image, classifier, target).withSeed(a.seed)
			.withBatchSize(batchSize).withResize(resize).withSegments(segments).withProgress(throttled(err));
		List<EvaluationRow> result = new ArrayList<>();
		int failed = 0;
		List<Heatmap> maps = new ArrayList<>();
		List<String> captions = new ArrayList<>();
		for (Explainer explainer : explainers) {
			// one method at a time, so each result is reported as soon as it is known
			EvaluationRow r = evaluation.run(item.name(), request, mask, List.of(explainer)).get(0);
			result.add(r);
			if (r.failed()) {
				failed++;
				err.println("  " + r.method() + ": failed: " + r.error());
				continue;
			}
			err.println(String.format(Locale.ROOT, "  %-22s deletion %.4f  insertion %.4f  pointing %s  %6.0f calls " +
				"%8.2f s", r.method(), r.deletionAuc(), r.insertionAuc(), Double.isNaN(r.pointingHit()) ? "-" :
					r.pointingHit() == 1 ? "hit" : "miss", r.modelCalls(), r.seconds()));
			maps.add(r.heatmap());
			captions.add(String.format(Locale.ROOT, "del %.3f ins %.3f%s", r.deletionAuc(), r.insertionAuc(),
				Double.isNaN(r.pointingHit()) ? "" : r.pointingHit() == 1 ? " hit" : " miss"));
		}
		// heatmaps are not kept beyond the panel: memory stays flat over many images
		for (EvaluationRow r : result)
			rows.add(new EvaluationRow(r.image(), r.method(), r.deletionAuc(), r.insertionAuc(), r.pointingHit(),
				r.modelCalls(), r.seconds(), null, r.error()));
		HeatmapPanel.write(HeatmapPanel.render(image, item.name() + " (" + classifier.labels().get(target) + ")", maps,
			captions), a.out.resolve(item.name() + "_panel.png"));
		return failed;
	}

	/** The segmentation that Ablation-CA and LIME share: the engine's default, SLIC with the settings. */
	static Segmenter segmenter(ExplainSettings settings) {
		return new Slic(settings.segments, settings.compactness, settings.slicIterations, settings.smoothingSigma);
	}

	/** An output index or label; null = the top-1 class of {@code probabilities}. */
	static int resolveTarget(String target, List<String> labels, float[] probabilities) {
		if (target == null || target.isBlank()) {
			int best = 0;
			for (int i = 1; i < probabilities.length; i++)
				if (probabilities[i] > probabilities[best]) best = i;
			return best;
		}
		String t = target.strip();
		if (t.matches("\\d{1,9}")) {
			int i = Integer.parseInt(t);
			if (i >= labels.size())
				throw new UsageException("--target " + t + " is out of range: the model has " + labels.size() +
					" classes (0.." + (labels.size() - 1) + ").");
			return i;
		}
		for (int i = 0; i < labels.size(); i++)
			if (t.equals(labels.get(i))) return i;
		for (int i = 0; i < labels.size(); i++)
			if (t.equalsIgnoreCase(labels.get(i).strip())) return i;
		throw new UsageException("--target '" + t + "' is no class label of this model; give a label exactly as in " +
			"the labels file or an output index.");
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
			err.println("Error: cannot write " + csv + ": " + e.getMessage());
			return false;
		}
	}

	/** Rows and their means, written to a temporary file and moved into place (never half-written). */
	static void writeCsv(Path csv, List<EvaluationRow> rows) throws IOException {
		List<EvaluationRow> all = new ArrayList<>(rows);
		all.addAll(Evaluation.means(rows));
		AtomicFiles.writeString(csv, Evaluation.toCsv(all));
	}
}
