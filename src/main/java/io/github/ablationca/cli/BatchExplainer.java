package io.github.ablationca.cli;

import ij.ImagePlus;
import io.github.ablationca.classifier.Classifier;
import io.github.ablationca.engine.AblationCaEngine;
import io.github.ablationca.engine.EngineLogger;
import io.github.ablationca.engine.ExplainSettings;
import io.github.ablationca.engine.Explanation;
import io.github.ablationca.image.RgbImage;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import net.imglib2.img.array.ArrayImgs;

/**
 * Explains a batch of images, stacks and folders into one output folder, one image at a time: the classifier is
 * loaded once by the caller, each image is read, explained, written ({@link ResultWriter}) and released before the
 * next is read, so memory does not grow with the number of images.
 * <ul>
 * <li>{@code OUT/<name>/} per image, {@code OUT/<name>_slice<k>/} per stack slice (names: {@link InputFiles});</li>
 * <li>{@value #SUMMARY_CSV}: one row per result in {@code OUT} ({@link #SUMMARY_COLUMNS}), rebuilt from the
 * results' {@code summary.json}, so it also lists the results of earlier runs;</li>
 * <li>{@value #ERRORS_CSV}: the images and slices that failed in this run ({@link #ERROR_COLUMNS}); absent when
 * none failed.</li>
 * </ul>
 * An image that fails is reported and the others still run. A result that is complete ({@link
 * ResultWriter#isComplete}) is skipped unless {@link #force(boolean) forced}, so a re-run after a kill resumes.
 * Every file is written atomically.
 * <pre>{@code
 * try (TensorFlowClassifier model = TensorFlowClassifier.load(dir, new ModelOptions())) {
 *     BatchExplainer.Report r = new BatchExplainer(model, new ExplainSettings(), Path.of("out"))
 *         .run(List.of("images/"));
 *     if (r.failed() > 0) ...
 * }
 * }</pre>
 */
public final class BatchExplainer {

	public static final String SUMMARY_CSV = "summary.csv";
	public static final String ERRORS_CSV = "errors.csv";
	public static final List<String> SUMMARY_COLUMNS = List.of("name", "image", "slice", "target_index",
		"target_label", "target_probability", "segments_requested", "segments", "samples", "seed", "model_calls",
		"seconds", "top_pair_a", "top_pair_b", "top_pair_correlation", "significant_pairs", "version");
	public static final List<String> ERROR_COLUMNS = List.of("image", "slice", "error");

	/** Settings whose change makes an earlier result differ from what this run would compute. */
	private static final List<String> COMPARED_SETTINGS = List.of("model", "segments_requested", "samples", "seed",
		"fill", "keep_probability", "compactness", "sampling", "measure", "score_scale", "heatmap");

	/**
	 * What a run did.
	 *
	 * @param images image files (and operands) worked on
	 * @param explained results computed and written (stack slices count one each)
	 * @param skipped results that were complete already
	 * @param failed images and slices that failed (rows of {@value #ERRORS_CSV})
	 * @param otherSettings skipped results that were made with other settings
	 */
	public record Report(int images, int explained, int skipped, int failed, int otherSettings) {}

	/** How progress is shown on the message stream. */
	public enum Progress {
		/** One line redrawn in place with {@code \r}, messages printed above it: for a terminal. */
		BAR,
		/** Plain lines, one per finished, skipped or failed image: for logs and pipes. */
		LINES,
		/** Error messages only. */
		OFF,
		/** {@link #BAR} when the messages go to standard error and that is a terminal, else {@link #LINES}. */
		AUTO
	}

	/** Told after each input image (file) is finished, skipped or failed. */
	@FunctionalInterface
	public interface ImageListener {
		void imageDone(int done, int total);
	}

	private final AblationCaEngine engine;
	private final ExplainSettings settings;
	private final Path out;
	private String model;
	private boolean force;
	private PrintStream err = System.err;
	private Progress mode = Progress.AUTO;
	private ImageListener listener = (done, total) -> {};

	private ProgressBar progress;
	private final Map<String, Map<String, Object>> summaries = new TreeMap<>();
	private final List<List<Object>> errors = new ArrayList<>();
	private int explained, skipped, otherSettings;
	/** When the folder-level files were last written: rewriting them after every image would cost O(images^2). */
	private long summaryWritten, errorsWritten;
	private static final long REWRITE_NANOS = 5_000_000_000L;

	/**
	 * @param settings copied; its {@code batchSize} and {@code resize} should match the classifier's
	 * @param out the output folder (created if needed)
	 */
	public BatchExplainer(Classifier classifier, ExplainSettings settings, Path out) {
		this.engine = new AblationCaEngine(Objects.requireNonNull(classifier, "classifier"));
		this.settings = settings.copy();
		this.out = out;
		summaryWritten = errorsWritten = System.nanoTime() - 2 * REWRITE_NANOS; // the first write is not delayed
	}

	/** The model folder recorded in each {@code summary.json}. */
	public BatchExplainer model(String model) {
		this.model = model;
		return this;
	}

