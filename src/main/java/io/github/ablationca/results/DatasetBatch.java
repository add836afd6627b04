package io.github.ablationca.results;

import io.github.ablationca.classifier.Classifier;
import io.github.ablationca.classifier.FeatureLayer;
import io.github.ablationca.classifier.ForwardingClassifier;
import io.github.ablationca.dataset.ClassGraph;
import io.github.ablationca.dataset.DatasetAnalysis;
import io.github.ablationca.dataset.DatasetTables;
import io.github.ablationca.dataset.Descriptors;
import io.github.ablationca.dataset.ObjectRow;
import io.github.ablationca.dataset.PairRow;
import io.github.ablationca.image.RgbImage;
import io.github.ablationca.imagej.DatasetPictures;
import io.github.ablationca.imagej.ImageFiles;
import io.github.ablationca.imagej.ImagePlusConversion;
import io.github.ablationca.run.IoMessages;
import io.github.ablationca.run.Json;
import io.github.ablationca.run.RunSettings;
import io.github.ablationca.run.Table;
import io.github.ablationca.segment.LabelImage;

import ij.ImagePlus;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import javax.imageio.ImageIO;

/**
 * The dataset analysis of a batch: every image is explained by {@link FolderBatch} (the one per-image runner, the
 * same result folders as {@code explain}, resumable), each result's objects are described by the model's feature
 * layer ({@link Descriptors}), and per class the objects are clustered into concepts and the class graph is built
 * ({@link DatasetAnalysis}). Writes, besides the per-image folders:
 * <ul>
 * <li>{@code OUT/dataset/<class>/}: {@code concepts.csv}, {@code edges.csv}, {@code objects.csv},
 * {@code graph.graphml}, {@code graph.png}, {@code concept_<k>.png} ({@link DatasetTables},
 * {@link DatasetPictures});</li>
 * <li>{@code OUT/dataset/summary.json}: images, failures, classes, model calls (explanation and descriptor calls),
 * seconds.</li>
 * </ul>
 * An image that fails (explanation or descriptors) is in {@code errors.csv} and left out of the graphs.
 * <pre>{@code
 * DatasetBatch.Report r = new DatasetBatch(model, settings, Path.of("out")).run(List.of("images/"));
 * }</pre>
 */
public final class DatasetBatch {

	/** Patches per concept montage. */
	public static final int MONTAGE_PATCHES = 12;

	/**
	 * One complete result the analysis uses: the result, the image it came from and, where this JVM holds them, its
	 * rows and descriptors.
	 *
	 * @param name the result's name (its folder in the output folder)
	 * @param file the image file: a path, or for a remote input ({@code remote}) its URI
	 * @param remote whether {@code file} is read through a distributed file system (a cluster's batch)
	 * @param slice the 1-based plane of the image
	 * @param className the class the result is analysed in: its explained class (the model's top-1 class or the
	 *        target)
	 * @param trueClass with classes from folders the name of the image's folder, else null
	 * @param objects the result's objects
	 * @param image its rows and descriptors; null in a copy that left them with the worker that described it
	 */
	public record Described(String name, String file, boolean remote, int slice, String className, String trueClass,
		int objects, DatasetAnalysis.Image image) implements java.io.Serializable
	{
		/** This description without its rows and descriptors: what a worker hands back to the driver. */
		public Described light() {
			return new Described(name, file, remote, slice, className, trueClass, objects, null);
		}

		/** Whether the image counts for the analysis: with classes from folders only correctly classified ones do. */
		boolean analysed() {
			return trueClass == null || trueClass.equals(className);
		}
	}

	/**
	 * Runs the two heavy parts of the analysis elsewhere (on a cluster): the per-image part and the per-class
	 * analysis. The batch keeps the rest: the feature layer's check, the accuracy, the notes and
	 * {@code summary.json}.
	 */
	public interface Distributor {
		/**
		 * Explains the images {@code operands} name into {@code owner}'s output folder with its settings (as
		 * {@link FolderBatch} does) and describes every complete result at {@code layer} ({@link #describe}).
		 *
		 * @return the batch's report, every described result in the batch's order (rows and descriptors may stay with
		 *         the workers: {@link Described#light}), and the model calls of the explanations computed
		 */
		Explained explain(DatasetBatch owner, List<String> operands, FeatureLayer layer) throws IOException;

