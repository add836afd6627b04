package io.github.ablationca.fiji;

import java.util.Map;

import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.prefs.PrefService;

/** Helpers for running the command in a test context. */
final class Commands {

	private Commands() {}

	/**
	 * Runs the command as a Fiji script would ({@code command.run(ExplainImageCommand, true, inputs).get()}) and
	 * returns the finished module (its outputs, and the command with {@code getCommand()}).
	 */
	static CommandModule run(Context context, Map<String, Object> inputs) throws Exception {
		return context.getService(CommandService.class).run(ExplainImageCommand.class, true, inputs).get();
	}

	/** Drops the parameter values SciJava remembered from earlier runs, so every run starts from the defaults. */
	static void forgetRememberedValues(Context context) {
		PrefService prefs = context.getService(PrefService.class);
		if (prefs != null) prefs.clear(ExplainImageCommand.class);
	}
}
