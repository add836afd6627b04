package io.github.ablationca.cli;

import io.github.ablationca.engine.EngineLogger;
import io.github.ablationca.results.AtomicFiles;
import io.github.ablationca.results.OutputLock;
import io.github.ablationca.results.ResultFolder;
import io.github.ablationca.run.IoMessages;
import io.github.ablationca.run.ExplainRunner;
import io.github.ablationca.run.ModelLoader;
import io.github.ablationca.run.RunSettings;
import io.github.ablationca.run.Slice;
import io.github.ablationca.run.SliceResult;
import io.github.ablationca.run.Summary;
import io.github.ablationca.run.ValueType;
import io.github.ablationca.demo.DemoAssets;
import io.github.ablationca.classifier.ModelLoadException;
import io.github.ablationca.classifier.ModelClassifier;
import io.github.ablationca.engine.Explanation;
import io.github.ablationca.engine.ObjectInfo;
import io.github.ablationca.engine.PairRelation;
import io.github.ablationca.image.RgbImage;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code ablation-ca demo} (also {@code ablation-ca} without arguments): the full method on a demo image with the
 * demo model that ship in the jar ({@link DemoAssets}). The model calls a scene {@code house} only when a roof sits
 * on a wall, so the right answer is known: the roof and the wall must be the top correlated pair. The command writes
 * the usual result folder ({@link ResultFolder}) and says what it shows, checking the top pair against the scene's
 * ground-truth masks.
 */
final class DemoCommand {

	/** Default output folder, relative to the working directory. */
	static final String DEFAULT_OUT = "ablation-ca-demo";
	/** System property that overrides {@link #DEFAULT_OUT} (tests run the argument-less command with it). */
	static final String OUT_PROPERTY = "ablationca.demo.out";
	/** An object lies on a shape when more than this fraction of its pixels do. */
	static final double ON_SHAPE = 0.5;

	private DemoCommand() {}

	/** Parsed command line. */
	static final class Arguments {
		final RunSettings settings = new RunSettings();
		String image = DemoAssets.DEFAULT_IMAGE;
		ProgressBar.Mode progress = ProgressBar.Mode.AUTO;
		boolean help, verbose, dataset, outGiven;

		Arguments() {
			// The demo's own settings, changed by the options.
			settings.method.segments = DemoAssets.DEMO_SEGMENTS;
			settings.out = Paths.get(System.getProperty(OUT_PROPERTY, DEFAULT_OUT));
		}
	}

	static Options options(Arguments a) {
		return new Options("demo", "ablation-ca demo [--out DIR] [options]      (ablation-ca without arguments does " +
			"the same)",
			"Runs Ablation-CA on a demo image with the demo model shipped inside ablation-ca: a small CNN trained " +
				"(scripts/train-demo-model) to call a scene 'house' only when a roof sits on a wall, with distractor " +
				"shapes around. The answer is known: the roof and the wall must come out as the top correlated pair.",
			"Writes DIR/<image>.png and DIR/<image>/ (heatmap.tif, overlay.png, objects.csv, pairs.csv, groups.csv, " +
				"summary.json, as explain does) and says what they show.")
			.group("Demo").option("--image", "NAME", "demo image: " + String.join(", ", DemoAssets.imageNames()) +
				" (default " + DemoAssets.DEFAULT_IMAGE + ").", v -> a.image = demoImage(v))
			.flag("--dataset", "run the dataset analysis demo instead: the shortcut model on " +
				DemoAssets.SHORTCUT_SCENES + " seeded scenes where most houses carry a planted marker; it must find the " +
				"marker's concept and the roof-wall synergy (default --out " + DemoDataset.DEFAULT_OUT + ").",
				() -> a.dataset = true)
			.settings(a.settings, "out", "segments", "samples", "seed")
			.option("--progress", "MODE", "auto (default), bar, lines or off, as for explain.",
				v -> a.progress = ExplainCommand.progressMode("--progress", v))
			.flag("--verbose", "with each error, the Java exception behind it (for bug reports).", () -> a.verbose = true)
			.group("Other").flag("-h, --help", "this help.", () -> a.help = true)
			.footer("The demo's defaults: --out " + DEFAULT_OUT + " (in the current folder), --segments " +
				DemoAssets.DEMO_SEGMENTS + " (so the roof and the wall each stay one superpixel).", "",
				"Exit status: 0 the demo ran (whatever the top pair); 1 it failed; 2 bad command line.");
	}

