package io.github.ablationca.run;

import static io.github.ablationca.run.Setting.Face.COMMAND_LINE;
import static io.github.ablationca.run.Setting.Face.FIJI;
import static io.github.ablationca.run.Setting.Face.PROPERTIES;
import static io.github.ablationca.run.Setting.Face.SUMMARY;

import io.github.ablationca.classifier.InputLayout;
import io.github.ablationca.classifier.ModelEngine;
import io.github.ablationca.classifier.ModelLoadException;
import io.github.ablationca.classifier.ModelOptions;
import io.github.ablationca.classifier.OutputKind;
import io.github.ablationca.classifier.ValueRange;
import io.github.ablationca.engine.FillMode;
import io.github.ablationca.engine.HeatmapValues;
import io.github.ablationca.engine.SamplingScheme;
import io.github.ablationca.engine.ScoreScale;
import io.github.ablationca.image.ResizeMode;
import io.github.ablationca.run.Setting.Face;
import io.github.ablationca.run.Setting.Group;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The vocabulary: every setting of a run, once, with its name, type, help and where it appears. The Fiji command,
 * the command line, {@code ablation-ca.properties} and {@code summary.json} all read and write settings through it,
 * so a setting has one name everywhere ({@code keep_probability} / {@code --keep-probability}) and one parser. A new
 * setting is one entry here, plus a parameter field in the Fiji command if Fiji shows it.
 * <pre>{@code
 * RunSettings s = new RunSettings();
 * Settings.get("fill").apply(s, "blur");
 * for (Setting setting : Settings.on(Setting.Face.SUMMARY))
 *     System.out.println(setting.key() + " = " + setting.text(s));
 * }</pre>
 */
public final class Settings {

	private static final List<Setting> ALL = new ArrayList<>();
	private static final Map<String, Setting> BY_KEY = new LinkedHashMap<>();

	private static final EnumSet<Face> EVERYWHERE = EnumSet.of(FIJI, COMMAND_LINE, PROPERTIES, SUMMARY);
	private static final EnumSet<Face> RUN = EnumSet.of(FIJI, COMMAND_LINE, SUMMARY);
	private static final EnumSet<Face> ADVANCED_MODEL = EnumSet.of(COMMAND_LINE, PROPERTIES);

	/**
	 * What each setting does, for every face's help: the command line's {@code --help}, the Fiji dialog's
	 * descriptions ({@code @Parameter(description = Settings.Help.SEGMENTS)}) and the docs. Constants, so the Fiji
	 * command's annotations can use them.
	 */
	public static final class Help {

