package io.github.ablationca.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ablationca.TestData;
import io.github.ablationca.attribution.Attribution;
import io.github.ablationca.image.RgbImage;
import io.github.ablationca.metric.ObjectMask;
import io.github.ablationca.metric.PointingGame;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

	@Test
	void panelShowsTheImageAndEachHeatmapSideBySide(@TempDir Path dir) throws Exception {
		RgbImage img = new RgbImage(64, 32);
		java.util.Arrays.fill(img.data(), 128);
		float[] signed = new float[64 * 32], positive = new float[64 * 32];
		for (int y = 0; y < 32; y++)
			for (int x = 0; x < 64; x++) {
				signed[y * 64 + x] = x < 32 ? -1 : 1;
				positive[y * 64 + x] = x;
			}
		List<Attribution> maps = List.of(new Attribution("lime", 64, 32, signed, 10, 1),
			new Attribution("rise", 64, 32, positive, 10, 1));
		BufferedImage panel = HeatmapPanel.render(img, "x.png", maps, List.of("del 0.1", "ins 0.9"));
		int tile = HeatmapPanel.TILE, tileH = 112;
		assertEquals(3 * tile + 4 * 4, panel.getWidth());
		assertEquals(tileH + 34 + 8, panel.getHeight());
		Path png = dir.resolve("sub/panel.png");
		HeatmapPanel.write(panel, png);
		BufferedImage back = ImageIO.read(png.toFile());
		assertEquals(panel.getWidth(), back.getWidth());
		// tile 2 (signed): left half blue, right half red; tile 3 (non-negative): dark on the left, bright on the right
		int x2 = 4 + (tile + 4), x3 = 4 + 2 * (tile + 4), y = 4 + tileH / 2;
		int left = back.getRGB(x2 + 20, y), right = back.getRGB(x2 + tile - 20, y);
		assertTrue((left & 0xff) > (left >> 16 & 0xff), "negative values are blue");
		assertTrue((right >> 16 & 0xff) > (right & 0xff), "positive values are red");
		assertTrue(lum(back.getRGB(x3 + tile - 5, y)) > lum(back.getRGB(x3 + 5, y)) + 100);
	}

	private static int lum(int rgb) {
		return ((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff);
	}

	@Test
	void dogTrimapReadsAsObjectBoundaryBackground() throws Exception {
		ObjectMask m = MaskFiles.readTrimap(TestData.image("masks/dog_mask.png"));
		assertEquals(128, m.width());
		int obj = 0, ign = 0;
		for (int i = 0; i < 128 * 128; i++) {
			if (m.object()[i]) obj++;
			if (m.ignore()[i]) ign++;
		}
		// pixel counts documented in ../shared/data/README.md
		assertEquals(7708, obj);
		assertEquals(1960, ign);
		// a heatmap peaking on the dog hits; one peaking farther than 15 pixels from it misses
		int on = -1, far = -1;
		for (int i = 0; i < 128 * 128 && (on < 0 || far < 0); i++) {
			if (on < 0 && m.object()[i]) on = i;
			if (far < 0 && PointingGame.evaluate(peak(i), m).distance() > 15) far = i;
		}
		assertTrue(far >= 0, "the dog image has background farther than 15 pixels from the dog");
		assertTrue(PointingGame.evaluate(peak(on), m).hit());
		assertFalse(PointingGame.evaluate(peak(far), m).hit());
	}

	@Test
	void maskConventionIsToldByItsValues(@TempDir Path dir) throws Exception {
		// the dog trimap read either way gives the same mask
		ObjectMask trimap = MaskFiles.read(TestData.image("masks/dog_mask.png"));
		assertArrayEquals(MaskFiles.readTrimap(TestData.image("masks/dog_mask.png")).object(), trimap.object());
		// a 0/255 mask: 255 = object
		BufferedImage bin = new BufferedImage(4, 3, BufferedImage.TYPE_BYTE_GRAY);
		bin.getRaster().setSample(2, 1, 0, 255);
		Path file = dir.resolve("bin_mask.png");
		ImageIO.write(bin, "png", file.toFile());
		ObjectMask m = MaskFiles.read(file);
		for (int y = 0; y < 3; y++)
			for (int x = 0; x < 4; x++)
				assertEquals(x == 2 && y == 1, m.isObject(x, y));
		// other values: refused, naming the conventions
		bin.getRaster().setSample(0, 0, 0, 7);
		ImageIO.write(bin, "png", file.toFile());
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MaskFiles.read(file));
		assertTrue(e.getMessage().contains("0/255"), e.getMessage());
	}

	private static float[] peak(int i) {
		float[] h = new float[128 * 128];
		h[i] = 1;
		return h;
	}
}
