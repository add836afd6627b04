package io.github.ablationca.run;

import io.github.ablationca.Checksums;
import io.github.ablationca.SyntheticExplanation;
import io.github.ablationca.imagej.ImagePlusConversion;
import io.github.ablationca.segment.LabelImage;
import io.github.ablationca.imagej.OverlayRenderer;
import io.github.ablationca.imagej.ResultImages;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ablationca.classifier.Classifier;
import io.github.ablationca.engine.CanceledException;
import io.github.ablationca.engine.EngineLogger;
import io.github.ablationca.engine.ExplainSettings;
import io.github.ablationca.engine.Explanation;
import io.github.ablationca.engine.ProgressListener;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import net.imglib2.RandomAccessibleInterval;

import org.junit.jupiter.api.Test;

/**
 * The one per-image runner with engines whose behaviour is set by the test: failures stay local to their plane, a cancel
 * stops within one model batch and returns nothing, progress only moves forward, the input is only read.
 */
class ExplainRunnerTest {

	/** A classifier that counts its calls; the answer does not matter to the loop. */
	static final class CountingClassifier implements Classifier {
		final AtomicInteger calls = new AtomicInteger();
		final AtomicInteger images = new AtomicInteger();
		Runnable onCall = () -> {};

		@Override
		public int inputWidth() {
			return 4;
		}

		@Override
		public int inputHeight() {
			return 4;
		}

		@Override
		public List<String> labels() {
			return List.of("a", "b");
		}

		@Override
		public float[][] predict(float[] batch, int count) {
			calls.incrementAndGet();
			images.addAndGet(count);
			onCall.run();
			float[][] out = new float[count][];
			for (int i = 0; i < count; i++)
				out[i] = new float[] {0.5f, 0.5f};
			return out;
		}
	}

	/**
	 * An engine that makes {@code batches} model calls of 8 images, reporting progress after each, then returns the
	 * synthetic explanation; it throws when the plane's top-left pixel is pure red (the "corrupted" plane).
	 */
	static ExplainRunner.Engine fakeEngine(Classifier classifier, int batches) {
		return new ExplainRunner.Engine() {
			volatile boolean canceled;

			@Override
			public Explanation explain(RandomAccessibleInterval<?> image, LabelImage segments, ExplainSettings s,
				ProgressListener l)
			{
				@SuppressWarnings("unchecked")
				var argb = (RandomAccessibleInterval<net.imglib2.type.numeric.ARGBType>) image;
				int corner = argb.randomAccess().setPositionAndGet(0, 0).get();
				if ((corner & 0xffffff) == 0xff0000) throw new IllegalStateException("model rejected the plane");
				for (int b = 0; b < batches; b++) {
					if (canceled) throw new CanceledException();
					classifier.predict(new float[8 * classifier.imageSize()], 8);
					l.progress((b + 1.0) / batches, "batch " + (b + 1));
				}
				return SyntheticExplanation.standard();
			}

			@Override
			public void cancel() {
				canceled = true;
			}
		};
	}

	static ImagePlus stack(int n) {
		ImageStack stack = new ImageStack(60, 40);
		for (int i = 0; i < n; i++) {
			ColorProcessor cp = new ColorProcessor(60, 40);
			cp.setColor(new java.awt.Color(20 * i, 100, 150));
			cp.fill();
			stack.addSlice("plane " + (i + 1), cp);
		}
		return new ImagePlus("stack.tif", stack);
	}

	private static final class Log implements EngineLogger {
		final List<String> warnings = new ArrayList<>();

		@Override
		public void log(String message) {}

		@Override
		public void warn(String message) {
			warnings.add(message);
		}
	}

	@Test
	void everyPlaneGetsAResult() {
		CountingClassifier c = new CountingClassifier();
		ImagePlus imp = stack(3);
		long before = Checksums.pixels(imp);
		List<Double> progress = new ArrayList<>();
		ExplainRunner run = new ExplainRunner(c, new ExplainSettings(), EngineLogger.NONE, cl -> fakeEngine(cl, 4));
		List<SliceResult> results = run.runAll(ImagePlusConversion.slices(imp, 1, 3), (f, m) -> progress.add(f));
		assertEquals(3, results.size());
		for (int i = 0; i < 3; i++) {
			assertEquals(i + 1, results.get(i).slice());
			assertFalse(results.get(i).failed());
		}
		assertEquals(12, c.calls.get(), "4 batches per plane");
		for (int i = 1; i < progress.size(); i++)
			assertTrue(progress.get(i) >= progress.get(i - 1), "progress never goes back: " + progress);
		assertEquals(1.0, progress.get(progress.size() - 1), 1e-12);
		assertEquals(before, Checksums.pixels(imp), "the input is only read");
	}

	@Test
	void aFailingPlaneDoesNotStopTheOthers() {
		CountingClassifier c = new CountingClassifier();
		ImagePlus imp = stack(3);
		imp.getStack().getProcessor(2).set(0, 0, 0xffff0000); // the fake engine rejects this plane
		Log log = new Log();
		ExplainRunner run = new ExplainRunner(c, new ExplainSettings(), log, cl -> fakeEngine(cl, 2));
		List<SliceResult> results = run.runAll(ImagePlusConversion.slices(imp, 1, 3), ProgressListener.NONE);
		assertFalse(results.get(0).failed());
		assertTrue(results.get(1).failed());
		assertEquals("model rejected the plane", results.get(1).error());
		assertFalse(results.get(2).failed());
		assertEquals(1, log.warnings.size());
		assertTrue(log.warnings.get(0).contains("slice 2/3"), log.warnings.get(0));
	}

