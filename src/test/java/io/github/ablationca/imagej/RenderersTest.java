package io.github.ablationca.imagej;

import io.github.ablationca.SyntheticExplanation;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ablationca.engine.Explanation;
import io.github.ablationca.image.RgbImage;

import ij.ImagePlus;
import ij.gui.ImageRoi;
import ij.gui.Line;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.process.LUT;

import java.awt.Color;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Attribution and overlay rendering checked against hand-built explanations whose geometry is known. */
class RenderersTest {

	@Test
	void divergingLutRunsBlueWhiteRed() {
		LUT lut = HeatmapRenderer.divergingLut();
		assertEquals(new Color(0, 0, 255).getRGB(), lut.getRGB(0));
		assertEquals(Color.WHITE.getRGB(), lut.getRGB(128));
		assertEquals(new Color(255, 0, 0).getRGB(), lut.getRGB(255));
		assertEquals(128, HeatmapRenderer.lutIndex(0, 5));
		assertEquals(255, HeatmapRenderer.lutIndex(5, 5));
		assertEquals(0, HeatmapRenderer.lutIndex(-7, 5), "values beyond the range clamp to full blue");
		assertEquals(128, HeatmapRenderer.lutIndex(Double.NaN, 5), "NaN is drawn as 'no effect'");
	}

	@Test
	void heatmapImageHoldsContributionsWithSymmetricRange() {
		Explanation e = SyntheticExplanation.standard();
		double range = HeatmapRenderer.symmetricRange(List.of(e));
		assertEquals(2.0, range, 1e-12, "largest |contribution| is object 1's 2.0");
		ImagePlus heat = HeatmapRenderer.heatmapImage("x Ablation-CA heatmap", List.of(e), null, 60, 40, range,
			"log-odds");
		assertEquals(ImagePlus.GRAY32, heat.getType());
		assertEquals(60, heat.getWidth());
		assertEquals(40, heat.getHeight());
		assertEquals(-2.0, heat.getDisplayRangeMin(), 1e-9);
		assertEquals(2.0, heat.getDisplayRangeMax(), 1e-9);
		assertEquals(2.0f, heat.getProcessor().getf(5, 5), "object 1 (top left) contributes 2.0");
		assertEquals(-1.0f, heat.getProcessor().getf(45, 25), "object 6 (bottom right) contributes -1.0");
		assertEquals(new Color(255, 0, 0).getRGB(), heat.getProcessor().getLut().getRGB(255));
		assertEquals("log-odds", heat.getCalibration().getValueUnit());
		assertNull(heat.getOverlay(), "nothing is drawn over the values");
		assertTrue(((String) heat.getProperty("Info")).contains("-2.00 .. +2.00"), "the range is in the Info");
	}

	@Test
	void failedSliceBecomesNaNInHeatmapStack() {
		Explanation e = SyntheticExplanation.standard();
		ImagePlus heat = HeatmapRenderer.heatmapImage("t", Arrays.asList(e, null, e), List.of("a", "b", "c"), 60, 40,
			2, "log-odds");
		assertEquals(3, heat.getStackSize());
		assertTrue(Float.isNaN(heat.getStack().getProcessor(2).getf(5, 5)));
		assertEquals(2.0f, heat.getStack().getProcessor(3).getf(5, 5));
		assertEquals("b", heat.getStack().getSliceLabel(2));
	}

	@Test
	void colorizeMapsValuesThroughTheLut() {
		Explanation e = SyntheticExplanation.standard();
		var cp = HeatmapRenderer.colorize(e.heatmap(), 60, 40, 2.0, 2);
		assertEquals(120, cp.getWidth());
		assertEquals(80, cp.getHeight());
		assertEquals(0xffff0000, cp.get(10, 10), "+range is pure red");
		assertEquals(0xffffffff, cp.get(90, 10), "0 is white (object 3)");
		int[] blueish = HeatmapRenderer.divergingRgb(HeatmapRenderer.lutIndex(-1.0, 2.0));
		assertEquals(0xff000000 | blueish[0] << 16 | blueish[1] << 8 | blueish[2], cp.get(100, 60));
	}