		public static final String MODEL = "the model: a TensorFlow SavedModel folder (it holds saved_model.pb), " +
			"an ONNX file (.onnx), a TorchScript file (.pt), or a folder holding one of them; labels.txt and " +
			"ablation-ca.properties beside it are read.";
		public static final String ENGINE = "the engine that runs the model: tensorflow, onnx or pytorch " +
			"(TorchScript). Default: recognised from the model's files.";
		public static final String LABELS = "class names, one per line; default: labels.txt in the model " +
			"folder, else 'class <index>'.";
		public static final String VALUE_RANGE = "how 8-bit pixel values p are scaled for the model: -1..1 " +
			"(p/127.5-1, MobileNet/Inception), centered-128 ((p-128)/128), 0..1 (p/255), 0..255 (p), imagenet " +
			"(ImageNet mean/std). Default: the model's ablation-ca.properties, else -1..1.";
		public static final String RESIZE = "how the image is fitted to the model's input: stretch (the whole " +
			"image, every object is seen) or center-crop (the central square, the ImageNet convention; " +
			"objects outside it get no contribution). Default: the model's ablation-ca.properties, else " +
			"stretch.";
		public static final String BATCH_SIZE = "images per model call: larger is faster but needs more " +
			"memory; results do not depend on it. Default (0): the model's ablation-ca.properties, else 16.";
		public static final String MODEL_THREADS = "CPU threads one model call may use; results do not depend " +
			"on it. 0 (default) = all cores. Lower it to leave cores to other work; on Spark it is the executor's " +
			"cores. TensorFlow sizes its thread pool once per process (the first model loaded), libtorch's is " +
			"process-wide.";
		public static final String INPUT_SIZE = "input size N or WxH for models that do not fix it: TorchScript " +
			"files (they record no shape) and dynamic inputs. Default: the model's, else ablation-ca.properties, " +
			"else 224.";
		public static final String INPUT_LAYOUT = "how the image input is laid out: nchw ([batch, 3, height, " +
			"width], PyTorch) or nhwc ([batch, height, width, 3], TensorFlow). Read from SavedModel and ONNX " +
			"inputs; TorchScript records none. Default: the model's, else ablation-ca.properties, else nchw.";
		public static final String INPUT = "the model's image input (signature key or tensor name; ONNX: input " +
			"name), if it has several.";
		public static final String OUTPUT = "the class-score output (signature key or tensor name; ONNX: output " +
			"name; TorchScript: 0-based index in the returned tuple), if it has several; prediction and gradients " +
			"both read it.";
		public static final String OUTPUT_KIND = "logits (softmax is applied), probabilities (used as is) or " +
			"auto (default: detected from the graph, the output's name or a probe run).";
		public static final String LABEL_OFFSET = "the output that line 1 of the labels file names (default: " +
			"automatic; 1 for 1000 ImageNet labels on a 1001-output model with a background class).";
		public static final String SIGNATURE = "SavedModel signature (default serving_default, or the only " +
			"one).";
		public static final String TAGS = "SavedModel tags, comma separated (default serve).";
		public static final String ROUND_TO_8BIT = "classify only: round the resized image to whole 8-bit " +
			"values (as if saved at model size). The explain engine renders ablations in model space and does " +
			"not round.";
		public static final String TARGET = "the class whose decision is explained: a label (exact, any case, " +
			"or one of its comma-separated synonyms) or an output index (0-based). Default: each image's " +
			"top-1 class.";
		public static final String SEGMENTS = "roughly how many objects (SLIC superpixels: regions of similar " +
			"colour) each image is cut into; the actual count is reported. More give finer maps but take " +
			"longer; 30-200 is typical.";
		public static final String COMPACTNESS = "SLIC compactness: higher gives rounder, more equal objects, " +
			"lower follows colour edges more closely; 10 suits most images.";
		public static final String SAMPLES = "Monte Carlo synchronous ablations per image: randomly masked " +
			"copies whose scores give the pair correlations. Must exceed the object count by 3; 0 skips the " +
			"correlation analysis.";
		public static final String SEED = "seed of every random choice: the same seed gives exactly the same " +
			"results, for every image whatever the order.";
		public static final String FILL = "what replaces a hidden object (Captum's baseline): mean (the " +
			"image's mean colour), blur (a strong Gaussian blur of the image), constant (fill_color, black by " +
			"default) or noise (seeded uniform noise).";
		public static final String FILL_COLOR = "colour of fill constant, 0..255 each.";
		public static final String KEEP_PROBABILITY = "chance that an object stays visible in a Monte Carlo " +
			"ablation; 0.5 gives the most information per call.";
		public static final String SAMPLING = "how the Monte Carlo masks are drawn: independent, antithetic " +
			"(pairs of complementary masks) or balanced (each object kept equally often per block).";
		public static final String SCORE_SCALE = "scale of the analysed class score: log-odds (not squeezed " +
			"near probability 1) or probability (as in the paper).";
		public static final String HEATMAP = "what the heatmap shows: ensemble (the effect on the class " +
			"probability per pixel, averaged over the objects' main effects and contributions and further " +
			"segmentations at other scales and fills; the most faithful map, samples_per_scale more model calls " +
			"per further segmentation), main-effect (the Monte Carlo Banzhaf value of each object, no extra calls: also shows " +
			"objects another one can stand in for) or contribution (the paper's single-ablation score drop).";
		public static final String HEATMAP_SCALES = "ensemble heatmap: the object counts of its further " +
			"segmentations, as multiples of the run's object count (none = the run's objects only).";
		public static final String SAMPLES_PER_SCALE = "ensemble heatmap: Monte Carlo samples of each further " +
			"segmentation.";
		public static final String FILL_PER_SCALE = "ensemble heatmap: what replaces hidden objects in each further " +
			"segmentation, one fill for all or one per scale (default constant,blur: with the run's own fill the " +
			"map does not rest on one way of hiding pixels).";
		public static final String KEEP_PER_SCALE = "ensemble heatmap: the keep probability of each further " +
			"segmentation, one for all or one per scale, none = the run's keep probability (default 0.8,0.5: the " +
			"first member hides a few parts of an otherwise whole image).";
		public static final String HEATMAP_SMOOTHING = "ensemble heatmap: standard deviation of its Gaussian " +
			"blur in mean object sides, 0 = sharp object edges (default 0.05: the map averaged over small shifts of " +
			"the object boundaries, which orders the pixels within an object).";
		public static final String FDR = "false discovery rate under which a pair counts as significant " +
			"(Benjamini-Hochberg).";
		public static final String OUT = "output folder (created if needed): one sub-folder of result files " +
			"per image or stack slice.";
		public static final String PAIRS_TO_DRAW = "how many of the top-ranked object pairs get a line in the " +
			"overlay.";
		public static final String FEATURE_LAYER = "dataset analysis: the model layer whose activations describe " +
			"each object (shown alone, the rest hidden with the fill) for the concepts, a tensor name such as " +
			"global_pool:0. Default: the input of the classification layer, found in the model's graph.";
		public static final String CONCEPTS = "dataset analysis: concepts (k-means clusters of the objects) per " +
			"class; 0 (default) chooses k from 2 to 12 by the best silhouette.";
		public static final String CLASSES_FROM_FOLDERS = "dataset analysis: the name of each image's folder is its " +
			"true class; accuracy per class is reported and each class's graph rests on the images the model " +
			"predicts as that class correctly (the predicted class is explained).";