		/**
		 * Analyses the classes of {@code analysed} as {@link DatasetAnalysis#analyse} does, keeping their order (the
		 * clustering depends on it), and writes each class's folder ({@link #writeClass}); classes in name order.
		 */
		List<DatasetAnalysis.ClassResult> analyse(DatasetBatch owner, List<Described> analysed) throws IOException;
	}

	/** What the per-image part did: see {@link Distributor#explain}. */
	public record Explained(FolderBatch.Report report, List<Described> described, long explanationCalls) {}

	/**
	 * What a run did.
	 *
	 * @param batch the per-image part
	 * @param featureLayer the layer the descriptors were read at
	 * @param classes the analysis of each class
	 * @param accuracy per true class (with classes from folders): correct / images; empty otherwise
	 * @param explanationCalls model calls of the explanations computed in this run
	 * @param descriptorCalls model calls of the descriptors
	 * @param summary the dataset summary as written to {@code OUT/dataset/summary.json}
	 */
	public record Report(FolderBatch.Report batch, String featureLayer, List<DatasetAnalysis.ClassResult> classes,
		Map<String, double[]> accuracy, long explanationCalls, long descriptorCalls, Map<String, Object> summary)
	{
		/** The classes that got a graph. */
		public List<DatasetAnalysis.ClassResult> analysed() {
			return classes.stream().filter(c -> c.graph() != null).toList();
		}
	}

	private final Classifier classifier;
	private final RunSettings settings;
	private final Path out;
	private boolean force, verbose;
	private FolderBatch.Messages messages = new FolderBatch.Messages() {};

	public DatasetBatch(Classifier classifier, RunSettings settings, Path out) {
		this.classifier = classifier;
		this.settings = settings.resolvedFor(classifier);
		this.out = out;
	}

	public DatasetBatch force(boolean force) {
		this.force = force;
		return this;
	}

	public DatasetBatch verbose(boolean verbose) {
		this.verbose = verbose;
		return this;
	}

	public DatasetBatch messages(FolderBatch.Messages messages) {
		this.messages = messages == null ? new FolderBatch.Messages() {} : messages;
		return this;
	}

	/** The folder of the analysis of {@code className}: {@code OUT/dataset/<name>}, the name made safe for files. */
	public static Path classFolder(Path out, String className) {
		return out.resolve(ResultFolder.DATASET).resolve(InputFiles.baseName(className));
	}

	/**
	 * Explains the images that {@code operands} name, describes their objects and analyses every class.
	 *
	 * @throws io.github.ablationca.classifier.FeatureLayerException before any image, when the feature layer does not
	 *         exist or cannot be found
	 * @throws IOException if the output folder cannot be used
	 */
	public Report run(List<String> operands) throws IOException {
		return run(operands, null);
	}

