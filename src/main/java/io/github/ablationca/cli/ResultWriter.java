package io.github.ablationca.cli;

import ij.ImagePlus;
import ij.io.FileInfo;
import ij.io.FileSaver;
import ij.io.TiffEncoder;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import io.github.ablationca.Version;
import io.github.ablationca.classifier.ClassScore;
import io.github.ablationca.engine.HeatmapValues;
import io.github.ablationca.engine.ExplainSettings;
import io.github.ablationca.engine.Explanation;
import io.github.ablationca.engine.ObjectGroup;
import io.github.ablationca.engine.ObjectInfo;
import io.github.ablationca.engine.PairRelation;
import io.github.ablationca.fiji.OverlayRenderer;
import io.github.ablationca.image.RgbImage;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import javax.imageio.ImageIO;

/**
 * Writes the result of one explained image (or stack slice) into a folder of its own, the layout the command line
 * documents:
 * <ul>
 * <li>{@value #HEATMAP}: 32-bit contributions at the image's size (ImageJ TIFF);</li>
 * <li>{@value #LABELS}: the objects, each pixel holding its object's id (1-based; 16-bit, 32-bit beyond 65535
 * objects), so the tables can be mapped back to pixels;</li>
 * <li>{@value #OVERLAY}: the flattened overlay a Fiji user sees (heatmap, contours, pair lines and labels);</li>
 * <li>{@value #OBJECTS}, {@value #PAIRS}, {@value #GROUPS}: the tables, columns {@link #OBJECT_COLUMNS},
 * {@link #PAIR_COLUMNS}, {@link #GROUP_COLUMNS} (object ids are 1-based, group members separated by spaces);</li>
 * <li>{@value #SUMMARY}: the predictions, settings and costs of the run, written last: its presence marks the
 * result as complete ({@link #isComplete}).</li>
 * </ul>
 * Every file is written atomically ({@link AtomicFiles}), so a killed run leaves complete files or none.
 * <pre>{@code
 * Explanation e = engine.explain(img, settings, ProgressListener.NONE);
 * ResultWriter.write(Path.of("out/cat"), new ResultWriter.Source("cat.png", 0, 1, "models/mobilenet"), rgb, e, settings);
 * }</pre>
 */
public final class ResultWriter {

	public static final String HEATMAP = "heatmap.tif";
	public static final String OVERLAY = "overlay.png";
	public static final String LABELS = "labels.tif";
	public static final String OBJECTS = "objects.csv";
	public static final String PAIRS = "pairs.csv";
	public static final String GROUPS = "groups.csv";
	/** Written last; marks a complete result. */
	public static final String SUMMARY = "summary.json";

	public static final List<String> OBJECT_COLUMNS = List.of("id", "area", "centroid_x", "centroid_y",
		"contribution", "rank");
	public static final List<String> PAIR_COLUMNS = List.of("object_a", "object_b", "correlation", "confidence",
		"score", "rank");
	public static final List<String> GROUP_COLUMNS = List.of("group", "members", "score", "rank");

	/** How many predictions {@code top5} of {@value #SUMMARY} lists (at most). */
	public static final int TOP_PREDICTIONS = 5;

	/**
	 * What a result is of.
	 *
	 * @param image the image file as the user named it (or an image title)
	 * @param slice 1-based stack slice, 0 for an image that is not a stack
	 * @param slices slices of the image (1 for a plain image)
	 * @param model the model folder, or null if unknown
	 */
	public record Source(String image, int slice, int slices, String model) {}

	private ResultWriter() {}

	/**
	 * The files of a complete result, in the order they are written ({@value #SUMMARY} last); {@value #OVERLAY} is
	 * missing only when {@link #write} was given no input image.
	 */
	public static List<String> files() {
		return List.of(HEATMAP, LABELS, OVERLAY, OBJECTS, PAIRS, GROUPS, SUMMARY);
	}

	/**
	 * Whether {@code folder} holds a complete result: its {@value #SUMMARY} (written last) and every other file of
	 * {@link #files()} ({@value #OVERLAY} may be absent when no image was given).
	 */
	public static boolean isComplete(Path folder) {
		for (String f : files())
			if (!f.equals(OVERLAY) && !Files.isRegularFile(folder.resolve(f))) return false;
		return true;
	}

