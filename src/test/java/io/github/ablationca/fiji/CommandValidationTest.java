package io.github.ablationca.fiji;

import io.github.ablationca.Checksums;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import ij.process.ColorProcessor;

import java.io.File;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.log.LogService;

/**
 * Bad input is refused with a clear message before any model is loaded or called. The model loader counts its
 * calls, so "never loaded" is checked, not assumed.
 */
class CommandValidationTest {

	@TempDir
	Path modelDir;

	private Context context;
	private final AtomicInteger loads = new AtomicInteger();

	@BeforeEach
	void setUp() {
		context = new Context(CommandService.class, AblationCaService.class, LogService.class);
		// Fiji remembers the last values of a dialog; tests start from the declared defaults.
		Commands.forgetRememberedValues(context);
		context.getService(AblationCaService.class).setClassifierLoader((model, options) -> {
			loads.incrementAndGet();
			throw new AssertionError("the model must not be loaded for bad input");
		});
	}

	@AfterEach
	void tearDown() {
		Commands.forgetRememberedValues(context);
		context.dispose();
	}

	private Map<String, Object> inputs(ImagePlus image) {
		Map<String, Object> in = new HashMap<>();
		in.put("image", image);
		in.put("model", modelDir.toFile());
		return in;
	}

	private static ImagePlus rgb(int w, int h) {
		return new ImagePlus("test.png", new ColorProcessor(w, h));
	}

	private CommandModule run(Map<String, Object> inputs) throws Exception {
		return Commands.run(context, inputs);
	}

	private void assertRefused(Map<String, Object> inputs, String... fragments) throws Exception {
		CommandModule module = run(inputs);
		ExplainImageCommand command = (ExplainImageCommand) module.getCommand();
		assertTrue(command.isCanceled(), "the run must be refused");
		String reason = command.getCancelReason();
		for (String f : fragments)
			assertTrue(reason.contains(f), "message '" + reason + "' should mention '" + f + "'");
		assertEquals(0, loads.get(), "no model may be loaded for bad input");
		assertNull(command.getImages());
		assertNull(command.getObjects());
		assertNull(module.getOutput("heatmap_result"));
		assertNull(module.getOutput("overlay_result"));
	}

	@Test
	void noImageIsRefused() throws Exception {
		Map<String, Object> in = inputs(null);
		assertRefused(in, "No image", "open an image");
	}

	@Test
	void oneByOneImageIsRefused() throws Exception {
		assertRefused(inputs(rgb(1, 1)), "1 x 1", "at least 4 x 4");
	}

	@Test
	void missingModelFolderIsRefused() throws Exception {
		Map<String, Object> in = inputs(rgb(64, 64));
		in.put("model", new File(modelDir.toFile(), "does-not-exist"));
		assertRefused(in, "model", "does-not-exist", "does not exist", "saved_model.pb");
	}

	@Test
	void zeroSegmentsAreRefused() throws Exception {
		Map<String, Object> in = inputs(rgb(64, 64));
		in.put("segments", 0);
		assertRefused(in, "segments must be a whole number from 2 to 10000, not '0'");
	}

	@Test
	void negativeSamplesAreRefused() throws Exception {
		Map<String, Object> in = inputs(rgb(64, 64));
		in.put("samples", -1);
		assertRefused(in, "samples must be a whole number from 0 to 10000000, not '-1'");
	}

	@Test
	void badSliceRangeIsRefused() throws Exception {
		Map<String, Object> in = inputs(rgb(64, 64));
		in.put("first_slice", 2);
		assertRefused(in, "first_slice", "1..1");
	}

	@Test
	void unknownFillModeIsRefused() throws Exception {
		Map<String, Object> in = inputs(rgb(64, 64));
		in.put("fill", "purple");
		assertRefused(in, "fill must be one of mean, blur, constant, noise, not 'purple'");
	}

	@Test
	void missingLabelsFileIsRefused() throws Exception {
		Map<String, Object> in = inputs(rgb(64, 64));
		in.put("labels", modelDir.resolve("nope.txt").toFile());
		assertRefused(in, "labels file", "nope.txt", "does not exist");
	}

	@Test
	void inputImageIsUntouchedByARefusedRun() throws Exception {
		ImagePlus imp = rgb(64, 64);
		imp.getProcessor().setColor(java.awt.Color.ORANGE);
		imp.getProcessor().fill();
		long before = Checksums.pixels(imp);
		Map<String, Object> in = inputs(imp);
		in.put("segments", 0);
		run(in);
		assertEquals(before, Checksums.pixels(imp));
		assertFalse(imp.changes);
	}
}
