package io.github.ablationca.engine;

import io.github.ablationca.classifier.Classifier;
import io.github.ablationca.classifier.Predictions;
import io.github.ablationca.classifier.TargetClass;
import io.github.ablationca.image.BilinearResize;
import io.github.ablationca.image.ImageConversion;
import io.github.ablationca.image.RgbImage;
import io.github.ablationca.segment.Slic;
import io.github.ablationca.segment.LabelImage;
import io.github.ablationca.segment.Segmenter;

import net.imglib2.RandomAccessibleInterval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Runs Ablation-CA on one 2D image: superpixels, sensitivity analysis, Monte Carlo synchronous ablation,
 * correlation, ranking. The one entry point that the Fiji command, the batch runner and the command line call.
 * <p>
 * One run makes {@code 1 + n + M} model calls ({@code n} objects, {@code M = settings.samples}), in batches of
 * {@code settings.batchSize}:
 * <ol>
 * <li>the unablated image: top predictions and the target class (default: its top-1);</li>
 * <li>each object ablated alone: the paper's sensitivity {@code contribution_i = score(image) - score(image
 * without i)} on the run's {@link ScoreScale}, painted over the object's pixels as the heatmap;</li>
 * <li>{@code M} random synchronous ablations (each object kept with {@code settings.keepProbability}), analysed by
 * a {@link CorrelationMeasure} into main effects and a signed correlation, interaction, p-value per pair;
 * Benjamini-Hochberg q-values over all pairs; pairs and groups ranked by {@link Ranking}.</li>
 * </ol>
 * Ablated images are rendered straight into model space by {@link AblationRenderer} into one reused batch buffer;
 * the masks are streamed by {@link MaskSampler} and kept only as bits ({@link SampleMatrix}).
 * <p>
 * Cancelable between model batches from any thread with {@link #cancel()}; a canceled run throws
 * {@link CanceledException} and returns nothing.
 *
 * <pre>{@code
 * AblationCaEngine engine = new AblationCaEngine(classifier).logger(EngineLogger.STDERR);
 * ExplainSettings settings = new ExplainSettings(); // 40 segments, 500 samples, log-odds, seed 1
 * Explanation result = engine.explain(img, settings, (fraction, message) -> System.out.println(message));
 * PairRelation best = result.pairs().get(0);       // the top-ranked related pair
 * }</pre>
 */
public final class AblationCaEngine {

	/** At most this many pairs are listed in an {@link Explanation} (the best ranked); 100,000 = every pair of 447 objects. */
	public static final int MAX_LISTED_PAIRS = 100_000;

	/** Progress fractions: segmentation up to here, model calls up to {@link #MODEL_END}, then statistics. */
	private static final double SEGMENTATION_END = 0.05, MODEL_END = 0.95;

	private final Classifier classifier;
	private volatile boolean canceled;
	private EngineLogger logger = EngineLogger.NONE;
	private Segmenter segmenter;
	private CorrelationMeasure measure;

	public AblationCaEngine(Classifier classifier) {
		if (classifier == null) throw new IllegalArgumentException("No classifier given; load a model first.");
		this.classifier = classifier;
	}

	public AblationCaEngine logger(EngineLogger logger) {
		this.logger = logger == null ? EngineLogger.NONE : logger;
		return this;
	}

	/**
	 * Uses {@code segmenter} instead of the default built from the settings (SLIC with {@code settings.segments},
	 * compactness, iterations, smoothing); null restores the default.
	 */
	public AblationCaEngine segmenter(Segmenter segmenter) {
		this.segmenter = segmenter;
		return this;
	}

	/** Uses {@code measure} instead of the residual Pearson correlation; null restores that. */
	public AblationCaEngine measure(CorrelationMeasure measure) {
		this.measure = measure;
		return this;
	}

	public Classifier classifier() {
		return classifier;
	}

	/** The default segmenter for {@code settings}: SLIC superpixels. */
	private static Segmenter defaultSegmenter(ExplainSettings settings) {
		return new Slic(settings.segments, settings.compactness, settings.slicIterations, settings.smoothingSigma);
	}

	/**
	 * Explains the classifier's decision on {@code image}.
	 *
	 * @param image a 2D image: {@code ARGBType} (RGB) or any {@code RealType} (grayscale, converted to RGB by the
	 *        rule of {@code ImageConversion}); never modified
	 * @param settings validated before any model call
	 * @param listener progress receiver, may be {@link ProgressListener#NONE} or null
	 * @throws IllegalArgumentException for bad settings, image or target, before any model call
	 * @throws CanceledException if {@link #cancel()} was called during the run
	 */
	public Explanation explain(RandomAccessibleInterval<?> image, ExplainSettings settings, ProgressListener listener) {
		return run(image, null, settings, listener);
	}

	/**
	 * As {@link #explain(RandomAccessibleInterval, ExplainSettings, ProgressListener)} with the objects given (no
	 * segmentation); {@code labels} must have the image's size. {@code settings.segments} is only reported.
	 */
	public Explanation explain(RandomAccessibleInterval<?> image, LabelImage labels, ExplainSettings settings,
		ProgressListener listener)
	{
		if (labels == null) throw new IllegalArgumentException("No label image given; segment the image first.");
		return run(image, labels, settings, listener);
	}

	/** Asks the run in progress to stop before its next model batch. */
	public void cancel() {
		canceled = true;
	}

	public boolean isCanceled() {
		return canceled;
	}

	private Explanation run(RandomAccessibleInterval<?> image, LabelImage givenLabels, ExplainSettings settings,
		ProgressListener listenerOrNull)
	{
		long start = System.nanoTime();
		canceled = false;
		ProgressListener listener = new MonotoneProgress(listenerOrNull);
		// Everything that can be checked without the image comes first.
		if (settings == null) throw new IllegalArgumentException("No settings given; use new ExplainSettings().");
		settings.validate();
		CorrelationMeasure correlation = measure != null ? measure : CorrelationMeasure.PEARSON;
		if (classifier.inputWidth() < 1 || classifier.inputHeight() < 1)
			throw new IllegalArgumentException("The classifier's input size " + classifier.inputWidth() + " x " +
				classifier.inputHeight() + " is not usable; check the model.");
		List<String> classLabels = classifier.labels();
		int requestedTarget = TargetClass.resolve(settings.target, classLabels);

		RgbImage rgb = ImageConversion.toRgb(image);
		LabelImage labels = givenLabels;
		double segmentationSeconds = 0;
		if (labels == null) {
			listener.progress(0, "Segmenting into about " + settings.segments + " objects");
			long t0 = System.nanoTime();
			Segmenter seg = segmenter != null ? segmenter : defaultSegmenter(settings);
			labels = seg.segment(image);
			segmentationSeconds = (System.nanoTime() - t0) * 1e-9;
			if (labels == null) throw new IllegalStateException("The segmenter returned no label image.");
		}
		if (labels.width() != rgb.width() || labels.height() != rgb.height())
			throw new IllegalArgumentException("The label image is " + labels.width() + " x " + labels.height() +
				" but the image is " + rgb.width() + " x " + rgb.height() + "; segment this image.");
		int n = labels.count();
		int samples = settings.samples;
		int cluster = SampleMatrix.clusterSize(settings.sampling);
		if (samples > 0 && samples / cluster <= n + 2)
			throw new IllegalArgumentException("samples (" + samples + ") are too few for " + n + " objects: the " +
				"correlation tests need more than " + (n + 2) + (cluster > 1 ? " antithetic pairs" : "") + ". Raise " +
				"samples to at least " + (n + 3) * cluster + ", lower segments, or set samples to 0 to skip the " +
				"correlation analysis.");
		checkMemory(n, samples);
		listener.progress(SEGMENTATION_END, n + " objects");

		BilinearResize resize = BilinearResize.of(rgb.width(), rgb.height(), classifier.inputWidth(),
			classifier.inputHeight(), settings.resize);
		RgbImage fill = FillImages.fill(rgb, settings, resize);
		AblationRenderer renderer = new AblationRenderer(rgb, fill, labels, resize);
		fill = null; // only the renderer's model-space copy is needed from here
		List<HeatmapEnsemble.Member> extraMembers = settings.heatmap == HeatmapValues.ENSEMBLE && samples > 0 ?
			HeatmapEnsemble.extraMembers(settings, n) : List.of();
		int extraSamples = extraMembers.stream().mapToInt(HeatmapEnsemble.Member::samples).sum();
		int unseen = 0;
		for (boolean seen : renderer.seenObjects())
			if (!seen) unseen++;
		if (unseen > 0)
			logger.warn(unseen + " of " + n + " objects lie outside what the model sees (" + settings.resize +
				"); their contribution is 0 by construction. Use resize STRETCH to let the model see the whole image.");
		int imageSize = classifier.imageSize();
		if (renderer.imageSize() != imageSize)
			throw new IllegalStateException("The classifier expects " + imageSize + " floats per image, not " +
				renderer.imageSize() + " for " + classifier.inputWidth() + " x " + classifier.inputHeight() + " x 3.");

		int total = 1 + n + samples;
		logger.log(String.format(Locale.ROOT, "Ablation-CA: %d objects, %d model calls (%d sensitivity + %d Monte " +
			"Carlo%s), batch %d, %s, %s", n, total + extraSamples, n + 1, samples, extraSamples == 0 ? "" : " + " +
			extraSamples + " for the heatmap's other segmentations", settings.batchSize, correlation.name(),
			settings.scoreScale));

		MaskSampler sampler = samples > 0 ? new MaskSampler(n, settings.keepProbability, settings.sampling,
			settings.seed) : null;
		SampleMatrix matrix = samples > 0 ? new SampleMatrix(n, samples, SampleMatrix.clusterSize(settings.sampling))
			: null;
		// the target's probability per Monte Carlo sample and per single ablation: the ensemble heatmap is on the
		// probability scale
		double[] sampleProbability = samples > 0 ? new double[samples] : null;
		double[] contributionProbability = new double[n];
		int batchSize = Math.min(settings.batchSize, total);
		float[] batch = new float[Math.multiplyExact(batchSize, imageSize)];
		boolean[][] masks = new boolean[batchSize][n];
		double[] contribution = new double[n];
		float[] unablated = null;
		int target = requestedTarget;
		double fullScore = Double.NaN;
		float lowest = Float.POSITIVE_INFINITY, highest = Float.NEGATIVE_INFINITY; // of the target's probability
		long modelNanos = 0, calls = 0;

		for (int first = 0; first < total; first += batchSize) {
			if (canceled) throw canceled(calls);
			int count = Math.min(batchSize, total - first);
			for (int b = 0; b < count; b++) {
				boolean[] mask = masks[b];
				int t = first + b;
				if (t <= n) {
					Arrays.fill(mask, true);
					if (t > 0) mask[t - 1] = false;
				}
				else sampler.next(mask);
				renderer.render(mask, batch, b * imageSize);
			}
			long t0 = System.nanoTime();
			float[][] probabilities = classifier.predict(batch, count);
			modelNanos += System.nanoTime() - t0;
			calls += count;
			checkPrediction(probabilities, count, classLabels.size());
			for (int b = 0; b < count; b++) {
				int t = first + b;
				float[] row = probabilities[b];
				if (t == 0) {
					unablated = row.clone();
					if (target < 0) target = Predictions.argmax(row);
					lowest = highest = row[target];
					fullScore = settings.scoreScale.apply(row[target]);
					if (settings.scoreScale == ScoreScale.LOG_ODDS && (row[target] < ScoreScale.EPSILON ||
						row[target] > 1 - ScoreScale.EPSILON))
						logger.warn("The target probability " + row[target] + " is beyond the log-odds clamp (" +
							ScoreScale.EPSILON + "); changes the model makes there are not measured. Choose another " +
							"target or the probability scale.");
					continue;
				}
				lowest = Math.min(lowest, row[target]);
				highest = Math.max(highest, row[target]);
				double y = settings.scoreScale.apply(row[target]);
				if (t <= n) {
					contribution[t - 1] = fullScore - y;
					contributionProbability[t - 1] = (double) unablated[target] - row[target];
				}
				else {
					sampleProbability[matrix.size()] = row[target];
					matrix.add(masks[b], y);
				}
			}
			int done = first + count;
			listener.progress(SEGMENTATION_END + (MODEL_END - SEGMENTATION_END) * done / (total + extraSamples),
				done <= n + 1 ?
				"Sensitivity analysis " + done + "/" + (n + 1) : "Monte Carlo ablations " + (done - n - 1) + "/" +
					samples);
		}
		if (canceled) throw canceled(calls);

		// The ensemble heatmap's other segmentations: their own masks, the same batch buffer, the same target.
		List<SampleMatrix> extraSampleMatrices = new ArrayList<>();
		List<LabelImage> extraLabels = new ArrayList<>();
		int extraDone = 0;
		for (int member = 0; member < extraMembers.size(); member++) {
			HeatmapEnsemble.Member m = extraMembers.get(member);
			long t0 = System.nanoTime();
			LabelImage memberLabels = new Slic(m.segments(), settings.compactness, settings.slicIterations,
				settings.smoothingSigma).segment(image);
			segmentationSeconds += (System.nanoTime() - t0) * 1e-9;
			ExplainSettings fillSettings = settings.copy();
			fillSettings.fill = m.fill();
			AblationRenderer memberRenderer = new AblationRenderer(rgb, FillImages.fill(rgb, fillSettings, resize),
				memberLabels, resize);
			int objects = memberLabels.count();
			MaskSampler memberSampler = new MaskSampler(objects, m.keep(), SamplingScheme.INDEPENDENT,
				HeatmapEnsemble.seed(settings.seed, member));
			SampleMatrix memberMatrix = new SampleMatrix(objects, m.samples());
			boolean[] mask = new boolean[objects];
			boolean[][] memberMasks = new boolean[batchSize][];
			for (int first = 0; first < m.samples(); first += batchSize) {
				if (canceled) throw canceled(calls);
				int count = Math.min(batchSize, m.samples() - first);
				for (int b = 0; b < count; b++) {
					memberSampler.next(mask);
					memberMasks[b] = mask.clone();
					memberRenderer.render(mask, batch, b * imageSize);
				}
				long t1 = System.nanoTime();
				float[][] probabilities = classifier.predict(batch, count);
				modelNanos += System.nanoTime() - t1;
				calls += count;
				checkPrediction(probabilities, count, classLabels.size());
				for (int b = 0; b < count; b++)
					memberMatrix.add(memberMasks[b], probabilities[b][target]);
				extraDone += count;
				listener.progress(SEGMENTATION_END + (MODEL_END - SEGMENTATION_END) * (total + extraDone) /
					(total + extraSamples), "Heatmap segmentation " + (member + 1) + "/" + extraMembers.size() + ": " +
						(first + count) + "/" + m.samples());
			}
			extraLabels.add(memberLabels);
			extraSampleMatrices.add(memberMatrix);
		}
		if (canceled) throw canceled(calls);

		listener.progress(MODEL_END, "Correlating " + CorrelationMeasure.pairCount(n) + " pairs");
		double[] mainEffect = new double[n];
		List<PairRelation> pairs = Collections.emptyList();
		List<ObjectGroup> groups = Collections.emptyList();
		List<String> notes = new ArrayList<>();
		if (samples > 0) {
			CorrelationMeasure.Result result = correlation.measure(matrix);
			mainEffect = result.mainEffects();
			String noPairs = whyNoPairs(n, lowest, highest);
			if (noPairs == null) {
				double[] q = MultipleTesting.benjaminiHochberg(result.pValue());
				double[] importance = Ranking.importance(contribution, mainEffect);
				pairs = Collections.unmodifiableList(Ranking.rankPairs(result, q, importance,
					settings.falseDiscoveryRate, MAX_LISTED_PAIRS));
				groups = Collections.unmodifiableList(Ranking.groups(n, pairs));
			}
			else {
				notes.add(noPairs);
				logger.warn(noPairs);
			}
		}
		else Arrays.fill(mainEffect, Double.NaN);

		int[] area = labels.areas();
		double[][] centroid = labels.centroids();
		int[] rank = Ranking.objectRanks(contribution);
		List<ObjectInfo> objects = new ArrayList<>(n);
		for (int i = 0; i < n; i++)
			objects.add(new ObjectInfo(i, area[i], centroid[i][0], centroid[i][1], contribution[i], mainEffect[i],
				rank[i]));
		float[] heatmap;
		HeatmapValues painted = settings.heatmap;
		if (painted == HeatmapValues.ENSEMBLE && samples == 0) {
			painted = HeatmapValues.CONTRIBUTION;
			notes.add("No Monte Carlo samples (samples = 0): the heatmap shows the single-ablation contribution.");
		}
		if (painted == HeatmapValues.ENSEMBLE) {
			// the run's main effects, the paper's single ablations (the objects' effects in the full image), then the
			// further segmentations; each weighted by its model calls
			List<LabelImage> memberLabels = new ArrayList<>(List.of(labels, labels));
			List<double[]> effects = new ArrayList<>(List.of(correlation.measure(matrix.withScores(sampleProbability))
				.mainEffects(), contributionProbability));
			List<Integer> weights = new ArrayList<>(List.of(samples, n));
			for (int m = 0; m < extraSampleMatrices.size(); m++) {
				memberLabels.add(extraLabels.get(m));
				effects.add(correlation.measure(extraSampleMatrices.get(m)).mainEffects());
				weights.add(extraMembers.get(m).samples());
			}
			heatmap = HeatmapEnsemble.smooth(HeatmapEnsemble.density(memberLabels, effects, weights.stream()
				.mapToDouble(w -> w).toArray(), n), labels.width(), labels.height(), n, settings.heatmapSmoothing);
		}
		else {
			double[] values = painted == HeatmapValues.CONTRIBUTION ? contribution : mainEffect;
			heatmap = new float[labels.width() * labels.height()];
			int[] label = labels.labels();
			for (int p = 0; p < heatmap.length; p++)
				heatmap[p] = (float) values[label[p]];
		}

		double totalSeconds = (System.nanoTime() - start) * 1e-9;
		Explanation.Timings timings = new Explanation.Timings(segmentationSeconds, modelNanos * 1e-9, totalSeconds);
		long significant = pairs.stream().filter(PairRelation::significant).count();
		logger.log(String.format(Locale.ROOT, "Ablation-CA: done in %.2f s (segmentation %.2f s, model %.2f s, " +
			"%.1f%% outside the model); %d significant pairs, %d groups", totalSeconds, segmentationSeconds,
			modelNanos * 1e-9, 100 * timings.outsideModelFraction(), significant, groups.size()));
		listener.progress(1, "Done");
		return new Explanation(labels, settings.segments, heatmap, Collections.unmodifiableList(objects), pairs,
			groups, Predictions.topK(unablated, classLabels, settings.topPredictions), target, classLabels.get(target),
			unablated[target], settings.scoreScale, samples, settings.seed, calls, timings, correlation.name(),
			painted, List.copyOf(notes), matrix);
	}

	/** A target probability that spreads over at most this many float steps has not changed: rounding, not the model. */
	static final int ROUNDING_STEPS = 8;

	/**
	 * Why no pair can be reported, or null: with fewer than 3 objects the score's whole variation is the one
	 * interaction (no residual to test it against, the correlation is forced to +-1), and a target probability that
	 * stays within float rounding over every ablation makes every correlation a ratio of rounding errors.
	 *
	 * @param lowest the target's lowest probability over the unablated image and every ablation
	 * @param highest its highest
	 */
	static String whyNoPairs(int objects, float lowest, float highest) {
		if (objects < 3) return "No pairs: " + objects + " objects leave no variation to test a pair's interaction " +
			"against; ask for more segments.";
		if (highest - lowest <= ROUNDING_STEPS * Math.ulp(highest)) return String.format(Locale.ROOT, "No pairs: the " +
			"target's probability (%.6g) does not change beyond numerical noise when objects are hidden (it spans " +
			"%.2g); the model does not respond to this image's objects, so no relation between them can be measured.",
			highest, highest - lowest);
		return null;
	}

	/**
	 * The memory the Monte Carlo table and the pair statistics of {@code objects} objects and {@code samples}
	 * samples take, in bytes (an estimate from the data structures' sizes).
	 */
	public static long memoryNeeded(int objects, int samples) {
		long words = (objects + 63) / 64;
		long pairs = (long) objects * (objects - 1) / 2;
		long table = (long) samples * (words + 1) * Long.BYTES;
		long pairStatistics = samples > 0 ? pairs * 12 * Double.BYTES : 0;
		long regression = (long) (objects + 1) * (objects + 1) * Double.BYTES * 3;
		return table + pairStatistics + regression;
	}

	/** Refuses, before any model call, a run whose tables would not fit in the memory Java may still use. */
	private static void checkMemory(int objects, int samples) {
		Runtime rt = Runtime.getRuntime();
		long available = memoryLeft(rt.maxMemory(), rt.totalMemory(), rt.freeMemory());
		long needed = memoryNeeded(objects, samples);
		if (exceedsMemory(needed, available))
			throw new IllegalArgumentException(String.format(Locale.ROOT, "samples (%d) with %d objects need about " +
				"%.1f GB of memory for the Monte Carlo table and the pair statistics, more than the %.1f GB Java can " +
				"still use. Fix: lower samples or segments, or give Java more memory (command line: " +
				"ABLATION_CA_JAVA_OPTS=-Xmx16g; Fiji: Edit > Options > Memory & Threads)", samples, objects,
				needed / 1e9, available / 1e9));
	}

	/** What Java may still allocate: its maximum heap less what the objects in the current heap use. */
	static long memoryLeft(long max, long total, long free) {
		return max - (total - free);
	}

	/** {@code needed} bytes are more than 80% of the {@code available}: the rest is for the images and the model. */
	static boolean exceedsMemory(long needed, long available) {
		return needed > 0.8 * available;
	}

	private CanceledException canceled(long calls) {
		logger.log("Ablation-CA: canceled after " + calls + " model calls");
		return new CanceledException();
	}

	private static void checkPrediction(float[][] probabilities, int count, int classes) {
		if (probabilities == null || probabilities.length < count)
			throw new IllegalStateException("The classifier returned " + (probabilities == null ? "nothing" :
				probabilities.length + " rows") + " for " + count + " images.");
		for (int b = 0; b < count; b++)
			if (probabilities[b] == null || probabilities[b].length != classes)
				throw new IllegalStateException("The classifier returned " + (probabilities[b] == null ? "no" :
					probabilities[b].length) + " scores for an image but has " + classes + " labels.");
	}

	/** Passes progress on, never backwards, and tolerates a null listener. */
	private static final class MonotoneProgress implements ProgressListener {
		private final ProgressListener target;
		private double last;

		MonotoneProgress(ProgressListener target) {
			this.target = target == null ? ProgressListener.NONE : target;
		}

		@Override
		public void progress(double fraction, String message) {
			last = Math.max(last, Math.min(1, fraction));
			target.progress(last, message);
		}
	}
}
