package io.github.ablationca.fiji;

import org.scijava.Context;
import org.scijava.prefs.PrefService;

/** Helpers for running the command in a test context. */
final class Commands {

	private Commands() {}

	/** Drops the parameter values SciJava remembered from earlier runs, so every run starts from the defaults. */
	static void forgetRememberedValues(Context context) {
		PrefService prefs = context.getService(PrefService.class);
		if (prefs != null) prefs.clear(ExplainImageCommand.class);
	}
}
