package io.github.ablationca.fiji;

import io.github.ablationca.imagej.ImagePlusConversion;
import io.github.ablationca.imagej.OverlayRenderer;
import io.github.ablationca.results.ResultFolder;
import io.github.ablationca.run.ExplainRunner;
import io.github.ablationca.run.ModelLoader;
import io.github.ablationca.run.ResultTables;
import io.github.ablationca.Checksums;
import io.github.ablationca.run.SliceResult;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ablationca.TestData;
import io.github.ablationca.engine.HeatmapValues;
import io.github.ablationca.classifier.Classifier;
import io.github.ablationca.classifier.ForwardingClassifier;
import io.github.ablationca.engine.Explanation;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Roi;
import ij.measure.ResultsTable;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.app.event.StatusEvent;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.event.EventHandler;
import org.scijava.event.EventService;
import org.scijava.log.LogService;

/**
 * The Fiji command end to end in a headless SciJava context, with the real engine and the real ResNet-8 (CIFAR-10)
 * SavedModel from {@code ../shared/data}; the model is wrapped to count its calls and to inject failures and
 * cancels. Small settings (12 objects, 64 samples) keep each run well under a second.
 */
class ExplainImageCommandIntegrationTest {

	private static Context context;
	private static AblationCaService service;
	private static final AtomicInteger loads = new AtomicInteger();
	private static final AtomicInteger batches = new AtomicInteger();
	private static final AtomicInteger images = new AtomicInteger();
	/** Runs before every model batch; may throw to make the model fail. */
	private static volatile java.util.function.BiConsumer<float[], Integer> beforeBatch = (b, n) -> {};

	/** Wraps the real model: counts batches and images, runs {@link #beforeBatch}. */
	static final class Instrumented extends ForwardingClassifier {

		Instrumented(Classifier delegate) {
			super(delegate);
		}




		@Override
		public float[][] predict(float[] batch, int count) {
			beforeBatch.accept(batch, count);
			batches.incrementAndGet();
			images.addAndGet(count);
			return delegate.predict(batch, count);
		}

		@Override
		public void close() {
			delegate.close();
		}
	}

	@BeforeAll
	static void start() {
		context = new Context(CommandService.class, AblationCaService.class, LogService.class, StatusService.class,
			EventService.class);
		service = context.getService(AblationCaService.class);
		service.setClassifierLoader((model, options) -> {
			loads.incrementAndGet();
			return new Instrumented(ModelLoader.load(model, options));
		});
	}

	@AfterAll
	static void stop() {
		Commands.forgetRememberedValues(context);
		context.dispose();
	}

	@BeforeEach
	void reset() {
		Commands.forgetRememberedValues(context);
		beforeBatch = (b, n) -> {};
		batches.set(0);
		images.set(0);
	}

	static ImagePlus cifar(String name) {
		ImagePlus imp = IJ.openImage(TestData.image("cifar10/" + name).toString());
		assertNotNull(imp, "could not open " + name);
		return imp;
	}

	static Map<String, Object> inputs(ImagePlus imp) {
		Map<String, Object> in = new HashMap<>();
		in.put("image", imp);
		in.put("model", TestData.model("resnet8_cifar10").toFile());
		in.put("value_range", "0..255");
		in.put("segments", 12);
		in.put("samples", 64);
		in.put("batch_size", 32);
		in.put("show_heatmap_window", true);
		in.put("show_overlay_window", true);
		in.put("show_tables", true);
		return in;
	}

	static CommandModule run(Map<String, Object> in) throws Exception {
		return Commands.run(context, in);
	}

	static ExplainImageCommand command(CommandModule m) {
		return (ExplainImageCommand) m.getCommand();
	}

	static void assertColumns(ResultsTable rt, String... columns) {
		for (String c : columns)
			assertTrue(rt.columnExists(c), "column " + c + " in " + rt.getColumnHeadings());
	}

