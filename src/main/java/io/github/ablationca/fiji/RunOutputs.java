package io.github.ablationca.fiji;

import io.github.ablationca.engine.Explanation;
import io.github.ablationca.engine.PairRelation;
import io.github.ablationca.image.RgbImage;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.gui.TextRoi;
import ij.io.FileSaver;
import ij.measure.ResultsTable;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything one run of the Fiji command produces, built from the per-plane results: the heatmap image (stack),
 * the overlay image (stack), the three tables and the ROIs for the ROI Manager. Built only after every plane
 * finished, so a canceled run leaves nothing half-made.
 *
 * @param heatmap 32-bit, one slice per processed plane
 * @param overlay RGB copy of the processed planes with the overlay (ROI positions = output slice)
 * @param managerRois object outlines and pair lines, with positions, for the ROI Manager
 */
public record RunOutputs(ImagePlus heatmap, ImagePlus overlay, ResultsTable objects, ResultsTable pairs,
	ResultsTable groups, List<Roi> managerRois)
{
	/**
	 * @param title the input image's title
	 * @param input the input image (only read)
	 * @param results one per processed plane, in order, at least one successful
	 */
	public static RunOutputs build(String title, ImagePlus input, List<SliceResult> results,
		OverlayRenderer.Style style)
	{
		List<Explanation> explanations = new ArrayList<>();
		List<String> sliceLabels = new ArrayList<>();
		Explanation any = null;
		for (SliceResult r : results) {
			explanations.add(r.explanation());
			sliceLabels.add(r.failed() ? (r.position() + " failed: " + r.error()).trim() : r.position());
			if (any == null) any = r.explanation();
		}
		if (any == null) throw new IllegalArgumentException("no plane was explained");
		int w = any.width(), h = any.height();
		boolean stack = input.getStackSize() > 1;
		double range = Double.isNaN(style.range) ? HeatmapRenderer.symmetricRange(explanations) : style.range;
		String unit = OverlayRenderer.unit(any);

		ImagePlus heatmap = HeatmapRenderer.heatmapImage(title + " Ablation-CA heatmap", explanations,
			stack ? sliceLabels : null, w, h, range, unit);

		OverlayRenderer.Style common = style.copy();
		common.range = range;
		ImageStack rgbStack = new ImageStack(w, h);
		Overlay overlay = new Overlay();
		List<Roi> managerRois = new ArrayList<>();
		for (int k = 0; k < results.size(); k++) {
			SliceResult r = results.get(k);
			int position = stack ? k + 1 : 0;
			RgbImage rgb = ImagePlusConversion.rgb(input, r.stackIndex());
			rgbStack.addSlice(stack ? sliceLabels.get(k) : null, OverlayRenderer.magnified(rgb, 1));
			if (r.failed()) {
				TextRoi note = new TextRoi(2, 2, "failed: " + r.error(), OverlayRenderer.labelFont(w, h));
				note.setStrokeColor(Color.RED);
				note.setName("failed");
				note.setPosition(position);
				overlay.add(note);
				continue;
			}
			Explanation e = r.explanation();
			// The calibration bar is added once below for all slices.
			OverlayRenderer.Style sliceStyle = common.copy();
			sliceStyle.calibrationBar = false;
			OverlayRenderer.addTo(overlay, e, sliceStyle, 1, position);
			managerRois.addAll(managerRois(e, style.pairsToDraw, position, stack ? r.stackIndex() : 0));
		}
		if (style.calibrationBar && Math.min(w, h) >= HeatmapRenderer.MIN_SIDE_FOR_BAR)
			HeatmapRenderer.addCalibrationBar(overlay, w, h, 1, range, unit, 0);
		ImagePlus overlayImage = new ImagePlus(title + " Ablation-CA overlay", rgbStack);
		overlayImage.setOverlay(overlay);
		overlayImage.setCalibration(input.getCalibration().copy());
		heatmap.setCalibration(withUnit(input, unit));

		return new RunOutputs(heatmap, overlayImage, ResultTables.objects(results, stack),
			ResultTables.pairs(results, stack), ResultTables.groups(results, stack), managerRois);
	}

	private static ij.measure.Calibration withUnit(ImagePlus input, String unit) {
		ij.measure.Calibration cal = input.getCalibration().copy();
		cal.disableDensityCalibration();
		cal.setValueUnit(unit);
		return cal;
	}

	/** Object outlines and the top pair lines in image coordinates, named so that they are found in the manager. */
	static List<Roi> managerRois(Explanation e, int pairs, int position, int sliceForName) {
		List<Roi> rois = new ArrayList<>();
		String suffix = sliceForName > 0 ? " (slice " + sliceForName + ")" : "";
		for (Roi roi : ObjectRois.objectOutlines(e.labels(), 1)) {
			if (roi == null) continue;
			roi.setName(roi.getName() + suffix);
			roi.setPosition(position);
			rois.add(roi);
		}
		int drawn = 0;
		for (PairRelation p : e.pairs()) {
			if (drawn++ >= pairs) break;
			Roi line = OverlayRenderer.pairLine(e.objects().get(p.a()), e.objects().get(p.b()), 1);
			line.setName(OverlayRenderer.pairName(p) + " " + OverlayRenderer.signed(p.correlation()) + suffix);
			line.setStrokeColor(p.correlation() >= 0 ? OverlayRenderer.SYNERGY : OverlayRenderer.REDUNDANCY);
			line.setPosition(position);
			rois.add(line);
		}
		return rois;
	}

	/**
	 * Writes the outputs into {@code folder}: {@code <name>_overlay.png} (flattened, one per plane for stacks:
	 * {@code <name>_overlay_s<index>.png}), {@code <name>_heatmap.tif}, {@code <name>_objects.csv},
	 * {@code <name>_pairs.csv}, {@code <name>_groups.csv}.
	 *
	 * @return the files written
	 */
	public List<Path> save(Path folder, String name, ImagePlus input, List<SliceResult> results,
		OverlayRenderer.Style style) throws IOException
	{
		Files.createDirectories(folder);
		String base = safeName(name);
		List<Path> written = new ArrayList<>();
		OverlayRenderer.Style common = style.copy();
		common.range = heatmap.getDisplayRangeMax();
		boolean stack = results.size() > 1 || input.getStackSize() > 1;
		for (SliceResult r : results) {
			if (r.failed()) continue;
			RgbImage rgb = ImagePlusConversion.rgb(input, r.stackIndex());
			BufferedImage picture = OverlayRenderer.flatten(rgb, r.explanation(), common);
			Path png = folder.resolve(base + (stack ? String.format("_overlay_s%03d.png", r.stackIndex()) : "_overlay.png"));
			OverlayRenderer.writePng(picture, png);
			written.add(png);
		}
		Path tif = folder.resolve(base + "_heatmap.tif");
		boolean ok = heatmap.getStackSize() > 1 ? new FileSaver(heatmap).saveAsTiffStack(tif.toString())
			: new FileSaver(heatmap).saveAsTiff(tif.toString());
		if (!ok) throw new IOException("Could not write " + tif);
		written.add(tif);
		for (Object[] t : new Object[][] {{objects, "_objects.csv"}, {pairs, "_pairs.csv"}, {groups, "_groups.csv"}}) {
			Path csv = folder.resolve(base + t[1]);
			((ResultsTable) t[0]).saveAs(csv.toString());
			written.add(csv);
		}
		return written;
	}

	/** The image title without extension, with characters that are awkward in file names replaced. */
	static String safeName(String title) {
		String t = title == null || title.isBlank() ? "image" : title.trim();
		int dot = t.lastIndexOf('.');
		if (dot > 0 && t.length() - dot <= 5) t = t.substring(0, dot);
		return t.replaceAll("[^A-Za-z0-9._-]+", "_");
	}

	/** Shows tables and ROIs in the Fiji GUI; does nothing headless. */
	void showInGui(boolean tables, boolean roiManager) {
		if (java.awt.GraphicsEnvironment.isHeadless()) return;
		if (tables) {
			objects.show(ResultTables.OBJECTS);
			pairs.show(ResultTables.PAIRS);
			groups.show(ResultTables.GROUPS);
		}
		if (roiManager && !managerRois.isEmpty()) {
			ij.plugin.frame.RoiManager rm = ij.plugin.frame.RoiManager.getRoiManager();
			for (Roi roi : managerRois)
				rm.addRoi(roi);
		}
		IJ.showStatus("");
	}
}
