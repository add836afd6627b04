package io.github.ablationca.attribution;

import io.github.ablationca.engine.EngineLogger;
import io.github.ablationca.engine.HeatmapValues;
import io.github.ablationca.run.ExplainRunner;
import io.github.ablationca.engine.ExplainSettings;
import io.github.ablationca.engine.Explanation;
import io.github.ablationca.engine.ObjectInfo;

/**
 * Ablation-CA itself as an {@link AttributionMethod}, so {@code evaluate} scores it beside the other attribution
 * methods: one run of the one per-image runner ({@link ExplainRunner}), its model calls and wall time, and one of its
 * per-object maps painted over the objects:
 * <ul>
 * <li>{@link HeatmapValues#ENSEMBLE} ({@code ablation-ca}): the default map of {@code explain} and Fiji, the Monte
 * Carlo main effect as a density averaged over the run's objects and further segmentations
 * ({@link io.github.ablationca.engine.HeatmapEnsemble});</li>
 * <li>{@link HeatmapValues#CONTRIBUTION} ({@code ablation-ca-contribution}): the paper's sensitivity, score(image) -
 * score(image without the object), one ablation per object;</li>
 * <li>{@link HeatmapValues#MAIN_EFFECT} ({@code ablation-ca-main-effect}): the Monte Carlo main effect of the same
 * run (Banzhaf value: mean score with the object kept minus with it ablated, over the random synchronous
 * ablations), which does not miss objects that are redundant with others.</li>
 * </ul>
 * The request's seed, batch size, resize mode and target override the settings. When the request carries superpixels
 * (the feature mask, {@link AttributionRequest#withSegments}) the run explains exactly those, so LIME and Ablation-CA
 * work on the same objects; otherwise it segments the image itself. The run is canceled when the request's cancel
 * hook says so.
 * <p>
 * Methods made with {@link #sharing} share one run per request: asking both maps for the same request (same image,
 * classifier, target, seed, resize and superpixels) runs once, and both attributions report that run's model calls
 * and seconds.
 *
 * <pre>{@code
 * Attribution h = new AblationCaMethod(new ExplainSettings()).explain(AttributionRequest.of(image, classifier, target));
 * }</pre>
 */
public final class AblationCaMethod implements AttributionMethod {

	/** The method name of each map on the command line and in {@code evaluation.csv}. */
	public static String methodName(HeatmapValues map) {
		return switch (map) {
			case ENSEMBLE -> "ablation-ca";
			case CONTRIBUTION -> "ablation-ca-contribution";
			case MAIN_EFFECT -> "ablation-ca-main-effect";
		};
	}

	/** The last engine run, shared by methods made with {@link #sharing}. */
	public static final class SharedRun {
		private AttributionRequest request;
		private Explanation explanation;
		private double seconds;
		/** Whether a member paints the ensemble map, so the shared run must sample its further segmentations. */
		private volatile boolean ensemble;

		synchronized Explanation lookup(AttributionRequest r) {
			return request != null && sameRun(request, r) ? explanation : null;
		}

		synchronized void store(AttributionRequest r, Explanation e, double s) {
			request = r;
			explanation = e;
			seconds = s;
		}

		synchronized double seconds() {
			return seconds;
		}

		private static boolean sameRun(AttributionRequest a, AttributionRequest b) {
			return a.image() == b.image() && a.classifier() == b.classifier() && a.target() == b.target() &&
				a.seed() == b.seed() && a.resize() == b.resize() && a.segments() == b.segments();
		}
	}

	private final ExplainSettings settings;
	private final HeatmapValues map;
	private final SharedRun shared;

	/** The default (ensemble) heatmap. */
	public AblationCaMethod(ExplainSettings settings) {
		this(settings, HeatmapValues.ENSEMBLE, null);
	}

	public AblationCaMethod(ExplainSettings settings, HeatmapValues map) {
		this(settings, map, null);
	}

	private AblationCaMethod(ExplainSettings settings, HeatmapValues map, SharedRun shared) {
		if (map == null)
			throw new IllegalArgumentException("Choose the Ablation-CA map: ENSEMBLE, CONTRIBUTION or MAIN_EFFECT.");
		this.settings = settings == null ? new ExplainSettings() : settings.copy();
		this.map = map;
		this.shared = shared;
	}

	/** An attribution method of {@code map} that shares engine runs with every other method given the same {@code run}. */
	public static AblationCaMethod sharing(ExplainSettings settings, HeatmapValues map, SharedRun run) {
		if (run == null) throw new IllegalArgumentException("No shared run given; use new SharedRun().");
		if (map == HeatmapValues.ENSEMBLE) run.ensemble = true;
		return new AblationCaMethod(settings, map, run);
	}

	public HeatmapValues map() {
		return map;
	}

	/** The engine run this method (or one sharing its runs) made for {@code request}, or null if none. */
	public Explanation explanation(AttributionRequest request) {
		return shared == null ? null : shared.lookup(request);
	}

	@Override
	public String name() {
		return methodName(map);
	}

	@Override
	public Attribution explain(AttributionRequest request) {
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
		return new Attribution(name(), e.width(), e.height(), paint(e, map), e.modelCalls(), seconds);
	}

	/** One run of the one per-image runner with the request's seed, batch size, resize, target and superpixels. */
	private Explanation run(AttributionRequest request) {
		ExplainSettings s = settings.copy();
		s.seed = request.seed();
		s.batchSize = request.batchSize();
		s.resize = request.resize();
		s.target = Integer.toString(request.target());
		// the further segmentations cost model calls: only when a map needs them
		s.heatmap = map == HeatmapValues.ENSEMBLE || shared != null && shared.ensemble ? HeatmapValues.ENSEMBLE :
			HeatmapValues.CONTRIBUTION;
		ExplainRunner runner = new ExplainRunner(request.classifier(), s, EngineLogger.NONE)
			.cancelWhen(request.canceled());
		return runner.explain(request.image(), request.segments(), request.progress());
	}

	/**
	 * The map {@code map} of a run: the ensemble map as the run painted it, or the per-object value painted over each
	 * object's pixels.
	 */
	public static float[] paint(Explanation e, HeatmapValues map) {
		if (map == HeatmapValues.ENSEMBLE) {
			if (e.heatmapValues() != HeatmapValues.ENSEMBLE) throw new IllegalArgumentException("The run did not " +
				"paint the ensemble heatmap (it paints " + e.heatmapValues() + "); run it with heatmap = ensemble and " +
				"samples above the number of objects.");
			return e.heatmap().clone();
		}
		double[] value = new double[e.segments()];
		for (ObjectInfo o : e.objects())
			value[o.index()] = map == HeatmapValues.CONTRIBUTION ? o.contribution() : o.mainEffect();
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