	/**
	 * Like {@link #run(List)}, with the images explained and described, and the classes analysed, by
	 * {@code distributor} (null: here, one image after the other).
	 */
	public Report run(List<String> operands, Distributor distributor) throws IOException {
		long t0 = System.nanoTime();
		FeatureLayer layer = classifier.featureLayer(settings.modelOptions.featureLayer);
		Distributor d = distributor != null ? distributor : new InProcess();
		Explained explained = d.explain(this, operands, layer);
		FolderBatch.Report report = explained.report();
		long batchEnd = System.nanoTime();
		if (report.images() == 0)
			throw new IllegalArgumentException("No images found in " + String.join(", ", operands) + " (looked for " +
				String.join(", ", InputFiles.EXTENSIONS.stream().sorted().toList()) + " files; folders are searched " +
				"recursively). Fix: give image files or folders that hold images.");

		Map<String, double[]> accuracy = new TreeMap<>();
		List<Described> analysed = new ArrayList<>();
		long descriptorCalls = 0;
		for (Described r : explained.described()) {
			descriptorCalls += r.objects();
			if (r.trueClass() != null) {
				double[] a = accuracy.computeIfAbsent(r.trueClass(), c -> new double[2]);
				a[1]++;
				if (r.analysed()) a[0]++;
			}
			if (r.analysed()) analysed.add(r);
		}
		long a0 = System.nanoTime();
		List<DatasetAnalysis.ClassResult> classes = d.analyse(this, analysed);
		long a1 = System.nanoTime();
		for (DatasetAnalysis.ClassResult c : classes)
			if (c.problem() != null) messages.note("Note: " + c.problem() + ".");
		double descriptorSeconds = d instanceof InProcess p ? p.descriptorNanos * 1e-9 : 0;
		Map<String, Object> summary = summary(report, layer, classes, accuracy, explained.described().size() -
			analysed.size(), explained.explanationCalls(), descriptorCalls, (batchEnd - t0) * 1e-9 - descriptorSeconds,
			descriptorSeconds, (a1 - a0) * 1e-9, (System.nanoTime() - t0) * 1e-9);
		Path folder = out.resolve(ResultFolder.DATASET);
		Files.createDirectories(folder);
		AtomicFiles.writeString(folder.resolve(ResultFolder.SUMMARY), Json.write(summary));
		return new Report(report, layer.name(), classes, accuracy, explained.explanationCalls(), descriptorCalls,
			summary);
	}

	/** The analysis on this machine: the images one after the other, then the classes. */
	private static final class InProcess implements Distributor {
		long descriptorNanos;

		@Override
		public Explained explain(DatasetBatch owner, List<String> operands, FeatureLayer layer) throws IOException {
			long[] calls = {0};
			Classifier counting = new ForwardingClassifier(owner.classifier) {
				@Override
				public float[][] predict(float[] images, int count) {
					calls[0] += count;
					return delegate.predict(images, count);
				}
			};
			List<Described> described = new ArrayList<>();
			FolderBatch batch = new FolderBatch(counting, owner.settings, owner.out).force(owner.force)
				.verbose(owner.verbose).messages(owner.messages).onResult((name, input, slice, pixels) -> {
					long d0 = System.nanoTime();
					described.add(describe(owner.out, owner.settings, owner.classifier, layer, name, input.file()
						.toString(), false, slice, pixels.get()));
					descriptorNanos += System.nanoTime() - d0;
				});
			FolderBatch.Report report = batch.run(operands);
			return new Explained(report, described, calls[0]);
		}

		@Override
		public List<DatasetAnalysis.ClassResult> analyse(DatasetBatch owner, List<Described> analysed)
			throws IOException
		{
			Map<String, Described> byName = new LinkedHashMap<>();
			List<DatasetAnalysis.Image> images = new ArrayList<>();
			for (Described r : analysed) {
				byName.put(r.name(), r);
				images.add(r.image());
			}
			RunSettings s = owner.settings;
			List<DatasetAnalysis.ClassResult> classes = DatasetAnalysis.analyse(images, s.concepts, s.method.seed,
				s.method.falseDiscoveryRate);
			for (DatasetAnalysis.ClassResult c : classes)
				writeClass(owner.out, c, byName, DatasetBatch::read);
			return classes;
		}
	}

	/** The run's settings, resolved for its model. */
	public RunSettings settings() {
		return settings;
	}

	/** The model the run was started with. */
	public Classifier classifier() {
		return classifier;
	}

	public Path out() {
		return out;
	}

	public boolean forced() {
		return force;
	}

	public boolean verbose() {
		return verbose;
	}

	public FolderBatch.Messages messages() {
		return messages;
	}