	@Test
	void objectOutlinesTraceTheObjects() {
		Explanation e = SyntheticExplanation.standard();
		Roi[] rois = ObjectRois.objectOutlines(e.labels(), 1);
		assertEquals(6, rois.length);
		assertEquals("object 1", rois[0].getName());
		assertEquals(new Rectangle(0, 0, 20, 20), rois[0].getBounds());
		assertEquals(new Rectangle(40, 20, 20, 20), rois[5].getBounds());
		assertEquals(400, rois[4].getContainedPoints().length, "a 20 x 20 object contains 400 pixels");
		Roi scaled = ObjectRois.objectOutlines(e.labels(), 3)[5];
		assertEquals(new Rectangle(120, 60, 60, 60), scaled.getBounds());
	}

	@Test
	void groupOutlineIsTheUnionOfItsMembers() {
		Explanation e = SyntheticExplanation.standard();
		Roi union = ObjectRois.unionOutline(e.labels(), new int[] {0, 4}, 1);
		assertEquals(new Rectangle(0, 0, 40, 40), union.getBounds());
		assertTrue(union.contains(5, 5));
		assertTrue(union.contains(25, 25));
		assertFalse(union.contains(25, 5), "object 2 is not in the group");
		assertEquals(800, union.getContainedPoints().length);
	}

	@Test
	void theColourBarAndItsTextLieInTheMarginBesideTheImage() {
		OverlayRenderer.Style style = new OverlayRenderer.Style();
		OverlayRenderer.Canvas canvas = OverlayRenderer.canvas(60, 40, 4, style);
		Overlay o = OverlayRenderer.overlay(SyntheticExplanation.standard(), style, 4, 0);
		int bars = 0;
		for (Roi roi : o.toArray())
			if (roi.getName().startsWith("calibration bar")) {
				bars++;
				Rectangle r = roi.getBounds();
				assertTrue(r.x >= canvas.imageWidth(), roi.getName() + " " + r + " is left of the margin");
				assertTrue(r.x + r.width <= canvas.width() && r.y >= 0 && r.y + r.height <= canvas.height(),
					roi.getName() + " " + r + " leaves the canvas");
			}
		assertEquals(5, bars, "the bar, its title and three values");
	}

	/** Every label's box on the canvas; labels the renderer could not place anywhere are left out by it. */
	static List<Rectangle> labelBoxes(Overlay o) {
		List<Rectangle> boxes = new java.util.ArrayList<>();
		for (Roi roi : o.toArray())
			if (roi.getName().endsWith(" label") && !roi.getName().startsWith("calibration")) boxes.add(roi.getBounds());
		return boxes;
	}

	@Test
	void labelsNeverOverlapEachOtherEvenWhenManyPairsCross() {
		// a 6 x 6 grid: 15 pairs from the centre objects to the others cross near the middle of the image
		int n = 36;
		double[] contribution = new double[n];
		java.util.Arrays.fill(contribution, 1);
		double[][] pairs = new double[15][];
		int[][] far = {{0, 35}, {5, 30}, {1, 34}, {4, 31}, {2, 33}, {3, 32}, {6, 29}, {11, 24}, {7, 28}, {10, 25}, {8, 27},
			{9, 26}, {12, 23}, {13, 22}, {14, 21}};
		for (int k = 0; k < pairs.length; k++)
			pairs[k] = new double[] {far[k][0], far[k][1], 0.9 - 0.05 * k, 1};
		Explanation e = SyntheticExplanation.of(6, 6, 20, contribution, pairs, new int[0][]);
		OverlayRenderer.Style style = new OverlayRenderer.Style();
		style.pairsToDraw = 15;
		for (int scale : new int[] {1, 2, 4}) {
			List<Rectangle> boxes = labelBoxes(OverlayRenderer.overlay(e, style, scale, 0));
			assertTrue(boxes.size() >= (scale == 4 ? 15 : 1), "labels drawn at scale " + scale + ": " + boxes.size());
			for (int i = 0; i < boxes.size(); i++)
				for (int j = i + 1; j < boxes.size(); j++)
					assertFalse(boxes.get(i).intersects(boxes.get(j)), "scale " + scale + ": " + boxes.get(i) +
						" overlaps " + boxes.get(j));
		}
	}

