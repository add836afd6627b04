package io.github.ablationca.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ablationca.engine.Explanation;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Roi;
import ij.process.ColorProcessor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saved results and ROI Manager contents, built from hand-made explanations. */
class RunOutputsTest {

	static ImagePlus stack(int n) {
		ImageStack s = new ImageStack(60, 40);
		for (int i = 0; i < n; i++)
			s.addSlice(new ColorProcessor(60, 40));
		return new ImagePlus("cells 1.tif", s);
	}

	@Test
	void savesOnePngPerPlaneHeatmapStackAndTables(@TempDir Path dir) throws Exception {
		Explanation e = SyntheticExplanation.standard();
		ImagePlus imp = stack(3);
		List<SliceResult> results = Arrays.asList(new SliceResult(1, "slice 1", e, null),
			new SliceResult(2, "slice 2", null, "model rejected the plane"), new SliceResult(3, "slice 3", e, null));
		OverlayRenderer.Style style = new OverlayRenderer.Style();
		RunOutputs out = RunOutputs.build("cells 1.tif", imp, results, style);
		List<Path> written = out.save(dir, "cells 1.tif", imp, results, style);
		assertTrue(written.contains(dir.resolve("cells_1_overlay_s001.png")));
		assertTrue(written.contains(dir.resolve("cells_1_overlay_s003.png")));
		assertFalse(Files.exists(dir.resolve("cells_1_overlay_s002.png")), "no picture for the failed plane");
		assertEquals(420, ImageIO.read(dir.resolve("cells_1_overlay_s001.png").toFile()).getWidth());
		ImagePlus heat = IJ.openImage(dir.resolve("cells_1_heatmap.tif").toString());
		assertEquals(3, heat.getStackSize());
		assertEquals(2.0f, heat.getStack().getProcessor(3).getf(5, 5));
		List<String> objects = Files.readAllLines(dir.resolve("cells_1_objects.csv"));
		assertTrue(objects.get(0).contains("slice,id,area,centroid_x,centroid_y,contribution"), objects.get(0));
		assertEquals(1 + 12, objects.size(), "6 objects on each of the 2 explained planes");
		List<String> pairs = Files.readAllLines(dir.resolve("cells_1_pairs.csv"));
		assertTrue(pairs.get(0).contains("object_a,object_b,correlation,confidence,score,rank"), pairs.get(0));
		List<String> groups = Files.readAllLines(dir.resolve("cells_1_groups.csv"));
		assertTrue(groups.get(0).contains("group,members,size,score"), groups.get(0));
		assertTrue(groups.get(1).contains("1 5"), "members as object ids: " + groups.get(1));
	}

	@Test
	void roiManagerGetsObjectOutlinesAndPairLinesWithPositions() {
		Explanation e = SyntheticExplanation.standard();
		List<Roi> rois = RunOutputs.managerRois(e, 2, 3, 7);
		assertEquals(6 + 2, rois.size(), "6 objects and the 2 requested pairs");
		assertEquals("object 1 (slice 7)", rois.get(0).getName());
		assertEquals("pair 1: 1-5 +0.80 (slice 7)", rois.get(6).getName());
		for (Roi roi : rois)
			assertEquals(3, roi.getPosition());
	}

	@Test
	void fileNamesComeFromTheTitle() {
		assertEquals("cells_1", RunOutputs.safeName("cells 1.tif"));
		assertEquals("a_b", RunOutputs.safeName("a/b.png"));
		assertEquals("image", RunOutputs.safeName(" "));
		assertEquals("stack.of.cells", RunOutputs.safeName("stack.of.cells"), "a long 'extension' is kept");
	}
}
