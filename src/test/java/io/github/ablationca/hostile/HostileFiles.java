package io.github.ablationca.hostile;

import io.github.ablationca.TestData;

import ij.CompositeImage;
import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileInfo;
import ij.io.TiffDecoder;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.LUT;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Hostile and unusual image files, made by the tests from the shared CIFAR-10 photos (nothing binary is committed).
 * Each accepted file comes with its oracle: a plain 8-bit RGB PNG of the pixels a viewer shows, computed here from
 * the generator's own numbers (the palette it chose, the bit depth it scaled down to, the alpha it set, the rotation
 * it asked for), independently of the readers under test. Each refused file names the words its message must hold.
 */
final class HostileFiles {

	/**
	 * One file.
	 *
	 * @param id a short name (also the file's stem)
	 * @param file the hostile file
	 * @param oracle the plain RGB PNG of what a viewer shows, null for a file that must be refused
	 * @param problem words the refusal must contain (lower case), null for an accepted file
	 * @param imageJShows whether ImageJ's own opener (what Fiji uses) shows the file faithfully (then the Fiji command
	 *        gets ImageJ's ImagePlus); for refused files, whether ImageJ opens it at all (then the Fiji command must
	 *        refuse it)
	 */
	record Case(String id, Path file, Path oracle, String problem, boolean imageJShows) {

		boolean accepted() {
			return oracle != null;
		}

		@Override
		public String toString() {
			return id;
		}
	}

	/** A stack whose last plane is damaged: {@code planes} oracles for the planes that must be explained. */
	record Stack(String id, Path file, List<Path> oracles, int pages) {}

	private final Path dir;
	private final List<Case> cases = new ArrayList<>();
	private final List<Stack> stacks = new ArrayList<>();

	private HostileFiles(Path dir) {
		this.dir = dir;
	}

	/** Writes every hostile file into {@code dir} (and its oracles into {@code dir/oracles}). */
	static HostileFiles generate(Path dir) throws IOException {
		HostileFiles h = new HostileFiles(dir);
		Files.createDirectories(dir.resolve("oracles"));
		h.pngs();
		h.others();
		h.jpegs();
		h.refused();
		h.makeStacks();
		return h;
	}

	List<Case> cases() {
		return cases;
	}

	List<Case> accepted() {
		return cases.stream().filter(Case::accepted).toList();
	}

	List<Case> refusedCases() {
		return cases.stream().filter(c -> !c.accepted()).toList();
	}

	List<Stack> stacks() {
		return stacks;
	}

	// -- Sources --

	/** A CIFAR-10 photo as ARGB pixels (decoded from its JPEG; sRGB, no profile). */
	static int[] cifar(String name) throws IOException {
		BufferedImage bi = ImageIO.read(TestData.image("cifar10").resolve(name).toFile());
		return bi.getRGB(0, 0, 32, 32, null, 0, 32);
	}

	private static int r(int argb) {
		return argb >> 16 & 0xff;
	}

	private static int g(int argb) {
		return argb >> 8 & 0xff;
	}

	private static int b(int argb) {
		return argb & 0xff;
	}

	private static int rgb(int r, int g, int b) {
		return 0xff000000 | r << 16 | g << 8 | b;
	}

	private static int grey(int argb) {
		return (r(argb) * 299 + g(argb) * 587 + b(argb) * 114) / 1000;
	}

	/** Colour {@code c} with alpha {@code a} of {@code max} over white, rounded: the rule for transparency. */
	static int overWhite(double c, double a, double max) {
		double f = a / max;
		return (int) Math.round(c * f + 255 * (1 - f));
	}

	/** Oracles by content: files that must show the same pixels share one oracle. */
	private final java.util.Map<String, Path> oracles = new java.util.HashMap<>();

	private Path oracle(String id, int[] argb, int w, int h) throws IOException {
		String key = w + "x" + h + ":" + Arrays.hashCode(argb);
		Path known = oracles.get(key);
		if (known != null) return known;
		int[] s = new int[w * h * 3];
		for (int i = 0; i < w * h; i++) {
			s[3 * i] = r(argb[i]);
			s[3 * i + 1] = g(argb[i]);
			s[3 * i + 2] = b(argb[i]);
		}
		Path p = dir.resolve("oracles").resolve(id + ".png");
		Files.write(p, PngBytes.png(w, h, 2, 8, s, null, null));
		oracles.put(key, p);
		return p;
	}

	private void accept(String id, String ext, byte[] bytes, int[] expected, int w, int h, boolean imageJShows)
		throws IOException
	{
		Path f = dir.resolve(id + "." + ext);
		Files.write(f, bytes);
		cases.add(new Case(id, f, oracle(id, expected, w, h), null, imageJShows));
	}

