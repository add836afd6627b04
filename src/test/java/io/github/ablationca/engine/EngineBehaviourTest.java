package io.github.ablationca.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ablationca.classifier.ClassScore;
import io.github.ablationca.segment.GridSegmenter;
import io.github.ablationca.segment.LabelImage;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.jupiter.api.Test;

/** Cancellation, validation, progress, batching and bookkeeping of {@link AblationCaEngine}. */
class EngineBehaviourTest {

	private final OracleScene scene = new OracleScene();

	private OracleClassifier synergy() {
		return OracleClassifier.logit(scene, EngineOracleTest.WATCHED, EngineOracleTest::synergyLogit);
	}

	@Test
	void cancelFromAnotherPlaceStopsWithinOneBatch() {
		OracleClassifier classifier = synergy();
		AblationCaEngine engine = new AblationCaEngine(classifier);
		// Cancel while the second batch is being classified: that batch completes, no third one starts.
		classifier.onBatch = b -> {
			if (b == 2) engine.cancel();
		};
		ExplainSettings s = new ExplainSettings();
		s.batchSize = 16;
		assertThrows(CanceledException.class, () -> engine.explain(scene.img(), scene.labelImage(), s, null));
		assertEquals(2, classifier.batches);
		assertEquals(32, classifier.imagesSeen);
		assertTrue(engine.isCanceled());
	}

	@Test
	void cancelFromTheListenerStopsBeforeTheNextBatch() {
		OracleClassifier classifier = synergy();
		AblationCaEngine engine = new AblationCaEngine(classifier);
		ExplainSettings s = new ExplainSettings();
		s.batchSize = 10;
		ProgressListener listener = (fraction, message) -> {
			if (message.startsWith("Monte Carlo")) engine.cancel();
		};
		assertThrows(CanceledException.class, () -> engine.explain(scene.img(), scene.labelImage(), s, listener));
		// 41 sensitivity images = batches of 10 until 50 images, the first batch that reaches Monte Carlo samples.
		assertEquals(50, classifier.imagesSeen);
		// A canceled engine runs again.
		classifier.onBatch = b -> {};
		s.samples = 100;
		// 1 + 40 + 100, and 2 x 125 for the ensemble heatmap's further segmentations
		assertEquals(141 + 250, engine.explain(scene.img(), scene.labelImage(), s, null).modelCalls());
	}

	@Test
	void progressIsMonotoneFromStartToOne() {
		List<Double> fractions = new ArrayList<>();
		List<String> messages = new ArrayList<>();
		ExplainSettings s = new ExplainSettings();
		s.batchSize = 50;
		new AblationCaEngine(synergy()).explain(scene.img(), s, (f, m) -> {
			fractions.add(f);
			messages.add(m);
		});
		assertTrue(fractions.size() >= 2 + 791 / 50, "progress after every batch: " + fractions.size());
		assertEquals(0, fractions.get(0), 0.05);
		for (int i = 1; i < fractions.size(); i++)
			assertTrue(fractions.get(i) >= fractions.get(i - 1), "progress went back at " + i + ": " + fractions);
		assertEquals(1.0, fractions.get(fractions.size() - 1));
		assertTrue(messages.stream().allMatch(m -> m != null && !m.isBlank()));
		assertTrue(messages.contains("Monte Carlo ablations 500/500"), messages.toString());
	}

	@Test
	void resultsDoNotDependOnTheBatchSize() {
		ExplainSettings s = new ExplainSettings();
		s.samples = 120;
		s.batchSize = 1;
		Explanation one = new AblationCaEngine(synergy()).explain(scene.img(), scene.labelImage(), s, null);
		s.batchSize = 7;
		Explanation seven = new AblationCaEngine(synergy()).explain(scene.img(), scene.labelImage(), s, null);
		s.batchSize = 500;
		Explanation all = new AblationCaEngine(synergy()).explain(scene.img(), scene.labelImage(), s, null);
		assertEquals(one.objects(), seven.objects());
		assertEquals(one.pairs(), seven.pairs());
		assertEquals(one.objects(), all.objects());
		assertEquals(one.pairs(), all.pairs());
	}

