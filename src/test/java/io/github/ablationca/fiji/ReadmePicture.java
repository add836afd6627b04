package io.github.ablationca.fiji;

import io.github.ablationca.TestData;
import io.github.ablationca.engine.Explanation;

import ij.IJ;
import ij.ImagePlus;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.log.LogService;

/**
 * Regenerates the README's picture {@code docs/overlay-chelsea.png}: the Fiji command, headless, with MobileNet V2
 * on chelsea.png from {@code ../shared/data} and the default settings, writing the flattened overlay (exactly what
 * the command saves with {@code save_results_to}). Not a test; run with
 * {@code mvn -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.github.ablationca.fiji.ReadmePicture}.
 */
public final class ReadmePicture {

	private ReadmePicture() {}

	public static void main(String[] args) throws Exception {
		Path png = Path.of(args.length > 0 ? args[0] : "docs/overlay-chelsea.png");
		Path out = java.nio.file.Files.createTempDirectory("ablation-ca-readme");
		Context context = new Context(CommandService.class, AblationCaService.class, LogService.class);
		try {
			ImagePlus imp = IJ.openImage(TestData.image("imagenet/chelsea.png").toString());
			Map<String, Object> in = new HashMap<>();
			in.put("image", imp);
			in.put("model_folder", TestData.model("mobilenet_v2_imagenet").toFile());
			in.put("value_range", "-1..1");
			in.put("resize_mode", "stretch");
			in.put("target_class", "");
			in.put("segments", 40);
			in.put("compactness", 10.0);
			in.put("samples", 500);
			in.put("fill_mode", "mean");
			in.put("score_scale", "log-odds");
			in.put("random_seed", 1L);
			in.put("batch_size", 32);
			in.put("pairs_to_draw", 6);
			in.put("first_slice", 1);
			in.put("last_slice", 0);
			in.put("save_results_to", out.toFile());
			CommandModule m = context.getService(CommandService.class).run(ExplainImageCommand.class, true, in).get();
			ExplainImageCommand cmd = (ExplainImageCommand) m.getCommand();
			if (cmd.isCanceled()) throw new IllegalStateException(cmd.getCancelReason());
			java.nio.file.Files.createDirectories(png.toAbsolutePath().getParent());
			java.nio.file.Files.copy(out.resolve("chelsea_overlay.png"), png,
				java.nio.file.StandardCopyOption.REPLACE_EXISTING);
			System.out.println("wrote " + png);
			Explanation e = cmd.getResults().get(0).explanation();
			System.out.println("pairs (rank a b correlation significant):");
			e.pairs().stream().limit(8).forEach(p -> System.out.println("  " + p.rank() + " " + (p.a() + 1) + " " +
				(p.b() + 1) + " " + String.format("%+.3f", p.correlation()) + " " + p.significant()));
			System.out.println("groups:");
			e.groups().stream().limit(5).forEach(g -> System.out.println("  G" + g.rank() + " " +
				ResultTables.memberIds(g.members()) + " mean r " + String.format("%+.3f", g.meanCorrelation())));
		}
		finally {
			context.dispose();
		}
	}
}