	private void refuse(String id, String ext, byte[] bytes, String problem, boolean imageJOpens) throws IOException {
		Path f = dir.resolve(id + "." + ext);
		Files.write(f, bytes);
		cases.add(new Case(id, f, null, problem, imageJOpens));
	}

	// -- PNG, from the specification --

	private void pngs() throws IOException {
		int[] src = cifar("cat_0000.jpg");
		int n = 32 * 32;
		// palettes of 256 (3-3-2 colour cube), 16, 4 and 2 colours: each pixel takes the nearest entry
		for (int bits : new int[] {8, 4, 2, 1}) {
			int[] palette = palette(bits);
			int[] index = new int[n], expected = new int[n];
			for (int i = 0; i < n; i++) {
				index[i] = nearest(palette, src[i]);
				expected[i] = palette[index[i]];
			}
			accept("png-palette-" + bits + "bit", "png", PngBytes.png(32, 32, 3, bits, index, plte(palette), null),
				expected, 32, 32, true);
		}
		// a palette whose entries are partly transparent (tRNS): shown over white
		{
			int[] palette = palette(8);
			byte[] alpha = new byte[256];
			int[] index = new int[n], expected = new int[n];
			for (int k = 0; k < 256; k++)
				alpha[k] = (byte) (k % 3 == 0 ? 0 : k % 3 == 1 ? 128 : 255);
			for (int i = 0; i < n; i++) {
				index[i] = nearest(palette, src[i]);
				int c = palette[index[i]], a = alpha[index[i]] & 0xff;
				expected[i] = rgb(overWhite(r(c), a, 255), overWhite(g(c), a, 255), overWhite(b(c), a, 255));
			}
			accept("png-palette-transparent", "png", PngBytes.png(32, 32, 3, 8, index, plte(palette), alpha),
				expected, 32, 32, false);
		}
		// grey with 1, 2, 4, 8 and 16 bits: levels scaled to 0..255 (16-bit: the full range 0..65535)
		for (int bits : new int[] {1, 2, 4, 8, 16}) {
			int max = (1 << bits) - 1;
			int[] s = new int[n], expected = new int[n];
			for (int i = 0; i < n; i++) {
				int q = bits == 16 ? grey(src[i]) * 257 : grey(src[i]) >> (8 - bits);
				s[i] = q;
				int v = (int) Math.round(q * 255.0 / max);
				expected[i] = rgb(v, v, v);
			}
			accept("png-grey-" + bits + "bit", "png", PngBytes.png(32, 32, 0, bits, s, null, null), expected, 32, 32,
				bits < 16);
		}
		// grey + alpha, 8 and 16 bits, opaque and transparent
		for (int bits : new int[] {8, 16}) {
			for (boolean transparent : new boolean[] {false, true}) {
				int mul = bits == 16 ? 257 : 1;
				int[] s = new int[2 * n], expected = new int[n];
				for (int i = 0; i < n; i++) {
					int gv = grey(src[i]), a = transparent ? (i * 8) % 256 : 255;
					s[2 * i] = gv * mul;
					s[2 * i + 1] = a * mul;
					int v = overWhite(gv, a, 255);
					expected[i] = rgb(v, v, v);
				}
				accept("png-grey-alpha-" + bits + "bit" + (transparent ? "-transparent" : ""), "png", PngBytes.png(32,
					32, 4, bits, s, null, null), expected, 32, 32, false);
			}
		}
		// RGB 16-bit, RGBA 8 and 16-bit with transparency
		{
			int[] s = new int[3 * n];
			for (int i = 0; i < n; i++) {
				s[3 * i] = r(src[i]) * 257;
				s[3 * i + 1] = g(src[i]) * 257;
				s[3 * i + 2] = b(src[i]) * 257;
			}
			accept("png-rgb-16bit", "png", PngBytes.png(32, 32, 2, 16, s, null, null), src, 32, 32, false);
		}
		for (int bits : new int[] {8, 16}) {
			int mul = bits == 16 ? 257 : 1;
			int[] s = new int[4 * n], expected = new int[n];
			for (int i = 0; i < n; i++) {
				int a = (i * 5) % 256;
				s[4 * i] = r(src[i]) * mul;
				s[4 * i + 1] = g(src[i]) * mul;
				s[4 * i + 2] = b(src[i]) * mul;
				s[4 * i + 3] = a * mul;
				expected[i] = rgb(overWhite(r(src[i]), a, 255), overWhite(g(src[i]), a, 255), overWhite(b(src[i]), a,
					255));
			}
			accept("png-rgba-" + bits + "bit", "png", PngBytes.png(32, 32, 6, bits, s, null, null), expected, 32, 32,
				false);
		}
		// a PNG named .jpg: the content decides
		{
			int[] s = new int[3 * n];
			for (int i = 0; i < n; i++) {
				s[3 * i] = r(src[i]);
				s[3 * i + 1] = g(src[i]);
				s[3 * i + 2] = b(src[i]);
			}
			accept("png-named-jpg", "jpg", PngBytes.png(32, 32, 2, 8, s, null, null), src, 32, 32, true);
		}
	}

