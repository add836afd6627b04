package io.github.ablationca.cli;

import io.github.ablationca.classifier.ValueRange;
import io.github.ablationca.djl.ModelLoadException;
import io.github.ablationca.djl.ModelOptions;
import io.github.ablationca.djl.OutputKind;
import io.github.ablationca.djl.TensorFlowClassifier;
import io.github.ablationca.image.ResizeMode;

import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;

/**
 * The model options every subcommand that loads a SavedModel shares ({@code --model}, {@code --labels},
 * {@code --value-range}, ...), declared once on an {@link OptionParser}, and the loading itself.
 */
final class ModelArguments {

	/** The SavedModel folder ({@code --model}). */
	Path model;
	/** Everything else about the model; null fields come from {@code ablation-ca.properties} or the defaults. */
	final ModelOptions options = new ModelOptions();
	/** {@code --verbose}: describe the loaded model on standard error. */
	boolean verbose;

	/** Declares {@code --model} and {@code --labels}. */
	void addBasic(OptionParser p) {
		p.option("--model", "DIR", "TensorFlow SavedModel folder (the folder holding saved_model.pb). Required.",
			v -> model = Paths.get(v));
		p.option("--labels", "FILE", "class names, one per line; default: labels.txt in the model folder, else " +
			"'class <index>'.", v -> options.labels = Paths.get(v));
	}

	/**
	 * Declares the preprocessing and batching options.
	 *
	 * @param rounding whether to offer {@code --round-8bit} (only where the classifier's preprocessor fits images;
	 *        the engine renders ablations in model space itself and does not round)
	 */
	void addPreprocessing(OptionParser p, boolean rounding) {
		p.option("--value-range", "R", "how 8-bit pixel values p are scaled for the model: -1..1 (p/127.5-1, " +
			"MobileNet/Inception), centered-128 ((p-128)/128), 0..1 (p/255), 0..255 (p), imagenet (ImageNet " +
			"mean/std). Default: the model's ablation-ca.properties, else -1..1.",
			v -> options.valueRange = ValueRange.parse(v));
		p.option("--resize", "MODE", "stretch (default: the whole image, aspect ratio not kept) or center-crop (the " +
			"central square, as in ImageNet evaluations).", v -> options.resize = resizeMode(v));
		if (rounding)
			p.flag("--round-8bit", "round the resized image to whole 8-bit values (as if saved at model size).",
				() -> options.roundTo8Bit = true);
		p.option("--batch-size", "N", "images per model call (default 16, or batch_size of the model's " +
			"ablation-ca.properties); results do not depend on it.",
			v -> options.batchSize = OptionParser.positive("--batch-size", v));
	}

	/**
	 * The closing sections of the explain-style commands: "Model:" (preprocessing without rounding, then the
	 * advanced options) and "Other:" with {@code -h, --help}.
	 */
	void addModelAndHelpSections(OptionParser p, Runnable help) {
		p.section("Model:");
		addPreprocessing(p, false);
		addAdvanced(p);
		p.section("Other:");
		p.flag("-h, --help", "this help.", help);
	}

	/** Declares the options that pick tensors and signatures, and {@code --verbose}. */
	void addAdvanced(OptionParser p) {
		p.option("--input", "NAME", "the model's image input (signature key or tensor name), if it has several.",
			v -> options.input = v);
		p.option("--output", "NAME", "the class-score output (signature key or tensor name), if it has several.",
			v -> options.output = v);
		p.option("--output-kind", "K", "logits (softmax is applied), probabilities (used as is) or auto (default: " +
			"detected from the graph).", v -> options.outputKind = OutputKind.parse(v));
		p.option("--label-offset", "N", "the output that line 1 of the labels file names (default: automatic; 1 " +
			"for 1000 ImageNet labels on a 1001-output model with a background class).",
			v -> options.labelOffset = OptionParser.integer("--label-offset", v));
		p.option("--input-size", "N|WxH", "input size for models whose input size is not fixed (default 224).",
			this::inputSize);
		p.option("--signature", "KEY", "SavedModel signature (default serving_default).", v -> options.signature = v);
		p.option("--tags", "TAGS", "SavedModel tags, comma separated (default serve).", v -> options.tags = v);
		p.flag("--verbose", "print on standard error what was loaded and where each setting came from.",
			() -> verbose = true);
	}

	/** The keys of {@code ablation-ca.properties}, for help texts. */
	static String propertiesNote() {
		return "Settings a model always needs can be stored in DIR/" + ModelOptions.PROPERTIES_FILE + " (keys " +
			"value_range, resize,\nround_to_8bit, output, output_kind, label_offset, labels, input, input_size, " +
			"batch_size, signature,\ntags); command-line options override them.";
	}

	private void inputSize(String value) {
		String[] wh = value.toLowerCase(Locale.ROOT).split("x");
		if (wh.length > 2) throw new UsageException("--input-size takes N or WxH, e.g. 224 or 224x224.");
		options.inputWidth = OptionParser.positive("--input-size", wh[0]);
		options.inputHeight = wh.length == 2 ? OptionParser.positive("--input-size", wh[1]) : options.inputWidth;
	}

	static ResizeMode resizeMode(String value) {
		switch (value.strip().toLowerCase(Locale.ROOT).replace('_', '-')) {
			case "stretch":
				return ResizeMode.STRETCH;
			case "center-crop":
			case "centre-crop":
			case "crop":
				return ResizeMode.CENTER_CROP;
			default:
				throw new UsageException("--resize takes stretch or center-crop, not '" + value + "'.");
		}
	}

	/** Throws a {@link UsageException} unless {@code --model} was given. */
	void requireModel() {
		if (model == null) throw new UsageException("--model DIR is required: the TensorFlow SavedModel folder.");
	}

	/**
	 * Loads the model; with {@code --verbose} describes it on {@code err}, and notes there when the value range was
	 * left at its default for a float model (the usual cause of wrong predictions).
	 *
	 * @throws io.github.ablationca.djl.ModelLoadException naming the problem and the fix
	 */
	TensorFlowClassifier load(PrintStream err) {
		quietLogging();
		TensorFlowClassifier c = TensorFlowClassifier.load(model, options);
		if (verbose) err.println(c.describe());
		if (c.valueRangeIsDefault() && c.inputIsFloat())
			err.println("Note: the value range of this model is not set; assuming " + c.valueRange().id() +
				". Set it with --value-range (or value_range in " + ModelOptions.PROPERTIES_FILE + ").");
		return c;
	}

	/** {@link #load}, or null after printing the load error on {@code err} (the caller then exits with 1). */
	TensorFlowClassifier loadOrReport(PrintStream err) {
		try {
			return load(err);
		}
		catch (ModelLoadException e) {
			err.println("Error: " + e.getMessage());
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
