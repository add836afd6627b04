package io.github.ablationca.fiji;

import io.github.ablationca.classifier.Classifier;
import io.github.ablationca.engine.CanceledException;
import io.github.ablationca.engine.EngineLogger;
import io.github.ablationca.engine.ExplainSettings;
import io.github.ablationca.engine.FillMode;
import io.github.ablationca.engine.HeatmapValues;
import io.github.ablationca.engine.ScoreScale;
import io.github.ablationca.image.ResizeMode;

import ij.IJ;
import ij.ImagePlus;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
 * (heatmap), and which objects it uses together (pairs and groups). Macro-recordable and headless; every
 * parameter name is its macro key, e.g.
 * <pre>
 * run("Explain Image...", "model_folder=/models/mobilenet_v2 segments=40 samples=500 fill_mode=mean random_seed=1 show_heatmap show_overlay show_tables");
 * </pre>
 * The command is thin: parameters become {@link ExplainSettings}, the {@link AblationCaService} supplies the
 * (cached) model, {@link StackExplainer} runs the engine per plane and {@link RunOutputs} renders the results.
 * Outputs appear only when every plane finished; a canceled run shows nothing. The input image is never modified.
 */
@Plugin(type = Command.class, headless = true, menuPath = "Plugins>Ablation-CA>Explain Image...",
	label = "Explain Image", description = "Explain a CNN image classifier: object heatmap and correlated object pairs (Ablation-CA)")
public class ExplainImageCommand extends ContextCommand {

	@Parameter
	private AblationCaService ablationCa;

	@Parameter
	private LogService log;

	@Parameter(required = false)
	private StatusService status;

	@Parameter(label = "Image", required = false, description = "The image to explain (the active image). For a stack, every slice " +
		"in the chosen range is explained on its own.")
	private ImagePlus image;

	@Parameter(label = "Model folder", style = FileWidget.DIRECTORY_STYLE,
		description = "Folder of the trained classifier: a TensorFlow SavedModel (the folder that holds " +
			"saved_model.pb).")
	private File model_folder;

	@Parameter(label = "Class names file (optional)", required = false, style = FileWidget.OPEN_STYLE,
		description = "Text file with one class name per line. Leave empty to use labels.txt in the model folder.")
	private File labels_file;

	@Parameter(label = "Model input values", choices = {"model default", "-1..1", "0..1", "0..255", "imagenet"},
		description = "How the model expects pixel values: 'model default' uses the model folder's " +
			"ablation-ca.properties (else -1..1, the MobileNet/Inception convention); 0..255 for models that take raw " +
			"pixel values; imagenet for ImageNet mean/std normalisation.")
	private String value_range = "model default";

	@Parameter(label = "Fit image to model", choices = {"stretch", "center crop"},
		description = "How the image is fitted to the model's input size: stretch the whole image (every object " +
			"is seen), or cut out the central square (the usual ImageNet convention; objects outside it get no " +
			"contribution).")
	private String resize_mode = "stretch";

	@Parameter(label = "Class to explain (optional)", required = false,
		description = "Which decision to explain: a class name (e.g. 'tabby') or its number in the model's output. " +
			"Leave empty to explain the class the model finds most likely.")
	private String target_class = "";

	@Parameter(label = "Number of objects", min = "2", max = "10000",
		description = "Roughly how many objects (superpixels: small regions of similar colour) the image is cut " +
			"into. More objects give finer maps but take longer; 30-200 is typical.")
	private int segments = 40;

	@Parameter(label = "Object compactness", min = "0.01",
		description = "How regular the objects are: higher gives rounder, more equal objects; lower follows colour " +
			"edges more closely. 10 suits most images.")
	private double compactness = 10;

	@Parameter(label = "Random samples", min = "0",
		description = "How many randomly masked copies of the image the model sees to find objects that it uses " +
			"together. More samples give more reliable pairs; 0 only computes the heatmap.")
	private int samples = 500;

	@Parameter(label = "Hide objects with", choices = {"mean", "blur", "black", "noise"},
		description = "What replaces an object when it is hidden from the model: the image's mean colour, a " +
			"blurred version of the image, black, or noise.")
	private String fill_mode = "mean";