	/** Recompute complete results instead of skipping them. */
	public BatchExplainer force(boolean force) {
		this.force = force;
		return this;
	}

	/** Where progress and errors go (default standard error), and how progress is shown (default AUTO). */
	public BatchExplainer messages(PrintStream err, Progress mode) {
		this.err = err;
		this.mode = mode;
		return this;
	}

	/** Called after each input image; e.g. for a caller's own progress display. */
	public BatchExplainer onImageDone(ImageListener listener) {
		this.listener = listener == null ? (done, total) -> {} : listener;
		return this;
	}

	/**
	 * Explains the images that {@code operands} name (files and folders, see {@link InputFiles}).
	 *
	 * @throws IOException if the output folder cannot be created or read, or an input folder cannot be listed
	 */
	public Report run(List<String> operands) throws IOException {
		try {
			Files.createDirectories(out);
		}
		catch (IOException e) {
			throw new IOException("Cannot create the output folder " + out + " (" + e + "); give a folder you can " +
				"write to.", e);
		}
		List<InputFiles.Input> inputs;
		try {
			inputs = InputFiles.expand(operands, out);
		}
		catch (UncheckedIOException e) {
			throw new IOException(e.getMessage(), e.getCause());
		}
		AtomicFiles.deleteTemporaryFiles(out);
		Files.deleteIfExists(out.resolve(ERRORS_CSV));
		readEarlierSummaries();
		progress = new ProgressBar(err, mode, inputs.size());
		int done = 0;
		for (InputFiles.Input input : inputs) {
			progress.start(input.name());
			long t0 = System.nanoTime();
			int before = explained;
			process(input);
			progress.finish(explained > before ? (System.nanoTime() - t0) * 1e-9 : -1);
			listener.imageDone(++done, inputs.size());
		}
		progress.close();
		writeSummaryCsv();
		writeErrorsCsv();
		return new Report(inputs.size(), explained, skipped, errors.size(), otherSettings);
	}

	private void process(InputFiles.Input input) {
		// A plain image whose result is complete is skipped without reading it.
		if (!force && ResultWriter.isComplete(out.resolve(input.name()))) {
			skip(input.name(), input.display());
			return;
		}
		ImagePlus imp;
		try {
			imp = ImagePlusImages.open(input.file());
		}
		catch (RuntimeException e) {
			fail(input.display(), 0, e);
			return;
		}
		try {
			int slices = imp.getStackSize();
			for (int slice = 1; slice <= slices; slice++)
				processSlice(input, imp, slice, slices);
		}
		finally {
			imp.flush();
		}
	}

	private void processSlice(InputFiles.Input input, ImagePlus imp, int slice, int slices) {
		String name = InputFiles.sliceName(input.name(), slice, slices);
		String label = slices > 1 ? input.display() + " slice " + slice : input.display();
		Path folder = out.resolve(name);
		if (!force && ResultWriter.isComplete(folder)) {
			skip(name, label);
			return;
		}
		try {
			RgbImage rgb = ImagePlusImages.toRgb(imp, slice);
			int base = slice - 1;
			Explanation e = engine.explain(ArrayImgs.argbs(rgb.toArgb(), rgb.width(), rgb.height()), settings,
				(fraction, step) -> progress.progress((base + fraction) / slices, step));
			ResultWriter.Source source = new ResultWriter.Source(input.display(), slices > 1 ? slice : 0, slices,
				model);
			ResultWriter.write(folder, source, rgb, e, settings);
			summaries.put(name, compact(ResultWriter.summary(source, e, settings)));
			if (System.nanoTime() - summaryWritten > REWRITE_NANOS) writeSummaryCsv();
			explained++;
			progress.info(progress.counter() + " " + name + ": " + describe(e));
		}
		catch (IOException e) {
			fail(input.display(), slices > 1 ? slice : 0, new IOException("cannot write the results to " + folder +
				": " + e.getMessage(), e));
		}
		catch (RuntimeException | OutOfMemoryError e) {
			fail(input.display(), slices > 1 ? slice : 0, e);
		}
	}

	/** One line about a finished result: target, objects, top pair, costs. */
	static String describe(Explanation e) {
		StringBuilder sb = new StringBuilder();
		sb.append(String.format(Locale.ROOT, "'%s' (%.3f), %d objects", e.targetLabel(), e.targetProbability(),
			e.segments()));
		if (!e.pairs().isEmpty()) {
			var p = e.pairs().get(0);
			sb.append(String.format(Locale.ROOT, ", top pair %d-%d r=%+.2f", p.a() + 1, p.b() + 1, p.correlation()));
		}
		sb.append(String.format(Locale.ROOT, ", %d model calls, %.1f s", e.modelCalls(), e.timings().total()));
		return sb.toString();
	}

	private void skip(String name, String label) {
		skipped++;
		Map<String, Object> earlier = summaries.get(name);
		boolean differs = false;
		if (earlier != null) {
			Map<String, Object> now = currentSettings();
			for (String key : COMPARED_SETTINGS)
				if (earlier.containsKey(key) && !sameValue(earlier.get(key), now.get(key))) differs = true;
		}
		if (differs) otherSettings++;
		progress.info(progress.counter() + " " + name + ": skipped, the results of " + label + " are complete" +
			(differs ? " (made with other settings)" : "") + "; --force recomputes");
	}