	/** A deterministic palette of {@code 2^bits} colours (the 3-3-2 colour cube for 8 bits). */
	static int[] palette(int bits) {
		int size = 1 << bits;
		int[] p = new int[size];
		for (int k = 0; k < size; k++)
			p[k] = bits == 8 ? rgb((k >> 5) * 255 / 7, (k >> 2 & 7) * 255 / 7, (k & 3) * 255 / 3) :
				rgb((k * 53 + 40) % 256, (k * 97 + 90) % 256, (k * 193 + 10) % 256);
		return p;
	}

	static int nearest(int[] palette, int c) {
		int best = 0;
		long bestD = Long.MAX_VALUE;
		for (int k = 0; k < palette.length; k++) {
			long dr = r(palette[k]) - r(c), dg = g(palette[k]) - g(c), db = b(palette[k]) - b(c);
			long d = dr * dr + dg * dg + db * db;
			if (d < bestD) {
				bestD = d;
				best = k;
			}
		}
		return best;
	}

	private static byte[] plte(int[] palette) {
		byte[] b = new byte[3 * palette.length];
		for (int k = 0; k < palette.length; k++) {
			b[3 * k] = (byte) r(palette[k]);
			b[3 * k + 1] = (byte) g(palette[k]);
			b[3 * k + 2] = (byte) b(palette[k]);
		}
		return b;
	}

	private static IndexColorModel icm(int[] palette, int bits) {
		byte[] r = new byte[palette.length], g = new byte[palette.length], b = new byte[palette.length];
		for (int k = 0; k < palette.length; k++) {
			r[k] = (byte) r(palette[k]);
			g[k] = (byte) g(palette[k]);
			b[k] = (byte) b(palette[k]);
		}
		return new IndexColorModel(bits, palette.length, r, g, b);
	}

	/** A palette image (TYPE_BYTE_INDEXED or TYPE_BYTE_BINARY) of the nearest palette entries; fills expected. */
	private static BufferedImage indexed(int[] src, int[] palette, int bits, int[] expected) {
		IndexColorModel cm = icm(palette, bits);
		BufferedImage bi = bits == 8 ? new BufferedImage(32, 32, BufferedImage.TYPE_BYTE_INDEXED, cm) :
			new BufferedImage(32, 32, BufferedImage.TYPE_BYTE_BINARY, cm);
		WritableRaster raster = bi.getRaster();
		for (int i = 0; i < 32 * 32; i++) {
			int k = nearest(palette, src[i]);
			raster.setSample(i % 32, i / 32, 0, k);
			expected[i] = palette[k];
		}
		return bi;
	}

