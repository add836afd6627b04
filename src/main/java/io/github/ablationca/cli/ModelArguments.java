package io.github.ablationca.cli;

import io.github.ablationca.classifier.ModelLoadException;
import io.github.ablationca.classifier.ModelOptions;
import io.github.ablationca.run.ExplainRunner;
import io.github.ablationca.run.ModelLoader;
import io.github.ablationca.run.RunSettings;
import io.github.ablationca.run.Setting;
import io.github.ablationca.run.Settings;
import io.github.ablationca.classifier.ModelClassifier;

import java.io.PrintStream;
import java.util.List;

/**
 * The model part of every subcommand that loads a model: the vocabulary's model options, {@code --verbose}, and the
 * loading itself through the one model loader ({@link ModelLoader}).
 */
final class ModelArguments {

	private ModelArguments() {}

	/**
	 * Declares the "Model" group: the vocabulary's model settings but {@code model} itself (declared with the
	 * inputs) and {@code excluded}, then {@code --verbose}.
	 */
	static Options addModelGroup(Options o, RunSettings s, Runnable verbose, String... excluded) {
		String[] skip = new String[excluded.length + 1];
		skip[0] = "model";
		System.arraycopy(excluded, 0, skip, 1, excluded.length);
		return o.group("Model").settings(s, Setting.Group.MODEL, skip)
			.flag("--verbose", "print on standard error what was loaded and where each setting came from, and with " +
				"each error the Java exception behind it (for bug reports).", verbose);
	}

	/** The keys of {@code ablation-ca.properties}, for help texts. */
	static String propertiesNote() {
		List<String> keys = Settings.on(Setting.Face.PROPERTIES).stream().map(Setting::key).toList();
		return "Settings a model always needs can be stored in " + ModelOptions.PROPERTIES_FILE + " in the model's " +
			"folder (keys " +
			String.join(", ", keys) + "); command-line options override them.";
	}

	/** Throws a {@link UsageException} unless {@code --model} was given. */
	static void requireModel(RunSettings s) {
		if (s.model == null) throw new UsageException("--model MODEL is required: a TensorFlow SavedModel folder, an ONNX file (.onnx), a " +
			"TorchScript file (.pt) or a folder holding one of them.");
	}

	/**
	 * Loads the model, or returns null after printing the load error on {@code err} (the caller then exits with 1).
	 * With {@code verbose} it describes the model on {@code err}; it notes what the loading had to guess (a float
	 * model's value range, an input size the model does not record: the usual causes of wrong predictions).
	 */
	static ModelClassifier loadOrReport(RunSettings s, boolean verbose, PrintStream err) {
		quietLogging();
		try {
			ModelClassifier c = ModelLoader.load(s.model, s.modelOptions);
			if (verbose) err.println(c.describe());
			for (String assumption : c.assumptions())
				err.println("Note: " + assumption);
			return c;
		}
		catch (ModelLoadException e) {
			err.println("Error: " + (verbose ? ExplainRunner.describe(e, true) : e.getMessage()));
			return null;
		}
	}

	/**
	 * Silences SLF4J's "no provider" notice (DJL logs through SLF4J; the command line ships no logging backend),
	 * unless the user configured SLF4J.
	 */
	static void quietLogging() {
		if (System.getProperty("slf4j.internal.verbosity") == null)
			System.setProperty("slf4j.internal.verbosity", "ERROR");
	}
}