	/**
	 * Reads the complete result {@code name} in {@code out} back and describes its objects at {@code layer}: one model
	 * call per object ({@link Descriptors}).
	 *
	 * @param file the image file (or, {@code remote}, its URI): its folder is the true class with classes from folders
	 * @param pixels the plane's pixels
	 * @throws IllegalStateException naming the folder and the fix, when the result cannot be read or does not fit
	 */
	public static Described describe(Path out, RunSettings settings, Classifier classifier, FeatureLayer layer,
		String name, String file, boolean remote, int slice, RgbImage pixels)
	{
		Path folder = out.resolve(name);
		try {
			Map<String, Object> summary = Json.parseObject(Files.readString(folder.resolve(ResultFolder.SUMMARY)));
			String className = String.valueOf(summary.get("target_label"));
			LabelImage labels = ResultFolder.readLabels(folder);
			if (labels.width() != pixels.width() || labels.height() != pixels.height())
				throw new IllegalStateException(folder.resolve(ResultFolder.LABELS) + " is " + labels.width() + " x " +
					labels.height() + ", the image " + pixels.width() + " x " + pixels.height() + "; run again with " +
					"--force to recompute it");
			Table objects = Table.readCsv(new StringReader(Files.readString(folder.resolve(ResultFolder.OBJECTS))));
			Table pairs = Table.readCsv(new StringReader(Files.readString(folder.resolve(ResultFolder.PAIRS))));
			List<ObjectRow> objectRows = new ArrayList<>();
			for (int r = 0; r < objects.size(); r++)
				objectRows.add(new ObjectRow(name, className, integer(objects.get(r, "id")), 0, number(objects.get(r,
					"contribution")), number(objects.get(r, "main_effect")), integer(objects.get(r, "area")), Double.NaN));
			List<PairRow> pairRows = new ArrayList<>();
			for (int r = 0; r < pairs.size(); r++)
				pairRows.add(new PairRow(name, className, integer(pairs.get(r, "object_a")), integer(pairs.get(r,
					"object_b")), number(pairs.get(r, "correlation")), number(pairs.get(r, "interaction")), number(
					pairs.get(r, "p_value")), "1".equals(String.valueOf(pairs.get(r, "significant")))));
			if (objectRows.size() != labels.count())
				throw new IllegalStateException(folder.resolve(ResultFolder.OBJECTS) + " lists " + objectRows.size() +
					" objects, " + ResultFolder.LABELS + " has " + labels.count() + "; run again with --force");
			float[][] descriptors = Descriptors.of(pixels, labels, settings.method, classifier, layer);
			String trueClass = settings.classesFromFolders ? folderClass(file, remote) : null;
			return new Described(name, file, remote, slice, className, trueClass, objectRows.size(),
				new DatasetAnalysis.Image(name, className, objectRows, pairRows, descriptors));
		}
		catch (IOException e) {
			throw new IllegalStateException("cannot read the results in " + IoMessages.printable(folder.toString()) +
				" for the dataset analysis: " + IoMessages.describe(e) + ". Fix: run again with --force", e);
		}
	}

	/** The true class of an image by its folder: the name of the folder that holds the file (or the URI's). */
	static String folderClass(String file, boolean remote) {
		Path path = remote ? Path.of(java.net.URI.create(file).getPath()) : Path.of(file).toAbsolutePath();
		Path parent = path.getParent();
		return parent == null || parent.getFileName() == null ? "" : parent.getFileName().toString();
	}

	private static int integer(Object cell) {
		return (int) Math.round(number(cell));
	}

	private static double number(Object cell) {
		String s = String.valueOf(cell).strip();
		return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
	}

