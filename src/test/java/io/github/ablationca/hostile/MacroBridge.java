package io.github.ablationca.hostile;

import io.github.ablationca.fiji.ExplainImageCommand;

import ij.ImagePlus;
import ij.Macro;
import ij.plugin.PlugIn;

import java.io.File;
import java.util.HashMap;
import java.util.Map;

import org.scijava.Context;
import org.scijava.command.CommandService;

/**
 * What Fiji's legacy layer does when an ImageJ macro calls {@code run("Explain Image...", options)}: the command
 * runs on a module thread with the macro's options as its inputs while the macro thread waits. Fiji itself is not
 * available to the tests; this bridge lets a real ImageJ macro run the command the same way.
 */
public final class MacroBridge implements PlugIn {

	/** The test's context and the image the macro works on (Fiji: the active image). */
	static volatile Context context;
	static volatile ImagePlus image;

	@Override
	public void run(String arg) {
		String options = Macro.getOptions();
		Map<String, Object> in = new HashMap<>();
		in.put("image", image);
		for (String key : new String[] {"model", "value_range", "segments", "samples", "seed", "out"}) {
			String v = Macro.getValue(options, key, null);
			if (v != null) in.put(key, key.equals("model") || key.equals("out") ? new File(v) : v);
		}
		in.put("show_tables", false);
		try {
			context.getService(CommandService.class).run(ExplainImageCommand.class, true, in).get();
		}
		catch (Exception e) {
			throw new IllegalStateException(e);
		}
	}
}
