package io.github.ablationca.imagej;

import io.github.ablationca.engine.Explanation;
import io.github.ablationca.engine.PairRelation;
import io.github.ablationca.image.RgbImage;
import io.github.ablationca.run.SliceResult;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.gui.TextRoi;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;

/**
 * The images of one run as Fiji shows them, built from the per-plane results: the 32-bit heatmap (stack) and the
 * overlay image (an RGB copy of the planes with heatmap, contours, pair lines and a colour bar in a margin: the
 * picture the command line writes as {@code overlay.png}, small images magnified), and the ROIs for the ROI Manager
 * (in the input image's coordinates). Built only after every plane finished, so a canceled run leaves nothing half-made. One
 * colour range serves all planes, so a colour means the same value on every slice.
 *
 * @param heatmap 32-bit, one slice per processed plane
 * @param overlay RGB copy of the processed planes with the overlay (ROI positions = output slice)
 * @param managerRois object outlines and pair lines, with positions, for the ROI Manager
 */
public record ResultImages(ImagePlus heatmap, ImagePlus overlay, List<Roi> managerRois) {

	/**
	 * @param title the input image's title
	 * @param input the input image (only read)
	 * @param results one per processed plane, in order, at least one successful
	 */
	public static ResultImages build(String title, ImagePlus input, List<SliceResult> results,
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
		boolean stack = ImagePlusConversion.planeCount(input) > 1;
		OverlayRenderer.Style common = style.copy();
		if (Double.isNaN(common.range)) common.range = HeatmapRenderer.symmetricRange(explanations);
		String unit = OverlayRenderer.unit(any);

		ImagePlus heatmap = HeatmapRenderer.heatmapImage(title + " Ablation-CA heatmap", explanations,
			stack ? sliceLabels : null, any.width(), any.height(), common.range, unit);
		heatmap.setCalibration(withUnit(input, unit));

		ImageStack planes = null;
		OverlayRenderer.Canvas canvas = null;
		Overlay overlay = new Overlay();
		List<Roi> managerRois = new ArrayList<>();
		for (int k = 0; k < results.size(); k++) {
			SliceResult r = results.get(k);
			int position = stack ? k + 1 : 0;
			RgbImage rgb = ImagePlusConversion.rgb(input, r.slice());
			// the picture the command line writes as overlay.png: small images magnified, the colour bar beside
			canvas = OverlayRenderer.canvas(rgb.width(), rgb.height(), common.scale, common);
			if (planes == null) planes = new ImageStack(canvas.width(), canvas.height());
			planes.addSlice(stack ? sliceLabels.get(k) : null, OverlayRenderer.onCanvas(rgb, canvas));
			if (r.failed()) {
				TextRoi note = new TextRoi(2, 2, "failed: " + r.error(), OverlayRenderer.labelFont(canvas.imageWidth(),
					canvas.imageHeight()));
				note.setStrokeColor(Color.RED);
				note.setName("failed");
				note.setPosition(position);
				overlay.add(note);
				continue;
			}
			OverlayRenderer.addTo(overlay, r.explanation(), common, canvas, position);
			managerRois.addAll(managerRois(r.explanation(), style.pairsToDraw, position, stack ? r.slice() : 0));
		}
		ImagePlus overlayImage = new ImagePlus(title + " Ablation-CA overlay", planes);
		overlayImage.setOverlay(overlay);
		ij.measure.Calibration cal = input.getCalibration().copy();
		cal.pixelWidth /= canvas.scale();
		cal.pixelHeight /= canvas.scale();
		overlayImage.setCalibration(cal);
		return new ResultImages(heatmap, overlayImage, managerRois);
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

	/** Shows the images' ROIs in the ROI Manager of the Fiji GUI; does nothing headless. */
	public void fillRoiManager() {
		if (java.awt.GraphicsEnvironment.isHeadless() || managerRois.isEmpty()) return;
		ij.plugin.frame.RoiManager rm = ij.plugin.frame.RoiManager.getRoiManager();
		for (Roi roi : managerRois)
			rm.addRoi(roi);
	}
}