	/**
	 * Writes the result files into {@code folder} (created if needed), {@value #SUMMARY} last. An older summary is
	 * deleted first, so the folder never looks complete while it mixes two runs.
	 *
	 * @param input the explained image (the overlay is drawn on it); may be null, then no overlay is written
	 * @param settings the settings of the run (recorded in the summary), may be null
	 */
	public static void write(Path folder, Source source, RgbImage input, Explanation e, ExplainSettings settings)
		throws IOException
	{
		Files.createDirectories(folder);
		Files.deleteIfExists(folder.resolve(SUMMARY));
		AtomicFiles.deleteTemporaryFiles(folder);
		AtomicFiles.write(folder.resolve(HEATMAP), out -> writeHeatmap(e, out));
		AtomicFiles.write(folder.resolve(LABELS), out -> writeLabels(e, out));
		BufferedImage overlay = input == null ? null : overlay(input, e);
		if (overlay != null)
			AtomicFiles.write(folder.resolve(OVERLAY), out -> {
				if (!ImageIO.write(overlay, "png", out)) throw new IOException("No PNG writer in this Java runtime.");
			});
		AtomicFiles.write(folder.resolve(OBJECTS), out -> text(out, objectsCsv(e)));
		AtomicFiles.write(folder.resolve(PAIRS), out -> writePairs(e, out));
		AtomicFiles.write(folder.resolve(GROUPS), out -> text(out, groupsCsv(e)));
		AtomicFiles.writeString(folder.resolve(SUMMARY), Json.write(summary(source, e, settings)) + "\n");
	}

	/** The flattened overlay picture of {@code e} on {@code input}, as the Fiji command draws it. */
	static BufferedImage overlay(RgbImage input, Explanation e) {
		return OverlayRenderer.flatten(input, e, new OverlayRenderer.Style());
	}

	/** The heatmap as a 32-bit ImageJ TIFF, displayed with a range symmetric about 0. */
	public static void writeHeatmap(Explanation e, OutputStream out) throws IOException {
		FloatProcessor fp = new FloatProcessor(e.width(), e.height(), e.heatmap());
		double max = 0;
		for (float v : e.heatmap())
			if (Float.isFinite(v)) max = Math.max(max, Math.abs(v));
		fp.setMinAndMax(-(max > 0 ? max : 1), max > 0 ? max : 1);
		ImagePlus imp = new ImagePlus("heatmap", fp);
		imp.setProperty("Info", "Ablation-CA " + (e.heatmapValues() == HeatmapValues.MAIN_EFFECT ? "main effects" :
			"contributions") + " (" + idName(e.scoreScale()) +
			") for class " + e.targetIndex() + " '" + e.targetLabel() + "'");
		FileInfo fi = imp.getFileInfo();
		fi.description = new FileSaver(imp).getDescriptionString();
		fi.info = (String) imp.getProperty("Info");
		new TiffEncoder(fi).write(out);
	}

	/** The object ids (index + 1) as an ImageJ TIFF: 16-bit, or 32-bit float beyond 65535 objects. */
	public static void writeLabels(Explanation e, OutputStream out) throws IOException {
		int[] labels = e.labels().labels();
		ImageProcessor ip;
		if (e.segments() < 65536) {
			short[] ids = new short[labels.length];
			for (int i = 0; i < labels.length; i++)
				ids[i] = (short) (labels[i] + 1);
			ip = new ShortProcessor(e.width(), e.height(), ids, null);
		}
		else {
			float[] ids = new float[labels.length];
			for (int i = 0; i < labels.length; i++)
				ids[i] = labels[i] + 1;
			ip = new FloatProcessor(e.width(), e.height(), ids);
		}
		ip.setMinAndMax(0, e.segments());
		ImagePlus imp = new ImagePlus("labels", ip);
		FileInfo fi = imp.getFileInfo();
		fi.description = new FileSaver(imp).getDescriptionString();
		new TiffEncoder(fi).write(out);
	}

