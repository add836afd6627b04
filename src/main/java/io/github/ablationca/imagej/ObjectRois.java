package io.github.ablationca.imagej;

import io.github.ablationca.segment.LabelImage;

import ij.gui.Roi;
import ij.plugin.RoiScaler;
import ij.plugin.filter.ThresholdToSelection;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;

/**
 * Turns objects of a {@link LabelImage} into ImageJ ROIs that trace their pixel edges (one ROI per object, or one
 * for the union of a group), so they can be drawn, measured and sent to the ROI Manager.
 */
public final class ObjectRois {

	private ObjectRois() {}

	/** Bounding boxes {@code [index][x0, y0, x1, y1]} (inclusive) of every object; objects without pixels get x0 > x1. */
	static int[][] boundingBoxes(LabelImage labels) {
		int n = labels.count(), w = labels.width(), h = labels.height();
		int[][] box = new int[n][];
		for (int i = 0; i < n; i++)
			box[i] = new int[] {Integer.MAX_VALUE, Integer.MAX_VALUE, -1, -1};
		int[] l = labels.labels();
		for (int y = 0, p = 0; y < h; y++)
			for (int x = 0; x < w; x++, p++) {
				int[] b = box[l[p]];
				if (x < b[0]) b[0] = x;
				if (y < b[1]) b[1] = y;
				if (x > b[2]) b[2] = x;
				if (y > b[3]) b[3] = y;
			}
		return box;
	}

	/**
	 * One outline per object, named {@code "object <id>"} (id = index + 1); null for an object without pixels.
	 *
	 * @param scale the ROIs' coordinates are multiplied by this (for a magnified rendering), 1 = image pixels
	 */
	public static Roi[] objectOutlines(LabelImage labels, int scale) {
		int[][] boxes = boundingBoxes(labels);
		Roi[] rois = new Roi[labels.count()];
		for (int i = 0; i < rois.length; i++) {
			int[] b = boxes[i];
			if (b[2] < b[0]) continue;
			Roi roi = traced(labels, b, new int[] {i}, scale);
			if (roi != null) roi.setName("object " + (i + 1));
			rois[i] = roi;
		}
		return rois;
	}

	/** The outline of the union of {@code members} (0-based indices); null when they have no pixels. */
	public static Roi unionOutline(LabelImage labels, int[] members, int scale) {
		int[][] boxes = boundingBoxes(labels);
		int[] b = {Integer.MAX_VALUE, Integer.MAX_VALUE, -1, -1};
		for (int m : members) {
			int[] mb = boxes[m];
			if (mb[2] < mb[0]) continue;
			b[0] = Math.min(b[0], mb[0]);
			b[1] = Math.min(b[1], mb[1]);
			b[2] = Math.max(b[2], mb[2]);
			b[3] = Math.max(b[3], mb[3]);
		}
		if (b[2] < b[0]) return null;
		return traced(labels, b, members, scale);
	}

	private static Roi traced(LabelImage labels, int[] box, int[] members, int scale) {
		int bw = box[2] - box[0] + 1, bh = box[3] - box[1] + 1, w = labels.width();
		int[] l = labels.labels();
		boolean[] member = new boolean[labels.count()];
		for (int m : members)
			member[m] = true;
		ByteProcessor mask = new ByteProcessor(bw, bh);
		byte[] px = (byte[]) mask.getPixels();
		for (int y = 0; y < bh; y++)
			for (int x = 0; x < bw; x++)
				if (member[l[(box[1] + y) * w + box[0] + x]]) px[y * bw + x] = (byte) 255;
		mask.setThreshold(255, 255, ImageProcessor.NO_LUT_UPDATE);
		Roi roi = new ThresholdToSelection().convert(mask);
		if (roi == null) return null;
		roi.setLocation(roi.getXBase() + box[0], roi.getYBase() + box[1]);
		if (scale != 1) {
			Roi scaled = RoiScaler.scale(roi, scale, scale, false);
			scaled.setName(roi.getName());
			roi = scaled;
		}
		return roi;
	}
}
