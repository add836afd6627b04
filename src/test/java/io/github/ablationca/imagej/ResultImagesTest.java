package io.github.ablationca.imagej;

import io.github.ablationca.Checksums;
import io.github.ablationca.SyntheticExplanation;
import io.github.ablationca.run.SliceResult;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ablationca.engine.Explanation;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Roi;
import ij.process.ColorProcessor;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Saved results and ROI Manager contents, built from hand-made explanations. */
class ResultImagesTest {

	static ImagePlus stack(int n) {
		ImageStack s = new ImageStack(60, 40);
		for (int i = 0; i < n; i++)
			s.addSlice(new ColorProcessor(60, 40));
		return new ImagePlus("cells 1.tif", s);
	}

	@Test
	void oneSliceOfHeatmapAndOverlayPerPlaneFailedPlanesNaNAndNoted() {
		Explanation e = SyntheticExplanation.standard();
		ImagePlus imp = stack(3);
		long before = Checksums.pixels(imp);
		List<SliceResult> results = Arrays.asList(new SliceResult(1, "slice 1", e, null),
			new SliceResult(2, "slice 2", null, "model rejected the plane"), new SliceResult(3, "slice 3", e, null));
		OverlayRenderer.Style style = new OverlayRenderer.Style();
		ResultImages out = ResultImages.build("cells 1.tif", imp, results, style);
		ImagePlus heat = out.heatmap();
		assertEquals(3, heat.getStackSize());
		assertEquals(60, heat.getWidth(), "the heatmap has the image's size: nothing drawn beside or over it");
		assertEquals(2.0f, heat.getStack().getProcessor(3).getf(5, 5));
		assertTrue(Float.isNaN(heat.getStack().getProcessor(2).getf(5, 5)), "the failed plane is NaN");
		ImagePlus overlay = out.overlay();
		assertEquals(3, overlay.getStackSize());
		OverlayRenderer.Canvas canvas = OverlayRenderer.canvas(60, 40, 0, style);
		assertEquals(canvas.width(), overlay.getWidth(), "image (magnified) plus bar margin");
		assertEquals(40 * canvas.scale(), overlay.getHeight());
		// the image is copied unchanged (magnified) into the canvas; the margin right of it is blank
		int s = canvas.scale();
		assertEquals(imp.getStack().getProcessor(1).getPixel(10, 10) & 0xffffff,
			overlay.getStack().getProcessor(1).getPixel(10 * s, 10 * s) & 0xffffff);
		assertEquals(0xffffff, overlay.getStack().getProcessor(1).getPixel(overlay.getWidth() - 1,
			overlay.getHeight() - 1) & 0xffffff);
		boolean failedNote = false, barOnEach = true;
		for (int slice : new int[] {1, 3}) {
			boolean bar = false;
			for (Roi roi : overlay.getOverlay().toArray())
				if ("calibration bar".equals(roi.getName()) && roi.getPosition() == slice) bar = true;
			barOnEach &= bar;
		}
		for (Roi roi : overlay.getOverlay().toArray())
			if ("failed".equals(roi.getName()) && roi.getPosition() == 2) failedNote = true;
		assertTrue(failedNote, "the overlay says which slice failed");
		assertTrue(barOnEach, "each explained slice has its colour bar");
		assertEquals(before, Checksums.pixels(imp), "the input is only read");
	}

	@Test
	void roiManagerGetsObjectOutlinesAndPairLinesWithPositions() {
		Explanation e = SyntheticExplanation.standard();
		List<Roi> rois = ResultImages.managerRois(e, 2, 3, 7);
		assertEquals(6 + 2, rois.size(), "6 objects and the 2 requested pairs");
		assertEquals("object 1 (slice 7)", rois.get(0).getName());
		assertEquals("pair 1: 1-5 +0.80 (slice 7)", rois.get(6).getName());
		for (Roi roi : rois)
			assertEquals(3, roi.getPosition());
	}
}