	@Test
	void singleImageGivesHeatmapOverlayTablesAndLog() throws Exception {
		ImagePlus imp = cifar("cat_0000.jpg");
		long before = Checksums.pixels(imp);
		CommandModule m = run(inputs(imp));
		ExplainImageCommand cmd = command(m);
		assertFalse(cmd.isCanceled(), cmd.getCancelReason());

		ImagePlus heat = (ImagePlus) m.getOutput("heatmap_result");
		ImagePlus overlay = (ImagePlus) m.getOutput("overlay_result");
		assertEquals("cat_0000.jpg Ablation-CA heatmap", heat.getTitle());
		assertEquals("cat_0000.jpg Ablation-CA overlay", overlay.getTitle());
		assertEquals(ImagePlus.GRAY32, heat.getType());
		assertEquals(ImagePlus.COLOR_RGB, overlay.getType());
		assertEquals(32, heat.getWidth());
		assertEquals(32, heat.getHeight());
		assertEquals(256, overlay.getHeight(), "magnified 8 times");
		for (ImagePlus out : List.of(heat, overlay))
			assertEquals(1, out.getStackSize());
		assertEquals(OverlayRenderer.canvas(32, 32, 0, new OverlayRenderer.Style()).width(), overlay.getWidth(),
			"the image, magnified as overlay.png magnifies it, and the colour bar's margin beside it");
		assertEquals(-heat.getDisplayRangeMax(), heat.getDisplayRangeMin(), 1e-9, "symmetric range around 0");

		Explanation e = cmd.getResults().get(0).explanation();
		// The overlay's content by name: the heatmap, one contour per object, the group outlines (groups of 2+
		// objects, at most 5), the pair lines (pairs with a positive score, at most pairs_to_draw = 10), the bar.
		Map<String, Integer> kinds = new HashMap<>();
		for (Roi roi : overlay.getOverlay().toArray()) {
			String name = roi.getName() == null ? "(unnamed)" : roi.getName();
			String kind = name.startsWith("calibration bar") ? name : name.endsWith(" label") ? "label" : name
				.replaceAll(" [0-9].*", "");
			kinds.merge(kind, 1, Integer::sum);
		}
		int groupsDrawn = (int) Math.min(5, e.groups().stream().filter(g -> g.members().length >= 2).count());
		int pairsDrawn = (int) Math.min(10, e.pairs().stream().filter(p -> p.score() > 0 && Double.isFinite(p
			.correlation())).count());
		assertEquals(Set.of("heatmap", "object", "group", "pair", "label", "calibration bar", "calibration bar label"),
			kinds.keySet(), "nothing else in the overlay: " + kinds);
		assertEquals(1, kinds.get("heatmap"));
		assertEquals(12, e.segments());
		assertEquals(e.segments(), kinds.get("object"), "one contour per object");
		assertEquals(groupsDrawn, kinds.get("group"), "group outlines");
		assertEquals(pairsDrawn, kinds.get("pair"), "pair lines");
		assertEquals(groupsDrawn + pairsDrawn, kinds.get("label"), "one label per group outline and pair line");
		assertEquals(1, kinds.get("calibration bar"));
		assertEquals(3, e.targetIndex(), "ResNet-8 calls cat_0000 a cat (shared data README)");
		float[] pixels = (float[]) heat.getProcessor().getPixels();
		for (int p = 0; p < pixels.length; p++)
			assertEquals(e.heatmap()[p], pixels[p], "heatmap pixel " + p);

		ResultsTable objects = cmd.getObjects();
		assertEquals(String.join("\t", ResultTables.OBJECT_COLUMNS), objects.getColumnHeadings().strip(),
			"the one result schema, in its order");
		assertFalse(objects.columnExists("slice"), "no slice column for a single image");
		assertEquals(e.segments(), objects.size());
		double area = 0;
		Set<Integer> ranks = new HashSet<>();
		for (int r = 0; r < objects.size(); r++) {
			area += objects.getValue("area", r);
			ranks.add((int) objects.getValue("rank", r));
		}
		assertEquals(32 * 32, area, 1e-9, "objects cover the image");
		assertEquals(e.segments(), ranks.size(), "ranks are distinct");
		ResultsTable pairs = cmd.getPairs();
		assertEquals(e.pairs().size(), pairs.size(), "every listed pair (12 objects: 66)");
		assertEquals(66, pairs.size());
		assertEquals(String.join("\t", ResultTables.PAIR_COLUMNS), pairs.getColumnHeadings().strip());
		ResultsTable groups = cmd.getGroups();
		assertEquals(e.groups().size(), groups.size());

		assertEquals(e.modelCalls(), images.get(), "the log's model calls are the images the model saw");
		String log = String.join("\n", cmd.getLogLines());
		assertTrue(log.contains(ExplainRunner.summary(e)), "the one summary line of the runner: " + log);
		assertEquals(before, Checksums.pixels(imp), "the input image is never modified");
	}

