package io.github.ablationca.run;

import io.github.ablationca.classifier.ClassScore;
import io.github.ablationca.classifier.Classifier;
import io.github.ablationca.classifier.ForwardingClassifier;
import io.github.ablationca.engine.AblationCaEngine;
import io.github.ablationca.engine.CanceledException;
import io.github.ablationca.engine.EngineLogger;
import io.github.ablationca.engine.ExplainSettings;
import io.github.ablationca.engine.Explanation;
import io.github.ablationca.engine.PairRelation;
import io.github.ablationca.engine.ProgressListener;
import io.github.ablationca.image.RgbImage;
import io.github.ablationca.segment.LabelImage;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImgs;

/**
 * The one per-image run of Ablation-CA, whatever the face: the Fiji command, {@code explain}, {@code evaluate},
 * {@code segment-sweep} and the dataset job all explain through it. Settings and planes in, one {@link SliceResult}
 * per plane out: a plane that fails (unreadable pixels, a model error) is recorded with its reason and the others
 * still run. Progress only moves forward; a {@link #cancel()} from any thread (or the {@link #cancelWhen} hook, e.g.
 * Fiji's Esc key) stops within one model batch: no batch starts after it, and the run throws
 * {@link CanceledException}.
 * <pre>{@code
 * ExplainRunner runner = new ExplainRunner(classifier, settings.resolvedFor(classifier).method, EngineLogger.STDERR);
 * List<SliceResult> results = runner.runAll(List.of(Slice.of(rgb)), (fraction, message) -> ...);
 * }</pre>
 */
public final class ExplainRunner {

	/** One engine run on one image; the seam that lets tests plug in engines whose behaviour is known. */
	interface Engine {
		Explanation explain(RandomAccessibleInterval<?> image, LabelImage segments, ExplainSettings settings,
			ProgressListener progress);

		void cancel();
	}

	private final Classifier guarded;
	private final ExplainSettings settings;
	private final EngineLogger logger;
	private final Function<Classifier, Engine> engines;
	private BooleanSupplier cancelRequested = () -> false;
	private volatile boolean canceled;
	private volatile Engine current;

	/**
	 * @param classifier the model; shared, never closed here
	 * @param settings the method's settings (copied); {@code batchSize} and {@code resize} should be the model's
	 *        ({@link RunSettings#resolvedFor})
	 * @param logger warnings (a failed plane, objects the model cannot see) and progress notes
	 */
	public ExplainRunner(Classifier classifier, ExplainSettings settings, EngineLogger logger) {
		this(classifier, settings, logger, null);
	}

	ExplainRunner(Classifier classifier, ExplainSettings settings, EngineLogger logger,
		Function<Classifier, Engine> engines)
	{
		if (classifier == null) throw new IllegalArgumentException("No classifier given; load a model first.");
		this.guarded = new CancelGuard(classifier);
		this.settings = settings.copy();
		this.logger = logger == null ? EngineLogger.NONE : logger;
		EngineLogger engineLog = this.logger;
		this.engines = engines != null ? engines : c -> realEngine(c, engineLog);
	}

	private static Engine realEngine(Classifier classifier, EngineLogger logger) {
		AblationCaEngine engine = new AblationCaEngine(classifier).logger(logger);
		return new Engine() {
			@Override
			public Explanation explain(RandomAccessibleInterval<?> image, LabelImage segments, ExplainSettings s,
				ProgressListener progress)
			{
				return segments == null ? engine.explain(image, s, progress) : engine.explain(image, segments, s,
					progress);
			}

			@Override
			public void cancel() {
				engine.cancel();
			}
		};
	}

	/** Also cancel when {@code requested} says so; polled before every model batch (e.g. Fiji's Esc key). */
	public ExplainRunner cancelWhen(BooleanSupplier requested) {
		this.cancelRequested = requested == null ? () -> false : requested;
		return this;
	}

	/** Requests a stop; safe from any thread. */
	public void cancel() {
		canceled = true;
		Engine engine = current;
		if (engine != null) engine.cancel();
	}

	public boolean isCanceled() {
		return canceled;
	}

	/**
	 * Explains the planes in order, handing each result to {@code done} as soon as it is known (so a caller can write
	 * it and let it go).
	 *
	 * @param progress overall progress 0..1; with several planes each message starts with {@code "slice k/n: "}
	 * @throws CanceledException when canceled; the results handed over before stay valid
	 */
	public void run(List<Slice> slices, ProgressListener progress, Consumer<SliceResult> done) {
		int n = slices.size();
		ProgressListener out = progress == null ? ProgressListener.NONE : progress;
		for (int k = 0; k < n; k++) {
			checkCanceled();
			Slice slice = slices.get(k);
			String where = n > 1 ? "slice " + (k + 1) + "/" + n + (plain(slice) ? "" : " (" + slice.position() + ")") +
				": " : "";
			int before = k;
			done.accept(run(slice, where, (fraction, message) -> out.progress((before + Math.max(0, Math.min(1,
				fraction))) / n, where + message)));
			out.progress((k + 1.0) / n, where + "done");
		}
		checkCanceled();
	}

