package io.github.ablationca.tools;

import io.github.ablationca.TestData;
import io.github.ablationca.cli.Main;
import io.github.ablationca.fiji.AblationCaService;
import io.github.ablationca.fiji.ExplainImageCommand;
import io.github.ablationca.results.ResultFolder;

import ij.IJ;
import ij.ImagePlus;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;

import org.scijava.Context;
import org.scijava.command.CommandService;
import org.scijava.log.LogService;
import org.scijava.prefs.PrefService;

/**
 * Regenerates the pictures of the README and the docs from the current renderer:
 * <ul>
 * <li>{@code docs/overlay-chelsea.png}: the Fiji command, headless, with MobileNet V2 on chelsea.png from
 * {@code ../shared/data} and the default settings (what the command saves with {@code out});</li>
 * <li>{@code docs/overlay-demo.png}: the demo ({@code scripts/ablation-ca} without arguments).</li>
 * </ul>
 * Run after {@code mvn -B -DskipTests package} with
 * {@code java -cp "target/test-classes:target/classes:target/dependency/*" io.github.ablationca.tools.DocsPictures}.
 */
public final class DocsPictures {

	private DocsPictures() {}

	public static void main(String[] args) throws Exception {
		Path docs = Path.of(args.length > 0 ? args[0] : "docs");
		Files.createDirectories(docs);
		chelsea(docs.resolve("overlay-chelsea.png"));
		demo(docs.resolve("overlay-demo.png"));
	}

	private static void chelsea(Path png) throws Exception {
		Path out = Files.createTempDirectory("ablation-ca-docs");
		Context context = new Context(CommandService.class, AblationCaService.class, LogService.class);
		try {
			context.getService(PrefService.class).clear(ExplainImageCommand.class); // the defaults, not remembered values
			ImagePlus imp = IJ.openImage(TestData.image("imagenet/chelsea.png").toString());
			Map<String, Object> in = new HashMap<>();
			in.put("image", imp);
			in.put("model", TestData.model("mobilenet_v2_imagenet").toFile());
			in.put("value_range", "-1..1");
			in.put("pairs_to_draw", 6);
			in.put("out", out.toFile());
			ExplainImageCommand cmd = (ExplainImageCommand) context.getService(CommandService.class)
				.run(ExplainImageCommand.class, true, in).get().getCommand();
			if (cmd.isCanceled()) throw new IllegalStateException(cmd.getCancelReason());
			Files.copy(out.resolve("chelsea").resolve(ResultFolder.OVERLAY), png, StandardCopyOption.REPLACE_EXISTING);
			System.out.println("wrote " + png + ": " + cmd.getLogLines().get(0));
		}
		finally {
			context.dispose();
		}
	}

	private static void demo(Path png) throws Exception {
		Path out = Files.createTempDirectory("ablation-ca-demo");
		int exit = Main.run(new String[] {"demo", "--out", out.toString(), "--progress", "off"});
		if (exit != 0) throw new IllegalStateException("the demo failed (exit " + exit + ")");
		Files.copy(out.resolve("house").resolve(ResultFolder.OVERLAY), png, StandardCopyOption.REPLACE_EXISTING);
		System.out.println("wrote " + png);
	}
}