	/** The model field takes a file or a folder: an ONNX file and a TorchScript folder explain as the SavedModel does. */
	@Test
	void onnxAndTorchScriptModelsRunFromTheModelField() throws Exception {
		assertEquals(org.scijava.widget.FileWidget.FILE_AND_DIRECTORY_STYLE, context.getService(CommandService.class)
			.getCommand(ExplainImageCommand.class).getInput("model").getWidgetStyle());
		Explanation reference = command(run(inputs(cifar("cat_0000.jpg")))).getResults().get(0).explanation();
		for (Path model : List.of(TestData.model("resnet8_cifar10_onnx").resolve("model.onnx"), TestData.model(
			"resnet8_cifar10_torchscript")))
		{
			Map<String, Object> in = inputs(cifar("cat_0000.jpg"));
			in.put("model", model.toFile());
			in.put("input_size", "32");
			ExplainImageCommand cmd = command(run(in));
			assertFalse(cmd.isCanceled(), cmd.getCancelReason());
			Explanation e = cmd.getResults().get(0).explanation();
			assertEquals(3, e.targetIndex(), model + ": a cat");
			assertEquals(reference.objects().get(0).contribution(), e.objects().get(0).contribution(), 1e-3, model.toString());
			assertFalse(String.join("\n", cmd.getLogLines()).contains("WARNING"), "nothing assumed: " + cmd.getLogLines());
		}
		// the TorchScript input size left out: it runs (ResNet-8 adapts), and the log says what was assumed
		Commands.forgetRememberedValues(context);
		Map<String, Object> in = inputs(cifar("cat_0000.jpg"));
		in.put("model", TestData.model("resnet8_cifar10_torchscript").toFile());
		ClassifierLoader instrumented = service.getClassifierLoader();
		service.setClassifierLoader(ModelLoader::load); // the model as the service gives it, not wrapped
		ExplainImageCommand cmd;
		try {
			cmd = command(run(in));
		}
		finally {
			service.setClassifierLoader(instrumented);
		}
		assertTrue(String.join("\n", cmd.getLogLines()).contains("WARNING: Ablation-CA cat_0000.jpg: TorchScript " +
			"files do not record the input size, and none was set; assuming 224 x 224 NCHW"),
			cmd.getLogLines().toString());
	}

	@Test
	void stackOfThreeGivesThreeSlicesOfResults() throws Exception {
		ImageStack stack = new ImageStack(32, 32);
		for (String name : List.of("cat_0000.jpg", "ship_0000.jpg", "truck_0000.jpg"))
			stack.addSlice(name, cifar(name).getProcessor());
		ImagePlus imp = new ImagePlus("three.tif", stack);
		long before = Checksums.pixels(imp);
		CommandModule m = run(inputs(imp));
		ExplainImageCommand cmd = command(m);
		assertFalse(cmd.isCanceled(), cmd.getCancelReason());
		ImagePlus heat = (ImagePlus) m.getOutput("heatmap_result");
		ImagePlus overlay = (ImagePlus) m.getOutput("overlay_result");
		assertEquals(3, heat.getStackSize());
		assertEquals(3, overlay.getStackSize());
		assertEquals(List.of(3, 8, 9), cmd.getResults().stream().map(r -> r.explanation().targetIndex()).toList(),
			"cat, ship, truck");
		ResultsTable objects = cmd.getObjects();
		assertEquals("slice", objects.getColumnHeading(0), "slice first for stacks");
		Set<Integer> slices = new HashSet<>();
		for (int r = 0; r < objects.size(); r++)
			slices.add((int) objects.getValue("slice", r));
		assertEquals(Set.of(1, 2, 3), slices);
		Set<Integer> positions = new HashSet<>();
		for (Roi roi : overlay.getOverlay().toArray())
			if (roi.getName() != null && roi.getName().startsWith("object ")) positions.add(roi.getPosition());
		assertEquals(Set.of(1, 2, 3), positions, "contours sit on their own slice");
		assertEquals(before, Checksums.pixels(imp));
	}