	@Parameter(label = "Score scale", choices = {"log-odds", "probability"},
		description = "Scale of the class score that is compared: log-odds (recommended; not squeezed near 100%) or " +
			"probability (as in the original paper).")
	private String score_scale = "log-odds";

	@Parameter(label = "Heatmap shows", choices = {"contribution", "main effect"},
		description = "Per object: its contribution (how much the score drops when the object alone is hidden, as " +
			"in the paper) or its main effect (the average drop over the random hidings; also shows objects that " +
			"another object can stand in for).")
	private String heatmap_values = "contribution";

	@Parameter(label = "Random seed",
		description = "Starting point of the random choices: the same seed gives exactly the same result.")
	private long random_seed = 1;

	@Parameter(label = "Images per model call", min = "1",
		description = "How many masked images the model classifies at once. Larger is faster but needs more " +
			"memory; lower it if you run out of memory.")
	private int batch_size = 32;

	@Parameter(label = "Pairs to draw", min = "0",
		description = "How many of the most strongly related object pairs get a line in the overlay.")
	private int pairs_to_draw = 10;

	@Parameter(label = "Show heatmap", description = "Show the 32-bit heatmap: contribution of each object to " +
		"the class score (red supports the class, blue speaks against it).")
	private boolean show_heatmap = true;

	@Parameter(label = "Show overlay", description = "Show a copy of the image with the heatmap, the object " +
		"outlines, lines between related objects and group outlines; also fills the ROI Manager.")
	private boolean show_overlay = true;

	@Parameter(label = "Show tables", description = "Show the tables Objects, Pairs and Groups.")
	private boolean show_tables = true;

	@Parameter(label = "First slice", min = "1",
		description = "For stacks: the first slice (stack position) to explain.")
	private int first_slice = 1;

	@Parameter(label = "Last slice (0 = last)", min = "0",
		description = "For stacks: the last slice to explain; 0 means the last slice of the stack.")
	private int last_slice = 0;

	@Parameter(label = "Save results to (optional)", required = false, style = FileWidget.DIRECTORY_STYLE,
		description = "Folder where the flattened overlay (PNG), the heatmap (TIFF) and the tables (CSV) are " +
			"saved; leave empty to save nothing.")
	private File save_results_to;

	@Parameter(type = ItemIO.OUTPUT, label = "Ablation-CA heatmap")
	private ImagePlus heatmap_result;

	@Parameter(type = ItemIO.OUTPUT, label = "Ablation-CA overlay")
	private ImagePlus overlay_result;

	private RunOutputs outputs;
	private List<SliceResult> results = List.of();
	private final List<String> logLines = Collections.synchronizedList(new ArrayList<>());
	private volatile StackExplainer running;

	@Override
	public void run() {
		try {
			IJ.resetEscape();
			Request request = validate();
			Classifier classifier = ablationCa.classifier(request.model());
			request.settings().target = TargetClass.resolve(target_class, classifier.labels());
			explain(request, classifier);
		}
		catch (CanceledException e) {
			outputs = null;
			heatmap_result = overlay_result = null;
			cancel("Ablation-CA was canceled; nothing was shown.");
		}
		catch (IllegalArgumentException | IllegalStateException | IOException e) {
			outputs = null;
			heatmap_result = overlay_result = null;
			cancel("Ablation-CA: " + StackExplainer.describe(e));
		}
		catch (RuntimeException e) {
			// e.g. a model that cannot be loaded: its message names the problem and the fix
			outputs = null;
			heatmap_result = overlay_result = null;
			log.error(e);
			cancel("Ablation-CA: " + StackExplainer.describe(e));
		}
		finally {
			IJ.showProgress(1.0);
			if (status != null) status.clearStatus();
		}
	}

	private record Request(ModelSpec model, ExplainSettings settings, int first, int last) {}