	private static byte[] write(BufferedImage bi, String format, ImageWriteParam param) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ImageWriter w = ImageIO.getImageWritersByFormatName(format).next();
		try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
			w.setOutput(ios);
			w.write(null, new IIOImage(bi, null, null), param);
		}
		finally {
			w.dispose();
		}
		return out.toByteArray();
	}

	// -- GIF, TIFF, BMP by Java's writers; TIFFs by ImageJ --

	private void others() throws IOException {
		int[] src = cifar("ship_0000.jpg");
		int n = 32 * 32;
		for (int bits : new int[] {8, 4}) {
			int[] expected = new int[n];
			BufferedImage bi = indexed(src, palette(bits), bits, expected);
			accept("gif-palette-" + bits + "bit", "gif", write(bi, "gif", null), expected, 32, 32, true);
		}
		// a still GIF with a transparent colour (every fourth palette entry): shown over white
		{
			int[] palette = palette(8), expected = new int[n];
			byte[] r = new byte[256], g = new byte[256], b = new byte[256];
			for (int k = 0; k < 256; k++) {
				r[k] = (byte) r(palette[k]);
				g[k] = (byte) g(palette[k]);
				b[k] = (byte) b(palette[k]);
			}
			int transparentIndex = nearest(palette, src[0]);
			BufferedImage bi = new BufferedImage(32, 32, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(8, 256, r,
				g, b, transparentIndex));
			for (int i = 0; i < n; i++) {
				int k = nearest(palette, src[i]);
				bi.getRaster().setSample(i % 32, i / 32, 0, k);
				expected[i] = k == transparentIndex ? rgb(255, 255, 255) : palette[k];
			}
			accept("gif-transparent", "gif", write(bi, "gif", null), expected, 32, 32, false);
		}
		for (int bits : new int[] {8, 4, 1}) {
			int[] expected = new int[n];
			BufferedImage bi = indexed(src, palette(bits), bits, expected);
			accept("tif-palette-" + bits + "bit", "tif", write(bi, "tiff", null), expected, 32, 32, bits == 8);
			int[] bmpExpected = new int[n];
			accept("bmp-palette-" + bits + "bit", "bmp", write(indexed(src, palette(bits), bits, bmpExpected), "bmp",
				null), bmpExpected, 32, 32, true);
		}
		// run-length encoded 8-bit BMP
		{
			int[] expected = new int[n];
			BufferedImage bi = indexed(src, palette(8), 8, expected);
			ImageWriter w = ImageIO.getImageWritersByFormatName("bmp").next();
			ImageWriteParam p = w.getDefaultWriteParam();
			p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
			p.setCompressionType("BI_RLE8");
			w.dispose();
			accept("bmp-rle8", "bmp", write(bi, "bmp", p), expected, 32, 32, false);
		}
		// 16-bit 5-6-5 BMP: each channel scaled from its bits to 0..255
		{
			BufferedImage bi = new BufferedImage(32, 32, BufferedImage.TYPE_USHORT_565_RGB);
			int[] expected = new int[n];
			for (int i = 0; i < n; i++) {
				int r5 = r(src[i]) >> 3, g6 = g(src[i]) >> 2, b5 = b(src[i]) >> 3;
				bi.getRaster().setPixel(i % 32, i / 32, new int[] {r5, g6, b5});
				expected[i] = rgb((int) Math.round(r5 * 255.0 / 31), (int) Math.round(g6 * 255.0 / 63),
					(int) Math.round(b5 * 255.0 / 31));
			}
			accept("bmp-565", "bmp", write(bi, "bmp", null), expected, 32, 32, false);
		}
		// binary PGM and PPM (read by ImageJ), whole and cut
		{
			byte[] header = "P5\n# made by the tests\n32 32\n255\n".getBytes(StandardCharsets.US_ASCII);
			byte[] pgm = Arrays.copyOf(header, header.length + n);
			int[] expected = new int[n];
			for (int i = 0; i < n; i++) {
				int v = grey(src[i]);
				pgm[header.length + i] = (byte) v;
				expected[i] = rgb(v, v, v);
			}
			accept("pgm-grey", "pgm", pgm, expected, 32, 32, true);
			refuse("pgm-cut", "pgm", Arrays.copyOf(pgm, header.length + n / 3), "truncated", false);
			byte[] ppmHeader = "P6 32 32 255\n".getBytes(StandardCharsets.US_ASCII);
			byte[] ppm = Arrays.copyOf(ppmHeader, ppmHeader.length + 3 * n);
			for (int i = 0; i < n; i++) {
				ppm[ppmHeader.length + 3 * i] = (byte) r(src[i]);
				ppm[ppmHeader.length + 3 * i + 1] = (byte) g(src[i]);
				ppm[ppmHeader.length + 3 * i + 2] = (byte) b(src[i]);
			}
			accept("ppm-rgb", "ppm", ppm, src, 32, 32, true);
		}
		// grey TIFFs of 4 and 1 bits
		for (int bits : new int[] {4, 1}) {
			int max = (1 << bits) - 1;
			byte[] ramp = new byte[max + 1];
			for (int k = 0; k <= max; k++)
				ramp[k] = (byte) (k * 255 / max);
			BufferedImage bi = new BufferedImage(32, 32, BufferedImage.TYPE_BYTE_BINARY, new IndexColorModel(bits,
				max + 1, ramp, ramp, ramp));
			int[] expected = new int[n];
			for (int i = 0; i < n; i++) {
				int q = grey(src[i]) >> (8 - bits);
				bi.getRaster().setSample(i % 32, i / 32, 0, q);
				int v = (int) Math.round(q * 255.0 / max);
				expected[i] = rgb(v, v, v);
			}
			accept("tif-grey-" + bits + "bit", "tif", write(bi, "tiff", null), expected, 32, 32, bits == 1);
		}
		// 16-bit RGB TIFF: every channel over its full range
		{
			WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_USHORT, 32, 32, 3, null);
			for (int i = 0; i < n; i++) {
				raster.setSample(i % 32, i / 32, 0, r(src[i]) * 257);
				raster.setSample(i % 32, i / 32, 1, g(src[i]) * 257);
				raster.setSample(i % 32, i / 32, 2, b(src[i]) * 257);
			}
			ColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
				java.awt.Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
			accept("tif-rgb-16bit", "tif", write(new BufferedImage(cm, raster, false, null), "tiff", null), src, 32, 32,
				false);
		}
		// RGBA TIFF with transparency: over white
		{
			BufferedImage bi = new BufferedImage(32, 32, BufferedImage.TYPE_INT_ARGB);
			int[] expected = new int[n];
			for (int i = 0; i < n; i++) {
				int a = (i * 3) % 256;
				bi.setRGB(i % 32, i / 32, a << 24 | src[i] & 0xffffff);
				expected[i] = rgb(overWhite(r(src[i]), a, 255), overWhite(g(src[i]), a, 255), overWhite(b(src[i]), a,
					255));
			}
			accept("tif-rgba-transparent", "tif", write(bi, "tiff", null), expected, 32, 32, false);
		}
		// ImageJ TIFFs: an inverting colour table, a colour table, a 3-channel composite shown merged
		{
			ByteProcessor bp = new ByteProcessor(32, 32);
			int[] inverted = new int[n], coloured = new int[n];
			byte[] lr = new byte[256], lg = new byte[256], lb = new byte[256];
			for (int k = 0; k < 256; k++) {
				lr[k] = (byte) k;
				lg[k] = (byte) (255 - k);
				lb[k] = (byte) (k / 2);
			}
			for (int i = 0; i < n; i++) {
				int v = grey(src[i]);
				bp.set(i, v);
				inverted[i] = rgb(255 - v, 255 - v, 255 - v);
				coloured[i] = rgb(v, 255 - v, v / 2);
			}
			ImagePlus inv = new ImagePlus("inv", bp.duplicate());
			inv.getProcessor().invertLut();
			Path f = dir.resolve("tif-imagej-inverted-lut.tif");
			IJ.saveAsTiff(inv, f.toString());
			cases.add(new Case("tif-imagej-inverted-lut", f, oracle("tif-imagej-inverted-lut", inverted, 32, 32), null,
				true));
			ImagePlus lut = new ImagePlus("lut", bp.duplicate());
			lut.getProcessor().setLut(new LUT(lr, lg, lb));
			Path f2 = dir.resolve("tif-imagej-colour-lut.tif");
			IJ.saveAsTiff(lut, f2.toString());
			cases.add(new Case("tif-imagej-colour-lut", f2, oracle("tif-imagej-colour-lut", coloured, 32, 32), null,
				true));
			ImageStack channels = new ImageStack(32, 32);
			for (int c = 0; c < 3; c++) {
				ByteProcessor p = new ByteProcessor(32, 32);
				for (int i = 0; i < n; i++)
					p.set(i, src[i] >> (16 - 8 * c) & 0xff);
				channels.addSlice(p);
			}
			ImagePlus three = new ImagePlus("composite", channels);
			three.setDimensions(3, 1, 1);
			CompositeImage composite = new CompositeImage(three, IJ.COMPOSITE);
			Path f3 = dir.resolve("tif-imagej-composite.tif");
			IJ.saveAsTiff(composite, f3.toString());
			cases.add(new Case("tif-imagej-composite", f3, oracle("tif-imagej-composite", src, 32, 32), null, true));
		}
	}

	// -- JPEG --

	private static byte[] jpeg(BufferedImage bi, boolean progressive) throws IOException {
		ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
		ImageWriteParam p = w.getDefaultWriteParam();
		if (progressive) p.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
		w.dispose();
		return write(bi, "jpeg", p);
	}

	/** The pixels a JPEG decodes to (ARGB), read as stored (the file has no colour profile). */
	private static int[] decoded(byte[] jpeg) throws IOException {
		BufferedImage bi = ImageIO.read(new java.io.ByteArrayInputStream(jpeg));
		int w = bi.getWidth(), h = bi.getHeight();
		int[] out = new int[w * h];
		Raster r = bi.getRaster();
		for (int i = 0; i < out.length; i++) {
			if (r.getNumBands() == 1) {
				int v = r.getSample(i % w, i / w, 0);
				out[i] = rgb(v, v, v);
			}
			else out[i] = rgb(r.getSample(i % w, i / w, 0), r.getSample(i % w, i / w, 1), r.getSample(i % w, i / w,
				2));
		}
		return out;
	}

	/** {@code jpeg} with {@code segment} (a whole marker segment) inserted after its start-of-image marker. */
	static byte[] insertSegment(byte[] jpeg, byte[] segment) {
		byte[] out = new byte[jpeg.length + segment.length];
		System.arraycopy(jpeg, 0, out, 0, 2);
		System.arraycopy(segment, 0, out, 2, segment.length);
		System.arraycopy(jpeg, 2, out, 2 + segment.length, jpeg.length - 2);
		return out;
	}

	/** An EXIF APP1 segment that holds only the Orientation tag. */
	static byte[] exifOrientation(int orientation) {
		byte[] s = new byte[36];
		s[0] = (byte) 0xff;
		s[1] = (byte) 0xe1;
		s[2] = 0;
		s[3] = 34;
		System.arraycopy("Exif\0\0MM\0*".getBytes(StandardCharsets.ISO_8859_1), 0, s, 4, 10);
		s[17] = 8; // IFD at offset 8
		s[19] = 1; // one entry
		s[20] = 0x01;
		s[21] = 0x12;
		s[23] = 3; // SHORT
		s[27] = 1; // count 1
		s[29] = (byte) orientation;
		return s;
	}

	/** Stored pixels (w x h) as an EXIF orientation tells a viewer to show them. */
	static int[] oriented(int[] p, int w, int h, int orientation, int[] size) {
		boolean swap = orientation >= 5;
		int ow = swap ? h : w, oh = swap ? w : h;
		int[] out = new int[ow * oh];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				int ox, oy;
				switch (orientation) {
					case 2 -> { ox = w - 1 - x; oy = y; }
					case 3 -> { ox = w - 1 - x; oy = h - 1 - y; }
					case 4 -> { ox = x; oy = h - 1 - y; }
					case 5 -> { ox = y; oy = x; }
					case 6 -> { ox = h - 1 - y; oy = x; }
					case 7 -> { ox = h - 1 - y; oy = w - 1 - x; }
					case 8 -> { ox = y; oy = w - 1 - x; }
					default -> { ox = x; oy = y; }
				}
				out[oy * ow + ox] = p[y * w + x];
			}
		size[0] = ow;
		size[1] = oh;
		return out;
	}

	private void jpegs() throws IOException {
		int[] src = cifar("truck_0000.jpg");
		// a 32 x 24 crop, so that a rotation that swaps width and height shows
		BufferedImage crop = new BufferedImage(32, 24, BufferedImage.TYPE_3BYTE_BGR);
		crop.setRGB(0, 0, 32, 24, src, 0, 32);
		byte[] plain = jpeg(crop, false);
		int[] stored = decoded(plain);
		for (int o : new int[] {2, 3, 5, 6, 8}) {
			int[] size = new int[2];
			int[] shown = oriented(stored, 32, 24, o, size);
			// ImageJ alone does not rotate (Fiji does, for 3, 6 and 8, with its EXIF reader)
			accept("jpeg-exif-orientation-" + o, "jpg", insertSegment(plain, exifOrientation(o)), shown, size[0],
				size[1], false);
		}
		// an embedded colour profile (linear RGB): the values are taken as stored, not colour-managed
		byte[] profile = ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB).getData();
		byte[] app2 = new byte[4 + 14 + profile.length];
		app2[0] = (byte) 0xff;
		app2[1] = (byte) 0xe2;
		int len = app2.length - 2;
		app2[2] = (byte) (len >> 8);
		app2[3] = (byte) len;
		System.arraycopy("ICC_PROFILE\0".getBytes(StandardCharsets.ISO_8859_1), 0, app2, 4, 12);
		app2[16] = 1;
		app2[17] = 1;
		System.arraycopy(profile, 0, app2, 18, profile.length);
		accept("jpeg-icc-profile", "jpg", insertSegment(plain, app2), stored, 32, 24, true);
		// grey and progressive JPEGs
		BufferedImage grey = new BufferedImage(32, 32, BufferedImage.TYPE_BYTE_GRAY);
		for (int i = 0; i < 32 * 32; i++)
			grey.getRaster().setSample(i % 32, i / 32, 0, grey(src[i]));
		byte[] g = jpeg(grey, false);
		accept("jpeg-grey", "jpg", g, decoded(g), 32, 32, true);
		BufferedImage full = new BufferedImage(32, 32, BufferedImage.TYPE_3BYTE_BGR);
		full.setRGB(0, 0, 32, 32, src, 0, 32);
		byte[] progressive = jpeg(full, true);
		accept("jpeg-progressive", "jpg", progressive, decoded(progressive), 32, 32, true);
		accept("jpeg-named-png", "png", plain, stored, 32, 24, false);
	}

	// -- Refused --

	private void refused() throws IOException {
		int[] src = cifar("frog_0001.jpg");
		BufferedImage full = new BufferedImage(32, 32, BufferedImage.TYPE_3BYTE_BGR);
		full.setRGB(0, 0, 32, 32, src, 0, 32);
		byte[] jpeg = jpeg(full, false);
		refuse("jpeg-cut-half", "jpg", Arrays.copyOf(jpeg, jpeg.length / 2), "truncated", false);
		refuse("jpeg-cut-90", "jpg", Arrays.copyOf(jpeg, jpeg.length * 9 / 10), "truncated", true);
		refuse("jpeg-no-end-marker", "jpg", Arrays.copyOf(jpeg, jpeg.length - 2), "truncated", true);
		int sos = indexOf(jpeg, 0xff, 0xda);
		byte[] corrupt = jpeg.clone();
		int mid = sos + (jpeg.length - sos) / 2;
		for (int k = 0; k < 12; k++)
			corrupt[mid + k] = (byte) (k % 2 == 0 ? 0xff : 0xd5);
		refuse("jpeg-corrupt-data", "jpg", corrupt, "damaged", true);
		byte[] twelve = jpeg.clone();
		twelve[indexOf(jpeg, 0xff, 0xc0) + 4] = 12;
		refuse("jpeg-12bit", "jpg", twelve, "12-bit", false);
		byte[] arithmetic = jpeg.clone();
		arithmetic[indexOf(jpeg, 0xff, 0xc0) + 1] = (byte) 0xc9;
		refuse("jpeg-arithmetic", "jpg", arithmetic, "arithmetic", false);
		// CMYK JPEG: four components
		WritableRaster cmyk = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 32, 32, 4, null);
		for (int i = 0; i < 32 * 32; i++) {
			cmyk.setSample(i % 32, i / 32, 0, 255 - r(src[i]));
			cmyk.setSample(i % 32, i / 32, 1, 255 - g(src[i]));
			cmyk.setSample(i % 32, i / 32, 2, 255 - b(src[i]));
		}
		ByteArrayOutputStream cmykBytes = new ByteArrayOutputStream();
		ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
		try (ImageOutputStream ios = ImageIO.createImageOutputStream(cmykBytes)) {
			w.setOutput(ios);
			w.write(new IIOImage(cmyk, null, null));
		}
		w.dispose();
		refuse("jpeg-cmyk", "jpg", cmykBytes.toByteArray(), "cmyk", false);

		// PNG: cut, no end chunk, damaged checksum, data short but well-formed, damaged compressed data
		int[] s = new int[3 * 32 * 32];
		for (int i = 0; i < 32 * 32; i++) {
			s[3 * i] = r(src[i]);
			s[3 * i + 1] = g(src[i]);
			s[3 * i + 2] = b(src[i]);
		}
		byte[] header = PngBytes.header(32, 32, 2, 8);
		byte[] raw = PngBytes.raw(32, 32, 2, 8, s);
		byte[] idat = PngBytes.deflate(raw);
		byte[] png = PngBytes.assemble(header, null, null, idat, true, false);
		refuse("png-cut-half", "png", Arrays.copyOf(png, png.length / 2), "truncated", false);
		refuse("png-no-end-chunk", "png", PngBytes.assemble(header, null, null, idat, false, false), "truncated",
			false);
		refuse("png-bad-checksum", "png", PngBytes.assemble(header, null, null, idat, true, true), "checksum",
			false);
		refuse("png-short-data", "png", PngBytes.assemble(header, null, null, PngBytes.deflate(Arrays.copyOf(raw,
			raw.length / 2)), true, false), "pixel data stops", false);
		byte[] broken = idat.clone();
		broken[broken.length / 2] ^= 0x5a;
		broken[broken.length / 2 + 1] ^= 0x33;
		refuse("png-bad-compressed-data", "png", PngBytes.assemble(header, null, null, broken, true, false), "damaged",
			false);

		// GIF: cut, and compressed data that stops early
		int[] expected = new int[32 * 32];
		byte[] gif = write(indexed(src, palette(8), 8, expected), "gif", null);
		refuse("gif-cut-half", "gif", Arrays.copyOf(gif, gif.length / 2), "truncated", false);
		refuse("gif-short-data", "gif", shortGif(gif), "of its pixels", false);

		// BMP: cut rows, cut run-length data
		byte[] bmp = write(indexed(src, palette(8), 8, expected), "bmp", null);
		refuse("bmp-cut-half", "bmp", Arrays.copyOf(bmp, bmp.length / 2), "truncated", false);
		ImageWriter bw = ImageIO.getImageWritersByFormatName("bmp").next();
		ImageWriteParam p = bw.getDefaultWriteParam();
		p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
		p.setCompressionType("BI_RLE8");
		bw.dispose();
		byte[] rle = write(indexed(src, palette(8), 8, expected), "bmp", p);
		refuse("bmp-rle8-cut", "bmp", Arrays.copyOf(rle, rle.length * 2 / 3), "truncated", false);

		// TIFF: cut, CMYK, BigTIFF
		byte[] tif = write(full, "tiff", null);
		refuse("tif-cut-half", "tif", Arrays.copyOf(tif, tif.length / 2), "truncated", true);
		BufferedImage rgba = new BufferedImage(32, 32, BufferedImage.TYPE_4BYTE_ABGR);
		rgba.setRGB(0, 0, 32, 32, src, 0, 32);
		refuse("tif-cmyk", "tif", withPhotometric(write(rgba, "tiff", null), 5), "cmyk", true);
		byte[] big = new byte[64];
		System.arraycopy(new byte[] {'I', 'I', 43, 0, 8, 0, 0, 0, 16}, 0, big, 0, 9);
		refuse("tif-bigtiff", "tif", big, "bigtiff", false);

		// not images at all
		refuse("empty", "png", new byte[0], "empty", false);
		refuse("text-named-png", "png", "not an image, just a note\n".getBytes(StandardCharsets.UTF_8), "text file",
			false);
		refuse("html-named-jpg", "jpg", "<!DOCTYPE html><html><body>Not found</body></html>\n".getBytes(
			StandardCharsets.UTF_8), "text file", false);
		byte[] noise = new byte[4096];
		new Random(7).nextBytes(noise);
		noise[0] = 1;
		refuse("random-bytes", "png", noise, "not an image format", false);
		byte[] fakeTiff = noise.clone();
		System.arraycopy(new byte[] {'I', 'I', 42, 0}, 0, fakeTiff, 0, 4);
		refuse("random-bytes-tiff-header", "tif", fakeTiff, "damaged", false);
		// a folder and a broken link with image names
		Path folder = Files.createDirectories(dir.resolve("folder-named.png"));
		cases.add(new Case("folder-named-png", folder, null, "no image files in folder", false));
		Path link = dir.resolve("broken-link.png");
		Files.createSymbolicLink(link, dir.resolve("does-not-exist.png"));
		cases.add(new Case("broken-link", link, null, "symbolic link", false));
	}

	static int indexOf(byte[] b, int first, int second) {
		for (int i = 0; i + 1 < b.length; i++)
			if ((b[i] & 0xff) == first && (b[i + 1] & 0xff) == second) return i;
		throw new IllegalStateException("marker not found");
	}

	/** A GIF whose image data keeps only its first sub-block, then ends properly (terminator and trailer). */
	static byte[] shortGif(byte[] gif) {
		int at = 13;
		if ((gif[10] & 0x80) != 0) at += 3 << ((gif[10] & 7) + 1);
		while ((gif[at] & 0xff) == 0x21) {
			at += 2;
			while (gif[at] != 0)
				at += (gif[at] & 0xff) + 1;
			at++;
		}
		int flags = gif[at + 9] & 0xff;
		at += 10;
		if ((flags & 0x80) != 0) at += 3 << ((flags & 7) + 1);
		at++; // LZW minimum code size
		int first = gif[at] & 0xff;
		int end = at + 1 + Math.min(first, 40);
		byte[] out = Arrays.copyOf(gif, end + 2);
		out[at] = (byte) Math.min(first, 40);
		out[end] = 0;
		out[end + 1] = 0x3b;
		return out;
	}

	/** A TIFF with its first page's photometric interpretation changed. */
	static byte[] withPhotometric(byte[] tif, int photometric) {
		boolean little = tif[0] == 'I';
		java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(tif).order(little ? java.nio.ByteOrder.LITTLE_ENDIAN :
			java.nio.ByteOrder.BIG_ENDIAN);
		int ifd = b.getInt(4);
		int entries = b.getShort(ifd) & 0xffff;
		for (int i = 0; i < entries; i++) {
			int e = ifd + 2 + 12 * i;
			if ((b.getShort(e) & 0xffff) == 262) b.putShort(e + 8, (short) photometric);
		}
		return tif;
	}

	// -- Stacks with a damaged last plane --

	private void makeStacks() throws IOException {
		String[] names = {"cat_0001.jpg", "ship_0001.jpg", "horse_0000.jpg"};
		ImageStack stack = new ImageStack(32, 32);
		List<Path> oracles = new ArrayList<>();
		List<BufferedImage> pages = new ArrayList<>();
		for (int k = 0; k < names.length; k++) {
			int[] px = cifar(names[k]);
			stack.addSlice(new ColorProcessor(32, 32, px.clone()));
			oracles.add(oracle("stack-plane-" + (k + 1), px, 32, 32));
			BufferedImage bi = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
			bi.setRGB(0, 0, 32, 32, px, 0, 32);
			pages.add(bi);
		}
		// an ImageJ stack (contiguous planes) cut inside its last plane
		Path whole = Files.createDirectories(dir.resolveSibling("scratch")).resolve("imagej-stack-whole.tif");
		IJ.saveAsTiff(new ImagePlus("stack", stack), whole.toString());
		FileInfo[] info = new TiffDecoder(whole.getParent().toString() + "/", whole.getFileName().toString())
			.getTiffInfo();
		long planeBytes = 32 * 32 * 3;
		long cut = info[0].getOffset() + 2 * planeBytes + planeBytes / 2;
		Path ij = dir.resolve("stack-imagej-cut.tif");
		Files.write(ij, Arrays.copyOf(Files.readAllBytes(whole), (int) cut));
		stacks.add(new Stack("stack-imagej-cut", ij, oracles.subList(0, 2), 3));
		// a multi-page TIFF (one page after the other) cut inside its last page
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ImageWriter w = ImageIO.getImageWritersByFormatName("tiff").next();
		try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
			w.setOutput(ios);
			w.prepareWriteSequence(null);
			for (BufferedImage page : pages)
				w.writeToSequence(new IIOImage(page, null, null), null);
			w.endWriteSequence();
		}
		w.dispose();
		byte[] pagesBytes = out.toByteArray();
		Path multi = dir.resolve("stack-pages-cut.tif");
		Files.write(multi, Arrays.copyOf(pagesBytes, pagesBytes.length - 1500));
		stacks.add(new Stack("stack-pages-cut", multi, oracles.subList(0, 2), 3));
	}
}