	@Test
	void allNaNSliceIsReportedAndTheOthersFinish() throws Exception {
		ImageStack stack = new ImageStack(32, 32);
		for (String name : List.of("cat_0000.jpg", "ship_0000.jpg", "truck_0000.jpg")) {
			FloatProcessor fp = cifar(name).getProcessor().convertToFloatProcessor();
			if (name.startsWith("ship")) Arrays.fill((float[]) fp.getPixels(), Float.NaN);
			stack.addSlice(name, fp);
		}
		ImagePlus imp = new ImagePlus("float.tif", stack);
		imp.setDisplayRange(0, 255);
		CommandModule m = run(inputs(imp));
		ExplainImageCommand cmd = command(m);
		assertFalse(cmd.isCanceled(), cmd.getCancelReason());
		List<SliceResult> results = cmd.getResults();
		assertFalse(results.get(0).failed());
		assertTrue(results.get(1).failed());
		assertFalse(results.get(2).failed());
		String log = String.join("\n", cmd.getLogLines());
		assertTrue(log.contains("WARNING: Ablation-CA float.tif: 1 of 3 slices could not be explained"), log);
		ImagePlus heat = (ImagePlus) m.getOutput("heatmap_result");
		assertEquals(3, heat.getStackSize());
		for (int slice = 1; slice <= 3; slice++) {
			float[] values = (float[]) heat.getStack().getProcessor(slice).getPixels();
			float[] expected = slice == 2 ? null : results.get(slice - 1).explanation().heatmap();
			for (int p = 0; p < values.length; p++)
				if (slice == 2) assertTrue(Float.isNaN(values[p]), "the failed slice is NaN at pixel " + p);
				else assertEquals(expected[p], values[p], "slice " + slice + " pixel " + p);
		}
		Set<Integer> slices = new HashSet<>();
		ResultsTable objects = cmd.getObjects();
		for (int r = 0; r < objects.size(); r++)
			slices.add((int) objects.getValue("slice", r));
		assertEquals(Set.of(1, 3), slices);
	}

	@Test
	void aSliceThatMakesTheModelThrowDoesNotStopTheOthers() throws Exception {
		ImageStack stack = new ImageStack(32, 32);
		stack.addSlice("cat", cifar("cat_0000.jpg").getProcessor());
		stack.addSlice("black", new ColorProcessor(32, 32));
		stack.addSlice("truck", cifar("truck_0000.jpg").getProcessor());
		// The model crashes on all-black input; only the black slice (whose ablations stay black) sends it.
		beforeBatch = (batch, n) -> {
			int size = batch.length / Math.max(1, n);
			for (int i = 0; i < n; i++) {
				boolean black = true;
				for (int k = i * size; k < (i + 1) * size && black; k++)
					black = batch[k] == 0;
				if (black) throw new IllegalStateException("model crashed on a black image");
			}
		};
		CommandModule m = run(inputs(new ImagePlus("mixed.tif", stack)));
		ExplainImageCommand cmd = command(m);
		assertFalse(cmd.isCanceled(), cmd.getCancelReason());
		List<SliceResult> results = cmd.getResults();
		assertFalse(results.get(0).failed());
		assertTrue(results.get(1).failed());
		assertTrue(results.get(1).error().contains("model crashed"), results.get(1).error());
		assertFalse(results.get(2).failed());
		assertEquals(3, ((ImagePlus) m.getOutput("overlay_result")).getStackSize());
	}