	/** Checks every parameter before any model is loaded or called; throws with a message naming the fix. */
	private Request validate() {
		if (image == null) throw new IllegalArgumentException("No image: open an image first (or pass image=...).");
		int w = image.getWidth(), h = image.getHeight();
		if (w < 4 || h < 4) throw new IllegalArgumentException("The image is " + w + " x " + h +
			" pixels; Ablation-CA needs at least 4 x 4 pixels. Open a larger image.");
		ExplainSettings s = new ExplainSettings();
		s.segments = segments;
		s.compactness = compactness;
		s.samples = samples;
		s.seed = random_seed;
		s.batchSize = batch_size;
		s.fill = fillMode(fill_mode);
		s.scoreScale = scoreScale(score_scale);
		s.heatmap = heatmapValues(heatmap_values);
		s.resize = resizeMode(resize_mode);
		String range = valueRange(value_range);
		try {
			s.validate();
		}
		catch (IllegalArgumentException e) {
			throw new IllegalArgumentException(e.getMessage().replace("batch size", "batch_size"), e);
		}
		if ((long) w * h < segments) throw new IllegalArgumentException("The image has " + (long) w * h +
			" pixels, fewer than the " + segments + " objects asked for; lower segments.");
		if (pairs_to_draw < 0) throw new IllegalArgumentException("pairs_to_draw must be 0 or more (got " +
			pairs_to_draw + ").");
		int n = image.getStackSize();
		int first = first_slice, last = last_slice == 0 ? n : last_slice;
		if (first < 1 || first > n) throw new IllegalArgumentException("first_slice " + first_slice +
			" is outside the stack (1.." + n + ").");
		if (last < first || last > n) throw new IllegalArgumentException("last_slice " + last_slice +
			" must lie between first_slice (" + first + ") and the stack size (" + n + "), or be 0 for the last slice.");
		if (model_folder == null) throw new IllegalArgumentException(
			"No model folder: choose the folder of a TensorFlow SavedModel (it holds saved_model.pb).");
		Path model = model_folder.toPath();
		if (!Files.isDirectory(model)) throw new IllegalArgumentException("Model folder not found: " + model +
			". Choose the folder that holds saved_model.pb.");
		Path labels = null;
		if (labels_file != null && !labels_file.getPath().isBlank()) {
			labels = labels_file.toPath();
			if (!Files.isRegularFile(labels)) throw new IllegalArgumentException("Labels file not found: " + labels +
				". Choose a text file with one class name per line, or leave it empty to use labels.txt in the " +
				"model folder.");
		}
		else if (Files.isRegularFile(model.resolve("labels.txt"))) labels = model.resolve("labels.txt");
		if (save_results_to != null && Files.exists(save_results_to.toPath()) &&
			!Files.isDirectory(save_results_to.toPath())) throw new IllegalArgumentException(
				"save_results_to is a file, not a folder: " + save_results_to);
		return new Request(new ModelSpec(model, labels, range, batch_size), s, first, last);
	}

	static ResizeMode resizeMode(String name) {
		return choice("resize_mode", name, inOrder("stretch", ResizeMode.STRETCH, "center crop",
			ResizeMode.CENTER_CROP), Map.of("centre crop", ResizeMode.CENTER_CROP, "center_crop", ResizeMode.CENTER_CROP));
	}

	/** The value range for the model loader, null for the model's default. */
	static String valueRange(String name) {
		String v = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
		if (v.isEmpty() || v.equals("model default")) return null;
		return choice("value_range", v, inOrder("model default", v, "-1..1", v, "0..1", v, "0..255", v, "imagenet", v),
			Map.of());
	}

	static FillMode fillMode(String name) {
		return choice("fill_mode", name, inOrder("mean", FillMode.MEAN, "blur", FillMode.BLUR, "black",
			FillMode.CONSTANT, "noise", FillMode.NOISE), Map.of());
	}

	static ScoreScale scoreScale(String name) {
		return choice("score_scale", name, inOrder("log-odds", ScoreScale.LOG_ODDS, "probability",
			ScoreScale.PROBABILITY), Map.of());
	}

	static HeatmapValues heatmapValues(String name) {
		return choice("heatmap_values", name, inOrder("contribution", HeatmapValues.CONTRIBUTION, "main effect",
			HeatmapValues.MAIN_EFFECT), Map.of("main-effect", HeatmapValues.MAIN_EFFECT));
	}

	/** Choices as the dialog lists them: name, value, name, value, ... */
	@SuppressWarnings("unchecked")
	private static <E> Map<String, E> inOrder(Object... nameValue) {
		Map<String, E> m = new java.util.LinkedHashMap<>();
		for (int i = 0; i < nameValue.length; i += 2)
			m.put((String) nameValue[i], (E) nameValue[i + 1]);
		return m;
	}

