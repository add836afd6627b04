package io.github.ablationca.engine;

import io.github.ablationca.image.ResizeMode;

/**
 * Everything one Ablation-CA run needs besides the image and the classifier. Mutable with public fields and
 * defaults, like TrackMate's settings; {@link #validate()} checks it before any model call.
 */
public final class ExplainSettings {

	/** Requested number of superpixels (the actual count is reported in the result). */
	public int segments = 40;
	/** SLIC compactness: higher = more square superpixels, lower = tighter to colour edges. */
	public double compactness = 10;
	/** SLIC k-means iterations. */
	public int slicIterations = 10;
	/** Gaussian pre-smoothing sigma in pixels before SLIC; 0 = none. */
	public double smoothingSigma = 1;

	/** What ablated pixels are replaced with. */
	public FillMode fill = FillMode.MEAN;
	/** RGB, 0..255, for {@link FillMode#CONSTANT}. */
	public float[] constantColor = {0, 0, 0};
	/** Gaussian sigma, as a fraction of the shorter image side, for {@link FillMode#BLUR}. */
	public double blurSigmaFraction = 0.05;

	/** Monte Carlo synchronous ablations (model calls on top of the sensitivity analysis). */
	public int samples = 500;
	/** Probability that an object is kept in a Monte Carlo ablation; 0.5 gives the most information per call. */
	public double keepProbability = 0.5;
	/**
	 * How the Monte Carlo masks are drawn. {@link SamplingScheme#INDEPENDENT} (default) gives the most precise
	 * interactions; {@link SamplingScheme#ANTITHETIC} halves the error of the main effects but raises that of the
	 * interactions (see {@code SamplingVarianceBench}).
	 */
	public SamplingScheme sampling = SamplingScheme.INDEPENDENT;
	/** Seed of every random choice of the run: the same seed gives the same result. */
	public long seed = 1;

	/** Target class: null or blank = top-1 class of the unablated image; a number = output index; else a label. */
	public String target = null;
	/** Scale of the analysed score. */
	public ScoreScale scoreScale = ScoreScale.LOG_ODDS;
	/** What the heatmap shows: the ensemble main effect (default), the Monte Carlo main effect or the paper's contribution. */
	public HeatmapValues heatmap = HeatmapValues.ENSEMBLE;
	/** Ensemble heatmap: the object counts of its further segmentations, as multiples of the run's object count. */
	public double[] heatmapScales = {0.75, 1.5};
	/** Ensemble heatmap: Monte Carlo samples of each further segmentation. */
	public int samplesPerScale = 125;
	/** Ensemble heatmap: the fill of each further segmentation (one for all, or one per scale). */
	public FillMode[] fillPerScale = {FillMode.CONSTANT, FillMode.BLUR};
	/**
	 * Ensemble heatmap: the keep probability of each further segmentation (one for all, or one per scale; empty = the
	 * run's {@link #keepProbability}).
	 */
	public double[] keepPerScale = {0.8, 0.5};
	/**
	 * Ensemble heatmap: the standard deviation of its Gaussian blur, in mean object sides of the run (0 = none): the
	 * map averaged over small random offsets of every segmentation's boundaries.
	 */
	public double heatmapSmoothing = 0.05;

	/** Images per model call. */
	public int batchSize = 32;
	/** How the image is fitted to the model input. */
	public ResizeMode resize = ResizeMode.STRETCH;

	/** False discovery rate under which a pair counts as significant (Benjamini-Hochberg). */
	public double falseDiscoveryRate = 0.05;
	/** How many of the top predictions the result lists. */
	public int topPredictions = 5;

	/**
	 * The model calls a run on {@code objects} objects makes: the unablated image, one per object, the samples, and
	 * the ensemble heatmap's further segmentations.
	 */
	public int modelCalls(int objects) {
		int extra = heatmap == HeatmapValues.ENSEMBLE && samples > 0 ? HeatmapEnsemble.extraCalls(this) : 0;
		return 1 + objects + samples + extra;
	}

	/** The ensemble heatmap's model calls in a run (0 for the other maps or without samples). */
	public int heatmapCalls() {
		return modelCalls(0) - 1 - samples;
	}