	@Test
	void cancelStopsWithinOneBatchAndShowsNothing(@TempDir Path out) throws Exception {
		AtomicInteger afterCancel = new AtomicInteger();
		boolean[] canceled = {false};
		beforeBatch = (batch, n) -> {
			if (canceled[0]) afterCancel.incrementAndGet();
			if (batches.get() == 1 && !canceled[0]) {
				canceled[0] = true;
				service.cancelAll();
			}
		};
		Map<String, Object> in = inputs(cifar("cat_0000.jpg"));
		in.put("samples", 500);
		in.put("batch_size", 8);
		in.put("out", out.toFile());
		CommandModule m = run(in);
		ExplainImageCommand cmd = command(m);
		assertTrue(cmd.isCanceled());
		assertTrue(cmd.getCancelReason().contains("canceled"), cmd.getCancelReason());
		assertTrue(canceled[0]);
		assertTrue(afterCancel.get() <= 1, "at most the batch in flight runs after a cancel: " + afterCancel.get());
		assertTrue(batches.get() < 10, "the run stopped early: " + batches.get() + " batches");
		assertNull(m.getOutput("heatmap_result"));
		assertNull(m.getOutput("overlay_result"));
		assertNull(cmd.getImages());
		try (var files = Files.list(out)) {
			assertEquals(0, files.count(), "nothing is saved by a canceled run");
		}
		assertEquals(0, service.runningCount());
	}

	@Test
	void savesTheFlattenedOverlayAndTablesHeadless(@TempDir Path out) throws Exception {
		Map<String, Object> in = inputs(cifar("ship_0000.jpg"));
		in.put("show_heatmap_window", false);
		in.put("show_overlay_window", false);
		in.put("show_tables", false);
		in.put("out", out.toFile());
		CommandModule m = run(in);
		assertFalse(command(m).isCanceled(), command(m).getCancelReason());
		assertNull(m.getOutput("heatmap_result"), "not shown when show_heatmap_window is off");
		Path folder = out.resolve("ship_0000");
		assertTrue(ResultFolder.isComplete(folder), "the result folder the command line writes");
		BufferedImage png = ImageIO.read(folder.resolve(ResultFolder.OVERLAY).toFile());
		assertEquals(256, png.getHeight(), "32 x 32 is enlarged 8 times in the picture");
		// pixel for pixel the overlay the renderer draws for this explanation on the input image
		OverlayRenderer.Style style = new OverlayRenderer.Style();
		style.pairsToDraw = 10;
		BufferedImage drawn = OverlayRenderer.flatten(ImagePlusConversion.rgb(cifar("ship_0000.jpg"), 1), command(m)
			.getResults().get(0).explanation(), style);
		assertEquals(drawn.getWidth(), png.getWidth());
		for (int y = 0; y < png.getHeight(); y++)
			for (int x = 0; x < png.getWidth(); x++)
				assertEquals(drawn.getRGB(x, y), png.getRGB(x, y), "overlay.png pixel " + x + "," + y);
		float[] heat = (float[]) IJ.openImage(folder.resolve(ResultFolder.HEATMAP).toString()).getProcessor()
			.getPixels();
		assertArrayEquals(command(m).getResults().get(0).explanation().heatmap(), heat);
		String objects = Files.readString(folder.resolve(ResultFolder.OBJECTS));
		assertEquals(String.join(",", ResultTables.OBJECT_COLUMNS), objects.lines().findFirst().orElse(""));
	}

	@Test
	void segmentsAndCompactnessReachTheSuperpixels() throws Exception {
		int[][] labels = new int[2][];
		double[] compactness = {1, 100};
		for (int i = 0; i < 2; i++) {
			Map<String, Object> in = inputs(cifar("frog_0000.jpg"));
			in.put("samples", 0);
			in.put("compactness", compactness[i]);
			CommandModule m = run(in);
			assertFalse(command(m).isCanceled(), command(m).getCancelReason());
			labels[i] = command(m).getResults().get(0).explanation().labels().labels();
		}
		assertFalse(Arrays.equals(labels[0], labels[1]), "SLIC follows colour edges at low compactness");
	}

