package io.github.ablationca.cli;

import io.github.ablationca.imagej.ImagePlusConversion;
import ij.ImagePlus;
import io.github.ablationca.classifier.ClassScore;
import io.github.ablationca.classifier.ImagePreprocessor;
import io.github.ablationca.classifier.Predictions;
import io.github.ablationca.imagej.ImageFiles;
import io.github.ablationca.results.InputFiles;
import io.github.ablationca.run.ExplainRunner;
import io.github.ablationca.run.IoMessages;
import io.github.ablationca.run.Slice;
import io.github.ablationca.run.RunSettings;
import io.github.ablationca.run.ValueType;
import io.github.ablationca.classifier.ModelClassifier;
import io.github.ablationca.image.RgbImage;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code ablation-ca classify}: the top classes of images, one tab-separated line per class:
 * {@code image, rank, index, label, probability}.
 */
final class ClassifyCommand {

	private ClassifyCommand() {}

	/** Parsed command line. */
	static final class Arguments {
		final RunSettings settings = new RunSettings();
		int top = 5;
		boolean header, verbose, help;
		final List<String> images = new ArrayList<>();
	}

	/** The options of {@code classify}, bound to {@code a}. */
	static Options options(Arguments a) {
		Options o = new Options("classify", "ablation-ca classify --model MODEL [options] IMAGE|FOLDER...",
			"Prints the most probable classes of each image, one tab-separated line per class:",
			"  image<TAB>rank<TAB>index<TAB>label<TAB>probability",
			"rank counts from 1, index is the model's output index (0-based), probability is in 0..1. Each slice of " +
				"a stack is classified; its image column reads FILE#SLICE. A folder is searched recursively for images, as " +
				"for explain. Tabs and line breaks in names are written as \\t and \\n.")
			.group("Input and output").settings(a.settings, "model")
			.option("--top", "K", "classes printed per image (default 5).", v -> a.top = positive("--top", v))
			.flag("--header", "print a header line first.", () -> a.header = true);
		return ModelArguments.addModelGroup(o, a.settings, () -> a.verbose = true)
			.group("Other").flag("-h, --help", "this help.", () -> a.help = true)
			.footer(ModelArguments.propertiesNote(), "",
				"Exit status: 0 all images classified; 1 the model or some images failed (reported on standard error);",
				"2 bad command line.", "",
				"Example (MobileNet v2 as in ../shared/data/README.md):",
				"  ablation-ca classify --model ../shared/data/models/mobilenet_v2_imagenet --value-range centered-128 \\",
				"      --resize center-crop --round-to-8bit --top 3 ../shared/data/images/imagenet/cat.png");
	}

	static int positive(String option, String v) {
		try {
			return ValueType.integer(1, 100_000).parse(v);
		}
		catch (IllegalArgumentException e) {
			throw new UsageException(option + " " + e.getMessage());
		}
	}

	static Arguments parse(String[] args) {
		Arguments a = new Arguments();
		a.images.addAll(options(a).parse(args));
		return a;
	}

	/** One image (or stack slice) to classify; converted to RGB only when its batch is run. */
	private record Item(String name, Slice plane) {}

	static int run(String[] args, PrintStream out, PrintStream err) {
		Arguments a = parse(args);
		if (a.help) {
			out.println(options(new Arguments()).help());
			return 0;
		}
		ModelArguments.requireModel(a.settings);
		if (a.images.isEmpty()) throw new UsageException("No images given; list image files after the options.");
		ModelClassifier classifier = ModelArguments.loadOrReport(a.settings, a.verbose, err);
		if (classifier == null) return 1;
		int[] failed = {0};
		try (ModelClassifier c = classifier) {
			if (a.header) out.println("image\trank\tindex\tlabel\tprobability");
			ImagePreprocessor pre = c.preprocessor();
			int batch = c.batchSize();
			float[] buffer = new float[batch * pre.imageSize()];
			List<Item> pending = new ArrayList<>(batch);
			InputFiles.Expansion found = InputFiles.collect(a.images, null);
			failed[0] += InputReport.print(found, err);
			for (InputFiles.Input input : found.inputs()) {
				ImagePlus imp;
				try {
					imp = ImageFiles.open(input.file());
				}
				catch (RuntimeException e) {
					err.println("Error: " + ExplainRunner.describe(e, a.verbose));
					failed[0]++;
					continue;
				}
				String missing = ImageFiles.missingPlanes(imp);
				if (missing != null) {
					err.println("Error: " + missing + ".");
					failed[0]++;
				}
				List<Slice> planes = ImagePlusConversion.slices(imp);
				for (Slice plane : planes) {
					pending.add(new Item(planes.size() == 1 ? input.display() : input.display() + "#" + plane.index(),
						plane));
					if (pending.size() == batch) classify(c, pre, pending, buffer, a, out, err, failed);
				}
			}
			if (!pending.isEmpty()) classify(c, pre, pending, buffer, a, out, err, failed);
		}
		catch (RuntimeException e) {
			err.println("Error: classification failed: " + e.getMessage());
			return 1;
		}
		out.flush();
		if (failed[0] > 0) {
			err.println(failed[0] + (failed[0] == 1 ? " image or slice" : " images or slices") + " could not be " +
				"classified; see the errors above.");
			return 1;
		}
		return 0;
	}

	/** Converts, preprocesses and classifies the pending items, prints their lines and empties the list. */
	private static void classify(ModelClassifier c, ImagePreprocessor pre, List<Item> items, float[] buffer,
		Arguments a, PrintStream out, PrintStream err, int[] failed)
	{
		List<String> names = new ArrayList<>(items.size());
		for (Item item : items) {
			try {
				RgbImage rgb = item.plane().pixels().get();
				pre.apply(rgb, buffer, names.size() * pre.imageSize());
				names.add(item.name());
			}
			catch (RuntimeException | OutOfMemoryError e) {
				err.println("Error: " + item.name() + ": " + ExplainRunner.describe(e, a.verbose) + ".");
				failed[0]++;
			}
		}
		items.clear();
		if (names.isEmpty()) return;
		float[][] p = c.predict(buffer, names.size());
		for (int i = 0; i < names.size(); i++) {
			String name = clean(names.get(i));
			int rank = 1;
			for (ClassScore s : Predictions.topK(p[i], c.labels(), a.top))
				out.println(name + '\t' + rank++ + '\t' + s.index() + '\t' + clean(s.label()) + '\t' +
					String.format(Locale.ROOT, "%.6f", s.probability()));
		}
	}

	/** Tabs and line breaks would break the columns: written as \t, \n (names are printable already). */
	private static String clean(String s) {
		return IoMessages.printable(s);
	}
}