	/** Throws an {@link IllegalArgumentException} naming the bad setting and the fix; called by the engine first. */
	public void validate() {
		require(segments >= 2, "segments must be at least 2 (got " + segments + "); try 40.");
		require(segments <= 10000, "segments must be at most 10000 (got " + segments + "); 30-200 is typical.");
		require(compactness > 0, "compactness must be positive (got " + compactness + "); try 10.");
		require(slicIterations >= 1, "SLIC iterations must be at least 1 (got " + slicIterations + "); try 10.");
		require(smoothingSigma >= 0, "smoothing sigma must be 0 or more (got " + smoothingSigma + ").");
		require(samples >= 0, "samples must be 0 or more (got " + samples + "); 0 skips the correlation analysis.");
		require(keepProbability > 0 && keepProbability < 1,
			"keep probability must lie strictly between 0 and 1 (got " + keepProbability + "); try 0.5.");
		require(batchSize >= 1, "batch size must be at least 1 (got " + batchSize + "); try 32.");
		require(falseDiscoveryRate > 0 && falseDiscoveryRate < 1,
			"false discovery rate must lie strictly between 0 and 1 (got " + falseDiscoveryRate + "); try 0.05.");
		require(fill != null, "fill mode must be set: mean, blur, constant or noise.");
		require(constantColor != null && constantColor.length == 3, "constant colour needs three values (R, G, B).");
		require(blurSigmaFraction > 0, "blur sigma fraction must be positive (got " + blurSigmaFraction + ").");
		require(topPredictions >= 1, "top predictions must be at least 1.");
		require(scoreScale != null, "score scale must be set: probability or log-odds.");
		require(heatmap != null, "heatmap values must be set: ensemble, main effect or contribution.");
		require(heatmapScales != null, "heatmap scales must be set (e.g. 0.75,1.5; empty for none).");
		for (double f : heatmapScales)
			require(f > 0 && f <= 20, "heatmap scales must lie in (0, 20] (got " + f + "); try 0.75,1.5.");
		require(samplesPerScale >= 1, "heatmap samples must be at least 1 (got " + samplesPerScale + "); try 125.");
		// without further segmentations the per-scale lists are unused, so they need not match
		boolean perScale = heatmapScales.length > 0;
		require(fillPerScale != null && fillPerScale.length >= 1 && (!perScale || fillPerScale.length == 1 ||
			fillPerScale.length == heatmapScales.length), "fill per scale needs one fill for all scales or one per " +
			"scale (" + heatmapScales.length + "), each mean, blur, constant or noise; e.g. constant,blur.");
		for (FillMode f : fillPerScale)
			require(f != null, "fill per scale: each fill must be mean, blur, constant or noise.");
		require(keepPerScale != null && (!perScale || keepPerScale.length <= 1 ||
			keepPerScale.length == heatmapScales.length),
			"keep per scale needs one keep probability for all scales or one per scale (" + heatmapScales.length +
			"), or none for the run's own; e.g. 0.8,0.5.");
		for (double k : keepPerScale)
			require(k > 0 && k < 1, "keep per scale: each keep probability must lie strictly between 0 and 1 (got " +
				k + "); try 0.8,0.5.");
		require(heatmapSmoothing >= 0 && heatmapSmoothing <= 5, "heatmap smoothing must lie in [0, 5] mean object " +
			"sides (got " + heatmapSmoothing + "); try 0.05, or 0 for sharp object edges.");
		require(heatmap != HeatmapValues.MAIN_EFFECT || samples > 0,
			"a main-effect heatmap needs Monte Carlo samples (got samples = 0); set samples, e.g. 500, or show the contribution.");
		require(resize != null, "resize mode must be set: stretch or center crop.");
		require(sampling != null, "sampling scheme must be set: independent, antithetic or balanced.");
		for (float c : constantColor)
			require(Float.isFinite(c), "constant colour values must be finite numbers (0..255).");
	}

	private static void require(boolean ok, String message) {
		if (!ok) throw new IllegalArgumentException(message);
	}

	public ExplainSettings copy() {
		ExplainSettings s = new ExplainSettings();
		s.segments = segments;
		s.compactness = compactness;
		s.slicIterations = slicIterations;
		s.smoothingSigma = smoothingSigma;
		s.fill = fill;
		s.constantColor = constantColor.clone();
		s.blurSigmaFraction = blurSigmaFraction;
		s.samples = samples;
		s.keepProbability = keepProbability;
		s.seed = seed;
		s.target = target;
		s.scoreScale = scoreScale;
		s.heatmap = heatmap;
		s.heatmapScales = heatmapScales.clone();
		s.samplesPerScale = samplesPerScale;
		s.fillPerScale = fillPerScale.clone();
		s.keepPerScale = keepPerScale.clone();
		s.heatmapSmoothing = heatmapSmoothing;
		s.batchSize = batchSize;
		s.resize = resize;
		s.falseDiscoveryRate = falseDiscoveryRate;
		s.topPredictions = topPredictions;
		s.sampling = sampling;
		return s;
	}
}