	@Test
	void heatmapValuesChooseWhatIsPainted() throws Exception {
		Map<String, Object> in = inputs(cifar("frog_0000.jpg"));
		in.put("heatmap", "main effect"); // the dialog's old spelling still reads
		CommandModule m = run(in);
		assertFalse(command(m).isCanceled(), command(m).getCancelReason());
		Explanation e = command(m).getResults().get(0).explanation();
		assertEquals(HeatmapValues.MAIN_EFFECT, e.heatmapValues());
		int[] labels = e.labels().labels();
		float[] heat = (float[]) ((ImagePlus) m.getOutput("heatmap_result")).getProcessor().getPixels();
		for (int p = 0; p < labels.length; p++)
			assertEquals((float) e.objects().get(labels[p]).mainEffect(), heat[p], "pixel " + p);
	}

	@Test
	void theModelIsLoadedOnceForManyRuns() throws Exception {
		run(inputs(cifar("cat_0000.jpg")));
		int afterFirst = loads.get(), cached = service.cachedModels();
		run(inputs(cifar("ship_0000.jpg")));
		run(inputs(cifar("truck_0000.jpg")));
		assertEquals(afterFirst, loads.get(), "later runs reuse the loaded model");
		assertEquals(cached, service.cachedModels(), "and cache nothing new");
	}

	@Test
	void targetByLabelAndUnknownTarget() throws Exception {
		Map<String, Object> in = inputs(cifar("cat_0000.jpg"));
		in.put("target", "Dog");
		CommandModule m = run(in);
		assertFalse(command(m).isCanceled(), command(m).getCancelReason());
		assertEquals(5, command(m).getResults().get(0).explanation().targetIndex(), "'Dog' is output 5");

		batches.set(0);
		in.put("target", "unicorn");
		m = run(in);
		assertTrue(command(m).isCanceled());
		assertTrue(command(m).getCancelReason().contains("target 'unicorn' is not a class"), command(m).getCancelReason());
		assertEquals(0, batches.get(), "refused before any model call");
	}

	/** Collects the status events the command sends (Fiji's status line and progress bar listen to them). */
	public static final class StatusLog {
		final List<Integer> progress = new ArrayList<>();
		final List<String> messages = new ArrayList<>();

		@EventHandler
		public void onEvent(StatusEvent e) {
			synchronized (this) {
				// only this image's events: late deliveries from earlier runs carry other titles
				boolean ours = e.getStatusMessage() != null && e.getStatusMessage().contains("horse_0000.jpg");
				if (ours && e.getProgressMaximum() == 1000) progress.add(e.getProgressValue());
				if (e.getStatusMessage() != null) messages.add(e.getStatusMessage());
			}
		}
	}

	/**
	 * StatusService delivers its events asynchronously, from several threads, so the order of arrival is not the
	 * order of emission (which ExplainRunnerTest checks directly); here: the bar starts, moves through the run's
	 * stages and reaches the end, with the image named in the status line.
	 */
	@Test
	void progressBarAndStatusLineMove() throws Exception {
		StatusLog status = new StatusLog();
		context.getService(EventService.class).subscribe(status);
		run(inputs(cifar("horse_0000.jpg")));
		long deadline = System.currentTimeMillis() + 10_000;
		while (System.currentTimeMillis() < deadline) {
			synchronized (status) {
				if (status.progress.contains(1000)) break;
			}
			Thread.sleep(20);
		}
		synchronized (status) {
			assertTrue(status.progress.contains(0), "the bar starts: " + status.progress);
			assertTrue(status.progress.contains(1000), "the bar reaches the end: " + status.progress);
			assertTrue(status.progress.stream().filter(v -> v > 0 && v < 1000).distinct().count() >= 2,
				"and moves in between: " + status.progress);
			assertTrue(status.messages.stream().anyMatch(s -> s.contains("Ablation-CA horse_0000.jpg")),
				status.messages.toString());
		}
	}
}