	/**
	 * Writes the files of one class into {@code OUT/dataset/<class>/} (nothing for a class that was not analysed):
	 * the tables, the graph and a montage of each concept's most typical objects.
	 *
	 * @param byName the class's described results by name (for the montages: where each image is)
	 * @param reader reads a described result's plane (a gap in the montage when it throws)
	 */
	public static void writeClass(Path out, DatasetAnalysis.ClassResult c, Map<String, Described> byName,
		java.util.function.Function<Described, RgbImage> reader) throws IOException
	{
		if (c.graph() == null) return;
		Path folder = classFolder(out, c.className());
		Files.createDirectories(folder);
		// montages of an earlier run with more concepts would be mistaken for this run's
		try (var old = Files.newDirectoryStream(folder, "concept_*.png")) {
			for (Path f : old)
				if (f.getFileName().toString().matches("concept_\\d+\\.png")) Files.delete(f);
		}
		AtomicFiles.writeString(folder.resolve("concepts.csv"), DatasetTables.concepts(c).toCsv());
		AtomicFiles.writeString(folder.resolve("edges.csv"), DatasetTables.edges(c).toCsv());
		AtomicFiles.writeString(folder.resolve("objects.csv"), DatasetTables.objects(c).toCsv());
		AtomicFiles.writeString(folder.resolve("graph.graphml"), DatasetTables.graphMl(c.graph()));
		Map<Integer, BufferedImage> icons = new LinkedHashMap<>();
		for (Map.Entry<Integer, List<BufferedImage>> e : montages(out, c, byName, reader).entrySet()) {
			ClassGraph.Concept concept = c.graph().concept(e.getKey());
			writePng(folder.resolve("concept_" + e.getKey() + ".png"), DatasetPictures.montage(e.getValue(), 4,
				String.format(Locale.ROOT, "'%s' concept %d: rank %d, %d objects in %.0f%% of images", c.className(),
					e.getKey(), concept.rank(), concept.objects(), 100 * concept.imageShare())));
			icons.put(e.getKey(), icon(e.getValue()));
		}
		writePng(folder.resolve("graph.png"), DatasetPictures.graph(c.graph(), icons, "'" + c.className() +
			"': concepts and how the model uses them together (" + c.images().size() + " images)"));
	}

	/** Per concept the patches of its most typical objects, each image read once. */
	private static Map<Integer, List<BufferedImage>> montages(Path out, DatasetAnalysis.ClassResult c,
		Map<String, Described> byName, java.util.function.Function<Described, RgbImage> reader) throws IOException
	{
		Map<Integer, List<ObjectRow>> typical = DatasetAnalysis.typicalObjects(c, MONTAGE_PATCHES);
		Map<String, List<int[]>> wanted = new LinkedHashMap<>();
		for (Map.Entry<Integer, List<ObjectRow>> e : typical.entrySet())
			for (int i = 0; i < e.getValue().size(); i++)
				wanted.computeIfAbsent(e.getValue().get(i).image(), k -> new ArrayList<>()).add(new int[] {e.getKey(), i,
					e.getValue().get(i).object()});
		Map<Integer, BufferedImage[]> tiles = new TreeMap<>();
		for (Map.Entry<Integer, List<ObjectRow>> e : typical.entrySet())
			tiles.put(e.getKey(), new BufferedImage[e.getValue().size()]);
		for (Map.Entry<String, List<int[]>> e : wanted.entrySet()) {
			Described d = byName.get(e.getKey());
			RgbImage pixels;
			try {
				pixels = reader.apply(d);
			}
			catch (RuntimeException x) {
				continue; // an image that cannot be read again leaves a gap in the montage, nothing more
			}
			LabelImage labels = ResultFolder.readLabels(out.resolve(d.name()));
			for (int[] w : e.getValue())
				tiles.get(w[0])[w[1]] = DatasetPictures.patch(pixels, labels, w[2] - 1, DatasetPictures.TILE);
		}
		Map<Integer, List<BufferedImage>> montages = new TreeMap<>();
		for (Map.Entry<Integer, BufferedImage[]> e : tiles.entrySet()) {
			List<BufferedImage> list = new ArrayList<>();
			for (BufferedImage b : e.getValue())
				if (b != null) list.add(b);
			montages.put(e.getKey(), list);
		}
		return montages;
	}

