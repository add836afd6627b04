package io.github.ablationca.fiji;

import io.github.ablationca.classifier.Classifier;
import io.github.ablationca.classifier.ModelClassifier;
import io.github.ablationca.classifier.TargetClass;
import io.github.ablationca.engine.CanceledException;
import io.github.ablationca.engine.EngineLogger;
import io.github.ablationca.imagej.ImageFiles;
import io.github.ablationca.imagej.ImageJTables;
import io.github.ablationca.imagej.ImagePlusConversion;
import io.github.ablationca.imagej.OverlayRenderer;
import io.github.ablationca.imagej.ResultImages;
import io.github.ablationca.results.FileHashes;
import io.github.ablationca.results.InputFiles;
import io.github.ablationca.results.OutputLock;
import io.github.ablationca.results.ResultFolder;
import io.github.ablationca.run.ExplainRunner;
import io.github.ablationca.run.IoMessages;
import io.github.ablationca.run.ResultTables;
import io.github.ablationca.run.RunSettings;
import io.github.ablationca.run.Setting;
import io.github.ablationca.run.Settings;
import io.github.ablationca.run.Settings.Help;
import io.github.ablationca.run.SliceResult;
import io.github.ablationca.run.Summary;
import io.github.ablationca.run.ValueType;

import ij.IJ;
import ij.ImagePlus;
import ij.measure.ResultsTable;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Plugins &gt; Ablation-CA &gt; Explain Image...: which objects of the image make the classifier decide as it does
 * (heatmap), and which objects it uses together (pairs and groups). Macro-recordable and headless; every parameter
 * name is its macro key and a setting of the vocabulary ({@link Settings}: the same words as the command line's
 * options, {@code ablation-ca.properties} and {@code summary.json}, with the same help). For example:
 * <pre>
 * run("Explain Image...", "model=/models/mobilenet_v2 segments=40 samples=500 fill=mean seed=1 show_heatmap_window show_overlay_window show_tables");
 * </pre>
 * A thin face: the parameters become {@link RunSettings}, the {@link AblationCaService} supplies the (cached) model,
 * the one per-image runner ({@link ExplainRunner}) explains each plane, {@link ResultImages} and the result schema
 * ({@link ResultTables}) show the results and {@link ResultFolder} saves them as the command line does. Outputs appear
 * only when every plane finished; a canceled run shows nothing. The input image is never modified.
 */
@Plugin(type = Command.class, headless = true, menuPath = "Plugins>Ablation-CA>Explain Image...", label = "Explain Image",
	description = "Explain a CNN image classifier: object heatmap and correlated object pairs (Ablation-CA)")
public class ExplainImageCommand extends ContextCommand {

	@Parameter
	private AblationCaService ablationCa;

	@Parameter
	private LogService log;

	@Parameter(required = false)
	private StatusService status;

	@Parameter(label = "Image", required = false, description = "The image to explain (the active image). For a " +
		"stack, every slice in the chosen range is explained on its own.")
	private ImagePlus image;

