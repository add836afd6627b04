package io.github.ablationca.baseline;

import io.github.ablationca.engine.AblationCaEngine;
import io.github.ablationca.engine.ExplainSettings;
import io.github.ablationca.engine.Explanation;
import io.github.ablationca.engine.ObjectInfo;
import io.github.ablationca.engine.ProgressListener;
import io.github.ablationca.image.RgbImage;
import io.github.ablationca.segment.LabelImage;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.type.numeric.ARGBType;

/**
 * Ablation-CA itself behind the {@link Explainer} interface, so {@code evaluate} scores it beside the baselines:
 * one engine run, its model calls and its wall time, and one of its per-object maps painted over the objects:
 * <ul>
 * <li>{@link Map#CONTRIBUTION} ({@code ablation-ca}): the paper's sensitivity, score(image) - score(image without
 * the object), one ablation per object;</li>
 * <li>{@link Map#MAIN_EFFECT} ({@code ablation-ca-banzhaf}): the Monte Carlo main effect of the same run (Banzhaf
 * value: mean score with the object kept minus with it ablated, over the random synchronous ablations), which does
 * not miss objects that are redundant with others.</li>
 * </ul>
 * The request's seed, batch size, resize mode and target override the settings. When the request carries
 * superpixels ({@link ExplainRequest#withSegments}) the engine explains exactly those (so LIME and Ablation-CA work
 * on the same objects); otherwise it segments the image itself. The engine is canceled when the request's cancel
 * hook says so.
 * <p>
 * Explainers made with {@link #sharing} share one engine run per request: asking both maps for the same request
 * (same image, classifier, target, seed, resize and superpixels objects) runs the engine once, and both heatmaps
 * report that run's model calls and seconds.
 *
 * <pre>{@code
 * Heatmap h = new AblationCaExplainer(new ExplainSettings()).explain(ExplainRequest.of(image, classifier, target));
 * }</pre>
 */
public final class AblationCaExplainer implements Explainer {

	/** Which per-object value the heatmap shows. */
	public enum Map {
		/** The paper's single-ablation sensitivity (the engine's heatmap). */
		CONTRIBUTION("ablation-ca"),
		/** The Monte Carlo main effect (Banzhaf value) from the synchronous ablations. */
		MAIN_EFFECT("ablation-ca-banzhaf");

		private final String method;

		Map(String method) {
			this.method = method;
		}

		/** The method name on the command line and in {@code evaluation.csv}. */
		public String method() {
			return method;
		}
	}

	/** The last engine run, shared by explainers made with {@link #sharing}. */
	public static final class SharedRun {
		private ExplainRequest request;
		private Explanation explanation;
		private double seconds;

		synchronized Explanation lookup(ExplainRequest r) {
			return request != null && sameRun(request, r) ? explanation : null;
		}

		synchronized void store(ExplainRequest r, Explanation e, double s) {
			request = r;
			explanation = e;
			seconds = s;
		}

		synchronized double seconds() {
			return seconds;
		}

		private static boolean sameRun(ExplainRequest a, ExplainRequest b) {
			return a.image() == b.image() && a.classifier() == b.classifier() && a.target() == b.target() &&
				a.seed() == b.seed() && a.resize() == b.resize() && a.segments() == b.segments();
		}
	}

	private final ExplainSettings settings;
	private final Map map;
	private final SharedRun shared;

	/** The paper's sensitivity heatmap. */
	public AblationCaExplainer(ExplainSettings settings) {
		this(settings, Map.CONTRIBUTION, null);
	}

	public AblationCaExplainer(ExplainSettings settings, Map map) {
		this(settings, map, null);
	}

	private AblationCaExplainer(ExplainSettings settings, Map map, SharedRun shared) {
		if (map == null) throw new IllegalArgumentException("Choose the Ablation-CA map: CONTRIBUTION or MAIN_EFFECT.");
		this.settings = settings == null ? new ExplainSettings() : settings.copy();
		this.map = map;
		this.shared = shared;
	}

	/** An explainer of {@code map} that shares engine runs with every other explainer given the same {@code run}. */
	public static AblationCaExplainer sharing(ExplainSettings settings, Map map, SharedRun run) {
		if (run == null) throw new IllegalArgumentException("No shared run given; use new SharedRun().");
		return new AblationCaExplainer(settings, map, run);
	}

	public Map map() {
		return map;
	}

	@Override
	public String name() {
		return map.method();
	}

	@Override
	public Heatmap explain(ExplainRequest request) {
		request.validate();
		Explanation e = shared == null ? null : shared.lookup(request);
		double seconds;
		if (e == null) {
			long t0 = System.nanoTime();
			e = run(request);
			seconds = (System.nanoTime() - t0) * 1e-9;
			if (shared != null) shared.store(request, e, seconds);
		}
		else seconds = shared.seconds();
		return new Heatmap(name(), e.width(), e.height(), paint(e, map), e.modelCalls(), seconds);
	}

	/** One engine run with the request's seed, batch size, resize, target and superpixels. */
	private Explanation run(ExplainRequest request) {
		ExplainSettings s = settings.copy();
		s.seed = request.seed();
		s.batchSize = request.batchSize();
		s.resize = request.resize();
		s.target = Integer.toString(request.target());
		AblationCaEngine engine = new AblationCaEngine(request.classifier());
		ProgressListener forward = (f, msg) -> {
			if (request.canceled().getAsBoolean()) engine.cancel();
			request.progress().progress(f, msg);
		};
		RgbImage image = request.image();
		ArrayImg<ARGBType, IntArray> argb = ArrayImgs.argbs(image.toArgb(), image.width(), image.height());
		LabelImage segments = request.segments();
		// ARGB packs 8-bit channels: exact for the 8-bit images the tools read, rounded otherwise
		return segments != null ? engine.explain(argb, segments, s, forward) : engine.explain(argb, s, forward);
	}

	/** The per-object value of {@code map} painted over each object's pixels. */
	public static float[] paint(Explanation e, Map map) {
		double[] value = new double[e.segments()];
		for (ObjectInfo o : e.objects())
			value[o.index()] = map == Map.CONTRIBUTION ? o.contribution() : o.mainEffect();
		for (double v : value)
			if (Double.isNaN(v)) throw new IllegalArgumentException("The Ablation-CA main effect needs Monte Carlo " +
				"samples; set samples above the number of objects (e.g. 500 for 40 segments).");
		int[] label = e.labels().labels();
		float[] heat = new float[label.length];
		for (int p = 0; p < heat.length; p++)
			heat[p] = (float) value[label[p]];
		return heat;
	}

	@Override
	public String toString() {
		return name() + "(segments=" + settings.segments + ", samples=" + settings.samples + ", fill=" +
			settings.fill + ")";
	}
}