	private void assertRejected(Consumer<ExplainSettings> change, String expectedInMessage) {
		OracleClassifier classifier = synergy();
		ExplainSettings s = new ExplainSettings();
		change.accept(s);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> new AblationCaEngine(classifier).explain(scene.img(), scene.labelImage(), s, null));
		assertTrue(e.getMessage().contains(expectedInMessage), "message: " + e.getMessage());
		assertEquals(0, classifier.imagesSeen, "settings are checked before any model call");
	}

	@Test
	void badSettingsAreRejectedBeforeAnyModelCall() {
		assertRejected(s -> s.samples = -1, "samples must be 0 or more");
		assertRejected(s -> s.keepProbability = 1, "keep probability must lie strictly between 0 and 1");
		assertRejected(s -> s.batchSize = 0, "batch size must be at least 1");
		assertRejected(s -> s.falseDiscoveryRate = 0, "false discovery rate");
		assertRejected(s -> s.fill = null, "fill mode must be set");
		assertRejected(s -> s.constantColor = new float[2], "three values");
		assertRejected(s -> s.sampling = null, "sampling scheme must be set");
		// the engine reads the target as every face does (classifier.TargetClass)
		assertRejected(s -> s.target = "2", "target 2 is not an output of this model: it has 2 classes, numbered 0..1");
		assertRejected(s -> s.target = "-1", "numbered 0..1");
		assertRejected(s -> s.target = "99999999999999999999", "target 99999999999999999999 is not an output");
		assertRejected(s -> s.target = "zebra", "target 'zebra' is not a class of this model");
		assertRejected(s -> s.target = "plant", "similar: 1 'planted'");
		assertRejected(s -> s.samples = 42, "samples (42) are too few for 40 objects");
		assertRejected(s -> {
			s.samples = 0;
			s.heatmap = HeatmapValues.MAIN_EFFECT;
		}, "a main-effect heatmap needs Monte Carlo samples");
		assertRejected(s -> {
			s.samples = 84;
			s.sampling = SamplingScheme.ANTITHETIC;
		}, "at least 86");
	}

	@Test
	void mismatchedLabelImageIsRejected() {
		OracleClassifier classifier = synergy();
		LabelImage small = new LabelImage(10, 10, new int[100], 1);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> new AblationCaEngine(classifier).explain(scene.img(), small, new ExplainSettings(), null));
		assertTrue(e.getMessage().contains("label image is 10 x 10 but the image is 80 x 50"), e.getMessage());
		assertEquals(0, classifier.imagesSeen);
	}

	@Test
	void explanationIsFilledCompletely() {
		OracleClassifier classifier = synergy();
		ExplainSettings s = new ExplainSettings();
		s.seed = 5;
		s.topPredictions = 5;
		// A grid segmenter cuts the 80 x 50 scene into the same 8 x 5 grid as the scene's own objects.
		Explanation e = new AblationCaEngine(classifier).segmenter(new GridSegmenter(40)).explain(scene.img(), s, null);
		assertEquals(40, e.segments());
		assertEquals(40, e.segmentsRequested());
		assertArrayEquals(scene.labels, e.labels().labels());
		assertEquals(80, e.width());
		assertEquals(50, e.height());
		assertEquals(80 * 50, e.heatmap().length);
		ObjectInfo a = e.objects().get(EngineOracleTest.A);
		assertEquals(EngineOracleTest.A, a.index());
		assertEquals(EngineOracleTest.A + 1, a.id());
		assertEquals(100, a.area());
		assertEquals(2 * 10 + 4.5, a.centroidX(), 1e-9);
		assertEquals(1 * 10 + 4.5, a.centroidY(), 1e-9);
		// Two classes, so both are listed, the larger first.
		List<ClassScore> top = e.topPredictions();
		assertEquals(2, top.size());
		assertEquals(1, top.get(0).index());
		assertEquals("planted", top.get(0).label());
		double p = 1 / (1 + Math.exp(-(-2 + 3 + 1.5 + 0.4)));
		assertEquals(p, top.get(0).probability(), 1e-6);
		assertEquals(p, e.targetProbability(), 1e-6);
		assertEquals(500, e.samples());
		assertEquals(5, e.seed());
		assertEquals(1 + 40 + 500 + 2 * 125, e.modelCalls(), "sensitivity, Monte Carlo, ensemble heatmap");
		assertEquals("pearson", e.measure());
		assertEquals(40 * 39 / 2, e.pairs().size());
		for (int r = 0; r < e.pairs().size(); r++)
			assertEquals(r + 1, e.pairs().get(r).rank());
		Explanation.Timings t = e.timings();
		assertTrue(t.segmentation() >= 0 && t.model() > 0 && t.total() >= t.model() + t.segmentation());
		assertTrue(t.outsideModelFraction() >= 0 && t.outsideModelFraction() < 1);
	}

	@Test
	void theUsersImageIsNotModified() {
		ArrayImg<?, ?> img = scene.img();
		int[] before = scene.argb.clone();
		new AblationCaEngine(synergy()).explain(img, new ExplainSettings(), null);
		int i = 0;
		for (Object px : img)
			assertEquals(before[i++], ((net.imglib2.type.numeric.ARGBType) px).get());
	}

	@Test
	void greyscaleImagesAreExplainedToo() {
		// A 32-bit grey image: each object a different grey; the oracle watches the converted RGB image.
		float[] grey = new float[80 * 50];
		for (int p = 0; p < grey.length; p++)
			grey[p] = 1000 + 37 * scene.labels[p] + (p % 2);
		ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(grey, 80, 50);
		// The oracle's reference is exactly what the engine sees after the documented conversion.
		io.github.ablationca.image.RgbImage rgb = io.github.ablationca.image.ImageConversion.toRgb(img);
		OracleClassifier classifier = new OracleClassifier(rgb, scene.labels, 80, 50,
			io.github.ablationca.image.ResizeMode.STRETCH, EngineOracleTest.WATCHED, EngineOracleTest::synergyLogit, false);
		ExplainSettings s = new ExplainSettings();
		s.samples = 0;
		Explanation e = new AblationCaEngine(classifier).explain(img, scene.labelImage(), s, null);
		// Ablating A (or B) alone removes the synergy term 3: log-odds drop by 3.
		assertEquals(3, e.objects().get(EngineOracleTest.A).contribution(), 1e-3);
		assertEquals(1.5, e.objects().get(EngineOracleTest.C).contribution(), 1e-3);
	}

	@Test
	void zeroSamplesSkipsTheCorrelationAnalysis() {
		ExplainSettings s = new ExplainSettings();
		s.samples = 0;
		Explanation e = new AblationCaEngine(synergy()).explain(scene.img(), scene.labelImage(), s, null);
		assertEquals(41, e.modelCalls());
		assertTrue(e.pairs().isEmpty() && e.groups().isEmpty());
		assertTrue(Double.isNaN(e.objects().get(0).mainEffect()));
	}

	@Test
	void logsTheRunAndWarnsAboutObjectsTheModelCannotSee() {
		List<String> logs = new ArrayList<>(), warnings = new ArrayList<>();
		EngineLogger logger = new EngineLogger() {
			@Override
			public void log(String message) {
				logs.add(message);
			}

			@Override
			public void warn(String message) {
				warnings.add(message);
			}
		};
		OracleClassifier classifier = new OracleClassifier(scene, 50, 50, io.github.ablationca.image.ResizeMode.CENTER_CROP,
			new int[] {EngineOracleTest.A}, v -> 2 * v[0], false);
		ExplainSettings s = new ExplainSettings();
		s.resize = io.github.ablationca.image.ResizeMode.CENTER_CROP;
		s.samples = 0;
		Explanation e = new AblationCaEngine(classifier).logger(logger).explain(scene.img(), scene.labelImage(), s, null);
		// The centre 50 x 50 square (x 15..64) misses grid columns 0 and 7 entirely: 10 objects.
		assertEquals(List.of("10 of 40 objects lie outside what the model sees (CENTER_CROP); their contribution is " +
			"0 by construction. Use resize STRETCH to let the model see the whole image."), warnings);
		assertEquals(0, e.objects().get(OracleScene.object(0, 2)).contribution());
		assertTrue(logs.get(0).startsWith("Ablation-CA: 40 objects, 41 model calls"), logs.toString());
		assertTrue(logs.get(logs.size() - 1).startsWith("Ablation-CA: done in"), logs.toString());
	}
}
