package io.github.ablationca.cli;

import ij.ImagePlus;
import io.github.ablationca.classifier.ClassScore;
import io.github.ablationca.classifier.ImagePreprocessor;
import io.github.ablationca.classifier.Predictions;
import io.github.ablationca.classifier.ValueRange;
import io.github.ablationca.djl.ModelLoadException;
import io.github.ablationca.djl.ModelOptions;
import io.github.ablationca.djl.OutputKind;
import io.github.ablationca.djl.TensorFlowClassifier;
import io.github.ablationca.image.ResizeMode;
import io.github.ablationca.image.RgbImage;

import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code ablation-ca classify}: the top classes of images, one tab-separated line per class:
 * {@code image, rank, index, label, probability}.
 */
final class ClassifyCommand {

	private ClassifyCommand() {}

	static int run(String[] args) {
		return run(args, System.out, System.err);
	}

	static String usage() {
		return String.join("\n",
			"Usage: ablation-ca classify --model DIR [options] IMAGE...",
			"",
			"Prints the most probable classes of each image, one tab-separated line per class:",
			"  image<TAB>rank<TAB>index<TAB>label<TAB>probability",
			"rank counts from 1, index is the model's output index (0-based), probability is in 0..1.",
			"Each slice of a stack is classified; its image column reads FILE#SLICE.",
			"",
			"Options:",
			"  --model DIR            TensorFlow SavedModel folder (the folder holding saved_model.pb). Required.",
			"  --labels FILE          class names, one per line; default: labels.txt in the model folder,",
			"                         else 'class <index>'.",
			"  --top K                classes printed per image (default 5).",
			"  --value-range R        how 8-bit pixel values p are scaled for the model: -1..1 (p/127.5-1,",
			"                         MobileNet/Inception), centered-128 ((p-128)/128), 0..1 (p/255), 0..255 (p),",
			"                         imagenet (ImageNet mean/std). Default: the model's ablation-ca.properties,",
			"                         else -1..1.",
			"  --resize MODE          stretch (default: the whole image, aspect ratio not kept) or center-crop",
			"                         (the central square, as in ImageNet evaluations).",
			"  --round-8bit           round the resized image to whole 8-bit values (as if saved at model size).",
			"  --batch-size N         images per model call (default 16); results do not depend on it.",
			"  --input NAME           the model's image input (signature key or tensor name), if it has several.",
			"  --output NAME          the class-score output (signature key or tensor name), if it has several.",
			"  --output-kind K        logits (softmax is applied), probabilities (used as is) or auto (default:",
			"                         detected from the graph).",
			"  --label-offset N       the output that line 1 of the labels file names (default: automatic; 1 for",
			"                         1000 ImageNet labels on a 1001-output model with a background class).",
			"  --input-size N|WxH     input size for models whose input size is not fixed (default 224).",
			"  --signature KEY        SavedModel signature (default serving_default).",
			"  --tags TAGS            SavedModel tags, comma separated (default serve).",
			"  --header               print a header line first.",
			"  --verbose              print on standard error what was loaded and where each setting came from.",
			"  -h, --help             this help.",
			"",
			"Settings a model always needs can be stored in DIR/ablation-ca.properties (keys value_range, resize,",
			"round_to_8bit, output, output_kind, label_offset, labels, input, input_size, batch_size, signature,",
			"tags); command-line options override them.",
			"",
			"Exit status: 0 all images classified; 1 the model or some images failed (reported on standard error);",
			"2 bad command line.",
			"",
			"Example (MobileNet v2 as in ../shared/data/README.md):",
			"  ablation-ca classify --model ../shared/data/models/mobilenet_v2_imagenet --value-range centered-128 \\",
			"      --resize center-crop --round-8bit --top 3 ../shared/data/images/imagenet/cat.png");
	}

	/** Parsed command line. */
	static final class Arguments {
		Path model;
		ModelOptions options = new ModelOptions();
		int top = 5;
		boolean header;
		boolean verbose;
		boolean help;
		List<String> images = new ArrayList<>();
	}

	static Arguments parse(String[] args) {
		Arguments a = new Arguments();
		for (int i = 0; i < args.length; i++) {
			String arg = args[i];
			String value = null;
			if (arg.startsWith("--") && arg.contains("=")) {
				value = arg.substring(arg.indexOf('=') + 1);
				arg = arg.substring(0, arg.indexOf('='));
			}
			switch (arg) {
				case "-h":
				case "--help":
					a.help = true;
					break;
				case "--header":
					a.header = true;
					break;
				case "--verbose":
					a.verbose = true;
					break;
				case "--round-8bit":
					a.options.roundTo8Bit = true;
					break;
				case "--":
					for (i++; i < args.length; i++)
						a.images.add(args[i]);
					break;
				default:
					if (!arg.startsWith("--") || arg.length() == 2) {
						if (arg.startsWith("-") && arg.length() > 1)
							throw new UsageException("Unknown option '" + arg + "'.");
						a.images.add(arg);
						break;
					}
					if (value == null) {
						if (i + 1 >= args.length) throw new UsageException("Option " + arg + " needs a value.");
						value = args[++i];
					}
					option(a, arg, value);
			}
		}
		return a;
	}

