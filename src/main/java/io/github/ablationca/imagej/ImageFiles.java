package io.github.ablationca.imagej;

import io.github.ablationca.imagej.ImageFileFormats.Format;
import io.github.ablationca.imagej.ImageFileFormats.Problem;
import io.github.ablationca.run.IoMessages;

import ij.CompositeImage;
import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileInfo;
import ij.io.Opener;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;
import ij.process.LUT;
import ij.process.ShortProcessor;

import java.awt.GraphicsEnvironment;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Reading image files for every face: the one place where a file becomes an {@link ImagePlus} whose planes
 * ({@link ImagePlusConversion}) are the picture a viewer shows, or a refusal that names the file, the problem and the
 * fix. Nothing is read that a decoder would have to guess:
 * <ul>
 * <li>the format is taken from the content, not the name, and the file's structure is checked first
 * ({@link ImageFileFormats}): a truncated or damaged file is refused (a decoder would fill what is missing with grey or
 * black); in a TIFF stack with some damaged pages only those pages fail ({@link #damagedPlanes});</li>
 * <li>PNG, JPEG and BMP are decoded by Java's readers (any warning refuses the file) and turned into the colours a
 * viewer shows, without colour management: palettes applied, 1, 2 and 4-bit values scaled to 0..255, 16-bit PNG
 * values mapped from their full range 0..65535 (kept as a 16-bit image), transparent pixels shown over white (as
 * ImageJ shows them), the EXIF orientation of a JPEG applied; CMYK and other colour models that need a colour profile
 * are refused;</li>
 * <li>TIFF and GIF are opened by ImageJ (hyperstacks, calibration, display ranges, colour tables and GIF animations as
 * Fiji shows them), except TIFF variants ImageJ misreads or cannot read (1, 2 and 4-bit palettes, 2 and 4-bit grey,
 * tiles, JPEG or fax compression, transparency), which Java's TIFF reader decodes as above; a 16-bit RGB TIFF shows
 * its full range like any RGB viewer;</li>
 * <li>other formats ImageJ opens (DICOM, FITS, PGM, ...) are opened by it.</li>
 * </ul>
 * The file is read through its {@link Path}, so any name the file system holds works whatever the locale.
 * <pre>{@code
 * ImagePlus imp = ImageFiles.open(Path.of("cells.tif"));
 * for (Slice plane : ImagePlusConversion.slices(imp))
 *     RgbImage rgb = plane.pixels().get();
 * }</pre>
 */
public final class ImageFiles {

	/** The formats Ablation-CA checks and reads itself, for messages. */
	public static final String FORMATS = "PNG, JPEG, TIFF, GIF or BMP";

	/**
	 * The planes of an opened image that its file did not hold completely.
	 *
	 * @param planes plane number (1-based stack index) to the problem, in words
	 * @param missing planes the file should hold but ImageJ could not read at all (null when none)
	 */
	public record Damage(Map<Integer, String> planes, String missing) {
		static final Damage NONE = new Damage(Map.of(), null);
	}

	private static final Map<ImagePlus, Damage> DAMAGE = Collections.synchronizedMap(new WeakHashMap<>());

	private ImageFiles() {}

	/**
	 * Opens an image file as a viewer shows it.
	 *
	 * @throws IllegalArgumentException naming the file, the problem and the fix (missing, a folder, empty, not an
	 *         image, truncated, damaged, a colour model that cannot be shown faithfully, ...)
	 */
	public static ImagePlus open(Path file) {
		if (file == null) throw new IllegalArgumentException("No image file given.");
		String name = display(file);
		checkReadable(file, name);
		try {
			byte[] head = ImageFileFormats.head(file, 64);
			Format format = ImageFileFormats.sniff(head, head.length);
			ImagePlus imp = switch (format) {
				case PNG -> {
					ImageFileFormats.checkPng(file);
					yield fromImageIO(file, decode(file, false));
				}
				case JPEG -> {
					ImageFileFormats.Jpeg jpeg = ImageFileFormats.checkJpeg(file);
					yield orient(fromImageIO(file, decode(ImageFileFormats.withoutColourProfile(file), false)),
						jpeg.orientation());
				}
				case BMP -> {
					ImageFileFormats.checkBmp(file);
					// 32-bit BMPs often carry an alpha channel of zeros that viewers ignore
					yield fromImageIO(file, opaqueWhenAllTransparent(decode(file, false)));
				}
				case GIF -> {
					ImageFileFormats.Gif gif = ImageFileFormats.checkGif(file);
					// a still GIF with a transparent colour: shown over white, as the other formats
					yield gif.frames() == 1 && gif.transparent() ? fromImageIO(file, decode(file, false)) :
						withImageJ(file, name);
				}
				case TIFF -> openTiff(file, name);
				case BIG_TIFF -> throw new Problem("it is a BigTIFF (a TIFF over 4 GB), which ImageJ and Java cannot " +
					"read", "save it as a standard TIFF, or crop or split it");
				case PNM -> {
					ImageFileFormats.checkPnm(file);
					yield openOther(file, name, head);
				}
				case OTHER -> openOther(file, name, head);
			};
			if (imp.getWidth() < 1 || imp.getHeight() < 1 || imp.getStackSize() < 1)
				throw new Problem("it has no pixels (" + imp.getWidth() + " x " + imp.getHeight() + ")",
					"give an image file");
			return imp;
		}
		catch (Problem p) {
			throw new IllegalArgumentException("Image file " + name + ": " + p.getMessage() + ". Fix: " + p.fix + ".", p);
		}
		catch (IOException e) {
			throw new IllegalArgumentException("Image file " + name + " cannot be read: " + IoMessages.describe(e) +
				". Fix: check that the file is readable and the disk works.", e);
		}
	}

	/** The planes of {@code imp} that its file did not hold completely (plane numbers of {@link ImagePlusConversion}). */
	public static Map<Integer, String> damagedPlanes(ImagePlus imp) {
		Damage d = DAMAGE.get(imp);
		if (d == null || d.planes.isEmpty()) return Map.of();
		if (!ImagePlusConversion.merged(imp)) return d.planes;
		// a merged composite: a z/t position is damaged when any of its channels is
		Map<Integer, String> byPosition = new HashMap<>();
		int nz = imp.getNSlices();
		for (Map.Entry<Integer, String> e : d.planes.entrySet()) {
			int[] p = imp.convertIndexToPosition(e.getKey());
			byPosition.putIfAbsent((p[2] - 1) * nz + p[1], e.getValue());
		}
		return byPosition;
	}

	/** Planes the file of {@code imp} should hold but that could not be read at all, in words; null when none. */
	public static String missingPlanes(ImagePlus imp) {
		Damage d = DAMAGE.get(imp);
		return d == null ? null : d.missing;
	}

	/**
	 * For an image opened elsewhere (Fiji): checks the file it came from, when ImageJ remembers one and the image is
	 * unchanged since, the way {@link #open} checks files, so that the command behaves as the command line does on
	 * the same file. A file that cannot be used at all throws; damaged pages become {@link #damagedPlanes}.
	 *
	 * @throws IllegalArgumentException naming the file and the problem
	 */
	public static void checkSource(ImagePlus imp) {
		if (imp == null || DAMAGE.containsKey(imp)) return;
		Path file = sourceFile(imp);
		if (file == null) return;
		ImagePlus fresh = open(file); // throws for a file that cannot be used
		try {
			Damage d = DAMAGE.get(fresh);
			if (d != null && fresh.getStackSize() == imp.getStackSize()) DAMAGE.put(imp, d);
			else if (d != null && d.missing != null) DAMAGE.put(imp, new Damage(Map.of(), d.missing));
		}
		finally {
			fresh.flush();
		}
	}

	/**
	 * The file {@code imp} was opened from, when ImageJ remembers one, it still exists and the image is unchanged
	 * since (so the file still describes it); null otherwise.
	 */
	public static Path sourceFile(ImagePlus imp) {
		if (imp == null || imp.changes) return null;
		FileInfo fi = imp.getOriginalFileInfo();
		if (fi == null || fi.fileName == null || fi.directory == null || fi.fileName.isEmpty()) return null;
		try {
			Path file = Paths.get(fi.directory, fi.fileName);
			return Files.isRegularFile(file) ? file : null;
		}
		catch (InvalidPathException e) {
			return null;
		}
	}

	/** A file name as messages show it: control characters (a newline in a name) escaped. */
	public static String display(Path file) {
		return printable(file.toString());
	}

	/** {@code s} with control characters written as {@code \n}, {@code \t} or {@code \xHH}. */
	public static String printable(String s) {
		return IoMessages.printable(s);
	}

	private static void checkReadable(Path file, String name) {
		if (!Files.exists(file)) {
			if (Files.isSymbolicLink(file))
				throw new IllegalArgumentException("Image file " + name + " is a symbolic link to a file that does not " +
					"exist. Fix: repair or remove the link.");
			throw new IllegalArgumentException("Image file " + name + " does not exist. Fix: check the name and the " +
				"folder.");
		}
		if (Files.isDirectory(file)) throw new IllegalArgumentException(name + " is a folder, not an image file. Fix: " +
			"give image files, or the folder itself as an input to explain or evaluate.");
		if (!Files.isRegularFile(file)) throw new IllegalArgumentException(name + " is not a regular file (a device, " +
			"pipe or socket). Fix: give image files.");
		try {
			if (Files.size(file) == 0)
				throw new IllegalArgumentException("Image file " + name + " is empty (0 bytes). Fix: copy or save the " +
					"image again.");
		}
		catch (IOException e) {
			throw new IllegalArgumentException("Image file " + name + " cannot be read: " + IoMessages.describe(e) +
				". Fix: check the file's permissions.", e);
		}
		if (!Files.isReadable(file)) throw new IllegalArgumentException("Image file " + name + " is not readable " +
			"(permission denied). Fix: check the file's permissions.");
	}

	// -- Formats Java decodes --

	/** Decodes with Java's ImageIO; every page when {@code allPages}. A decoder warning refuses the file. */
	private static List<BufferedImage> decode(Path file, boolean allPages) throws IOException {
		return decode(Files.newInputStream(file), allPages);
	}

	private static List<BufferedImage> decode(InputStream stream, boolean allPages) throws IOException {
		try (InputStream raw = stream; ImageInputStream in = new MemoryCacheImageInputStream(raw)) {
			Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
			if (!readers.hasNext()) throw new Problem("no Java image reader accepts it", "convert it to PNG");
			ImageReader reader = readers.next();
			List<String> warnings = Collections.synchronizedList(new ArrayList<>());
			try {
				reader.setInput(in, false, true);
				reader.addIIOReadWarningListener((r, warning) -> warnings.add(warning));
				int n = allPages ? reader.getNumImages(true) : 1;
				List<BufferedImage> pages = new ArrayList<>(n);
				for (int i = 0; i < n; i++) {
					pages.add(reader.read(i));
					if (!warnings.isEmpty())
						throw ImageFileFormats.damaged("the file is damaged: the decoder reports '" + warnings.get(0) +
							"', so parts of the picture would be missing or wrong");
				}
				return pages;
			}
			catch (IOException | RuntimeException e) {
				if (e instanceof Problem p) throw p;
				String m = e.getMessage() == null ? "" : e.getMessage();
				if (e.getCause() != null && e.getCause().getMessage() != null) m += " (" + e.getCause().getMessage() + ")";
				throw ImageFileFormats.damaged("the file is damaged: the decoder cannot read it" + (m.isBlank() ? "" :
					" (" + m + ")"));
			}
			finally {
				reader.dispose();
			}
		}
	}

	/**
	 * Pages decoded by Java as an ImagePlus of what a viewer shows: grey pages stay grey (8-bit, or 16-bit with the
	 * full range as display range), others become RGB; palettes applied, transparency over white, no colour
	 * management.
	 */
	private static ImagePlus fromImageIO(Path file, List<BufferedImage> pages) {
		BufferedImage first = pages.get(0);
		int w = first.getWidth(), h = first.getHeight();
		List<ImageProcessor> planes = new ArrayList<>();
		boolean allGrey = true, any16 = false;
		for (BufferedImage page : pages) {
			if (page.getWidth() != w || page.getHeight() != h)
				throw new Problem("its pages have different sizes (" + w + " x " + h + " and " + page.getWidth() + " x " +
					page.getHeight() + ")", "save each page as its own file");
			ImageProcessor ip = viewerProcessor(page);
			planes.add(ip);
			allGrey &= !(ip instanceof ColorProcessor);
			any16 |= ip instanceof ShortProcessor;
		}
		ImageStack stack = new ImageStack(w, h);
		for (ImageProcessor ip : planes)
			stack.addSlice(null, !allGrey && !(ip instanceof ColorProcessor) ? ip.convertToColorProcessor() :
				allGrey && any16 && ip instanceof ByteProcessor ? to16(ip) : ip);
		ImagePlus imp = new ImagePlus(file.getFileName() == null ? "image" : file.getFileName().toString(), stack);
		if (imp.getBitDepth() == 16) imp.setDisplayRange(0, 65535);
		return imp;
	}

	private static ImageProcessor to16(ImageProcessor ip) {
		ShortProcessor sp = new ShortProcessor(ip.getWidth(), ip.getHeight());
		for (int i = 0; i < ip.getPixelCount(); i++)
			sp.set(i, ip.get(i) * 257);
		return sp;
	}

	/** Pages whose alpha is zero everywhere (an unused alpha channel, as in many 32-bit BMPs) without their alpha. */
	private static List<BufferedImage> opaqueWhenAllTransparent(List<BufferedImage> pages) {
		List<BufferedImage> out = new ArrayList<>(pages.size());
		for (BufferedImage page : pages) {
			if (!page.getColorModel().hasAlpha() || page.getColorModel() instanceof IndexColorModel) {
				out.add(page);
				continue;
			}
			Raster r = page.getRaster();
			int alphaBand = r.getNumBands() - 1;
			boolean allZero = true;
			for (int y = 0; y < page.getHeight() && allZero; y++)
				for (int v : r.getSamples(0, y, page.getWidth(), 1, alphaBand, (int[]) null))
					if (v != 0) {
						allZero = false;
						break;
					}
			if (!allZero) {
				out.add(page);
				continue;
			}
			BufferedImage opaque = new BufferedImage(page.getWidth(), page.getHeight(), BufferedImage.TYPE_INT_RGB);
			for (int y = 0; y < page.getHeight(); y++)
				for (int x = 0; x < page.getWidth(); x++) {
					int[] s = r.getPixel(x, y, (int[]) null);
					int rgb = 0;
					for (int band = 0; band < 3; band++)
						rgb = rgb << 8 | (int) Math.round(s[band] * 255.0 / ((1 << r.getSampleModel().getSampleSize(band)) -
							1));
					opaque.setRGB(x, y, rgb);
				}
			out.add(opaque);
		}
		return out;
	}

	/** One decoded page as a viewer shows it. */
	static ImageProcessor viewerProcessor(BufferedImage page) {
		int w = page.getWidth(), h = page.getHeight();
		ColorModel cm = page.getColorModel();
		Raster raster = page.getRaster();
		if (cm instanceof IndexColorModel icm) {
			int[] out = new int[w * h];
			int[] index = raster.getSamples(0, 0, w, h, 0, (int[]) null);
			boolean grey = true;
			for (int i = 0; i < out.length; i++) {
				int argb = icm.getRGB(index[i]);
				out[i] = overWhite(argb >> 16 & 0xff, argb >> 8 & 0xff, argb & 0xff, argb >>> 24, 255);
				int r = out[i] >> 16 & 0xff, g = out[i] >> 8 & 0xff, b = out[i] & 0xff;
				grey &= r == g && g == b;
			}
			return grey ? greyBytes(out, w, h) : new ColorProcessor(w, h, out);
		}
		int colours = cm.getNumColorComponents();
		int type = cm.getColorSpace().getType();
		if (type == ColorSpace.TYPE_CMYK || type == ColorSpace.TYPE_CMY)
			throw new Problem("it holds CMYK colours (print colours): its screen colours depend on a colour profile " +
				"that ImageJ and Java do not apply", "convert it to RGB");
		if (!(colours == 1 && type == ColorSpace.TYPE_GRAY || colours == 3 && type == ColorSpace.TYPE_RGB))
			throw new Problem("it uses a colour model (" + colours + " components, colour space type " + type +
				") that cannot be shown without colour conversion", "convert it to RGB");
		int bands = raster.getNumBands();
		int alphaBand = cm.hasAlpha() ? bands - 1 : -1;
		int[][] samples = new int[bands][];
		double[] scale = new double[bands];
		for (int b = 0; b < bands; b++) {
			samples[b] = raster.getSamples(0, 0, w, h, b, (int[]) null);
			int bits = raster.getSampleModel().getSampleSize(b);
			if (bits > 16) throw new Problem("it stores " + bits + "-bit samples", "convert it to 8 or 16 bits");
			scale[b] = 255.0 / ((1 << bits) - 1);
		}
		int n = w * h;
		if (colours == 1) {
			int bits = raster.getSampleModel().getSampleSize(0);
			boolean opaque = alphaBand < 0 || allOpaque(samples[alphaBand], (1 << raster.getSampleModel()
				.getSampleSize(alphaBand)) - 1);
			if (bits == 16 && opaque) {
				short[] p = new short[n];
				for (int i = 0; i < n; i++)
					p[i] = (short) samples[0][i];
				return new ShortProcessor(w, h, p, null);
			}
			byte[] p = new byte[n];
			for (int i = 0; i < n; i++) {
				double g = samples[0][i] * scale[0];
				if (!opaque) {
					double a = samples[alphaBand][i] * scale[alphaBand] / 255.0;
					g = g * a + 255 * (1 - a);
				}
				p[i] = (byte) Math.round(g);
			}
			return new ByteProcessor(w, h, p, null);
		}
		int[] out = new int[n];
		for (int i = 0; i < n; i++) {
			int a = alphaBand < 0 ? 255 : (int) Math.round(samples[alphaBand][i] * scale[alphaBand]);
			out[i] = overWhite((int) Math.round(samples[0][i] * scale[0]), (int) Math.round(samples[1][i] * scale[1]),
				(int) Math.round(samples[2][i] * scale[2]), a, 255);
		}
		return new ColorProcessor(w, h, out);
	}

	private static boolean allOpaque(int[] alpha, int max) {
		for (int a : alpha)
			if (a != max) return false;
		return true;
	}

	/** An RGB colour with alpha {@code a} (of {@code max}) drawn over white, as ImageJ shows transparent PNGs. */
	private static int overWhite(int r, int g, int b, int a, int max) {
		if (a >= max) return 0xff000000 | r << 16 | g << 8 | b;
		double f = (double) a / max;
		int rr = (int) Math.round(r * f + 255 * (1 - f)), gg = (int) Math.round(g * f + 255 * (1 - f));
		int bb = (int) Math.round(b * f + 255 * (1 - f));
		return 0xff000000 | rr << 16 | gg << 8 | bb;
	}

	private static ByteProcessor greyBytes(int[] argb, int w, int h) {
		byte[] p = new byte[argb.length];
		for (int i = 0; i < p.length; i++)
			p[i] = (byte) (argb[i] & 0xff);
		return new ByteProcessor(w, h, p, null);
	}

	/** Applies an EXIF orientation (1..8) as viewers do. */
	private static ImagePlus orient(ImagePlus imp, int orientation) {
		if (orientation <= 1) return imp;
		ImageProcessor ip = imp.getProcessor();
		ImageProcessor out = switch (orientation) {
			case 2 -> flipped(ip, true);
			case 3 -> ip.rotateRight().rotateRight();
			case 4 -> flipped(ip, false);
			case 5 -> flipped(ip.rotateRight(), true);
			case 6 -> ip.rotateRight();
			case 7 -> flipped(ip.rotateRight(), false);
			case 8 -> ip.rotateLeft();
			default -> ip;
		};
		ImagePlus oriented = new ImagePlus(imp.getTitle(), out);
		if (out.getBitDepth() == 16) oriented.setDisplayRange(0, 65535);
		return oriented;
	}

	private static ImageProcessor flipped(ImageProcessor ip, boolean horizontal) {
		ImageProcessor copy = ip.duplicate();
		if (horizontal) copy.flipHorizontal();
		else copy.flipVertical();
		return copy;
	}

	// -- TIFF --

	private static ImagePlus openTiff(Path file, String name) throws IOException {
		ImageFileFormats.Tiff tiff = ImageFileFormats.readTiff(file);
		ImageFileFormats.TiffReader reader = ImageFileFormats.tiffReader(tiff);
		List<String> expected = expectedPlanes(tiff);
		int complete = 0;
		for (String problem : expected)
			if (problem == null) complete++;
		String cut = tiff.listComplete() ? null : "the file is cut short (truncated) after page " + tiff.pages().size() +
			": later pages are missing";
		if (complete == 0) {
			String problem = expected.stream().filter(p -> p != null).findFirst().orElse(cut);
			throw ImageFileFormats.damaged(problem == null ? "it holds no complete page" : problem);
		}
		ImagePlus imp;
		if (reader == ImageFileFormats.TiffReader.IMAGE_IO) imp = tiffWithImageIO(file, tiff);
		else {
			imp = withImageJ(file, name);
			fullRangeRgb48(imp, tiff);
		}
		Map<Integer, String> damaged = new HashMap<>();
		int planes = imp.getStackSize();
		int perPage = Math.max(1, planes / Math.max(1, expected.size()));
		if (expected.size() * perPage != planes && planes < expected.size() * perPage) perPage = 1;
		for (int i = 1; i <= planes; i++) {
			int page = (i - 1) / perPage;
			if (page < expected.size() && expected.get(page) != null) damaged.put(i, "page " + (page + 1) + " of " +
				name + ": " + expected.get(page));
		}
		String missing = cut;
		if (planes < expected.size() * perPage) {
			int firstMissing = planes / perPage + 1;
			missing = "pages " + firstMissing + " to " + expected.size() + " of " + name + " could not be read: " +
				(expected.get(firstMissing - 1) != null ? expected.get(firstMissing - 1) : "the file is damaged");
		}
		if (damaged.size() == planes)
			throw ImageFileFormats.damaged(damaged.get(1).substring(damaged.get(1).indexOf(": ") + 2));
		if (!damaged.isEmpty() || missing != null) DAMAGE.put(imp, new Damage(Map.copyOf(damaged), missing));
		return imp;
	}

	/**
	 * The pages of a TIFF as ImageJ reads them, each null when complete or the problem: an ImageJ-written stack is
	 * read as one contiguous block from its first page; other TIFFs page by page.
	 */
	private static List<String> expectedPlanes(ImageFileFormats.Tiff tiff) {
		List<String> out = new ArrayList<>();
		ImageFileFormats.TiffPage first = tiff.pages().get(0);
		int images = ImageFileFormats.imageJImages(first);
		if (images > 1 && first.compression == 1 && first.offsets.length > 0 && first.complete) {
			long planeBytes = first.width * first.height * Math.max(1, first.bits() / 8) * (first.samplesPerPixel);
			long start = first.offsets[0];
			for (int k = 0; k < images; k++)
				out.add(start + (k + 1) * planeBytes <= tiff.size() ? null : "the file is cut short (truncated): the " +
					"pixels of this page are " + (start + k * planeBytes >= tiff.size() ? "missing" : "incomplete"));
			return out;
		}
		for (ImageFileFormats.TiffPage p : tiff.pages())
			out.add(p.complete ? null : p.problem);
		return out;
	}

	/** A 16-bit RGB TIFF shows its colours as RGB viewers do: every channel over its full range. */
	private static void fullRangeRgb48(ImagePlus imp, ImageFileFormats.Tiff tiff) {
		ImageFileFormats.TiffPage p = tiff.pages().get(0);
		if (!(imp instanceof CompositeImage ci) || p.photometric != 2 || p.bits() != 16 || imp.getNChannels() != 3)
			return;
		for (int c = 1; c <= 3; c++) {
			LUT lut = ci.getChannelLut(c);
			if (lut != null) {
				lut.min = 0;
				lut.max = 65535;
			}
			ci.setC(c);
			ci.setDisplayRange(0, 65535);
		}
		ci.setC(1);
		ci.setMode(ij.IJ.COMPOSITE);
	}

	private static ImagePlus tiffWithImageIO(Path file, ImageFileFormats.Tiff tiff) throws IOException {
		List<BufferedImage> pages = decode(file, true);
		return fromImageIO(file, pages);
	}

	// -- Formats ImageJ opens --

	private static ImagePlus openOther(Path file, String name, byte[] head) {
		if (ImageFileFormats.looksLikeText(head))
			throw new Problem("it is a text file, not an image (it starts with '" + ImageFileFormats.describeHead(head) +
				"')", "give a " + FORMATS + " file");
		ImagePlus imp = openQuietlyOrNull(file);
		if (imp == null)
			throw new Problem("its content is not an image format ImageJ reads (it starts with '" +
				ImageFileFormats.describeHead(head) + "', not a " + FORMATS + " header)", "convert it to PNG or TIFF, " +
				"or check that it is the file you meant");
		return imp;
	}

	private static ImagePlus withImageJ(Path file, String name) {
		ImagePlus imp = openQuietlyOrNull(file);
		if (imp == null) throw ImageFileFormats.damaged("ImageJ cannot read it" + lastSaid());
		return imp;
	}

	private static final ThreadLocal<String> SAID = ThreadLocal.withInitial(() -> "");

	private static String lastSaid() {
		String s = SAID.get();
		return s.isEmpty() ? "" : " (ImageJ says: " + s + ")";
	}

	/**
	 * ImageJ's opener on {@code file}. ImageJ takes a path as text; a name that does not survive the round trip
	 * through text in this locale (bytes that are not valid in the locale's character set) is opened through a
	 * symbolic link (or a copy) with a plain name.
	 */
	private static ImagePlus openQuietlyOrNull(Path file) {
		Path absolute = file.toAbsolutePath();
		String text = absolute.toString();
		boolean survives;
		try {
			survives = text.indexOf('\uFFFD') < 0 && Files.isSameFile(Paths.get(text), absolute);
		}
		catch (InvalidPathException | IOException e) {
			survives = false;
		}
		if (survives) return openQuietly(text, null);
		Path dir = null, link = null;
		try {
			dir = Files.createTempDirectory("ablation-ca-open");
			String name = absolute.getFileName() == null ? "image" : absolute.getFileName().toString();
			int dot = name.lastIndexOf('.');
			String ext = dot > 0 ? name.substring(dot).replaceAll("[^A-Za-z0-9.]", "") : "";
			link = dir.resolve("image" + ext);
			try {
				Files.createSymbolicLink(link, absolute);
			}
			catch (UnsupportedOperationException | IOException e) {
				Files.copy(absolute, link);
			}
			return openQuietly(link.toString(), name);
		}
		catch (IOException e) {
			throw new Problem("it cannot be opened under its name in this locale (" + IoMessages.describe(e) + ")",
				"rename it, or run with a UTF-8 locale (LANG=C.UTF-8)");
		}
		finally {
			try {
				if (link != null) Files.deleteIfExists(link);
				if (dir != null) Files.deleteIfExists(dir);
			}
			catch (IOException e) {
				// a temporary link left behind is harmless
			}
		}
	}

	private static ImagePlus openQuietly(String path, String title) {
		ImagePlus imp;
		String said = "";
		if (GraphicsEnvironment.isHeadless()) {
			// Headless ImageJ reports errors by printing them; keep them off our standard output and quote them.
			ByteArrayOutputStream buffer = new ByteArrayOutputStream();
			synchronized (ImageFiles.class) {
				PrintStream out = System.out, err = System.err;
				try (PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
					System.setOut(capture);
					System.setErr(capture);
					imp = openWithOpener(path);
				}
				finally {
					System.setOut(out);
					System.setErr(err);
				}
			}
			said = firstLines(buffer.toString(StandardCharsets.UTF_8));
		}
		else imp = openWithOpener(path);
		SAID.set(said);
		if (imp != null && title != null) imp.setTitle(title);
		return imp;
	}

	private static ImagePlus openWithOpener(String path) {
		try {
			return new Opener().openImage(path);
		}
		catch (RuntimeException e) {
			return null;
		}
	}

	/** ImageJ's printed messages without exception class names and stack frames. */
	private static String firstLines(String text) {
		StringBuilder sb = new StringBuilder();
		for (String line : text.split("\\R")) {
			String l = line.strip().replaceAll("^[\\w.$]+(Exception|Error):\\s*", "");
			if (l.isEmpty() || l.startsWith("at ") || l.matches("[\\w.$]+(Exception|Error)")) continue;
			if (sb.length() > 0) sb.append(' ');
			sb.append(l);
			if (sb.length() > 200) break;
		}
		return sb.toString();
	}
}