		private Help() {}
	}

	static {
		// -- Which model, and how it is read --
		add("model", Group.MODEL, RUN, ValueType.path(), "MODEL",
			Help.MODEL,
			s -> s.model, (s, v) -> s.model = v);
		add("engine", Group.MODEL, EVERYWHERE, ValueType.choice(ModelEngine.class, Map.of("tf", ModelEngine.TENSORFLOW,
			"torchscript", ModelEngine.PYTORCH, "torch", ModelEngine.PYTORCH, "onnxruntime", ModelEngine.ONNX))
			.orModelDefault(), "ENGINE",
			Help.ENGINE,
			s -> s.modelOptions.engine, (s, v) -> s.modelOptions.engine = v);
		add("labels", Group.MODEL, EVERYWHERE, ValueType.path(), "FILE",
			Help.LABELS,
			s -> s.modelOptions.labels, (s, v) -> s.modelOptions.labels = v);
		add("value_range", Group.MODEL, EVERYWHERE, valueRanges().orModelDefault(), "R",
			Help.VALUE_RANGE,
			s -> s.modelOptions.valueRange, (s, v) -> s.modelOptions.valueRange = v);
		add("resize", Group.MODEL, EVERYWHERE, ValueType.choice(ResizeMode.class, Map.of("crop",
			ResizeMode.CENTER_CROP, "centre-crop", ResizeMode.CENTER_CROP)).orModelDefault(), "MODE",
			Help.RESIZE,
			s -> s.modelOptions.resize, (s, v) -> s.modelOptions.resize = v);
		add("batch_size", Group.MODEL, EVERYWHERE, ValueType.integer(1, 4096).orModelDefault("0"), "N",
			Help.BATCH_SIZE,
			s -> s.modelOptions.batchSize, (s, v) -> s.modelOptions.batchSize = v);
		add("model_threads", Group.MODEL, EVERYWHERE, ValueType.integer(0, 4096).orModelDefault(), "N",
			Help.MODEL_THREADS,
			s -> s.modelOptions.modelThreads, (s, v) -> s.modelOptions.modelThreads = v);
		add("input_size", Group.MODEL, EVERYWHERE, ValueType.size().orModelDefault(), "N|WxH",
			Help.INPUT_SIZE,
			s -> s.modelOptions.inputWidth == null ? null : new int[] {s.modelOptions.inputWidth,
				s.modelOptions.inputHeight},
			(s, v) -> {
				s.modelOptions.inputWidth = v == null ? null : v[0];
				s.modelOptions.inputHeight = v == null ? null : v[1];
			});
		add("input_layout", Group.MODEL, EVERYWHERE, ValueType.choice(InputLayout.class).orModelDefault(), "LAYOUT",
			Help.INPUT_LAYOUT,
			s -> s.modelOptions.inputLayout, (s, v) -> s.modelOptions.inputLayout = v);
		add("input", Group.MODEL, ADVANCED_MODEL, ValueType.text(), "NAME",
			Help.INPUT,
			s -> s.modelOptions.input, (s, v) -> s.modelOptions.input = blankToNull(v));
		add("output", Group.MODEL, ADVANCED_MODEL, ValueType.text(), "NAME",
			Help.OUTPUT,
			s -> s.modelOptions.output, (s, v) -> s.modelOptions.output = blankToNull(v));
		add("output_kind", Group.MODEL, ADVANCED_MODEL, ValueType.of("logits, probabilities or auto",
			OutputKind::parse, OutputKind::toString, List.of("auto", "logits", "probabilities")), "KIND",
			Help.OUTPUT_KIND,
			s -> s.modelOptions.outputKind, (s, v) -> s.modelOptions.outputKind = v);
		add("label_offset", Group.MODEL, ADVANCED_MODEL, ValueType.integer(-1_000_000, 1_000_000).orModelDefault(),
			"N",
			Help.LABEL_OFFSET,
			s -> s.modelOptions.labelOffset, (s, v) -> s.modelOptions.labelOffset = v);
		add("signature", Group.MODEL, ADVANCED_MODEL, ValueType.text(), "KEY",
			Help.SIGNATURE,
			s -> s.modelOptions.signature, (s, v) -> s.modelOptions.signature = blankToNull(v));
		add("tags", Group.MODEL, ADVANCED_MODEL, ValueType.text(), "TAGS",
			Help.TAGS,
			s -> s.modelOptions.tags, (s, v) -> s.modelOptions.tags = blankToNull(v));
		add("round_to_8bit", Group.MODEL, ADVANCED_MODEL, ValueType.bool(), "BOOL",
			Help.ROUND_TO_8BIT,
			s -> s.modelOptions.roundTo8Bit, (s, v) -> s.modelOptions.roundTo8Bit = v);

		// -- How the method explains --
		add("target", Group.METHOD, RUN, ValueType.text(), "LABEL|INDEX",
			Help.TARGET,
			s -> s.method.target, (s, v) -> s.method.target = blankToNull(v));
		add("segments", Group.METHOD, RUN, ValueType.integer(2, 10000), "N",
			Help.SEGMENTS,
			s -> s.method.segments, (s, v) -> s.method.segments = v);
		add("compactness", Group.METHOD, RUN, ValueType.number(0, false, Double.POSITIVE_INFINITY, false),
			"C",
			Help.COMPACTNESS,
			s -> s.method.compactness, (s, v) -> s.method.compactness = v);
		add("samples", Group.METHOD, RUN, ValueType.integer(0, 10_000_000), "N",
			Help.SAMPLES,
			s -> s.method.samples, (s, v) -> s.method.samples = v);
		add("seed", Group.METHOD, RUN, ValueType.longInteger(), "S",
			Help.SEED,
			s -> s.method.seed, (s, v) -> s.method.seed = v);
		add("fill", Group.METHOD, RUN, ValueType.choice(FillMode.class, Map.of("black", FillMode.CONSTANT)),
			"MODE",
			Help.FILL,
			s -> s.method.fill, (s, v) -> s.method.fill = v);
		add("fill_color", Group.METHOD, RUN, ValueType.color(), "R,G,B",
			Help.FILL_COLOR,
			s -> s.method.constantColor, (s, v) -> s.method.constantColor = v.clone());
		add("keep_probability", Group.METHOD, RUN, ValueType.number(0, false, 1, false), "P",
			Help.KEEP_PROBABILITY,
			s -> s.method.keepProbability, (s, v) -> s.method.keepProbability = v);
		add("sampling", Group.METHOD, RUN, ValueType.choice(SamplingScheme.class), "SCHEME",
			Help.SAMPLING,
			s -> s.method.sampling, (s, v) -> s.method.sampling = v);
		add("score_scale", Group.METHOD, RUN, ValueType.choice(ScoreScale.class), "SCALE",
			Help.SCORE_SCALE,
			s -> s.method.scoreScale, (s, v) -> s.method.scoreScale = v);
		add("heatmap", Group.METHOD, RUN, ValueType.choice(HeatmapValues.class), "VALUES",
			Help.HEATMAP,
			s -> s.method.heatmap, (s, v) -> s.method.heatmap = v);
		add("heatmap_scales", Group.METHOD, RUN, ValueType.numbers(0, 20), "LIST",
			Help.HEATMAP_SCALES,
			s -> s.method.heatmapScales, (s, v) -> s.method.heatmapScales = v.clone());
		add("samples_per_scale", Group.METHOD, RUN, ValueType.integer(1, 10_000_000), "N",
			Help.SAMPLES_PER_SCALE,
			s -> s.method.samplesPerScale, (s, v) -> s.method.samplesPerScale = v);
		add("fill_per_scale", Group.METHOD, RUN, ValueType.choices(FillMode.class, Map.of("black", FillMode.CONSTANT)),
			"MODE",
			Help.FILL_PER_SCALE,
			s -> s.method.fillPerScale, (s, v) -> s.method.fillPerScale = v.clone());
		add("keep_per_scale", Group.METHOD, RUN, ValueType.numbers(0, 1), "LIST",
			Help.KEEP_PER_SCALE,
			s -> s.method.keepPerScale, (s, v) -> s.method.keepPerScale = v.clone());
		add("heatmap_smoothing", Group.METHOD, RUN, ValueType.number(0, true, 5, true), "SIDES",
			Help.HEATMAP_SMOOTHING,
			s -> s.method.heatmapSmoothing, (s, v) -> s.method.heatmapSmoothing = v);
		add("fdr", Group.METHOD, RUN, ValueType.number(0, false, 1, false), "Q",
			Help.FDR,
			s -> s.method.falseDiscoveryRate, (s, v) -> s.method.falseDiscoveryRate = v);

		// -- What is written and drawn --
		add("out", Group.OUTPUT, EnumSet.of(FIJI, COMMAND_LINE), ValueType.path(), "DIR",
			Help.OUT,
			s -> s.out, (s, v) -> s.out = v);
		add("pairs_to_draw", Group.OUTPUT, EnumSet.of(FIJI, COMMAND_LINE), ValueType.integer(0, 10_000),
			"N",
			Help.PAIRS_TO_DRAW,
			s -> s.pairsToDraw, (s, v) -> s.pairsToDraw = v);

		// -- The dataset analysis --
		add("feature_layer", Group.DATASET, EnumSet.of(FIJI, COMMAND_LINE, PROPERTIES), ValueType.text(), "NAME",
			Help.FEATURE_LAYER,
			s -> s.modelOptions.featureLayer, (s, v) -> s.modelOptions.featureLayer = blankToNull(v));
		add("concepts", Group.DATASET, EnumSet.of(FIJI, COMMAND_LINE), ValueType.integer(0, 1000), "K",
			Help.CONCEPTS,
			s -> s.concepts, (s, v) -> s.concepts = v);
		add("classes_from_folders", Group.DATASET, EnumSet.of(FIJI, COMMAND_LINE), ValueType.bool(), "BOOL",
			Help.CLASSES_FROM_FOLDERS,
			s -> s.classesFromFolders, (s, v) -> s.classesFromFolders = v);
	}

