package io.github.ablationca.results;

import io.github.ablationca.classifier.Classifier;
import io.github.ablationca.engine.EngineLogger;
import io.github.ablationca.imagej.ImageFiles;
import io.github.ablationca.imagej.ImagePlusConversion;
import io.github.ablationca.engine.ExplainSettings;
import io.github.ablationca.run.ExplainRunner;
import io.github.ablationca.run.IoMessages;
import io.github.ablationca.run.Json;
import io.github.ablationca.run.RunSettings;
import io.github.ablationca.run.Setting;
import io.github.ablationca.run.Settings;
import io.github.ablationca.run.Slice;
import io.github.ablationca.run.SliceResult;
import io.github.ablationca.run.Summary;
import io.github.ablationca.run.Table;

import ij.ImagePlus;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Explains a batch of images, stacks and folders into one output folder, one image at a time, through the one
 * per-image runner: each image is read, explained plane by plane, written ({@link ResultFolder}) and released
 * before the next is read, so memory does not grow with the number of images.
 * <ul>
 * <li>{@code OUT/<name>/} per image, {@code OUT/<name>_slice<k>/} per stack slice (names: {@link InputFiles});</li>
 * <li>{@value ResultFolder#SUMMARY_CSV}: one row per result in {@code OUT} ({@link #SUMMARY_COLUMNS}), rebuilt from
 * the results' {@code summary.json}, so it also lists the results of earlier runs;</li>
 * <li>{@value ResultFolder#ERRORS_CSV}: the images and slices that failed in this run ({@link #ERROR_COLUMNS});
 * absent when none failed.</li>
 * </ul>
 * An image that fails is reported and the others still run. A result that is complete is skipped unless
 * {@link #force(boolean) forced}, so a re-run after a kill resumes. Every file is written atomically.
 * <pre>{@code
 * try (Classifier model = ModelLoader.load(dir, settings.modelOptions)) {
 *     FolderBatch.Report r = new FolderBatch(model, settings, Path.of("out")).run(List.of("images/"));
 * }
 * }</pre>
 */
public final class FolderBatch {

	public static final List<String> SUMMARY_COLUMNS = List.of("name", "image", "slice", "target_index",
		"target_label", "target_probability", "segments", "objects", "samples", "seed", "model_calls", "seconds",
		"top_pair_a", "top_pair_b", "top_pair_correlation", "significant_pairs", "version");
	public static final List<String> ERROR_COLUMNS = List.of("image", "slice", "error");

	/**
	 * What a run did.
	 *
	 * @param images image files (and operands) worked on
	 * @param explained results computed and written (stack slices count one each)
	 * @param skipped results that were complete already
	 * @param failed images and slices that failed (rows of {@value ResultFolder#ERRORS_CSV})
	 * @param otherSettings skipped results that were made with other settings
	 */
	public record Report(int images, int explained, int skipped, int failed, int otherSettings) {}

	/**
	 * What explaining one input did ({@link #explainOne}), in a form that travels between machines: a distributed
	 * batch explains each input on a worker and hands its outcome back to the batch that runs the output folder
	 * ({@link #absorb}).
	 *
	 * @param input the input as the user named it
	 * @param written the results written: result name to its {@code summary.json} as JSON text, with the entries
	 *        {@value ResultFolder#SUMMARY_CSV} and the settings check need
	 * @param errors rows of {@value ResultFolder#ERRORS_CSV} ({@link #ERROR_COLUMNS}: image, slice or "", message)
	 * @param skipped results that were complete already
	 * @param otherSettings skipped results that were made with other settings
	 * @param lines what the batch told on the way ({@link Messages#result}, {@link Messages#note},
	 *        {@link Messages#error}), in order, each as {@code "result NAME LINE"}, {@code "note LINE"} or
	 *        {@code "error LINE"}
	 * @param seconds time spent on the input, or -1 when nothing was computed
	 */
	public record Outcome(String input, Map<String, String> written, List<List<String>> errors, int skipped,
		int otherSettings, List<String> lines, double seconds) implements java.io.Serializable {}

	/**
	 * Explains named inputs for a batch, e.g. on a cluster; the batch has prepared the output folder and writes its
	 * folder-level files afterwards.
	 */
	@FunctionalInterface
	public interface Distributor {
		/**
		 * Explains {@code inputs} (names assigned, in order) and hands every outcome to {@code batch.absorb}, in the
		 * order of {@code inputs}.
		 */
		void explain(List<InputFiles.Input> inputs, FolderBatch batch) throws IOException;

		/** The inputs the operands name (default: {@link InputFiles#collect}, files on this machine). */
		default InputFiles.Expansion collect(List<String> operands, Path out) {
			return InputFiles.collect(operands, out);
		}
	}

	/** Writes one complete result folder; in place by default ({@link ResultFolder#write}). */
	@FunctionalInterface
	public interface ResultWriter {
		void write(Path folder, Summary.Source source, io.github.ablationca.image.RgbImage input, SliceResult result,
			RunSettings settings) throws IOException;
	}

	/** What a batch plans before it starts: the images and the model calls per image. */
	public record Plan(int images, int modelCallsPerImage, int segments, int samples, int heatmapCalls) {

		/**
		 * One line about the work ahead, e.g. "3 images, about 791 model calls each (1 + 40 objects + 500 samples + 250
		 * for the heatmap)".
		 */
		public String describe() {
			return images + (images == 1 ? " image" : " images") + " (each stack slice counts as one), up to about " +
				String.format(java.util.Locale.ROOT, "%,d", modelCallsPerImage) + " model calls each (1 + up to " +
				segments + " objects + " + samples + " samples" + (heatmapCalls > 0 ? " + " + heatmapCalls +
					" for the heatmap" : "") + ")";
		}
	}

	/** What the batch tells as it goes (a progress display); every method may be left out. */
	public interface Messages {
		/** The batch starts with {@code images} input images. */
		default void begin(int images) {}

		/** The work ahead, before the first image. */
		default void plan(Plan plan) {}

		/** A note that changes nothing (a link loop left out, a lock taken over). */
		default void note(String line) {}

		/** The next input image starts. */
		default void start(String name) {}

		/** The current image is {@code fraction} (0..1) done, at {@code step}. */
		default void progress(double fraction, String step) {}

		/** The current image is finished; {@code seconds} < 0 when nothing was computed (skipped, failed at once). */
		default void finish(double seconds) {}

		/** A result was written or skipped: one line about it. */
		default void result(String name, String line) {}

		/** Something failed: the message names the image and the problem. */
		default void error(String line) {}
	}

	/**
	 * Hears of every complete result of a run, computed now or skipped as complete, while its image is at hand (the
	 * dataset analysis describes the objects of each result). A {@link RuntimeException} thrown here is recorded as
	 * that image's failure, like a failed explanation.
	 */
	public interface ResultListener {
		/**
		 * @param name the result's name (its folder in the output folder)
		 * @param input the input image it came from
		 * @param slice the 1-based plane of the input
		 * @param pixels the plane's pixels (read on demand for a skipped result)
		 */
		void result(String name, InputFiles.Input input, int slice, java.util.function.Supplier<io.github.ablationca
			.image.RgbImage> pixels);
	}

	private final ExplainRunner runner;
	private ResultListener listener;
	private final RunSettings settings;
	private final Path out;
	private boolean force, verbose;
	private Messages messages = new Messages() {};
	private ResultWriter resultWriter = ResultFolder::write;
	/** Whether earlier summaries are read from the output folder when needed, rather than all before the run. */
	private boolean lazySummaries;
	/** The summaries written by this batch (text), for {@link #explainOne}. */
	private final Map<String, String> written = new java.util.LinkedHashMap<>();

	private final Map<String, Map<String, Object>> summaries = new TreeMap<>();
	private final List<List<Object>> errors = new ArrayList<>();
	private int explained, skipped, otherSettings;
	/** When the folder-level files were last written: rewriting them after every image would cost O(images^2). */
	private long summaryWritten, errorsWritten;
	private static final long REWRITE_NANOS = 5_000_000_000L;

	/**
	 * @param settings the run's settings (copied and resolved for {@code classifier})
	 * @param out the output folder (created if needed)
	 */
	public FolderBatch(Classifier classifier, RunSettings settings, Path out) {
		Objects.requireNonNull(classifier, "classifier");
		this.settings = settings.resolvedFor(classifier);
		this.runner = new ExplainRunner(classifier, this.settings.method, EngineLogger.NONE);
		this.out = out;
		summaryWritten = errorsWritten = System.nanoTime() - 2 * REWRITE_NANOS; // the first write is not delayed
	}

	/** Recompute complete results instead of skipping them. */
	public FolderBatch force(boolean force) {
		this.force = force;
		return this;
	}

	/** Add the Java exceptions behind each error to its message (for bug reports). */
	public FolderBatch verbose(boolean verbose) {
		this.verbose = verbose;
		return this;
	}

	/** Tells {@code listener} of every complete result (see {@link ResultListener}). */
	public FolderBatch onResult(ResultListener listener) {
		this.listener = listener;
		return this;
	}

	public FolderBatch messages(Messages messages) {
		this.messages = messages == null ? new Messages() {} : messages;
		return this;
	}

	/** How result folders are written (default: {@link ResultFolder#write} in place). */
	public FolderBatch resultWriter(ResultWriter writer) {
		this.resultWriter = Objects.requireNonNull(writer, "writer");
		return this;
	}

	/** The run's settings, resolved for the model. */
	public RunSettings settings() {
		return settings;
	}

	/** The output folder. */
	public Path out() {
		return out;
	}

	/** Whether complete results are recomputed. */
	public boolean forced() {
		return force;
	}

	/** Whether errors carry their Java exceptions. */
	public boolean verbose() {
		return verbose;
	}

	/** The batch's messages (progress display). */
	public Messages messages() {
		return messages;
	}

	/** The names of the results in the output folder and those written so far, in order. */
	public List<String> resultNames() {
		return List.copyOf(summaries.keySet());
	}

	/**
	 * Explains the images that {@code operands} name (files and folders, see {@link InputFiles}). One run at a time
	 * per output folder ({@link OutputLock}). An image, slice or operand that fails is recorded and the others still
	 * run.
	 *
	 * @throws IOException if the output folder cannot be created, locked or read
	 * @throws IllegalArgumentException if the output folder is an input folder
	 */
	public Report run(List<String> operands) throws IOException {
		return run(operands, null, List.of());
	}

	/**
	 * Like {@link #run(List)}, with the inputs explained by {@code distributor} (null: here, one after the other).
	 *
	 * @param reserved names in the output folder that are not results (a distributed batch's tables): no input gets
	 *        them
	 */
	public Report run(List<String> operands, Distributor distributor, List<String> reserved) throws IOException {
		OutputLock lock;
		try {
			lock = OutputLock.acquire(out, "explain");
		}
		catch (OutputLock.BusyException e) {
			throw e;
		}
		catch (IOException e) {
			throw new IOException("cannot create or use the output folder " + IoMessages.printable(out.toString()) + ": " +
				IoMessages.describe(e) + ". Fix: give a folder you can write to.", e);
		}
		try (lock) {
			if (lock.takenOver() != null) messages.note(lock.takenOver());
			InputFiles.Expansion found = distributor != null ? distributor.collect(operands, out) :
				InputFiles.collect(operands, out);
			AtomicFiles.deleteTemporaryFiles(out);
			Files.deleteIfExists(out.resolve(ResultFolder.ERRORS_CSV));
			readEarlierSummaries();
			Map<String, String> claims = claims(found.inputs());
			for (String name : reserved)
				claims.putIfAbsent(name, "reserved:" + name);
			List<InputFiles.Input> inputs = InputFiles.assignNames(found.inputs(), claims, out);
			for (String note : found.notes())
				messages.note(note);
			for (InputFiles.Problem problem : found.problems())
				fail(problem.operand(), 0, problem.message());
			messages.begin(inputs.size());
			ExplainSettings m = settings.method;
			messages.plan(new Plan(inputs.size(), m.modelCalls(m.segments), m.segments, m.samples, m.heatmapCalls()));
			if (distributor != null) distributor.explain(inputs, this);
			else for (InputFiles.Input input : inputs) {
				messages.start(input.name());
				long t0 = System.nanoTime();
				int before = explained;
				try {
					process(input);
				}
				catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
					// whatever happens to one image, the others still run
					fail(input.display(), 0, ExplainRunner.describe(e, verbose));
				}
				messages.finish(explained > before ? (System.nanoTime() - t0) * 1e-9 : -1);
			}
			writeSummaryCsv();
			writeErrorsCsv();
			return new Report(inputs.size(), explained, skipped, errors.size(), otherSettings);
		}
	}

	/**
	 * Explains one named input into the output folder, as one step of a batch does (skipping complete results unless
	 * forced): the unit a distributed batch runs on its workers, each with its own batch on the same output folder.
	 * Earlier summaries are read from the output folder as needed. Never throws for a bad image: its error is in the
	 * outcome.
	 */
	public Outcome explainOne(InputFiles.Input input) {
		lazySummaries = true;
		int errorsBefore = errors.size(), skippedBefore = skipped, otherBefore = otherSettings, before = explained;
		List<String> lines = new ArrayList<>();
		Messages outer = messages;
		messages = new Messages() {
			@Override
			public void progress(double fraction, String step) {
				outer.progress(fraction, step);
			}

			@Override
			public void note(String line) {
				lines.add("note " + line);
				outer.note(line);
			}

			@Override
			public void result(String name, String line) {
				lines.add("result " + name + " " + line);
				outer.result(name, line);
			}

			@Override
			public void error(String line) {
				lines.add("error " + line);
				outer.error(line);
			}
		};
		written.clear();
		long t0 = System.nanoTime();
		try {
			process(input);
		}
		catch (IOException | RuntimeException | OutOfMemoryError | StackOverflowError e) {
			fail(input.display(), 0, e instanceof IOException io ? IoMessages.describe(io) :
				ExplainRunner.describe(e, verbose));
		}
		finally {
			messages = outer;
		}
		List<List<String>> newErrors = new ArrayList<>();
		for (List<Object> row : errors.subList(errorsBefore, errors.size()))
			newErrors.add(row.stream().map(String::valueOf).toList());
		return new Outcome(input.display(), new java.util.LinkedHashMap<>(written), newErrors, skipped - skippedBefore,
			otherSettings - otherBefore, lines, explained > before ? (System.nanoTime() - t0) * 1e-9 : -1);
	}

	/**
	 * Takes the outcome of one input explained elsewhere ({@link #explainOne} of a worker's batch) into this batch:
	 * its results join {@value ResultFolder#SUMMARY_CSV}, its errors {@value ResultFolder#ERRORS_CSV}, its lines go to
	 * the messages.
	 */
	public void absorb(Outcome outcome) {
		messages.start(outcome.input());
		for (Map.Entry<String, String> e : outcome.written().entrySet()) {
			summaries.put(e.getKey(), compact(Json.parseObject(e.getValue())));
			explained++;
		}
		skipped += outcome.skipped();
		otherSettings += outcome.otherSettings();
		for (List<String> row : outcome.errors())
			errors.add(List.of(row.get(0), row.get(1), row.get(2)));
		for (String line : outcome.lines()) {
			if (line.startsWith("note ")) messages.note(line.substring(5));
			else if (line.startsWith("error ")) messages.error(line.substring(6));
			else if (line.startsWith("result ")) {
				String rest = line.substring(7);
				int space = rest.indexOf(' ');
				messages.result(rest.substring(0, space), rest.substring(space + 1));
			}
		}
		messages.finish(outcome.seconds());
	}

	/**
	 * The result names complete earlier results hold, to the identity of the image they were made from (results of
	 * older versions, without an identity, are matched to the input they name).
	 */
	private Map<String, String> claims(List<InputFiles.Input> inputs) {
		Map<String, String> byDisplay = new HashMap<>();
		for (InputFiles.Input in : inputs)
			byDisplay.putIfAbsent(in.display(), in.id());
		Map<String, String> claims = new HashMap<>();
		for (Map.Entry<String, Map<String, Object>> e : summaries.entrySet()) {
			Object id = e.getValue().get("image_id");
			String owner = id != null ? id.toString() : byDisplay.getOrDefault(String.valueOf(e.getValue().get("image")),
				"display:" + e.getValue().get("image"));
			claims.putIfAbsent(InputFiles.baseOf(e.getKey()), owner);
		}
		return claims;
	}

	private void process(InputFiles.Input input) throws IOException {
		// A plain image whose result is complete, made from this very file, is skipped without decoding it.
		String sha = null;
		Path single = out.resolve(input.name());
		if (!force && ResultFolder.isComplete(single)) {
			sha = FileHashes.sha256(input.file());
			String changed = changed(input.name(), sha);
			if (changed == null) {
				skip(input.name(), input.display());
				heard(input, input.name(), 1, 1, () -> {
					ImagePlus whole = ImageFiles.open(input.file());
					try {
						return ImagePlusConversion.slices(whole).get(0).pixels().get();
					}
					finally {
						whole.flush();
					}
				});
				return;
			}
			messages.note("Note: " + input.display() + " " + changed + "; its results are computed again.");
		}
		ImagePlus imp;
		try {
			imp = ImageFiles.open(input.file());
		}
		catch (RuntimeException e) {
			fail(input.display(), 0, ExplainRunner.describe(e, verbose));
			return;
		}
		try {
			if (sha == null) sha = FileHashes.sha256(input.file());
			String missing = ImageFiles.missingPlanes(imp);
			if (missing != null) fail(input.display(), 0, missing);
			String hash = sha;
			int n = ImagePlusConversion.planeCount(imp);
			List<Slice> todo = new ArrayList<>();
			for (Slice slice : ImagePlusConversion.slices(imp)) {
				String name = InputFiles.sliceName(input.name(), slice.index(), n);
				if (!force && ResultFolder.isComplete(out.resolve(name)) && changed(name, hash) == null) {
					skip(name, n > 1 ? input.display() + " slice " + slice.index() : input.display());
					heard(input, name, slice.index(), n, slice.pixels());
				}
				else todo.add(slice);
			}
			Map<Integer, Slice> byIndex = new HashMap<>();
			todo.forEach(slice -> byIndex.put(slice.index(), slice));
			runner.run(todo, (fraction, step) -> messages.progress((n - todo.size() + fraction * todo.size()) / n,
				step), result -> write(input, n, result, byIndex.get(result.slice()), hash));
		}
		finally {
			imp.flush();
		}
	}

	/** Why the complete result {@code name} is not of the file with hash {@code sha} any more, or null if it is. */
	private String changed(String name, String sha) {
		Map<String, Object> earlier = summaryOf(name);
		if (earlier == null) return null;
		Object stored = earlier.get("image_sha256");
		if (stored == null || stored.toString().equals(sha)) return null;
		return "changed since its results in " + IoMessages.printable(out.resolve(name).toString()) + " were made";
	}

	private void write(InputFiles.Input input, int slices, SliceResult result, Slice slice, String sha) {
		int sliceNumber = slices > 1 ? result.slice() : 0;
		String name = InputFiles.sliceName(input.name(), result.slice(), slices);
		if (result.failed()) {
			fail(input.display(), sliceNumber, result.error());
			return;
		}
		Path folder = out.resolve(name);
		try {
			Summary.Source source = new Summary.Source(input.display(), sliceNumber, slices, input.id(), sha);
			Map<String, Object> summary = Summary.of(source, result.explanation(), settings);
			resultWriter.write(folder, source, slice.pixels().get(), result, settings);
			summaries.put(name, compact(summary));
			if (lazySummaries) written.put(name, Json.write(compact(summary))); // about 1 KB per result
			if (!lazySummaries && System.nanoTime() - summaryWritten > REWRITE_NANOS) writeSummaryCsv();
			explained++;
			messages.result(name, ExplainRunner.summary(result.explanation()));
			heard(input, name, result.slice(), slices, slice.pixels());
		}
		catch (IOException e) {
			fail(input.display(), sliceNumber, "cannot write the results to " + IoMessages.printable(folder.toString()) +
				": " + IoMessages.describe(e) + ". Fix: free disk space or check the output folder's permissions, then " +
				"run again (finished results are kept)");
		}
		catch (RuntimeException | OutOfMemoryError e) {
			fail(input.display(), sliceNumber, ExplainRunner.describe(e, verbose));
		}
	}

	/** Tells the listener of a complete result; its failure is the image's failure. */
	private void heard(InputFiles.Input input, String name, int slice, int slices,
		java.util.function.Supplier<io.github.ablationca.image.RgbImage> pixels)
	{
		if (listener == null) return;
		try {
			listener.result(name, input, slice, pixels);
		}
		catch (RuntimeException | OutOfMemoryError e) {
			fail(input.display(), slices > 1 ? slice : 0, ExplainRunner.describe(e, verbose));
		}
	}

	/** The settings whose change makes an earlier result differ from what this run would compute. */
	private static List<String> comparedSettings() {
		List<String> keys = new ArrayList<>();
		for (Setting s : Settings.on(Setting.Face.SUMMARY))
			if (!s.key().equals("batch_size") && !s.key().equals("model_threads"))
				keys.add(s.key()); // results do not depend on the batch size or the model's threads
		return keys;
	}

	private void skip(String name, String label) {
		skipped++;
		Map<String, Object> earlier = summaryOf(name);
		boolean differs = false;
		if (earlier != null) {
			Map<String, Object> now = Settings.summary(settings);
			for (String key : comparedSettings())
				if (earlier.containsKey(key) && !sameValue(earlier.get(key), now.get(key))) differs = true;
		}
		if (differs) otherSettings++;
		messages.result(name, "skipped, the results of " + label + " are complete" + (differs ?
			" (made with other settings)" : "") + "; --force recomputes");
	}

	private static boolean sameValue(Object stored, Object now) {
		if (stored instanceof Number a && now instanceof Number b) return a.doubleValue() == b.doubleValue();
		return Objects.equals(stored == null ? null : stored.toString(), now == null ? null : now.toString());
	}

	private void fail(String image, int slice, String message) {
		errors.add(List.of(image, slice > 0 ? slice : "", message));
		messages.error("Error: " + image + (slice > 0 ? " slice " + slice : "") + ": " + message);
		if (!lazySummaries && System.nanoTime() - errorsWritten > REWRITE_NANOS) writeErrorsCsv();
	}

	private void writeErrorsCsv() {
		if (errors.isEmpty()) return;
		try {
			Table t = new Table(ERROR_COLUMNS);
			errors.forEach(t::add);
			AtomicFiles.writeString(out.resolve(ResultFolder.ERRORS_CSV), t.toCsv());
			errorsWritten = System.nanoTime();
		}
		catch (IOException x) {
			messages.error("Error: cannot write " + IoMessages.printable(out.resolve(ResultFolder.ERRORS_CSV).toString()) +
				": " + IoMessages.describe(x) + ".");
		}
	}

	/** The entries of a summary that {@value ResultFolder#SUMMARY_CSV} and the settings check need. */
	private static Map<String, Object> compact(Map<String, Object> summary) {
		Map<String, Object> m = new HashMap<>();
		for (String key : SUMMARY_COLUMNS)
			if (summary.containsKey(key)) m.put(key, summary.get(key));
		for (String key : comparedSettings())
			if (summary.containsKey(key)) m.put(key, summary.get(key));
		m.put("top_pair", summary.get("top_pair"));
		for (String key : List.of("image", "image_id", "image_sha256"))
			if (summary.containsKey(key)) m.put(key, summary.get(key));
		return m;
	}

	/**
	 * The summary of the earlier result {@code name}: from those read before the run, or (for a worker's batch) read
	 * from the output folder now; null if there is none or it cannot be read.
	 */
	private Map<String, Object> summaryOf(String name) {
		Map<String, Object> s = summaries.get(name);
		if (s != null || !lazySummaries) return s;
		Path json = out.resolve(name).resolve(ResultFolder.SUMMARY);
		if (!Files.isRegularFile(json)) return null;
		try {
			s = compact(Json.parseObject(Files.readString(json)));
			summaries.put(name, s);
			return s;
		}
		catch (IOException | IllegalArgumentException e) {
			return null;
		}
	}

	/** Loads the summaries of the results already in the output folder, and removes stray temporary files. */
	private void readEarlierSummaries() throws IOException {
		try (DirectoryStream<Path> dirs = Files.newDirectoryStream(out, Files::isDirectory)) {
			for (Path dir : dirs) {
				AtomicFiles.deleteTemporaryFiles(dir);
				Path json = dir.resolve(ResultFolder.SUMMARY);
				if (!Files.isRegularFile(json) || dir.getFileName().toString().equals(ResultFolder.DATASET)) continue;
				try {
					summaries.put(dir.getFileName().toString(), compact(Json.parseObject(Files.readString(json))));
				}
				catch (IOException | IllegalArgumentException e) {
					messages.note("Note: ignoring " + IoMessages.printable(json.toString()) + ": " + (e instanceof IOException io
						? IoMessages.describe(io) : e.getMessage()) + "; that image is computed again.");
				}
			}
		}
	}

	private void writeSummaryCsv() throws IOException {
		Table t = new Table(SUMMARY_COLUMNS);
		for (Map.Entry<String, Map<String, Object>> e : summaries.entrySet())
			t.add(summaryRow(e.getKey(), e.getValue()));
		AtomicFiles.writeString(out.resolve(ResultFolder.SUMMARY_CSV), t.toCsv());
		summaryWritten = System.nanoTime();
	}

	/** The {@value ResultFolder#SUMMARY_CSV} row of result {@code name} from its {@code summary.json}. */
	static List<Object> summaryRow(String name, Map<String, Object> s) {
		List<Object> row = new ArrayList<>();
		Object pair = s.get("top_pair");
		Map<?, ?> top = pair instanceof Map<?, ?> m ? m : Map.of();
		for (String column : SUMMARY_COLUMNS) {
			row.add(switch (column) {
				case "name" -> name;
				case "top_pair_a" -> top.get("object_a");
				case "top_pair_b" -> top.get("object_b");
				case "top_pair_correlation" -> top.get("correlation");
				default -> s.get(column);
			});
		}
		return row;
	}
}