	/** {@value #OBJECTS}: one row per object in index order. */
	public static String objectsCsv(Explanation e) {
		StringBuilder sb = new StringBuilder(Csv.line(OBJECT_COLUMNS));
		for (ObjectInfo o : e.objects())
			sb.append(Csv.line(o.id(), o.area(), o.centroidX(), o.centroidY(), o.contribution(), o.rank()));
		return sb.toString();
	}

	/** {@value #PAIRS}: the listed pairs in rank order. */
	public static String pairsCsv(Explanation e) {
		StringBuilder sb = new StringBuilder(Csv.line(PAIR_COLUMNS));
		for (PairRelation p : e.pairs())
			sb.append(pairLine(p));
		return sb.toString();
	}

	private static void writePairs(Explanation e, OutputStream out) throws IOException {
		// Up to 100,000 pairs: streamed rather than built as one string.
		Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
		w.write(Csv.line(PAIR_COLUMNS));
		for (PairRelation p : e.pairs())
			w.write(pairLine(p));
		w.flush();
	}

	private static String pairLine(PairRelation p) {
		return Csv.line(p.a() + 1, p.b() + 1, p.correlation(), p.confidence(), p.score(), p.rank());
	}

	/** {@value #GROUPS}: the groups in rank order; group numbers count from 1 in that order. */
	public static String groupsCsv(Explanation e) {
		StringBuilder sb = new StringBuilder(Csv.line(GROUP_COLUMNS));
		int number = 1;
		for (ObjectGroup g : e.groups())
			sb.append(Csv.line(number++, members(g), g.score(), g.rank()));
		return sb.toString();
	}

	/** The 1-based ids of a group's members, separated by spaces. */
	public static String members(ObjectGroup g) {
		StringJoiner j = new StringJoiner(" ");
		for (int m : g.members())
			j.add(Integer.toString(m + 1));
		return j.toString();
	}

	/** The content of {@value #SUMMARY}, keys in a fixed order. */
	public static Map<String, Object> summary(Source source, Explanation e, ExplainSettings settings) {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("image", source.image());
		m.put("slice", source.slice() > 0 ? source.slice() : null);
		m.put("slices", source.slices());
		m.put("width", e.width());
		m.put("height", e.height());
		m.put("model", source.model());
		m.put("target_index", e.targetIndex());
		m.put("target_label", e.targetLabel());
		m.put("target_probability", (double) e.targetProbability());
		List<Object> top = new ArrayList<>();
		for (ClassScore s : e.topPredictions().subList(0, Math.min(TOP_PREDICTIONS, e.topPredictions().size()))) {
			Map<String, Object> t = new LinkedHashMap<>();
			t.put("index", s.index());
			t.put("label", s.label());
			t.put("probability", (double) s.probability());
			top.add(t);
		}
		m.put("top5", top);
		m.put("score_scale", idName(e.scoreScale()));
		m.put("heatmap", idName(e.heatmapValues()));
		m.put("segments_requested", e.segmentsRequested());
		m.put("segments", e.segments());
		m.put("samples", e.samples());
		m.put("seed", e.seed());
		if (settings != null) {
			m.put("fill", idName(settings.fill));
			m.put("keep_probability", settings.keepProbability);
			m.put("compactness", settings.compactness);
			m.put("sampling", idName(settings.sampling));
		}
		m.put("measure", e.measure());
		m.put("model_calls", e.modelCalls());
		m.put("seconds", e.timings().total());
		m.put("significant_pairs", e.pairs().stream().filter(PairRelation::significant).count());
		m.put("groups", e.groups().size());
		if (e.pairs().isEmpty()) m.put("top_pair", null);
		else {
			PairRelation p = e.pairs().get(0);
			Map<String, Object> t = new LinkedHashMap<>();
			t.put("object_a", p.a() + 1);
			t.put("object_b", p.b() + 1);
			t.put("correlation", p.correlation());
			t.put("confidence", p.confidence());
			t.put("score", p.score());
			t.put("significant", p.significant());
			m.put("top_pair", t);
		}
		m.put("version", Version.get());
		return m;
	}

	/** An enum constant as the command line spells it: {@code LOG_ODDS -> log-odds}. */
	static String idName(Enum<?> e) {
		return e.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
	}

	private static void text(OutputStream out, String s) throws IOException {
		out.write(s.getBytes(StandardCharsets.UTF_8));
	}
}
