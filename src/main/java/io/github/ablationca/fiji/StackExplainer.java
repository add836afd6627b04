package io.github.ablationca.fiji;

import io.github.ablationca.classifier.ClassScore;
import io.github.ablationca.classifier.Classifier;
import io.github.ablationca.classifier.ForwardingClassifier;
import io.github.ablationca.engine.AblationCaEngine;
import io.github.ablationca.engine.CanceledException;
import io.github.ablationca.engine.EngineLogger;
import io.github.ablationca.engine.ExplainSettings;
import io.github.ablationca.engine.Explanation;
import io.github.ablationca.engine.ProgressListener;
import io.github.ablationca.image.RgbImage;
import io.github.ablationca.segment.Slic;

import ij.IJ;
import ij.ImagePlus;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.function.Function;

import net.imglib2.RandomAccessibleInterval;

/**
 * Runs Ablation-CA over the planes {@code first..last} of an ImagePlus, one engine run per plane. A plane that fails
 * is recorded with its reason and the others still run; a cancel (from {@link #cancel()}, the Fiji service, or the
 * Esc key in Fiji) stops within one model batch and the whole run throws {@link CanceledException}, returning
 * nothing. The ImagePlus is only read.
 * <pre>{@code
 * StackExplainer run = new StackExplainer(classifier, settings, EngineLogger.STDERR);
 * List<SliceResult> results = run.run(imp, 1, imp.getStackSize(), ProgressListener.NONE);
 * }</pre>
 */
public final class StackExplainer {

	/** One engine run on one plane; the seam that lets tests plug in engines whose behaviour is known. */
	interface SliceEngine {
		Explanation explain(RandomAccessibleInterval<?> image, ExplainSettings settings, ProgressListener listener);

		void cancel();
	}

	private final Classifier classifier;
	private final ExplainSettings settings;
	private final EngineLogger logger;
	private final Function<Classifier, SliceEngine> engines;
	private volatile boolean canceled;
	private volatile SliceEngine current;

	public StackExplainer(Classifier classifier, ExplainSettings settings, EngineLogger logger) {
		this(classifier, settings, logger, null);
	}

	StackExplainer(Classifier classifier, ExplainSettings settings, EngineLogger logger,
		Function<Classifier, SliceEngine> engines)
	{
		this.classifier = classifier;
		this.settings = settings.copy();
		this.logger = logger == null ? EngineLogger.NONE : logger;
		EngineLogger engineLog = this.logger;
		this.engines = engines != null ? engines : c -> realEngine(c, engineLog);
	}

	private static SliceEngine realEngine(Classifier classifier, EngineLogger logger) {
		AblationCaEngine engine = new AblationCaEngine(classifier).logger(logger);
		return new SliceEngine() {
			@Override
			public Explanation explain(RandomAccessibleInterval<?> image, ExplainSettings s, ProgressListener l) {
				// SLIC with the dialog's segments and compactness, whatever the engine's default segmenter is.
				engine.segmenter(new Slic(s.segments, s.compactness, s.slicIterations, s.smoothingSigma));
				return engine.explain(image, s, l);
			}

			@Override
			public void cancel() {
				engine.cancel();
			}
		};
	}

	/** Requests a stop; safe from any thread. */
	public void cancel() {
		canceled = true;
		SliceEngine engine = current;
		if (engine != null) engine.cancel();
	}

	public boolean isCanceled() {
		return canceled;
	}

