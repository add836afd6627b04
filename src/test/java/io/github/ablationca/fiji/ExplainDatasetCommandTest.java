package io.github.ablationca.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ablationca.demo.DemoAssets;
import io.github.ablationca.results.DatasetBatch;
import io.github.ablationca.results.ResultFolder;
import io.github.ablationca.run.Table;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ColorProcessor;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandService;
import org.scijava.log.LogService;
import org.scijava.prefs.PrefService;

/**
 * Plugins &gt; Ablation-CA &gt; Explain Dataset..., run headless through a SciJava context as a macro or script runs it:
 * on a folder and on the open stack, with the demo model; its graph picture and tables are those written to the
 * output folder; a folder without images is refused with the fix.
 */
class ExplainDatasetCommandTest {

	private Context context;

	@BeforeEach
	void start() {
		context = new Context(CommandService.class, AblationCaService.class, LogService.class, PrefService.class);
		context.getService(PrefService.class).clear(ExplainDatasetCommand.class);
	}

	@AfterEach
	void stop() {
		context.getService(PrefService.class).clear(ExplainDatasetCommand.class);
		context.dispose();
	}

	private Map<String, Object> inputs(Path out) {
		Map<String, Object> in = new HashMap<>();
		in.put("model", DemoAssets.modelDir().toFile());
		in.put("out", out.toFile());
		in.put("segments", "10");
		in.put("samples", "120");
		in.put("show_results", true);
		return in;
	}

	private ExplainDatasetCommand run(Map<String, Object> inputs) throws Exception {
		return (ExplainDatasetCommand) context.getService(CommandService.class).run(ExplainDatasetCommand.class, true,
			inputs).get().getCommand();
	}

	@Test
	void aFolderGivesTheGraphAndTheTablesOfTheWrittenResults(@TempDir Path tmp) throws Exception {
		Path in = Files.createDirectories(tmp.resolve("in"));
		for (int i = 0; i < 4; i++)
			DemoAssets.writePng(DemoAssets.shortcutScene(i).render(96), in.resolve("s" + i + ".png"));
		Map<String, Object> inputs = inputs(tmp.resolve("out"));
		inputs.put("folder", in.toFile());
		ExplainDatasetCommand cmd = run(inputs);
		assertFalse(cmd.isCanceled(), cmd.getCancelReason());
		assertEquals(4, cmd.report().batch().explained());
		Path house = DatasetBatch.classFolder(tmp.resolve("out"), "house");
		Table concepts = Table.parseCsv(Files.readString(house.resolve("concepts.csv")));
		Table edges = Table.parseCsv(Files.readString(house.resolve("edges.csv")));
		assertEquals(concepts.size(), cmd.concepts().size());
		assertEquals(edges.size(), cmd.edges().size());
		assertEquals(Double.parseDouble((String) concepts.get(0, "importance")), cmd.concepts().getValue("importance",
			0), 1e-6);
		ImagePlus graph = cmd.graph();
		assertNotNull(graph);
		assertEquals(new ij.io.Opener().openImage(house.resolve("graph.png").toString()).getWidth(), graph.getWidth());
	}

	@Test
	void theOpenStackIsAnalysedSliceBySliceAndLeftUntouched(@TempDir Path tmp) throws Exception {
		ImageStack stack = new ImageStack(96, 96);
		for (int i = 0; i < 3; i++)
			stack.addSlice(new ColorProcessor(96, 96, DemoAssets.shortcutScene(i).render(96).toArgb()));
		ImagePlus image = new ImagePlus("houses", stack);
		int before = image.getStack().getProcessor(2).getPixel(10, 10);
		Map<String, Object> inputs = inputs(tmp.resolve("out"));
		inputs.put("image", image);
		ExplainDatasetCommand cmd = run(inputs);
		assertFalse(cmd.isCanceled(), cmd.getCancelReason());
		assertEquals(3, cmd.report().batch().explained());
		for (int k = 1; k <= 3; k++)
			assertTrue(ResultFolder.isComplete(tmp.resolve("out/houses_slice" + k)), "slice " + k);
		assertEquals(before, image.getStack().getProcessor(2).getPixel(10, 10), "the image is not modified");
		assertEquals(3, image.getStackSize());
	}

	@Test
	void aFolderWithoutImagesIsRefusedWithTheFix(@TempDir Path tmp) throws Exception {
		Map<String, Object> inputs = inputs(tmp.resolve("out"));
		inputs.put("folder", Files.createDirectories(tmp.resolve("empty")).toFile());
		ExplainDatasetCommand cmd = run(inputs);
		assertTrue(cmd.isCanceled());
		assertTrue(cmd.getCancelReason().contains("No images found") && cmd.getCancelReason().contains("Fix:"),
			cmd.getCancelReason());
		assertEquals(null, cmd.graph());
		assertFalse(new File(tmp.resolve("out").toFile(), "dataset").exists());
	}
}