	// The settings of the vocabulary (Settings): one name and one help text for every face; the choices are the
	// vocabulary's (checked by VocabularyFacesTest).
	@Parameter(label = "Model (folder or file)", style = FileWidget.FILE_AND_DIRECTORY_STYLE, description = Help.MODEL)
	private File model;
	@Parameter(label = "Engine", description = Help.ENGINE, choices = {"model default", "tensorflow", "onnx",
		"pytorch"})
	private String engine = "model default";
	@Parameter(label = "Class names file (optional)", required = false, style = FileWidget.OPEN_STYLE,
		description = Help.LABELS)
	private File labels;
	@Parameter(label = "Model input values", description = Help.VALUE_RANGE, choices = {"model default", "-1..1",
		"centered-128", "0..1", "0..255", "imagenet"})
	private String value_range = "model default";
	@Parameter(label = "Fit image to model", description = Help.RESIZE, choices = {"model default", "stretch",
		"center-crop"})
	private String resize = "model default";
	@Parameter(label = "Images per model call (0 = the model's)", description = Help.BATCH_SIZE)
	private String batch_size = "0";
	@Parameter(label = "CPU threads per model call (0 = all cores)", description = Help.MODEL_THREADS)
	private String model_threads = "model default";
	@Parameter(label = "Model input size (N or WxH)", description = Help.INPUT_SIZE)
	private String input_size = "model default";
	@Parameter(label = "Model input layout", description = Help.INPUT_LAYOUT, choices = {"model default", "nchw",
		"nhwc"})
	private String input_layout = "model default";
	@Parameter(label = "Class to explain (optional)", required = false, description = Help.TARGET)
	private String target = "";
	@Parameter(label = "Number of objects", description = Help.SEGMENTS)
	private String segments = "40";
	@Parameter(label = "Object compactness", description = Help.COMPACTNESS)
	private String compactness = "10";
	@Parameter(label = "Random samples", description = Help.SAMPLES)
	private String samples = "500";
	@Parameter(label = "Random seed", description = Help.SEED)
	private String seed = "1";
	@Parameter(label = "Hide objects with", description = Help.FILL, choices = {"mean", "blur", "constant", "noise"})
	private String fill = "mean";
	@Parameter(label = "Fill colour (R,G,B)", description = Help.FILL_COLOR)
	private String fill_color = "0,0,0";
	@Parameter(label = "Keep probability", description = Help.KEEP_PROBABILITY)
	private String keep_probability = "0.5";
	@Parameter(label = "Sampling", description = Help.SAMPLING, choices = {"independent", "antithetic", "balanced"})
	private String sampling = "independent";
	@Parameter(label = "Score scale", description = Help.SCORE_SCALE, choices = {"probability", "log-odds"})
	private String score_scale = "log-odds";
	@Parameter(label = "Heatmap shows", description = Help.HEATMAP, choices = {"ensemble", "contribution",
		"main-effect"})
	private String heatmap = "ensemble";
	@Parameter(label = "Heatmap: further segmentations (x objects)", description = Help.HEATMAP_SCALES)
	private String heatmap_scales = "0.75,1.5";
	@Parameter(label = "Heatmap: samples per segmentation", description = Help.SAMPLES_PER_SCALE)
	private String samples_per_scale = "125";
	@Parameter(label = "Heatmap: fills of those segmentations", description = Help.FILL_PER_SCALE)
	private String fill_per_scale = "constant,blur";
	@Parameter(label = "Heatmap: keep probabilities of those segmentations", description = Help.KEEP_PER_SCALE)
	private String keep_per_scale = "0.8,0.5";
	@Parameter(label = "Heatmap: smoothing (object sides)", description = Help.HEATMAP_SMOOTHING)
	private String heatmap_smoothing = "0.05";
	@Parameter(label = "False discovery rate", description = Help.FDR)
	private String fdr = "0.05";
	@Parameter(label = "Pairs to draw", description = Help.PAIRS_TO_DRAW)
	private String pairs_to_draw = "10";
	@Parameter(label = "Save results to (optional)", required = false, style = FileWidget.DIRECTORY_STYLE,
		description = Help.OUT)
	private File out;

	// What this face shows.
	@Parameter(label = "Show heatmap window", description = "Show the 32-bit heatmap (red supports the class, blue " +
		"speaks against it).")
	private boolean show_heatmap_window = true;
	@Parameter(label = "Show overlay window", description = "Show a copy of the image with the heatmap, the object " +
		"outlines, lines between related objects and group outlines; also fills the ROI Manager.")
	private boolean show_overlay_window = true;
	@Parameter(label = "Show tables", description = "Show the tables Objects, Pairs and Groups.")
	private boolean show_tables = true;
	@Parameter(label = "First slice", description = "For stacks: the first plane to explain (the stack position; for a " +
		"composite image shown merged, the z/t position).")
	private String first_slice = "1";
	@Parameter(label = "Last slice (0 = last)",
		description = "For stacks: the last plane to explain; 0 means the last plane of the stack.")
	private String last_slice = "0";

	@Parameter(type = ItemIO.OUTPUT, label = "Ablation-CA heatmap")
	private ImagePlus heatmap_result;
	@Parameter(type = ItemIO.OUTPUT, label = "Ablation-CA overlay")
	private ImagePlus overlay_result;