	/**
	 * Explains planes {@code first..last} (1-based stack indices, inclusive).
	 *
	 * @param progress overall progress 0..1 with a message naming the plane
	 * @return one result per plane, in order
	 * @throws CanceledException when canceled; nothing is returned then
	 */
	public List<SliceResult> run(ImagePlus imp, int first, int last, ProgressListener progress) {
		int n = last - first + 1;
		List<SliceResult> results = new ArrayList<>(n);
		ProgressListener out = progress == null ? ProgressListener.NONE : progress;
		Classifier guarded = new CancelGuard(classifier);
		for (int k = 0; k < n; k++) {
			checkCanceled();
			int index = first + k;
			String position = ImagePlusConversion.positionLabel(imp, index);
			boolean plainPosition = position.isEmpty() || position.equals("slice " + index);
			String where = n > 1 ? "slice " + (k + 1) + "/" + n + (plainPosition ? "" : " (" + position + ")") : "";
			int done = k;
			ProgressListener sliceProgress = (fraction, message) -> {
				if (IJ.escapePressed()) cancel();
				checkCanceled();
				double f = Math.max(0, Math.min(1, fraction));
				out.progress((done + f) / n, (where.isEmpty() ? "" : where + ": ") + message);
			};
			results.add(runOne(imp, index, position, where, guarded, sliceProgress));
			out.progress((k + 1.0) / n, (where.isEmpty() ? "" : where + ": ") + "done");
		}
		checkCanceled();
		return results;
	}

	private SliceResult runOne(ImagePlus imp, int index, String position, String where, Classifier guarded,
		ProgressListener progress)
	{
		String prefix = where.isEmpty() ? "" : where + ": ";
		if (!ImagePlusConversion.hasFinitePixels(imp, index)) {
			String reason = "the plane has no finite pixel values (all NaN or infinite)";
			logger.warn(prefix + "skipped: " + reason);
			return new SliceResult(index, position, null, reason);
		}
		try {
			RgbImage rgb = ImagePlusConversion.rgb(imp, index);
			SliceEngine engine = engines.apply(guarded);
			current = engine;
			if (canceled) engine.cancel();
			Explanation e = engine.explain(ImagePlusConversion.argbImg(rgb), settings, progress);
			if (e == null) throw new IllegalStateException("the engine returned no result");
			return new SliceResult(index, position, e, null);
		}
		catch (CanceledException e) {
			throw e;
		}
		catch (RuntimeException e) {
			// An exception caused by a cancel (e.g. wrapped by the engine) is a cancel, not a failed plane.
			if (canceled || causedByCancel(e)) throw new CanceledException();
			String reason = describe(e);
			logger.warn(prefix + "failed: " + reason);
			return new SliceResult(index, position, null, reason);
		}
		finally {
			current = null;
		}
	}

	private void checkCanceled() {
		if (canceled) throw new CanceledException();
	}

	private static boolean causedByCancel(Throwable t) {
		for (Throwable c = t; c != null; c = c.getCause())
			if (c instanceof CanceledException) return true;
		return false;
	}

	static String describe(Throwable e) {
		String m = e.getMessage();
		return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
	}

	/**
	 * The summary log line of one explanation: top predictions, target, segments, model calls and time.
	 */
	public static String summary(Explanation e) {
		StringJoiner top = new StringJoiner(", ");
		for (ClassScore c : e.topPredictions())
			top.add(c.label() + " " + percent(c.probability()));
		return String.format(Locale.ROOT,
			"top-%d: %s | target: %d %s (%s) | segments: %d requested, %d made | model calls: %d | time: %.1f s",
			e.topPredictions().size(), top, e.targetIndex(), e.targetLabel(), percent(e.targetProbability()),
			e.segmentsRequested(), e.segments(), e.modelCalls(), e.timings().total());
	}

	private static String percent(double p) {
		return String.format(Locale.ROOT, "%.1f%%", 100 * p);
	}

	/**
	 * Passes calls to the shared (cached) classifier but refuses to start a model batch once the run is canceled,
	 * so a cancel takes effect within one batch whatever the engine does; never closes the shared classifier.
	 */
	private final class CancelGuard extends ForwardingClassifier {

		CancelGuard(Classifier delegate) {
			super(delegate);
		}




		@Override
		public float[][] predict(float[] images, int count) {
			if (IJ.escapePressed()) cancel();
			checkCanceled();
			return delegate.predict(images, count);
		}

		@Override
		public void close() {}
	}
}