	private static String demoImage(String v) {
		if (!DemoAssets.imageNames().contains(v.strip()))
			throw new UsageException("--image takes " + String.join(", ", DemoAssets.imageNames()) + ", not '" + v + "'.");
		return v.strip();
	}

	static Arguments parse(String[] args) {
		Arguments a = new Arguments();
		List<String> operands = options(a).parse(args);
		a.outGiven = !a.settings.out.equals(Paths.get(System.getProperty(OUT_PROPERTY, DEFAULT_OUT)));
		if (!operands.isEmpty())
			throw new UsageException("demo takes no image; use --image " + String.join("|", DemoAssets.imageNames()) +
				", or 'ablation-ca explain' for your own images.");
		return a;
	}

	static int run(String[] args, PrintStream out, PrintStream err) {
		Arguments a = parse(args);
		if (a.help) {
			out.println(options(new Arguments()).help());
			return 0;
		}
		RunSettings given = a.settings;
		try {
			given.validate();
		}
		catch (IllegalArgumentException e) {
			throw new UsageException(e.getMessage());
		}
		ModelArguments.quietLogging();
		if (a.dataset) {
			try {
				return DemoDataset.run(given, a.outGiven, a.progress, a.verbose, out, err);
			}
			catch (IOException e) {
				err.println("Error: cannot write the demo's scenes or results: " + IoMessages.describe(e) + ". Fix: give " +
					"a folder you can write to with --out, and free disk space.");
				return 1;
			}
			catch (ModelLoadException | IllegalArgumentException | IllegalStateException e) {
				err.println("Error: the dataset demo failed: " + ExplainRunner.describe(e, a.verbose));
				return 1;
			}
		}
		DemoAssets.DemoImage demo;
		try {
			demo = DemoAssets.image(a.image);
			given.model = DemoAssets.modelDir();
		}
		catch (IllegalStateException | UncheckedIOException e) {
			err.println("Error: " + e.getMessage());
			return 1;
		}
		Path outDir = given.out;
		try (OutputLock lock = OutputLock.acquire(outDir, "demo");
			ModelClassifier model = ModelLoader.load(given.model, given.modelOptions))
		{
			if (lock.takenOver() != null) err.println(lock.takenOver());
			RunSettings settings = given.resolvedFor(model);
			RgbImage rgb = demo.image();
			Path imageFile = outDir.resolve(a.image + ".png");
			byte[] png = DemoAssets.imagePng(a.image);
			AtomicFiles.write(imageFile, o -> o.write(png));

			ProgressBar progress = new ProgressBar(err, a.progress, 1);
			progress.start(a.image);
			SliceResult result = new ExplainRunner(model, settings.method, EngineLogger.NONE).run(Slice.of(rgb),
				progress::progress);
			if (result.failed()) throw new IllegalStateException(result.error());
			Explanation e = result.explanation();
			Path folder = outDir.resolve(a.image);
			ResultFolder.write(folder, new Summary.Source(imageFile.toString(), 0, 1), rgb, result, settings);
			progress.finish(e.timings().total());
			progress.close();
			out.println(report(demo, e, folder));
			return 0;
		}
		catch (ModelLoadException | IllegalArgumentException | IllegalStateException e) {
			err.println("Error: the demo failed: " + ExplainRunner.describe(e, a.verbose));
			return 1;
		}
		catch (OutputLock.BusyException e) {
			err.println("Error: " + e.getMessage());
			return 1;
		}
		catch (IOException e) {
			err.println("Error: cannot write the demo results to " + IoMessages.printable(outDir.toString()) + ": " +
				IoMessages.describe(e) + ". Fix: give a folder you can write to with --out, and free disk space.");
			return 1;
		}
	}

	/** Where each object lies: the fraction of its pixels on the roof, the wall and each distractor. */
	record Placement(double[] roof, double[] wall, List<double[]> distractors) {

		static Placement of(DemoAssets.DemoImage demo, Explanation e) {
			int n = e.segments();
			int[] label = e.labels().labels();
			int[] area = e.labels().areas();
			double[] roof = fractions(label, area, n, demo.roofMask());
			double[] wall = fractions(label, area, n, demo.wallMask());
			List<double[]> distractors = new ArrayList<>();
			for (boolean[] d : demo.distractorMasks())
				distractors.add(fractions(label, area, n, d));
			return new Placement(roof, wall, distractors);
		}