	private RunSettings settings;
	private ResultImages images;
	private ResultsTable objects, pairs, groups;
	private List<SliceResult> results = List.of();
	private final List<String> logLines = Collections.synchronizedList(new ArrayList<>());
	private volatile ExplainRunner running;

	@Override
	public void run() {
		try {
			IJ.resetEscape();
			if (image == null) throw new IllegalArgumentException("No image: open an image first (or pass image=...).");
			settings = settings();
			int[] range = sliceRange();
			// the file the image came from is checked as the command line checks it (truncated, damaged pages)
			ImageFiles.checkSource(image);
			String missing = ImageFiles.missingPlanes(image);
			if (missing != null) log("WARNING: Ablation-CA " + image.getTitle() + ": " + missing + ".");
			Classifier classifier = ablationCa.classifier(settings.model, settings.modelOptions);
			if (classifier instanceof ModelClassifier loaded)
				for (String assumption : loaded.assumptions())
					log("WARNING: Ablation-CA " + image.getTitle() + ": " + assumption);
			TargetClass.resolve(settings.method.target, classifier.labels()); // refused before any model call
			settings = settings.resolvedFor(classifier);
			explain(settings, classifier, range[0], range[1]);
		}
		catch (CanceledException e) {
			refuse("Ablation-CA was canceled; nothing was shown.", null);
		}
		catch (OutputLock.BusyException e) {
			refuse("Ablation-CA: " + e.getMessage(), null);
		}
		catch (IOException e) {
			refuse("Ablation-CA: cannot save the results: " + IoMessages.describe(e) + ". Fix: choose a folder you can " +
				"write to, or free disk space.", null);
		}
		catch (IllegalArgumentException | IllegalStateException e) {
			refuse("Ablation-CA: " + ExplainRunner.describe(e), null);
		}
		catch (OutOfMemoryError e) {
			refuse("Ablation-CA: " + ExplainRunner.describe(e), null);
		}
		catch (RuntimeException e) {
			refuse("Ablation-CA: " + ExplainRunner.describe(e), e); // e.g. a model that cannot be loaded
		}
		finally {
			IJ.showProgress(1.0);
			if (status != null) status.clearStatus();
		}
	}

	/** The parameters as settings of the vocabulary, checked before any model is loaded. */
	private RunSettings settings() {
		RunSettings s = new RunSettings();
		for (Setting setting : Settings.explainOn(Setting.Face.FIJI)) {
			Object value = parameter(setting.key());
			if (value == null) continue;
			try {
				setting.apply(s, value instanceof File f ? f.getPath() : value.toString());
			}
			catch (IllegalArgumentException e) {
				throw new IllegalArgumentException(setting.key() + " " + e.getMessage(), e);
			}
		}
		if (s.model == null) throw new IllegalArgumentException("No model: choose a TensorFlow SavedModel folder (it " +
			"holds saved_model.pb), an ONNX file (.onnx) or a TorchScript file (.pt).");
		int w = image.getWidth(), h = image.getHeight();
		if (w < 4 || h < 4) throw new IllegalArgumentException("The image is " + w + " x " + h + " pixels; " +
			"Ablation-CA needs at least 4 x 4 pixels. Open a larger image.");
		if ((long) w * h < s.method.segments) throw new IllegalArgumentException("The image has " + (long) w * h +
			" pixels, fewer than the " + s.method.segments + " objects asked for; lower segments.");
		s.validatePaths();
		s.validate();
		return s;
	}

	/** The value of the parameter field called {@code key} (a setting of the vocabulary). */
	Object parameter(String key) {
		try {
			return getClass().getDeclaredField(key).get(this);
		}
		catch (ReflectiveOperationException e) {
			throw new IllegalStateException("The Fiji command has no parameter for the setting " + key, e);
		}
	}

	private int[] sliceRange() {
		int n = ImagePlusConversion.planeCount(image);
		int first = whole("first_slice", first_slice, 1), lastGiven = whole("last_slice", last_slice, 0);
		int last = lastGiven == 0 ? n : lastGiven;
		if (first > n) throw new IllegalArgumentException("first_slice " + first + " is outside the stack (1.." + n +
			").");
		if (last < first || last > n) throw new IllegalArgumentException("last_slice " + lastGiven + " must lie " +
			"between first_slice (" + first + ") and the stack size (" + n + "), or be 0 for the last slice.");
		return new int[] {first, last};
	}

