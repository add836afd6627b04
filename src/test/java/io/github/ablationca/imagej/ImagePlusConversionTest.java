package io.github.ablationca.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ablationca.image.RgbImage;
import io.github.ablationca.run.Slice;

import ij.CompositeImage;
import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.LUT;
import ij.process.ShortProcessor;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The plane of an ImagePlus is the RGB ImageJ shows: each case is built by hand with a known colour table, display
 * range or composite mode, and the expected colours are computed from those numbers.
 */
class ImagePlusConversionTest {

	private static List<Float> pixel(RgbImage rgb, int x, int y) {
		return List.of(rgb.get(x, y, 0), rgb.get(x, y, 1), rgb.get(x, y, 2));
	}

	private static LUT lut(int[] r, int[] g, int[] b) {
		byte[] rr = new byte[256], gg = new byte[256], bb = new byte[256];
		for (int i = 0; i < 256; i++) {
			rr[i] = (byte) r[i];
			gg[i] = (byte) g[i];
			bb[i] = (byte) b[i];
		}
		return new LUT(rr, gg, bb);
	}

	@Test
	void anEightBitPaletteImageShowsItsPaletteWhateverImageJCallsIt() {
		// a 2-entry palette, as ImageJ opens a 1-bit PNG: values 0 and 1, colours from the table
		byte[] r = {(byte) 10, (byte) 200}, g = {(byte) 20, (byte) 100}, b = {(byte) 30, (byte) 50};
		ByteProcessor bp = new ByteProcessor(2, 1, new byte[] {0, 1}, new java.awt.image.IndexColorModel(1, 2, r, g,
			b));
		ImagePlus imp = new ImagePlus("palette", bp);
		assertEquals(ImagePlus.GRAY8, imp.getType(), "ImageJ calls it 8-bit grey");
		RgbImage rgb = ImagePlusConversion.rgb(imp, 1);
		assertEquals(List.of(10f, 20f, 30f), pixel(rgb, 0, 0));
		assertEquals(List.of(200f, 100f, 50f), pixel(rgb, 1, 0));
	}

	@Test
	void anInvertingTableInvertsAndAColourTableColours() {
		ByteProcessor bp = new ByteProcessor(1, 1, new byte[] {(byte) 40}, null);
		bp.invertLut();
		assertEquals(List.of(215f, 215f, 215f), pixel(ImagePlusConversion.rgb(new ImagePlus("inv", bp), 1), 0, 0));
		int[] red = new int[256], zero = new int[256];
		for (int i = 0; i < 256; i++)
			red[i] = i;
		ShortProcessor sp = new ShortProcessor(2, 1, new short[] {100, 300}, null);
		sp.setLut(lut(red, zero, zero));
		ImagePlus imp = new ImagePlus("red16", sp);
		imp.setDisplayRange(100, 300);
		RgbImage rgb = ImagePlusConversion.rgb(imp, 1);
		assertEquals(List.of(0f, 0f, 0f), pixel(rgb, 0, 0));
		assertEquals(List.of(255f, 0f, 0f), pixel(rgb, 1, 0), "the top of the display range is the table's end");
	}

	@Test
	void anEightBitDisplayRangeIsShownAsSet() {
		ImagePlus imp = new ImagePlus("b", new ByteProcessor(3, 1, new byte[] {50, 100, (byte) 150}, null));
		imp.setDisplayRange(50, 150);
		RgbImage rgb = ImagePlusConversion.rgb(imp, 1);
		assertEquals(0f, rgb.get(0, 0, 0));
		assertEquals(127.5f, rgb.get(1, 0, 0), 1e-4f);
		assertEquals(255f, rgb.get(2, 0, 0));
	}

	private static CompositeImage threeChannels(int mode) {
		ImageStack s = new ImageStack(1, 1);
		s.addSlice(new ByteProcessor(1, 1, new byte[] {(byte) 200}, null));
		s.addSlice(new ByteProcessor(1, 1, new byte[] {(byte) 100}, null));
		s.addSlice(new ByteProcessor(1, 1, new byte[] {(byte) 50}, null));
		ImagePlus imp = new ImagePlus("c", s);
		imp.setDimensions(3, 1, 1);
		CompositeImage ci = new CompositeImage(imp, mode);
		for (int c = 1; c <= 3; c++) {
			ci.setC(c);
			ci.setDisplayRange(0, 255);
		}
		return ci;
	}

	@Test
	void aCompositeShownMergedIsOnePlaneOfItsChannelsAndShownOneByOneIsOnePerChannel() {
		CompositeImage merged = threeChannels(IJ.COMPOSITE);
		assertEquals(1, ImagePlusConversion.planeCount(merged));
		assertEquals(List.of(200f, 100f, 50f), pixel(ImagePlusConversion.rgb(merged, 1), 0, 0),
			"red, green and blue channels summed");
		merged.setActiveChannels("101");
		assertEquals(List.of(200f, 0f, 50f), pixel(ImagePlusConversion.rgb(merged, 1), 0, 0), "only active channels");

		CompositeImage colour = threeChannels(IJ.COLOR);
		assertEquals(3, ImagePlusConversion.planeCount(colour));
		assertEquals(List.of(0f, 100f, 0f), pixel(ImagePlusConversion.rgb(colour, 2), 0, 0), "the green channel, green");
		CompositeImage grey = threeChannels(IJ.GRAYSCALE);
		assertEquals(List.of(100f, 100f, 100f), pixel(ImagePlusConversion.rgb(grey, 2), 0, 0), "in grey");
		assertEquals("c2 z1 t1", ImagePlusConversion.positionLabel(grey, 2));
	}

	@Test
	void aPlaneNamedDamagedByItsFileFailsAloneWhenRead() throws Exception {
		ImagePlus imp = new ImagePlus("ok", new ByteProcessor(2, 2));
		List<Slice> slices = ImagePlusConversion.slices(imp);
		assertEquals(1, slices.size());
		assertTrue(slices.get(0).pixels().get().width() == 2);
		assertThrows(IllegalArgumentException.class, () -> ImagePlusConversion.rgb(imp, 2), "outside the image");
	}
}
