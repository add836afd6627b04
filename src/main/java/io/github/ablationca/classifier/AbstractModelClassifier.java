package io.github.ablationca.classifier;

import io.github.ablationca.image.ResizeMode;

import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * What every engine adapter shares, so a SavedModel, an ONNX file and a TorchScript file are read and fed the same
 * way: each setting from the options, else {@code ablation-ca.properties}, else its default, with where it came from
 * ({@link #describe()}); the labels; a probe run that checks the model runs and tells logits from probabilities;
 * batching, the value-range and layout packing of the 8-bit images and softmax (applied once, only to logits).
 * <p>
 * An adapter's constructor reads what its engine knows about the model, calls {@link #setInput},
 * {@link #resolveCommonSettings}, loads the model and ends with {@link #finishLoading}; then it only runs batches
 * ({@link #runBatch}). Instances are thread-safe: calls are serialised unless the adapter allows concurrent calls
 * ({@link #concurrentCalls()}); each call uses up to {@code model_threads} cores.
 */
public abstract class AbstractModelClassifier implements ModelClassifier {

	private final ModelEngine engine;
	private final Path modelPath;
	private final List<String> sources = new ArrayList<>();

	private int width;
	private int height;
	private InputLayout layout;
	/** Batch size fixed by the model (> 0) or -1 for a dynamic batch. */
	private int fixedBatch = -1;
	private int batchSize;
	private int modelThreads;
	private ValueRange valueRange;
	private boolean valueRangeIsDefault;
	private boolean inputSizeIsDefault;
	private ResizeMode resize;
	private boolean roundTo8Bit;
	// Per-channel affine map p -> (p - mean) * scale, hoisted for the hot loop.
	private float mean0, mean1, mean2, scale0, scale1, scale2;

	private List<String> labelLines;
	private Integer requestedOffset;
	private String labelsSource;
	private int classes;
	private OutputKind outputKind;
	private String outputKindSource;
	private List<String> labels;
	private int labelOffset;
	private volatile boolean closed;
	/** Concurrent calls hold the read lock, {@link #close()} the write lock. */
	private final ReentrantReadWriteLock calls = new ReentrantReadWriteLock();

	protected AbstractModelClassifier(ModelEngine engine, Path modelPath) {
		this.engine = engine;
		this.modelPath = modelPath;
	}

	// ---------------------------------------------------------------------------------------------------------
	// Loading, for the adapters

	/** {@code option}, else {@code fromFile}, else {@code fallback}; records which for {@link #describe()}. */
	protected final <T> T pick(T option, T fromFile, T fallback, String key) {
		if (option != null) {
			sources.add(key + " = " + option + " (options)");
			return option;
		}
		if (fromFile != null) {
			sources.add(key + " = " + fromFile + " (" + ModelOptions.PROPERTIES_FILE + ")");
			return fromFile;
		}
		if (fallback != null) sources.add(key + " = " + fallback + " (default)");
		return fallback;
	}

	/** Records a note for {@link #describe()} (e.g. a setting the model overrides). */
	protected final void note(String line) {
		sources.add(line);
	}

	/**
	 * One spatial size of the input: the model's own when it fixes it ({@code modelSize > 0}; a different requested
	 * size is refused), else the requested one, else {@value ModelOptions#DEFAULT_INPUT_SIZE}.
	 *
	 * @param what "width" or "height"
	 * @param input the input, as messages name it
	 */
	protected final int spatial(long modelSize, Integer option, Integer fromFile, String what, String input) {
		if (modelSize > 0) {
			Integer wanted = option != null ? option : fromFile;
			if (wanted != null && wanted != modelSize)
				throw new ModelLoadException("The model's input " + input + " has a fixed " + what + " of " + modelSize +
					" pixels; the requested input " + what + " " + wanted + " cannot be used. Remove the input size " +
					"setting (--input-size, input_size in " + ModelOptions.PROPERTIES_FILE + ").");
			return (int) modelSize;
		}
		if (option == null && fromFile == null) inputSizeIsDefault = true;
		return pick(option, fromFile, ModelOptions.DEFAULT_INPUT_SIZE, "input_" + what);
	}

	/**
	 * The CPU threads one model call may use ({@code model_threads}; 0 = all cores), for the adapter to give its
	 * engine before it loads the model. Call once.
	 */
	protected final int resolveModelThreads(ModelOptions given, ModelOptions file) {
		modelThreads = pick(given.modelThreads, file.modelThreads, 0, "model_threads");
		if (modelThreads < 0)
			throw new ModelLoadException("model_threads must be 0 (all cores) or more, not " + modelThreads + ".");
		return modelThreads;
	}

	/** The image input as the adapter resolved it; {@code fixedBatch} is the model's batch size, or -1 if dynamic. */
	protected final void setInput(InputLayout layout, int width, int height, int fixedBatch) {
		this.layout = layout;
		this.width = width;
		this.height = height;
		this.fixedBatch = fixedBatch > 0 ? fixedBatch : -1;
	}

	/**
	 * The settings every engine reads the same way: value range, resize, rounding, batch size and the labels file
	 * ({@code labels.txt} in {@code modelFolder} unless set). Labels are checked against {@code knownClasses} (> 0
	 * when the model says its class count) before the engine loads anything.
	 */
	protected final void resolveCommonSettings(ModelOptions given, ModelOptions file, Path modelFolder,
		long knownClasses)
	{
		valueRange = pick(given.valueRange, file.valueRange, ValueRange.MINUS_ONE_TO_ONE, "value_range");
		valueRangeIsDefault = given.valueRange == null && file.valueRange == null;
		resize = pick(given.resize, file.resize, ResizeMode.STRETCH, "resize");
		roundTo8Bit = pick(given.roundTo8Bit, file.roundTo8Bit, false, "round_to_8bit");
		int requestedBatch = pick(given.batchSize, file.batchSize, ModelOptions.DEFAULT_BATCH_SIZE, "batch_size");
		if (requestedBatch < 1)
			throw new ModelLoadException("Batch size must be at least 1, not " + requestedBatch + ".");
		batchSize = fixedBatch > 0 ? fixedBatch : requestedBatch;
		if (fixedBatch > 0 && requestedBatch != fixedBatch && given.batchSize != null)
			note("batch size " + requestedBatch + " ignored: the model fixes it at " + fixedBatch);
		mean0 = valueRange.mean(0);
		mean1 = valueRange.mean(1);
		mean2 = valueRange.mean(2);
		scale0 = 1f / valueRange.std(0);
		scale1 = 1f / valueRange.std(1);
		scale2 = 1f / valueRange.std(2);

		requestedOffset = given.labelOffset != null ? given.labelOffset : file.labelOffset;
		Path labelsFile = given.labels != null ? given.labels : file.labels;
		if (labelsFile == null && modelFolder != null && Files.isRegularFile(modelFolder.resolve("labels.txt")))
			labelsFile = modelFolder.resolve("labels.txt");
		try {
			labelLines = labelsFile == null ? null : Labels.read(labelsFile);
		}
		catch (IllegalArgumentException e) {
			throw new ModelLoadException(e.getMessage(), e);
		}
		labelsSource = labelsFile == null ? "generic names (no labels file)" : labelsFile.toString();
		if (knownClasses > 0 && labelLines != null) fitLabels(labelLines, (int) knownClasses); // fail early
	}

	/**
	 * Runs the probe (two images: mid grey and a colour gradient), which checks that the model runs and gives the
	 * class count; then the output kind: the options, else {@code ablation-ca.properties}, else what the model says
	 * ({@code modelKind}, from {@code modelKindSource}), else the output's name, else the probe (rows that are
	 * non-negative and sum to 1 are probabilities); then the labels.
	 *
	 * @param knownClasses the class count the model declares (> 0), checked against the probe
	 */
	protected final void finishLoading(ModelOptions given, ModelOptions file, long knownClasses, OutputKind modelKind,
		String modelKindSource, String outputName)
	{
		int probeCount = Math.min(2, batchSize);
		float[][] raw = runBatch(probeImages(width, height), 0, probeCount);
		classes = raw[0].length;
		if (knownClasses > 0 && knownClasses != classes)
			throw new ModelLoadException("Output " + outputName + " of " + modelPath + " gave " + classes +
				" values per image, not " + knownClasses + " as the model says.");
		OutputKind fromName;
		if (given.outputKind != null) {
			outputKind = given.outputKind;
			outputKindSource = "options";
		}
		else if (file.outputKind != null) {
			outputKind = file.outputKind;
			outputKindSource = ModelOptions.PROPERTIES_FILE;
		}
		else if (modelKind != null) {
			outputKind = modelKind;
			outputKindSource = modelKindSource;
		}
		else if ((fromName = OutputKind.fromName(outputName)) != null) {
			outputKind = fromName;
			outputKindSource = "output name";
		}
		else {
			outputKind = looksLikeProbabilities(raw) ? OutputKind.PROBABILITIES : OutputKind.LOGITS;
			outputKindSource = "probe run: rows " + (outputKind == OutputKind.PROBABILITIES ? "are" : "are not") +
				" non-negative and sum to 1";
		}
		labelOffset = labelLines == null ? 0 : resolvedOffset();
		labels = labelLines == null ? Labels.generic(classes) : fitLabels(labelLines, classes);
	}

	private int resolvedOffset() {
		if (requestedOffset != null) return requestedOffset;
		Integer auto = Labels.autoOffset(labelLines, classes);
		return auto == null ? 0 : auto;
	}

	private List<String> fitLabels(List<String> lines, int n) {
		try {
			return Labels.fit(lines, n, requestedOffset, labelsSource);
		}
		catch (IllegalArgumentException e) {
			throw new ModelLoadException(e.getMessage() + " (Model: " + modelPath + ", output " + outputDescription() +
				".)", e);
		}
	}

	private static boolean looksLikeProbabilities(float[][] rows) {
		for (float[] row : rows) {
			double sum = 0;
			for (float v : row) {
				if (!(v >= 0 && v <= 1)) return false;
				sum += v;
			}
			if (Math.abs(sum - 1) > 1e-3) return false;
		}
		return true;
	}

	/** Two probe images on the 8-bit scale: mid grey and a colour gradient. */
	private static float[] probeImages(int width, int height) {
		int n = width * height * 3;
		float[] images = new float[2 * n];
		Arrays.fill(images, 0, n, 128f);
		for (int y = 0, i = n; y < height; y++)
			for (int x = 0; x < width; x++, i += 3) {
				images[i] = 255f * x / Math.max(1, width - 1);
				images[i + 1] = 255f * y / Math.max(1, height - 1);
				images[i + 2] = 255f - images[i];
			}
		return images;
	}

	/** The messages of {@code e} and its causes, without repeats (engines wrap their errors several times). */
	protected static String message(Throwable e) {
		StringBuilder sb = new StringBuilder();
		for (Throwable t = e; t != null && sb.length() < 600; t = t.getCause()) {
			String m = t.getMessage();
			if (m == null || sb.indexOf(m.strip()) >= 0) continue;
			if (sb.length() > 0) sb.append(": ");
			sb.append(m.strip());
		}
		return sb.length() == 0 ? e.getClass().getSimpleName() : sb.toString();
	}

	// ---------------------------------------------------------------------------------------------------------
	// Running, for the adapters

	/**
	 * Runs images {@code first .. first + count - 1} of {@code images} (8-bit NHWC, at most one batch: {@code count
	 * <= batchSize()}) and returns the raw output rows (logits or probabilities, as the model gives them).
	 */
	protected abstract float[][] runBatch(float[] images, int first, int count);

	/** How many images a call feeds for {@code count} images: the model's fixed batch (padded), else {@code count}. */
	protected final int fed(int count) {
		return fixedBatch > 0 ? fixedBatch : count;
	}

	/**
	 * Writes images {@code first .. first + count - 1} as model values (value range, layout) into {@code dst} from
	 * index 0, in one pass; the rest of {@code fed} images are zero (padding of a fixed batch).
	 */
	protected final void fill(FloatBuffer dst, float[] images, int first, int count, int fed) {
		int n = imageSize();
		int src = first * n;
		if (layout == InputLayout.NHWC) {
			final float m0 = mean0, m1 = mean1, m2 = mean2, s0 = scale0, s1 = scale1, s2 = scale2;
			for (int i = src, o = 0, end = src + count * n; i < end; i += 3, o += 3) {
				dst.put(o, (images[i] - m0) * s0);
				dst.put(o + 1, (images[i + 1] - m1) * s1);
				dst.put(o + 2, (images[i + 2] - m2) * s2);
			}
		}
		else {
			int plane = width * height;
			float[] mean = {mean0, mean1, mean2}, scale = {scale0, scale1, scale2};
			for (int img = 0; img < count; img++) {
				int base = img * n, in = src + img * n;
				for (int c = 0; c < 3; c++) {
					float m = mean[c], s = scale[c];
					for (int p = 0, o = base + c * plane, i = in + c; p < plane; p++, o++, i += 3)
						dst.put(o, (images[i] - m) * s);
				}
			}
		}
		for (int o = count * n, end = fed * n; o < end; o++)
			dst.put(o, 0f);
	}

	/**
	 * The first {@code count} rows of an output of {@code shape} for {@code fed} images: it must be one row of class
	 * scores per image, {@code [batch, classes]} (trailing axes of size 1, as {@code [batch, classes, 1, 1]}, are
	 * allowed); anything else is refused with the shape and the fix.
	 */
	protected final float[][] rows(FloatBuffer data, long[] shape, int fed, int count, String output) {
		checkScores(shape, fed, output);
		int c = (int) (data.remaining() / fed);
		float[][] rows = new float[count][c];
		int start = data.position();
		for (int i = 0; i < count; i++)
			data.get(start + i * c, rows[i], 0, c);
		return rows;
	}

	/** Refuses an output that is not {@code [batch, classes]}, naming its shape and the fix. */
	protected final void checkScores(long[] shape, int fed, String output) {
		String got = "Output " + output + " of " + modelPath + " has shape " + Arrays.toString(shape).replace(" ", "") +
			" for " + fed + " image" + (fed == 1 ? "" : "s") + ": ";
		if (shape.length >= 2 && shape[0] == 1 && fed > 1)
			throw new ModelLoadException(got + "one row, so the model was exported for one image at a time (a fixed " +
				"batch of 1, e.g. traced with one example image). Set the batch size to 1 (--batch-size 1, batch_size " +
				"in " + ModelOptions.PROPERTIES_FILE + "), or export it with a dynamic batch axis.");
		String problem = null;
		if (shape.length < 2 || shape[0] != fed) problem = "it has no batch axis of " + fed + " rows";
		else {
			int big = 0;
			for (int i = 1; i < shape.length; i++)
				if (shape[i] != 1) big++;
			if (big > 1) problem = "it holds " + (shape.length - 1) + "-d maps, not one score per class";
			else if (Arrays.stream(shape).skip(1).reduce(1, (x, y) -> x * y) < 2)
				problem = "it holds one value per image, not one score per class";
		}
		if (problem != null)
			throw new ModelLoadException(got + problem + ". Ablation-CA explains image classifiers, whose output is " +
				"[batch, classes] (logits or probabilities); if the model has another output with the class scores, " +
				"choose it with --output (output in " + ModelOptions.PROPERTIES_FILE + "), else export the model with " +
				"its classification head.");
	}

	// ---------------------------------------------------------------------------------------------------------
	// Classifier

	/**
	 * Runs on the calling thread. Calls are serialised unless the adapter says its engine takes concurrent calls
	 * ({@link #concurrentCalls()}): then they run side by side on the engine's threads ({@code model_threads}).
	 */
	@Override
	public final float[][] predict(float[] images, int count) {
		if (!concurrentCalls()) {
			synchronized (this) {
				return predictBatches(images, count);
			}
		}
		calls.readLock().lock();
		try {
			return predictBatches(images, count);
		}
		finally {
			calls.readLock().unlock();
		}
	}

	private float[][] predictBatches(float[] images, int count) {
		if (closed) throw new IllegalStateException("This classifier of " + modelPath + " is closed.");
		if (images == null) throw new IllegalArgumentException("No images given.");
		if (count < 0) throw new IllegalArgumentException("Image count must not be negative, not " + count + ".");
		int n = imageSize();
		if ((long) count * n > images.length)
			throw new IllegalArgumentException("Batch buffer holds " + images.length + " floats, too few for " + count +
				" images of " + width + " x " + height + " x 3 = " + n + " floats; preprocess images to the model " +
				"size first (ImagePreprocessor).");
		float[][] out = new float[count][];
		for (int start = 0; start < count; start += batchSize) {
			int m = Math.min(batchSize, count - start);
			float[][] rows = runBatch(images, start, m);
			for (int i = 0; i < m; i++) {
				if (outputKind == OutputKind.LOGITS) Softmax.inPlace(rows[i], 0, rows[i].length);
				out[start + i] = rows[i];
			}
		}
		return out;
	}

	/**
	 * Whether {@link #runBatch} may run on several threads at once: the engine's session takes concurrent calls
	 * and the adapter shares no per-call state. Default false: calls are serialised.
	 */
	protected boolean concurrentCalls() {
		return false;
	}

	@Override
	public final void close() {
		calls.writeLock().lock(); // waits for concurrent calls in flight
		try {
			synchronized (this) {
				if (closed) return;
				closed = true;
				release();
			}
		}
		finally {
			calls.writeLock().unlock();
		}
	}

	/** Whether {@link #close()} was called. */
	protected final boolean isClosed() {
		return closed;
	}

	/** Frees the engine's model and tensors (called once; also after a failed load, so fields may be null). */
	protected abstract void release();

	@Override
	public int inputWidth() {
		return width;
	}

	@Override
	public int inputHeight() {
		return height;
	}

	@Override
	public List<String> labels() {
		return labels;
	}

	@Override
	public int batchSize() {
		return batchSize;
	}

	@Override
	public int modelThreads() {
		return modelThreads;
	}

	@Override
	public ResizeMode resizeMode() {
		return resize;
	}

	@Override
	public ValueRange valueRange() {
		return valueRange;
	}

	// ---------------------------------------------------------------------------------------------------------
	// What was loaded

	@Override
	public ModelEngine engine() {
		return engine;
	}

	@Override
	public Path modelPath() {
		return modelPath;
	}

	@Override
	public InputLayout inputLayout() {
		return layout;
	}

	@Override
	public OutputKind outputKind() {
		return outputKind;
	}

	@Override
	public int labelOffset() {
		return labelOffset;
	}

	@Override
	public boolean valueRangeIsDefault() {
		return valueRangeIsDefault;
	}

	@Override
	public boolean inputIsFloat() {
		return true;
	}

	@Override
	public List<String> assumptions() {
		List<String> out = new ArrayList<>();
		if (valueRangeIsDefault && inputIsFloat())
			out.add("the value range of this model is not set; assuming " + valueRange.id() + ". Set it with " +
				"--value-range (value_range in " + ModelOptions.PROPERTIES_FILE + ").");
		if (inputSizeIsDefault) {
			boolean torch = engine == ModelEngine.PYTORCH;
			out.add((torch ? "TorchScript files do not record the input size" : "the model does not fix its input " +
				"size") + ", and none was set; assuming " + width + " x " + height + (torch ? " " + layout : "") +
				". Set it with --input-size" + (torch ? " and --input-layout" : "") + " (input_size" + (torch ?
					", input_layout" : "") + " in " + ModelOptions.PROPERTIES_FILE + ").");
		}
		return out;
	}

	@Override
	public boolean roundTo8Bit() {
		return roundTo8Bit;
	}

	/** The model's fixed batch size, or -1 for a dynamic batch. */
	protected final int fixedBatch() {
		return fixedBatch;
	}

	/** The input as {@link #describe()} names it: name, type and shape. */
	protected abstract String inputDescription();

	/** The output as {@link #describe()} and messages name it. */
	protected abstract String outputDescription();

	/** What follows the model path in {@link #describe()}, e.g. {@code signature serving_default}. */
	protected String modelDetails() {
		return engine.title();
	}

	@Override
	public String describe() {
		StringBuilder sb = new StringBuilder();
		sb.append("model: ").append(modelPath).append(" (").append(modelDetails()).append(")\n");
		sb.append("input: ").append(inputDescription()).append(", ").append(layout).append(", fed at ").append(width)
			.append(" x ").append(height).append(inputIsFloat() ? ", value range " + valueRange.description()
				: " as uint8 0..255").append('\n');
		sb.append("output: ").append(outputDescription()).append(", ").append(classes).append(" classes, ")
			.append(outputKind).append(" (").append(outputKindSource).append(")").append(outputKind == OutputKind.LOGITS
				? ", softmax applied" : ", used as is").append('\n');
		sb.append("labels: ").append(labelsSource).append(", offset ").append(labelOffset).append('\n');
		sb.append("settings: ").append(String.join("; ", sources));
		return sb.toString();
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[" + modelPath.getFileName() + ", " + width + "x" + height + ", " +
			classes + " classes]";
	}
}