	@Test
	void aPairLabelCoversNoneOfTheTwoObjectsItNamesWhenThereIsRoomElsewhere() {
		Explanation e = SyntheticExplanation.standard(); // 3 x 2 objects of 20 x 20 pixels
		int scale = 4;
		Overlay o = OverlayRenderer.overlay(e, new OverlayRenderer.Style(), scale, 0);
		int[] labels = e.labels().labels();
		for (String pair : List.of("pair 1: 1-5", "pair 2: 2-6")) {
			String[] ids = pair.substring(pair.indexOf(": ") + 2).split("-");
			int a = Integer.parseInt(ids[0]) - 1, b = Integer.parseInt(ids[1]) - 1;
			Rectangle r = find(o, pair + " label").getBounds();
			for (int y = r.y / scale; y < Math.min(40, (r.y + r.height) / scale); y++)
				for (int x = r.x / scale; x < Math.min(60, (r.x + r.width) / scale); x++) {
					int object = labels[y * 60 + x];
					assertTrue(object != a && object != b, pair + " label " + r + " covers object " + (object + 1));
				}
		}
	}

	@Test
	void overlayDrawsPairsByRankColourAndStrength() {
		Explanation e = SyntheticExplanation.standard();
		OverlayRenderer.Style style = new OverlayRenderer.Style();
		Overlay o = OverlayRenderer.overlay(e, style, 1, 0);
		List<String> names = names(o);
		for (int id = 1; id <= 6; id++)
			assertTrue(names.contains("object " + id), "contour of object " + id);
		assertTrue(names.contains("heatmap"));
		assertTrue(names.contains("group 1"));
		assertTrue(names.contains("group 2"));

		Line first = (Line) find(o, "pair 1: 1-5");
		// object 1 centroid (9.5, 9.5) and object 5 centroid (29.5, 29.5), pixel centres at +0.5
		assertEquals(10, first.x1d, 1e-9);
		assertEquals(10, first.y1d, 1e-9);
		assertEquals(30, first.x2d, 1e-9);
		assertEquals(30, first.y2d, 1e-9);
		assertEquals(OverlayRenderer.SYNERGY, first.getStrokeColor(), "positive correlation = synergy colour");
		Line second = (Line) find(o, "pair 2: 2-6");
		assertEquals(OverlayRenderer.REDUNDANCY, second.getStrokeColor(), "negative correlation = redundancy colour");
		Line third = (Line) find(o, "pair 3: 3-4");
		assertTrue(first.getStrokeWidth() > second.getStrokeWidth(), "|0.8| draws wider than |0.6|");
		assertTrue(second.getStrokeWidth() > third.getStrokeWidth(), "|0.6| draws wider than |0.1|");
		assertNull(first.getStroke().getDashArray(), "significant pairs are solid");
		assertNotNull(third.getStroke().getDashArray(), "non-significant pairs are dashed");
		assertTrue(names(OverlayRenderer.overlay(e, style, 4, 0)).contains("pair 1: 1-5 label"));

		style.pairsToDraw = 1;
		style.groupsToDraw = 0;
		List<String> fewer = names(OverlayRenderer.overlay(e, style, 1, 0));
		assertTrue(fewer.contains("pair 1: 1-5"));
		assertFalse(fewer.contains("pair 2: 2-6"), "only the requested number of pairs is drawn");
		assertFalse(fewer.contains("group 1"));
	}

	@Test
	void overlayRoisCarryTheStackPosition() {
		Overlay o = OverlayRenderer.overlay(SyntheticExplanation.standard(), new OverlayRenderer.Style(), 1, 3);
		for (Roi roi : o.toArray())
			assertEquals(3, roi.getPosition(), roi.getName());
	}

