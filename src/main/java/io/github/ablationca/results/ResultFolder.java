package io.github.ablationca.results;

import io.github.ablationca.run.Json;
import io.github.ablationca.run.ResultTables;
import io.github.ablationca.run.RunSettings;
import io.github.ablationca.run.SliceResult;
import io.github.ablationca.run.Summary;
import io.github.ablationca.run.Table;
import io.github.ablationca.run.ValueType;
import ij.ImagePlus;
import ij.io.FileInfo;
import ij.io.FileSaver;
import ij.io.TiffEncoder;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import io.github.ablationca.engine.HeatmapValues;
import io.github.ablationca.engine.Explanation;
import io.github.ablationca.imagej.OverlayRenderer;
import io.github.ablationca.image.RgbImage;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

/**
 * The result folder of one explained image (or stack slice), the layout every face writes (the command line's
 * {@code OUT/<name>/}, the Fiji command's {@code out}, the dataset job):
 * <ul>
 * <li>{@value #HEATMAP}: the heatmap values at the image's size (32-bit ImageJ TIFF);</li>
 * <li>{@value #LABELS}: the objects, each pixel holding its object's id (1-based; 16-bit, 32-bit beyond 65535
 * objects), so the tables can be mapped back to pixels;</li>
 * <li>{@value #OVERLAY}: the flattened overlay a Fiji user sees (heatmap, contours, pair lines, colour bar);</li>
 * <li>{@value #OBJECTS}, {@value #PAIRS}, {@value #GROUPS}: the tables of the one result schema,
 * {@link ResultTables};</li>
 * <li>{@value #SUMMARY}: what was explained, the settings, the predictions and the run's figures ({@link Summary}),
 * written last: its presence marks the result as complete ({@link #isComplete}).</li>
 * </ul>
 * Every file is written atomically ({@link AtomicFiles}), so a killed run leaves complete files or none.
 * <pre>{@code
 * SliceResult r = runner.run(Slice.of(rgb), ProgressListener.NONE);
 * ResultFolder.write(Path.of("out/cat"), new Summary.Source("cat.png", 0, 1), rgb, r, settings);
 * }</pre>
 */
public final class ResultFolder {

	public static final String HEATMAP = "heatmap.tif";
	public static final String OVERLAY = "overlay.png";
	public static final String LABELS = "labels.tif";
	public static final String OBJECTS = "objects.csv";
	public static final String PAIRS = "pairs.csv";
	public static final String GROUPS = "groups.csv";
	/** The folder-level files of a batch: one row per result, and one per failed image or slice. */
	public static final String SUMMARY_CSV = "summary.csv", ERRORS_CSV = "errors.csv";
	/** The folder of the dataset analysis in an output folder; no image's result takes this name. */
	public static final String DATASET = "dataset";
	/** Written last; marks a complete result. */
	public static final String SUMMARY = "summary.json";

	private ResultFolder() {}

	/** The files of a complete result, in the order they are written ({@value #SUMMARY} last). */
	public static List<String> files() {
		return List.of(HEATMAP, LABELS, OVERLAY, OBJECTS, PAIRS, GROUPS, SUMMARY);
	}

	/**
	 * The complete results in the output folder {@code out}: base result name (without {@code _slice<k>}) to the
	 * identity of the image each was made from ({@code image_id} of its summary, or {@code image} for results of
	 * older versions). Unreadable summaries are left out.
	 */
	public static java.util.Map<String, String> earlierResults(Path out) {
		java.util.Map<String, String> claims = new java.util.HashMap<>();
		if (!Files.isDirectory(out)) return claims;
		try (java.nio.file.DirectoryStream<Path> dirs = Files.newDirectoryStream(out, Files::isDirectory)) {
			for (Path dir : dirs) {
				Path json = dir.resolve(SUMMARY);
				if (!isComplete(dir) || dir.getFileName().toString().equals(DATASET)) continue;
				try {
					java.util.Map<String, Object> s = Json.parseObject(Files.readString(json));
					Object id = s.get("image_id") != null ? s.get("image_id") : "display:" + s.get("image");
					claims.putIfAbsent(InputFiles.baseOf(dir.getFileName().toString()), id.toString());
				}
				catch (IOException | IllegalArgumentException e) {
					// an unreadable summary claims nothing; its folder is overwritten only if its name comes up
				}
			}
		}
		catch (IOException | java.io.UncheckedIOException e) {
			// an output folder that cannot be listed: writing into it fails with its own message
		}
		return claims;
	}