		private static double[] fractions(int[] label, int[] area, int n, boolean[] mask) {
			double[] f = new double[n];
			for (int p = 0; p < label.length; p++)
				if (mask[p]) f[label[p]]++;
			for (int i = 0; i < n; i++)
				f[i] = area[i] > 0 ? f[i] / area[i] : 0;
			return f;
		}

		boolean onRoof(int index) {
			return roof[index] > ON_SHAPE;
		}

		boolean onWall(int index) {
			return wall[index] > ON_SHAPE;
		}

		/** Whether the pair joins an object on the roof and one on the wall. */
		boolean isPlanted(PairRelation p) {
			return onRoof(p.a()) && onWall(p.b()) || onWall(p.a()) && onRoof(p.b());
		}

		/** What object {@code index} (0-based) lies on, e.g. "the roof (93% of its pixels)". */
		String where(int index) {
			if (onRoof(index)) return String.format(Locale.ROOT, "the roof (%.0f%% of its pixels)", 100 * roof[index]);
			if (onWall(index)) return String.format(Locale.ROOT, "the wall (%.0f%% of its pixels)", 100 * wall[index]);
			for (int d = 0; d < distractors.size(); d++)
				if (distractors.get(d)[index] > ON_SHAPE) return "distractor shape " + (d + 1);
			return "the background";
		}
	}

	/** What the demo shows, in words. */
	static String report(DemoAssets.DemoImage demo, Explanation e, Path folder) {
		Placement place = Placement.of(demo, e);
		StringBuilder sb = new StringBuilder();
		sb.append("Ablation-CA demo: the demo model (a small CNN trained to say 'house' only when a roof sits on a " +
			"wall)\non the demo image '").append(demo.name()).append("' (").append(demo.image().width()).append(" x ")
			.append(demo.image().height()).append(", with distractor shapes).\n");
		sb.append(String.format(Locale.ROOT, "Target class: '%s' (probability %.3f); %d objects, %d model calls, " +
			"%.1f s.%n", e.targetLabel(), e.targetProbability(), e.segments(), e.modelCalls(), e.timings().total()));
		ObjectInfo top = e.objects().stream().filter(o -> o.rank() == 1).findFirst().orElse(null);
		if (top != null)
			sb.append(String.format(Locale.ROOT, "Most important object: %d (contribution %+.2f %s), on %s.%n",
				top.id(), top.contribution(), ValueType.name(e.scoreScale()), place.where(top.index())));
		if (e.pairs().isEmpty()) sb.append("No pairs: the correlation analysis was skipped (--samples 0).\n");
		else {
			PairRelation p = e.pairs().get(0);
			sb.append(String.format(Locale.ROOT, "Top correlated pair: objects %d and %d, correlation %+.2f (%s), " +
				"q-value %.3g.%n", p.a() + 1, p.b() + 1, p.correlation(), p.correlation() > 0
					? "synergy: the model uses them together" : "redundancy: either one suffices", p.qValue()));
			sb.append("  Object ").append(p.a() + 1).append(" lies on ").append(place.where(p.a())).append(", object ")
				.append(p.b() + 1).append(" on ").append(place.where(p.b())).append(".\n");
			if (!demo.isHouse())
				sb.append("  This scene is no house (the roof does not sit on a wall), so there is no planted pair " +
					"to find;\n  try --image house.\n");
			else if (place.isPlanted(p))
				sb.append("  This is the planted roof-wall pair: the method found the correspondence the model " +
					"was trained on.\n");
			else {
				int rank = 0;
				for (PairRelation q : e.pairs())
					if (place.isPlanted(q)) {
						rank = q.rank();
						break;
					}
				sb.append("  This is NOT the planted roof-wall pair").append(rank > 0 ? " (the best roof-wall pair " +
					"has rank " + rank + ")" : " (no roof-wall pair is listed)").append("; try more --samples.\n");
			}
		}
		sb.append("Results: ").append(folder.toAbsolutePath().normalize()).append("/\n");
		sb.append("  overlay.png   the picture to look at first: heatmap (red = supports the class), object " +
			"contours,\n                lines between the top pairs labelled #rank and correlation\n");
		sb.append("  heatmap.tif   32-bit contributions; labels.tif: the object id of every pixel (open both in Fiji)\n");
		sb.append("  objects.csv, pairs.csv, groups.csv, summary.json   the tables and the run's figures");
		return sb.toString();
	}
}