	@Test
	void flattenBlendsHeatmapOverTheImageHeadless() {
		Explanation e = SyntheticExplanation.standard();
		RgbImage input = SyntheticExplanation.image(60, 40);
		float[] before = input.data().clone();
		OverlayRenderer.Style style = new OverlayRenderer.Style();
		BufferedImage flat = OverlayRenderer.flatten(input, e, style);
		int scale = OverlayRenderer.autoScale(60, 40);
		assertEquals(7, scale, "the 40-pixel side is enlarged to at least 256");
		OverlayRenderer.Canvas canvas = OverlayRenderer.canvas(60, 40, 0, style);
		assertEquals(60 * scale, canvas.imageWidth());
		assertTrue(canvas.width() > canvas.imageWidth(), "a margin for the colour bar");
		assertEquals(canvas.width(), flat.getWidth());
		assertEquals(40 * scale, flat.getHeight());
		// inside object 1, away from lines, labels and contours: 50% red over the image
		int x = 15, y = 4;
		Color got = new Color(flat.getRGB(x * scale + scale / 2, y * scale + scale / 2));
		double r = 0.5 * 255 + 0.5 * input.get(x, y, 0), g = 0.5 * input.get(x, y, 1), b = 0.5 * input.get(x, y, 2);
		assertEquals(r, got.getRed(), 2.5);
		assertEquals(g, got.getGreen(), 2.5);
		assertEquals(b, got.getBlue(), 2.5);
		assertArrayEquals(before, input.data(), "the input is not modified");

		style.scale = 1;
		style.calibrationBar = false;
		assertEquals(60, OverlayRenderer.flatten(input, e, style).getWidth(), "scale 1 = image pixels, no margin");
	}

	@Test
	void writePngWritesTheFlattenedPicture(@TempDir Path dir) throws Exception {
		Explanation e = SyntheticExplanation.standard();
		Path png = dir.resolve("sub/overlay.png");
		OverlayRenderer.writePng(SyntheticExplanation.image(60, 40), e, new OverlayRenderer.Style(), png);
		BufferedImage read = ImageIO.read(png.toFile());
		BufferedImage flat = OverlayRenderer.flatten(SyntheticExplanation.image(60, 40), e, new OverlayRenderer.Style());
		assertEquals(flat.getWidth(), read.getWidth());
		assertEquals(280, read.getHeight());
		assertArrayEquals(flat.getRGB(0, 0, flat.getWidth(), 280, null, 0, flat.getWidth()),
			read.getRGB(0, 0, flat.getWidth(), 280, null, 0, flat.getWidth()), "the PNG holds the flattened picture");
	}

	@Test
	void sizeMismatchIsRefused() {
		Explanation e = SyntheticExplanation.standard();
		IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
			() -> OverlayRenderer.flatten(new RgbImage(10, 10), e, new OverlayRenderer.Style()));
		assertTrue(ex.getMessage().contains("60 x 40"), ex.getMessage());
	}

	@Test
	void imageRoiOpacityIsTheStyleOpacity() {
		OverlayRenderer.Style style = new OverlayRenderer.Style();
		style.heatmapOpacity = 0.3;
		Overlay o = OverlayRenderer.overlay(SyntheticExplanation.standard(), style, 1, 0);
		assertEquals(0.3, ((ImageRoi) find(o, "heatmap")).getOpacity(), 1e-9);
	}

	@Test
	void labelsOfPairsWithTheSameMidpointDoNotOverlap() {
		// pairs (1,5) and (2,4) of a 3 x 2 grid... use a 2 x 2 grid: diagonals (0,3) and (1,2) cross at the centre
		Explanation e = SyntheticExplanation.of(2, 2, 40, new double[] {1, -1, 0.5, 0.2},
			new double[][] {{0, 3, 0.9, 1}, {1, 2, -0.7, 1}}, new int[0][]);
		Overlay o = OverlayRenderer.overlay(e, new OverlayRenderer.Style(), 1, 0);
		Rectangle a = find(o, "pair 1: 1-4 label").getBounds(), b = find(o, "pair 2: 2-3 label").getBounds();
		assertFalse(a.intersects(b), a + " overlaps " + b);
	}

	static List<String> names(Overlay o) {
		return Arrays.stream(o.toArray()).map(Roi::getName).toList();
	}

	static Roi find(Overlay o, String name) {
		for (Roi roi : o.toArray())
			if (name.equals(roi.getName())) return roi;
		throw new AssertionError("no ROI named " + name + " in " + names(o));
	}
}