	private Settings() {}

	private static <T> void add(String key, Group group, EnumSet<Face> faces, ValueType<T> type, String metavar,
		String help, Function<RunSettings, T> getter, BiConsumer<RunSettings, T> setter)
	{
		Setting s = new Setting(key, group, faces, type, metavar, help, getter, setter);
		if (BY_KEY.put(key, s) != null) throw new IllegalStateException("setting " + key + " declared twice");
		ALL.add(s);
	}

	private static String blankToNull(String v) {
		return v == null || v.isBlank() ? null : v;
	}

	private static ValueType<ValueRange> valueRanges() {
		List<String> ids = new ArrayList<>();
		for (ValueRange r : ValueRange.values())
			ids.add(r.id());
		return ValueType.of("one of " + String.join(", ", ids), ValueRange::parse, ValueRange::id, ids);
	}

	/** Every setting, in the order help texts list them. */
	public static List<Setting> all() {
		return List.copyOf(ALL);
	}

	/** The settings that appear on {@code face}, in order. */
	public static List<Setting> on(Face face) {
		return ALL.stream().filter(s -> s.on(face)).toList();
	}

	/** The settings on {@code face} that a single-image run uses: all but the dataset analysis's. */
	public static List<Setting> explainOn(Face face) {
		return ALL.stream().filter(s -> s.on(face) && s.group() != Group.DATASET).toList();
	}