	/** The first four patches as a 2 x 2 square (the graph's node picture). */
	private static BufferedImage icon(List<BufferedImage> patches) {
		int t = DatasetPictures.TILE;
		BufferedImage icon = new BufferedImage(2 * t, 2 * t, BufferedImage.TYPE_INT_RGB);
		java.awt.Graphics2D g = icon.createGraphics();
		g.setColor(java.awt.Color.WHITE);
		g.fillRect(0, 0, 2 * t, 2 * t);
		for (int i = 0; i < Math.min(4, patches.size()); i++)
			g.drawImage(patches.get(i), (i % 2) * t, (i / 2) * t, null);
		g.dispose();
		return icon;
	}

	/** Reads the plane of a result whose image is a file on this machine. */
	public static RgbImage read(Described d) {
		ImagePlus imp = ImageFiles.open(Path.of(d.file()));
		try {
			return ImagePlusConversion.rgb(imp, d.slice());
		}
		finally {
			imp.flush();
		}
	}

	private static void writePng(Path file, BufferedImage image) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		ImageIO.write(image, "png", bytes);
		AtomicFiles.write(file, o -> o.write(bytes.toByteArray()));
	}

	private Map<String, Object> summary(FolderBatch.Report r, FeatureLayer layer,
		List<DatasetAnalysis.ClassResult> classes, Map<String, double[]> accuracy, int misclassifiedLeftOut,
		long explanationCalls, long descriptorCalls, double explanationSeconds, double descriptorSeconds,
		double analysisSeconds, double totalSeconds)
	{
		Map<String, Object> s = new LinkedHashMap<>();
		s.put("kind", "dataset analysis");
		s.put("version", io.github.ablationca.Version.get());
		s.put("model", String.valueOf(settings.model));
		s.put("feature_layer", layer.name());
		s.put("feature_layer_chosen", layer.howChosen());
		s.put("images", r.images());
		s.put("results", r.explained() + r.skipped());
		s.put("explained", r.explained());
		s.put("skipped", r.skipped());
		s.put("failures", r.failed());
		s.put("concepts", settings.concepts == 0 ? "silhouette" : settings.concepts);
		s.put("classes_from_folders", settings.classesFromFolders);
		s.put("fdr", settings.method.falseDiscoveryRate);
		s.put("seed", settings.method.seed);
		if (settings.classesFromFolders) {
			Map<String, Object> acc = new LinkedHashMap<>();
			for (Map.Entry<String, double[]> e : accuracy.entrySet())
				acc.put(e.getKey(), Map.of("images", (int) e.getValue()[1], "correct", (int) e.getValue()[0], "accuracy",
					e.getValue()[0] / e.getValue()[1]));
			s.put("accuracy", acc);
			s.put("misclassified_left_out", misclassifiedLeftOut);
		}
		List<Object> cs = new ArrayList<>();
		for (DatasetAnalysis.ClassResult c : classes) {
			Map<String, Object> m = new LinkedHashMap<>();
			m.put("class", c.className());
			m.put("images", c.images().size());
			m.put("objects", c.objects().size());
			if (c.graph() != null) {
				m.put("folder", ResultFolder.DATASET + "/" + InputFiles.baseName(c.className()));
				m.put("concepts", c.clustering().k());
				m.put("concepts_chosen_by", c.clustering().chosenBy());
				if (c.clustering().chosenBy().equals("silhouette")) m.put("split_silhouettes", c.clustering().splits());
				m.put("edges", c.graph().edges().size());
				m.put("significant_edges", c.graph().edges().stream().filter(ClassGraph.Edge::significant).count());
				if (!c.graph().concepts().isEmpty()) m.put("top_concept", c.graph().concepts().get(0).concept());
			}
			else m.put("problem", c.problem());
			cs.add(m);
		}
		s.put("classes", cs);
		s.put("model_calls", Map.of("explanation", explanationCalls, "descriptor", descriptorCalls, "total",
			explanationCalls + descriptorCalls));
		Map<String, Object> seconds = new LinkedHashMap<>();
		seconds.put("explanation", explanationSeconds);
		seconds.put("descriptors", descriptorSeconds);
		seconds.put("analysis", analysisSeconds);
		seconds.put("total", totalSeconds);
		s.put("seconds", seconds);
		return s;
	}
}