	private static void option(Arguments a, String name, String value) {
		ModelOptions o = a.options;
		try {
			switch (name) {
				case "--model":
					a.model = Paths.get(value);
					break;
				case "--labels":
					o.labels = Paths.get(value);
					break;
				case "--top":
					a.top = positive(name, value);
					break;
				case "--value-range":
					o.valueRange = ValueRange.parse(value);
					break;
				case "--resize":
					o.resize = resizeMode(value);
					break;
				case "--batch-size":
					o.batchSize = positive(name, value);
					break;
				case "--input":
					o.input = value;
					break;
				case "--output":
					o.output = value;
					break;
				case "--output-kind":
					o.outputKind = OutputKind.parse(value);
					break;
				case "--label-offset":
					o.labelOffset = integer(name, value);
					break;
				case "--input-size": {
					String[] wh = value.toLowerCase(Locale.ROOT).split("x");
					if (wh.length > 2) throw new UsageException("--input-size takes N or WxH, e.g. 224 or 224x224.");
					o.inputWidth = positive(name, wh[0]);
					o.inputHeight = wh.length == 2 ? positive(name, wh[1]) : o.inputWidth;
					break;
				}
				case "--signature":
					o.signature = value;
					break;
				case "--tags":
					o.tags = value;
					break;
				default:
					throw new UsageException("Unknown option '" + name + "'.");
			}
		}
		catch (IllegalArgumentException e) {
			throw new UsageException(name + ": " + e.getMessage());
		}
	}

	private static ResizeMode resizeMode(String value) {
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

	private static int integer(String name, String value) {
		try {
			return Integer.parseInt(value.strip());
		}
		catch (NumberFormatException e) {
			throw new UsageException(name + " takes a whole number, not '" + value + "'.");
		}
	}

	private static int positive(String name, String value) {
		int v = integer(name, value);
		if (v < 1) throw new UsageException(name + " must be at least 1, not " + v + ".");
		return v;
	}

	/** One image (or stack slice) to classify; converted to RGB only when its batch is run. */
	private record Item(String name, ImagePlus imp, int slice) {}

	static int run(String[] args, PrintStream out, PrintStream err) {
		Arguments a = parse(args);
		if (a.help) {
			out.println(usage());
			return 0;
		}
		if (a.model == null) throw new UsageException("--model DIR is required: the TensorFlow SavedModel folder.");
		if (a.images.isEmpty()) throw new UsageException("No images given; list image files after the options.");
		quietLogging();
		TensorFlowClassifier classifier;
		try {
			classifier = TensorFlowClassifier.load(a.model, a.options);
		}
		catch (ModelLoadException e) {
			err.println("Error: " + e.getMessage());
			return 1;
		}
		int[] failed = {0};
		try (TensorFlowClassifier c = classifier) {
			if (a.verbose) err.println(c.describe());
			if (c.valueRangeIsDefault() && c.inputIsFloat())
				err.println("Note: the value range of this model is not set; assuming " + c.valueRange().id() +
					". Set it with --value-range (or value_range in " + ModelOptions.PROPERTIES_FILE + ").");
			if (a.header) out.println("image\trank\tindex\tlabel\tprobability");
			ImagePreprocessor pre = c.preprocessor();
			int batch = c.batchSize();
			float[] buffer = new float[batch * pre.imageSize()];
			List<Item> pending = new ArrayList<>(batch);
			for (String file : a.images) {
				ImagePlus imp;
				try {
					imp = ImagePlusImages.open(Paths.get(file));
				}
				catch (IllegalArgumentException e) {
					err.println("Error: " + e.getMessage());
					failed[0]++;
					continue;
				}
				int n = imp.getStackSize();
				for (int slice = 1; slice <= n; slice++) {
					pending.add(new Item(n == 1 ? file : file + "#" + slice, imp, slice));
					if (pending.size() == batch) classify(c, pre, pending, buffer, a.top, out, err, failed);
				}
			}
			if (!pending.isEmpty()) classify(c, pre, pending, buffer, a.top, out, err, failed);
		}
		catch (RuntimeException e) {
			err.println("Error: classification failed: " + e.getMessage());
			return 1;
		}
		out.flush();
		if (failed[0] > 0) {
			err.println(failed[0] + " of " + a.images.size() + " image files could not be classified.");
			return 1;
		}
		return 0;
	}

	/** Converts, preprocesses and classifies the pending items, prints their lines and empties the list. */
	private static void classify(TensorFlowClassifier c, ImagePreprocessor pre, List<Item> items, float[] buffer,
		int top, PrintStream out, PrintStream err, int[] failed)
	{
		List<String> names = new ArrayList<>(items.size());
		for (Item item : items) {
			try {
				RgbImage rgb = ImagePlusImages.toRgb(item.imp(), item.slice());
				pre.apply(rgb, buffer, names.size() * pre.imageSize());
				names.add(item.name());
			}
			catch (IllegalArgumentException e) {
				err.println("Error: " + item.name() + ": " + e.getMessage());
				failed[0]++;
			}
		}
		items.clear();
		if (names.isEmpty()) return;
		float[][] p = c.predict(buffer, names.size());
		for (int i = 0; i < names.size(); i++) {
			String name = clean(names.get(i));
			int rank = 1;
			for (ClassScore s : Predictions.topK(p[i], c.labels(), top))
				out.println(name + '\t' + rank++ + '\t' + s.index() + '\t' + clean(s.label()) + '\t' +
					String.format(Locale.ROOT, "%.6f", s.probability()));
		}
	}

	/** Tabs and line breaks would break the columns. */
	private static String clean(String s) {
		return s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
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