	/** {@link #run(List, ProgressListener, Consumer)}, collected; a canceled run returns nothing. */
	public List<SliceResult> runAll(List<Slice> slices, ProgressListener progress) {
		List<SliceResult> results = new ArrayList<>(slices.size());
		run(slices, progress, results::add);
		return results;
	}

	/** Explains one plane; a failure is recorded in the result. */
	public SliceResult run(Slice slice, ProgressListener progress) {
		return run(slice, "", progress == null ? ProgressListener.NONE : progress);
	}

	private SliceResult run(Slice slice, String where, ProgressListener progress) {
		try {
			RgbImage rgb = slice.pixels().get();
			return new SliceResult(slice.index(), slice.position(), explain(rgb, null, progress), null);
		}
		catch (CanceledException e) {
			throw e;
		}
		catch (RuntimeException | OutOfMemoryError e) {
			// An exception caused by a cancel (e.g. wrapped by the engine) is a cancel, not a failed plane.
			if (canceled || causedByCancel(e)) throw new CanceledException();
			String reason = describe(e);
			logger.warn(where + "failed: " + reason);
			return new SliceResult(slice.index(), slice.position(), null, reason);
		}
	}

	/**
	 * One explanation of {@code image}, on the given superpixels (null: SLIC with the settings' segments and
	 * compactness).
	 *
	 * @throws IllegalArgumentException for a bad image, settings or target, before any model call
	 * @throws CanceledException when canceled
	 */
	public Explanation explain(RgbImage image, LabelImage segments, ProgressListener progress) {
		checkCanceled();
		Engine engine = engines.apply(guarded);
		current = engine;
		try {
			if (canceled) engine.cancel();
			Explanation e = engine.explain(ArrayImgs.argbs(image.toArgb(), image.width(), image.height()), segments,
				settings, (fraction, message) -> {
					checkCanceled();
					(progress == null ? ProgressListener.NONE : progress).progress(fraction, message);
				});
			if (e == null) throw new IllegalStateException("the engine returned no result");
			return e;
		}
		finally {
			current = null;
		}
	}

	private boolean plain(Slice slice) {
		return slice.position().isEmpty() || slice.position().equals("slice " + slice.index());
	}

	private void checkCanceled() {
		if (cancelRequested.getAsBoolean()) cancel();
		if (canceled) throw new CanceledException();
	}

	private static boolean causedByCancel(Throwable t) {
		for (Throwable c = t; c != null; c = c.getCause())
			if (c instanceof CanceledException) return true;
		return false;
	}

	/** The message of a failure as users read it: its text, or its kind when it has none. */
	public static String describe(Throwable e) {
		if (e instanceof OutOfMemoryError)
			return "not enough memory for this image; give Java more (Fiji: Edit > Options > Memory; command line: " +
				"ABLATION_CA_JAVA_OPTS=-Xmx8g) or scale the image down";
		if (e instanceof java.io.IOException io) return IoMessages.describe(io);
		String m = e.getMessage();
		return m == null || m.isBlank() ? "an unexpected internal error (" + e.getClass().getSimpleName() + "); please " +
			"report it with the command and the image" : m;
	}

	/**
	 * {@link #describe(Throwable)}; with {@code verbose} followed by the Java exceptions behind it, for a bug report.
	 */
	public static String describe(Throwable e, boolean verbose) {
		if (!verbose) return describe(e);
		StringBuilder chain = new StringBuilder();
		for (Throwable c = e; c != null && chain.length() < 500; c = c.getCause() == c ? null : c.getCause())
			chain.append(chain.length() == 0 ? "" : " <- ").append(c.getClass().getName());
		return describe(e) + " [" + chain + "]";
	}

	/**
	 * One line about an explanation, the same in Fiji's log and on the command line: target, objects, top pair,
	 * model calls, time, top predictions.
	 */
	public static String summary(Explanation e) {
		StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "target %d '%s' (%s), %d objects (%d " +
			"requested)", e.targetIndex(), e.targetLabel(), percent(e.targetProbability()), e.segments(),
			e.segmentsRequested()));
		if (!e.pairs().isEmpty()) {
			PairRelation p = e.pairs().get(0);
			sb.append(String.format(Locale.ROOT, ", top pair %d-%d r=%+.2f", p.a() + 1, p.b() + 1, p.correlation()));
		}
		sb.append(String.format(Locale.ROOT, ", %d model calls, %.1f s", e.modelCalls(), e.timings().total()));
		StringJoiner top = new StringJoiner(", ", "; top-" + e.topPredictions().size() + ": ", "");
		for (ClassScore c : e.topPredictions())
			top.add(c.label() + " " + percent(c.probability()));
		sb.append(top);
		for (String note : e.notes())
			sb.append(". ").append(note);
		return sb.toString();
	}

	private static String percent(double p) {
		return String.format(Locale.ROOT, "%.1f%%", 100 * p);
	}

	/**
	 * Passes calls to the shared classifier but refuses to start a model batch once the run is canceled, so a cancel
	 * takes effect within one batch whatever the engine does; never closes the shared classifier.
	 */
	private final class CancelGuard extends ForwardingClassifier {

		CancelGuard(Classifier delegate) {
			super(delegate);
		}

		@Override
		public float[][] predict(float[] images, int count) {
			checkCanceled();
			return delegate.predict(images, count);
		}
	}
}