	/**
	 * The value of a choice parameter (case and surrounding blanks ignored); an unknown value is refused with the
	 * dialog's choices.
	 */
	private static <E> E choice(String key, String name, Map<String, E> choices, Map<String, E> aliases) {
		String v = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
		E value = choices.containsKey(v) ? choices.get(v) : aliases.get(v);
		if (value == null) throw new IllegalArgumentException(key + " '" + name + "' is unknown; use one of " +
			choices.keySet().stream().map(c -> c.contains(" ") ? "[" + c + "]" : c)
				.collect(java.util.stream.Collectors.joining(", ")) + ".");
		return value;
	}

	private void explain(Request request, Classifier classifier) throws IOException {
		String title = image.getTitle();
		int n = request.last() - request.first() + 1;
		StackExplainer run = new StackExplainer(classifier, request.settings(), engineLogger());
		running = run;
		ablationCa.register(run);
		long start = System.nanoTime();
		try {
			if (isCanceled()) run.cancel();
			showProgress(0, "Ablation-CA: " + title);
			results = run.run(image, request.first(), request.last(),
				(fraction, message) -> showProgress(fraction, "Ablation-CA " + title + ": " + message));
		}
		finally {
			ablationCa.unregister(run);
			running = null;
		}
		int failed = 0;
		for (SliceResult r : results) {
			String where = n > 1 ? "slice " + r.stackIndex() + (r.position().isEmpty() ||
				r.position().equals("slice " + r.stackIndex()) ? "" : " (" + r.position() + ")") + ": " : "";
			if (r.failed()) failed++;
			else log("Ablation-CA " + title + " " + where + StackExplainer.summary(r.explanation()));
		}
		if (failed == results.size()) throw new IllegalStateException(n == 1 ? "the image could not be explained: " +
			results.get(0).error() : "none of the " + n + " slices could be explained; first error: " +
				results.get(0).error());
		OverlayRenderer.Style style = new OverlayRenderer.Style();
		style.pairsToDraw = pairs_to_draw;
		RunOutputs built = RunOutputs.build(title, image, results, style);
		if (save_results_to != null && !save_results_to.getPath().isBlank()) {
			List<Path> written = built.save(save_results_to.toPath(), title, image, results, style);
			log("Ablation-CA " + title + ": saved " + written.size() + " files to " + save_results_to);
		}
		if (failed > 0) {
			String warning = "Ablation-CA " + title + ": " + failed + " of " + n +
				" slices could not be explained (see the log); the others finished.";
			log("WARNING: " + warning);
			if (status != null) status.warn(warning);
		}
		log(String.format(Locale.ROOT, "Ablation-CA %s: %d slice%s in %.1f s", title, n, n == 1 ? "" : "s",
			(System.nanoTime() - start) / 1e9));
		outputs = built;
		heatmap_result = show_heatmap ? built.heatmap() : null;
		overlay_result = show_overlay ? built.overlay() : null;
		built.showInGui(show_tables, show_overlay);
	}

	/**
	 * The engine's and the per-plane loop's messages: warnings go to the Log window (and the log service), the
	 * engine's progress notes only to the log service's debug level, so the Log window keeps one line per image.
	 */
	private EngineLogger engineLogger() {
		String prefix = "Ablation-CA " + image.getTitle() + ": ";
		return new EngineLogger() {
			@Override
			public void log(String message) {
				ExplainImageCommand.this.log.debug(prefix + unprefixed(message));
			}

			@Override
			public void warn(String message) {
				String line = prefix + unprefixed(message);
				ExplainImageCommand.this.log("WARNING: " + line);
				ExplainImageCommand.this.log.warn(line);
			}
		};
	}

	private static String unprefixed(String message) {
		return message.startsWith("Ablation-CA: ") ? message.substring("Ablation-CA: ".length()) : message;
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
		StackExplainer run = running;
		if (run != null) run.cancel();
	}

	// -- Results, for scripts and tests (headless Fiji shows nothing) --

	/** Everything the run produced (also the parts the user chose not to show); null until it finished. */
	public RunOutputs getOutputs() {
		return outputs;
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