	/**
	 * A whole-number parameter. The numeric parameters are text, so that a macro value that is not a number (or one
	 * too large for Java's int) is refused with its name instead of silently becoming 0, as SciJava does for number
	 * fields it cannot convert.
	 */
	private static int whole(String key, String text, int min) {
		try {
			return ValueType.integer(min, Integer.MAX_VALUE).parse(text);
		}
		catch (IllegalArgumentException e) {
			throw new IllegalArgumentException(key + " " + e.getMessage(), e);
		}
	}

	private void explain(RunSettings resolved, Classifier classifier, int first, int last) throws IOException {
		String title = image.getTitle();
		int n = last - first + 1;
		ExplainRunner runner = new ExplainRunner(classifier, resolved.method, engineLogger()).cancelWhen(
			IJ::escapePressed);
		running = runner;
		ablationCa.register(runner);
		long start = System.nanoTime();
		int heatmapCalls = resolved.method.heatmapCalls();
		log(String.format(Locale.ROOT, "Ablation-CA %s: %d plane%s, up to about %,d model calls each (1 + up to %d " +
			"objects + %d samples%s)", title, n, n == 1 ? "" : "s", resolved.method.modelCalls(resolved.method.segments),
			resolved.method.segments, resolved.method.samples, heatmapCalls > 0 ? " + " + heatmapCalls +
				" for the heatmap" : ""));
		try {
			if (isCanceled()) runner.cancel();
			showProgress(0, "Ablation-CA: " + title);
			results = runner.runAll(ImagePlusConversion.slices(image, first, last), (fraction, message) ->
				showProgress(fraction, "Ablation-CA " + title + ": " + message));
		}
		finally {
			ablationCa.unregister(runner);
			running = null;
		}
		int failed = 0;
		for (SliceResult r : results) {
			if (r.failed()) failed++;
			else log("Ablation-CA " + title + " " + (n > 1 ? "slice " + r.slice() + ": " : "") +
				ExplainRunner.summary(r.explanation()));
		}
		if (failed == n) throw new IllegalStateException(n == 1 ? "the image could not be explained: " +
			results.get(0).error() : "none of the " + n + " slices could be explained; first error: " +
				results.get(0).error());
		boolean stack = ImagePlusConversion.planeCount(image) > 1;
		OverlayRenderer.Style style = new OverlayRenderer.Style();
		style.pairsToDraw = resolved.pairsToDraw;
		ResultImages built = ResultImages.build(title, image, results, style);
		objects = ImageJTables.of(ResultTables.objects(results, stack));
		pairs = ImageJTables.of(ResultTables.pairs(results, stack));
		groups = ImageJTables.of(ResultTables.groups(results, stack));
		if (resolved.out != null) save(resolved, resolved.out);
		if (failed > 0) {
			String warning = "Ablation-CA " + title + ": " + failed + " of " + n + " slices could not be explained " +
				"(see the log); the others finished.";
			log("WARNING: " + warning);
			if (status != null) status.warn(warning);
		}
		log(String.format(Locale.ROOT, "Ablation-CA %s: %d slice%s in %.1f s", title, n, n == 1 ? "" : "s",
			(System.nanoTime() - start) / 1e9));
		images = built;
		heatmap_result = show_heatmap_window ? built.heatmap() : null;
		overlay_result = show_overlay_window ? built.overlay() : null;
		if (!java.awt.GraphicsEnvironment.isHeadless()) {
			if (show_tables) {
				objects.show(ResultTables.OBJECTS);
				pairs.show(ResultTables.PAIRS);
				groups.show(ResultTables.GROUPS);
			}
			if (show_overlay_window) built.fillRoiManager();
		}
	}