	@Test
	void anAllNaNPlaneIsReportedWithoutCallingTheModel() {
		CountingClassifier c = new CountingClassifier();
		ImageStack stack = new ImageStack(60, 40);
		for (int i = 0; i < 3; i++) {
			float[] px = new float[60 * 40];
			for (int p = 0; p < px.length; p++)
				px[p] = i == 1 ? Float.NaN : p % 60;
			stack.addSlice(new FloatProcessor(60, 40, px));
		}
		ImagePlus imp = new ImagePlus("float.tif", stack);
		ExplainRunner run = new ExplainRunner(c, new ExplainSettings(), EngineLogger.NONE, cl -> fakeEngine(cl, 2));
		List<SliceResult> results = run.runAll(ImagePlusConversion.slices(imp, 1, 3), ProgressListener.NONE);
		assertTrue(results.get(1).failed());
		assertTrue(results.get(1).error().contains("no finite pixel"), results.get(1).error());
		assertEquals(4, c.calls.get(), "only the two good planes reach the model");
	}

	@Test
	void cancelStopsWithinOneBatchAndReturnsNothing() {
		CountingClassifier c = new CountingClassifier();
		ExplainRunner[] holder = new ExplainRunner[1];
		c.onCall = () -> {
			if (c.calls.get() == 3) holder[0].cancel();
		};
		// An engine that ignores cancel requests: the guard around the classifier still stops it.
		ExplainRunner run = new ExplainRunner(c, new ExplainSettings(), EngineLogger.NONE, cl -> {
			ExplainRunner.Engine inner = fakeEngine(cl, 10);
			return new ExplainRunner.Engine() {
				@Override
				public Explanation explain(RandomAccessibleInterval<?> image, LabelImage segments, ExplainSettings s,
					ProgressListener l)
				{
					return inner.explain(image, segments, s, ProgressListener.NONE);
				}

				@Override
				public void cancel() {}
			};
		});
		holder[0] = run;
		assertThrows(CanceledException.class, () -> run.runAll(ImagePlusConversion.slices(stack(3)), ProgressListener.NONE));
		assertEquals(3, c.calls.get(), "no model batch starts after the cancel");
		assertTrue(run.isCanceled());
	}

	@Test
	void cancelBetweenPlanesStopsBeforeTheNextPlane() {
		CountingClassifier c = new CountingClassifier();
		ExplainRunner run = new ExplainRunner(c, new ExplainSettings(), EngineLogger.NONE, cl -> fakeEngine(cl, 2));
		List<SliceResult> got = new ArrayList<>();
		assertThrows(CanceledException.class, () -> got.addAll(run.runAll(ImagePlusConversion.slices(stack(3)), (f, m) -> {
			if (f >= 1.0 / 3) run.cancel();
		})));
		assertTrue(got.isEmpty(), "a canceled run returns no partial list");
		assertTrue(c.calls.get() <= 3, "at most one batch after the cancel: " + c.calls.get());
	}

	@Test
	void summaryLineNamesTargetObjectsTopPairCallsTimeAndPredictions() {
		String line = ExplainRunner.summary(SyntheticExplanation.standard());
		assertTrue(line.startsWith("target 3 'cat' (80.0%), 6 objects (6 requested), top pair 1-5 r=+0.80, 107 " +
			"model calls, 0.6 s; top-5: cat 80.0%, dog 10.0%, bird 5.0%, deer 3.0%, airplane 2.0%"), line);
	}

	@Test
	void resultImagesAndTablesHaveOneSliceColumnRowSetPerPlane() {
		ImagePlus imp = stack(3);
		CountingClassifier c = new CountingClassifier();
		imp.getStack().getProcessor(2).set(0, 0, 0xffff0000);
		List<SliceResult> results = new ExplainRunner(c, new ExplainSettings(), EngineLogger.NONE,
			cl -> fakeEngine(cl, 1)).runAll(ImagePlusConversion.slices(imp), ProgressListener.NONE);
		ResultImages out = ResultImages.build("stack.tif", imp, results, new OverlayRenderer.Style());
		Table objects = ResultTables.objects(results, true);
		assertEquals(3, out.heatmap().getStackSize());
		assertEquals(3, out.overlay().getStackSize());
		assertEquals(ImagePlus.COLOR_RGB, out.overlay().getType());
		assertEquals("stack.tif Ablation-CA heatmap", out.heatmap().getTitle());
		assertEquals("stack.tif Ablation-CA overlay", out.overlay().getTitle());
		assertEquals(12, objects.size(), "6 objects on each of the 2 good planes");
		assertEquals(1, objects.get(0, "slice"));
		assertEquals(3, objects.get(6, "slice"));
		assertTrue(Float.isNaN(out.heatmap().getStack().getProcessor(2).getf(5, 5)), "failed plane is NaN");
		for (ij.gui.Roi roi : out.overlay().getOverlay().toArray())
			assertTrue(roi.getPosition() >= 0 && roi.getPosition() <= 3, roi.getName());
		boolean failedNoteOnSlice2 = false;
		for (ij.gui.Roi roi : out.overlay().getOverlay().toArray())
			if ("failed".equals(roi.getName()) && roi.getPosition() == 2) failedNoteOnSlice2 = true;
		assertTrue(failedNoteOnSlice2, "the overlay says which slice failed");
		assertNull(out.heatmap().getOverlay(), "nothing is drawn over the heatmap values");
	}
}