	private Map<String, Object> currentSettings() {
		Map<String, Object> m = new TreeMap<>();
		m.put("model", model);
		m.put("segments_requested", settings.segments);
		m.put("samples", settings.samples);
		m.put("seed", settings.seed);
		m.put("fill", ResultWriter.idName(settings.fill));
		m.put("keep_probability", settings.keepProbability);
		m.put("compactness", settings.compactness);
		m.put("sampling", ResultWriter.idName(settings.sampling));
		m.put("measure", settings.measure);
		m.put("score_scale", ResultWriter.idName(settings.scoreScale));
		m.put("heatmap", ResultWriter.idName(settings.heatmap));
		return m;
	}

	private static boolean sameValue(Object stored, Object now) {
		if (stored instanceof Number a && now instanceof Number b) return a.doubleValue() == b.doubleValue();
		return Objects.equals(stored == null ? null : stored.toString(), now == null ? null : now.toString());
	}

	private void fail(String image, int slice, Throwable e) {
		String message = message(e);
		errors.add(List.of(image, slice > 0 ? slice : "", message));
		progress.error("Error: " + image + (slice > 0 ? " slice " + slice : "") + ": " + message);
		if (System.nanoTime() - errorsWritten > REWRITE_NANOS) writeErrorsCsv();
	}

	private void writeErrorsCsv() {
		if (errors.isEmpty()) return;
		try {
			StringBuilder csv = new StringBuilder(Csv.line(ERROR_COLUMNS));
			for (List<Object> row : errors)
				csv.append(Csv.line(row));
			AtomicFiles.writeString(out.resolve(ERRORS_CSV), csv.toString());
			errorsWritten = System.nanoTime();
		}
		catch (IOException x) {
			progress.error("Error: cannot write " + out.resolve(ERRORS_CSV) + ": " + x.getMessage());
		}
	}

	/** The entries of a summary that {@value #SUMMARY_CSV} and the settings check need (a few per result). */
	private static Map<String, Object> compact(Map<String, Object> summary) {
		Map<String, Object> m = new HashMap<>();
		for (String key : SUMMARY_COLUMNS)
			if (summary.containsKey(key)) m.put(key, summary.get(key));
		for (String key : COMPARED_SETTINGS)
			if (summary.containsKey(key)) m.put(key, summary.get(key));
		m.put("top_pair", summary.get("top_pair"));
		return m;
	}

	private static String message(Throwable e) {
		if (e instanceof OutOfMemoryError)
			return "not enough memory for this image; give Java more (ABLATION_CA_JAVA_OPTS=-Xmx8g) or scale it down";
		String m = e.getMessage();
		boolean expected = e instanceof IllegalArgumentException || e instanceof IOException ||
			e instanceof UncheckedIOException || e instanceof IllegalStateException;
		if (m == null || m.isBlank()) return e.getClass().getSimpleName();
		return expected ? m : e.getClass().getSimpleName() + ": " + m;
	}

	/** Loads the summaries of the results already in the output folder, and removes stray temporary files. */
	private void readEarlierSummaries() throws IOException {
		try (DirectoryStream<Path> dirs = Files.newDirectoryStream(out, Files::isDirectory)) {
			for (Path dir : dirs) {
				AtomicFiles.deleteTemporaryFiles(dir);
				Path json = dir.resolve(ResultWriter.SUMMARY);
				if (!Files.isRegularFile(json)) continue;
				try {
					summaries.put(dir.getFileName().toString(), compact(Json.parseObject(Files.readString(json))));
				}
				catch (IOException | IllegalArgumentException e) {
					err.println("Note: ignoring " + json + ": " + e.getMessage());
				}
			}
		}
	}

	private void writeSummaryCsv() throws IOException {
		StringBuilder csv = new StringBuilder(Csv.line(SUMMARY_COLUMNS));
		for (Map.Entry<String, Map<String, Object>> e : summaries.entrySet())
			csv.append(Csv.line(summaryRow(e.getKey(), e.getValue())));
		AtomicFiles.writeString(out.resolve(SUMMARY_CSV), csv.toString());
		summaryWritten = System.nanoTime();
	}

	/** The {@value #SUMMARY_CSV} row of result {@code name} from its {@code summary.json}. */
	static List<Object> summaryRow(String name, Map<String, Object> s) {
		List<Object> row = new ArrayList<>();
		Object pair = s.get("top_pair");
		Map<?, ?> top = pair instanceof Map<?, ?> m ? m : Map.of();
		for (String column : SUMMARY_COLUMNS) {
			Object v = switch (column) {
				case "name" -> name;
				case "top_pair_a" -> top.get("object_a");
				case "top_pair_b" -> top.get("object_b");
				case "top_pair_correlation" -> top.get("correlation");
				default -> s.get(column);
			};
			// JSON numbers come back as doubles: whole ones are written without ".0" by Csv.number.
			row.add(v);
		}
		return row;
	}
}