	/**
	 * Writes every explained plane as the command line does: {@code out/<title>/}, {@code out/<title>_slice<k>/},
	 * one run at a time per folder; results of another image with the same title are never overwritten (this one
	 * then gets {@code <title>-2}).
	 */
	private void save(RunSettings resolved, Path folder) throws IOException {
		try (OutputLock lock = OutputLock.acquire(folder, "Fiji Explain Image")) {
			if (lock.takenOver() != null) log(lock.takenOver());
			Path file = ImageFiles.sourceFile(image);
			String id = file != null ? InputFiles.id(file) : "imagej-title:" + image.getTitle();
			String sha = file != null ? FileHashes.sha256(file) : null;
			InputFiles.Input wanted = new InputFiles.Input(file, image.getTitle(), InputFiles.resultName(
				image.getTitle()), id);
			String name = InputFiles.assignNames(List.of(wanted), ResultFolder.earlierResults(folder), folder).get(0)
				.name();
			int n = ImagePlusConversion.planeCount(image);
			for (SliceResult r : results) {
				if (r.failed()) continue;
				ResultFolder.write(folder.resolve(InputFiles.sliceName(name, r.slice(), n)), new Summary.Source(
					image.getTitle(), n > 1 ? r.slice() : 0, n, id, sha), ImagePlusConversion.rgb(image, r.slice()), r,
					resolved);
			}
			log("Ablation-CA " + image.getTitle() + ": saved the results to " + folder.resolve(name) + (n > 1 ?
				"_slice*" : ""));
		}
	}

	/**
	 * Ends the run without results, visibly: the command is canceled with the reason (Fiji shows it; scripts read
	 * it from the module), the reason goes to the Log window, and a running ImageJ macro stops with the reason as
	 * its error, as ImageJ's own commands stop a macro ({@code IJ.error} while a macro runs), so that a batch macro
	 * never goes on as if the image had been explained.
	 */
	private void refuse(String reason, RuntimeException unexpected) {
		images = null;
		heatmap_result = overlay_result = null;
		if (unexpected != null) log.debug(unexpected);
		log("ERROR: " + reason);
		cancel(reason);
		if (IJ.isMacro()) {
			try {
				IJ.error("Ablation-CA", reason); // the macro interpreter stops and reports the reason
			}
			catch (RuntimeException e) {
				// ImageJ ends the macro with "Macro canceled"; headless, its error dialog cannot open: both are fine
			}
		}
	}

	/**
	 * The runner's messages: warnings go to the Log window (and the log service), its progress notes only to the log
	 * service's debug level, so the Log window keeps one line per image.
	 */
	private EngineLogger engineLogger() {
		String prefix = "Ablation-CA " + image.getTitle() + ": ";
		return new EngineLogger() {
			@Override
			public void log(String message) {
				ExplainImageCommand.this.log.debug(prefix + message.replaceFirst("^Ablation-CA: ", ""));
			}

			@Override
			public void warn(String message) {
				String line = prefix + message.replaceFirst("^Ablation-CA: ", "");
				ExplainImageCommand.this.log("WARNING: " + line);
				ExplainImageCommand.this.log.warn(line);
			}
		};
	}

	private void log(String line) {
		logLines.add(line);
		IJ.log(line);
	}

	private void showProgress(double fraction, String message) {
		IJ.showProgress(Math.min(fraction, 0.999));
		IJ.showStatus(message);
		if (status != null) status.showStatus((int) Math.round(1000 * fraction), 1000, message);
	}

	/** Cancels the run: it stops within one model batch and shows nothing. */
	@Override
	public void cancel(String reason) {
		super.cancel(reason);
		ExplainRunner run = running;
		if (run != null) run.cancel();
	}

	// -- Results, for scripts and tests (headless Fiji shows nothing) --

	/** The settings the run used, resolved for the model; null before the parameters were read. */
	public RunSettings getSettings() {
		return settings;
	}

	/** The heatmap and overlay images and the ROIs (also those the user chose not to show); null until finished. */
	public ResultImages getImages() {
		return images;
	}

	/** The tables Objects, Pairs and Groups; null until the run finished. */
	public ResultsTable getObjects() {
		return images == null ? null : objects;
	}

	public ResultsTable getPairs() {
		return images == null ? null : pairs;
	}

	public ResultsTable getGroups() {
		return images == null ? null : groups;
	}

	/** Per-plane results (explanations or errors). */
	public List<SliceResult> getResults() {
		return results;
	}

	/** The log lines this run wrote (also sent to Fiji's Log window). */
	public List<String> getLogLines() {
		return List.copyOf(logLines);
	}
}