	/** Whether {@code folder} holds a complete result: its {@value #SUMMARY} (written last) and every other file. */
	public static boolean isComplete(Path folder) {
		for (String f : files())
			if (!Files.isRegularFile(folder.resolve(f))) return false;
		return true;
	}

	/**
	 * Writes the result files of {@code result} (a successful plane) into {@code folder} (created if needed),
	 * {@value #SUMMARY} last. An older summary is deleted first, so the folder never looks complete while it mixes two
	 * runs. The tables have the {@code slice} column when the source is a stack.
	 *
	 * @param input the explained plane (the overlay is drawn on it)
	 * @param settings the run's settings, resolved for the model (recorded in the summary; pairs to draw)
	 */
	public static void write(Path folder, Summary.Source source, RgbImage input, SliceResult result,
		RunSettings settings) throws IOException
	{
		Explanation e = result.explanation();
		if (e == null) throw new IllegalArgumentException("slice " + result.slice() + " failed; it has no results");
		boolean stack = source.slices() > 1;
		List<SliceResult> one = List.of(result);
		Files.createDirectories(folder);
		Files.deleteIfExists(folder.resolve(SUMMARY));
		AtomicFiles.deleteTemporaryFiles(folder);
		AtomicFiles.write(folder.resolve(HEATMAP), out -> writeHeatmap(e, out));
		AtomicFiles.write(folder.resolve(LABELS), out -> writeLabels(e, out));
		OverlayRenderer.Style style = new OverlayRenderer.Style();
		style.pairsToDraw = settings.pairsToDraw;
		BufferedImage overlay = OverlayRenderer.flatten(input, e, style);
		AtomicFiles.write(folder.resolve(OVERLAY), out -> {
			if (!ImageIO.write(overlay, "png", out)) throw new IOException("No PNG writer in this Java runtime.");
		});
		for (Object[] t : new Object[][] {{OBJECTS, ResultTables.objects(one, stack)},
			{PAIRS, ResultTables.pairs(one, stack)}, {GROUPS, ResultTables.groups(one, stack)}})
			AtomicFiles.write(folder.resolve((String) t[0]), out -> {
				Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
				((Table) t[1]).writeCsv(w);
				w.flush();
			});
		AtomicFiles.writeString(folder.resolve(SUMMARY), Json.write(Summary.of(source, e, settings)) + "\n");
	}

	/** The heatmap as a 32-bit ImageJ TIFF, displayed with a range symmetric about 0. */
	public static void writeHeatmap(Explanation e, OutputStream out) throws IOException {
		FloatProcessor fp = new FloatProcessor(e.width(), e.height(), e.heatmap());
		double max = 0;
		for (float v : e.heatmap())
			if (Float.isFinite(v)) max = Math.max(max, Math.abs(v));
		fp.setMinAndMax(-(max > 0 ? max : 1), max > 0 ? max : 1);
		ImagePlus imp = new ImagePlus("heatmap", fp);
		imp.setProperty("Info", "Ablation-CA " + e.heatmapValues().description() + " (" +
			e.heatmapValues().unit(e.scoreScale()) + ") for class " + e.targetIndex() + " '" + e.targetLabel() + "'");
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

	/**
	 * The objects of the result in {@code folder}, read back from its {@value #LABELS} (ids 1..n become indices
	 * 0..n-1).
	 *
	 * @throws IOException if the file is missing or not a label image
	 */
	public static io.github.ablationca.segment.LabelImage readLabels(Path folder) throws IOException {
		Path file = folder.resolve(LABELS);
		if (!Files.isRegularFile(file)) throw new IOException(file + " is missing");
		ImagePlus imp = new ij.io.Opener().openImage(file.toString());
		if (imp == null) throw new IOException(file + " is not a readable TIFF");
		try {
			ImageProcessor ip = imp.getProcessor();
			int w = ip.getWidth(), h = ip.getHeight(), max = 0;
			int[] labels = new int[w * h];
			for (int i = 0; i < labels.length; i++) {
				int id = Math.round(ip.getf(i));
				if (id < 1) throw new IOException(file + " has a pixel without an object id (" + id + ")");
				labels[i] = id - 1;
				max = Math.max(max, id);
			}
			return new io.github.ablationca.segment.LabelImage(w, h, labels, max);
		}
		finally {
			imp.flush();
		}
	}
}