	/** The setting called {@code key}. */
	public static Setting get(String key) {
		Setting s = BY_KEY.get(key);
		if (s == null) throw new IllegalArgumentException("No setting '" + key + "'; known: " + BY_KEY.keySet());
		return s;
	}

	/** The setting called {@code key}, or null. */
	public static Setting find(String key) {
		return BY_KEY.get(key);
	}

	/**
	 * The per-model defaults in {@code modelDir}'s {@value ModelOptions#PROPERTIES_FILE}: the keys of the settings
	 * on {@link Face#PROPERTIES} (relative paths are resolved against the folder). Empty options when the folder
	 * has no such file.
	 *
	 * @throws ModelLoadException naming the file, the key and what is accepted, for an unknown key or a bad value
	 */
	public static ModelOptions readProperties(Path modelDir) {
		RunSettings s = new RunSettings();
		Path file = modelDir.resolve(ModelOptions.PROPERTIES_FILE);
		if (!Files.isRegularFile(file)) return s.modelOptions;
		Properties p = new Properties();
		try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			p.load(r);
		}
		catch (IOException | IllegalArgumentException e) {
			throw new ModelLoadException("Cannot read " + file + ": " + e.getMessage() + ". Fix the file (Java " +
				"properties format: key = value) or delete it.", e);
		}
		List<String> keys = on(PROPERTIES).stream().map(Setting::key).toList();
		for (String name : p.stringPropertyNames()) {
			String key = name.strip().toLowerCase(Locale.ROOT).replace('-', '_');
			String value = p.getProperty(name).strip();
			Setting setting = find(key);
			if (setting == null || !setting.on(PROPERTIES))
				throw new ModelLoadException("Unknown key '" + name + "' in " + file + "; known keys: " +
					String.join(", ", keys) + ".");
			try {
				setting.apply(s, value);
			}
			catch (IllegalArgumentException e) {
				throw new ModelLoadException("Bad value in " + file + ": " + name + " = " + value + ": " + key + " " +
					e.getMessage(), e);
			}
			if (setting.get(s) instanceof Path path && !path.isAbsolute()) setting.set(s, modelDir.resolve(path));
		}
		return s.modelOptions;
	}

	/**
	 * The settings a result was made with, for its {@code summary.json}: every setting on {@link Face#SUMMARY}, by
	 * key, in vocabulary order. Numbers stay numbers; choices, paths and colours are written as the faces spell them;
	 * a value left to the model is null.
	 */
	public static Map<String, Object> summary(RunSettings s) {
		Map<String, Object> m = new LinkedHashMap<>();
		for (Setting setting : on(SUMMARY)) {
			Object v = setting.get(s);
			m.put(setting.key(), v == null || v instanceof Number || v instanceof Boolean ? v : setting.text(s));
		}
		return m;
	}
}
