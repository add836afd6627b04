package io.github.ablationca.imagej;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * What an image file holds, read from its bytes before any decoder sees it: the format (by content, not by name),
 * and whether the file is complete and undamaged. Decoders fill what is missing with grey or black and say nothing
 * (a JPEG cut in half is shown with a grey lower half), so every byte range the pixels come from is checked here:
 * <ul>
 * <li>PNG: every chunk's checksum, and the pixel data decompressed to exactly the rows the header promises;</li>
 * <li>JPEG: the markers up to the end-of-image marker, the frame type (baseline, extended or progressive Huffman,
 * 8-bit) and the colour model (grey, YCbCr or RGB; CMYK is refused);</li>
 * <li>GIF: every block up to the trailer, and each frame's compressed data decoded to all its pixels;</li>
 * <li>BMP: the pixel rows (or the run-length data up to its end marker) inside the file;</li>
 * <li>TIFF: every page's strips or tiles inside the file; the layout ImageJ reads (its own stacks are contiguous).</li>
 * </ul>
 * A problem is an {@link IllegalArgumentException} whose message says what is wrong in words; the caller adds the
 * file's name and the fix.
 */
final class ImageFileFormats {

	enum Format {
		PNG, JPEG, GIF, BMP, TIFF, BIG_TIFF, PNM, OTHER
	}

	private ImageFileFormats() {}

	/** The format of the first bytes of a file. */
	static Format sniff(byte[] head, int n) {
		if (n >= 8 && (head[0] & 0xff) == 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G') return Format.PNG;
		if (n >= 3 && (head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0xd8 && (head[2] & 0xff) == 0xff)
			return Format.JPEG;
		if (n >= 6 && head[0] == 'G' && head[1] == 'I' && head[2] == 'F' && head[3] == '8') return Format.GIF;
		if (n >= 2 && head[0] == 'B' && head[1] == 'M') return Format.BMP;
		if (n >= 4 && (head[0] == 'I' && head[1] == 'I' && head[2] == 42 && head[3] == 0 ||
			head[0] == 'M' && head[1] == 'M' && head[2] == 0 && head[3] == 42)) return Format.TIFF;
		if (n >= 4 && (head[0] == 'I' && head[1] == 'I' && head[2] == 43 && head[3] == 0 ||
			head[0] == 'M' && head[1] == 'M' && head[2] == 0 && head[3] == 43)) return Format.BIG_TIFF;
		if (n >= 2 && head[0] == 'P' && head[1] >= '1' && head[1] <= '6') return Format.PNM;
		return Format.OTHER;
	}

	/** A problem with a file, in words; {@code fix} is what the user can do. */
	static final class Problem extends IllegalArgumentException {
		private static final long serialVersionUID = 1L;
		final String fix;

		Problem(String problem, String fix) {
			super(problem);
			this.fix = fix;
		}
	}

	static final String REDO = "copy or download the file again, or re-save it from the program that made it";

	static Problem damaged(String problem) {
		return new Problem(problem, REDO);
	}

	// -- PNG --

	/** The header of a checked PNG. */
	record Png(int width, int height, int bitDepth, int colorType, boolean interlaced, byte[] transparency) {}

	static Png checkPng(Path file) throws IOException {
		try (FileBytes in = new FileBytes(file)) {
			in.skip(8);
			CRC32 crc = new CRC32();
			Inflater inflater = new Inflater();
			byte[] chunk = new byte[1 << 16], inflated = new byte[1 << 16];
			Png header = null;
			byte[] trns = null;
			boolean palette = false, idatSeen = false, idatEnded = false;
			long produced = 0, expected = 0;
			int index = 0;
			try {
				while (true) {
					if (in.remaining() < 12)
						throw damaged("the file is cut short (truncated): it ends " + (header == null ? "before its " +
							"header" : idatSeen ? "inside its pixel data" : "before its pixel data") + ", without " +
							"the end chunk (IEND)");
					long length = in.u32();
					byte[] typeBytes = in.read(4);
					String type = new String(typeBytes, StandardCharsets.ISO_8859_1);
					index++;
					if (!type.matches("[A-Za-z]{4}"))
						throw damaged("chunk " + index + " has no valid name: the file is damaged");
					if (length > Integer.MAX_VALUE || length + 4 > in.remaining())
						throw damaged("the file is cut short (truncated): its " + type + " chunk needs " + length +
							" bytes but only " + Math.max(0, in.remaining() - 4) + " remain" + (type.equals("IDAT") ?
								" (the rest of the picture is missing)" : ""));
					crc.reset();
					crc.update(typeBytes);
					boolean isIdat = type.equals("IDAT");
					if (isIdat) {
						if (header == null) throw damaged("pixel data comes before the header (IHDR)");
						if (header.colorType == 3 && !palette) throw damaged("a palette image without a palette " +
							"(PLTE chunk)");
						if (idatEnded) throw damaged("its pixel data (IDAT) is split by other chunks");
						idatSeen = true;
					}
					else if (idatSeen) idatEnded = true;
					byte[] data = null;
					if (type.equals("IHDR") || type.equals("tRNS") || type.equals("PLTE")) {
						data = in.read((int) length);
						crc.update(data);
					}
					else {
						for (long left = length; left > 0; ) {
							int n = (int) Math.min(chunk.length, left);
							in.readFully(chunk, 0, n);
							crc.update(chunk, 0, n);
							left -= n;
							if (isIdat) {
								inflater.setInput(chunk, 0, n);
								produced += drain(inflater, inflated);
							}
						}
					}
					long stored = in.u32();
					if (stored != crc.getValue())
						throw damaged("its " + type + " chunk is damaged (the checksum does not match" + (isIdat ?
							"; part of the picture would be wrong)" : ")"));
					switch (type) {
						case "IHDR" -> {
							if (index != 1 || length != 13) throw damaged("it does not start with a valid header (IHDR)");
							header = png(data);
							expected = rawSize(header);
						}
						case "PLTE" -> palette = true;
						case "tRNS" -> trns = data;
						case "IEND" -> {
							if (header == null) throw damaged("it has no header (IHDR)");
							if (!idatSeen) throw damaged("it holds no pixel data (IDAT)");
							if (!inflater.finished() || produced != expected)
								throw damaged(produced < expected ? "its pixel data stops after " + percent(produced,
									expected) + " of the picture: the file is damaged or was cut and re-assembled" :
									"its pixel data is longer than the picture: the file is damaged");
							return new Png(header.width, header.height, header.bitDepth, header.colorType,
								header.interlaced, trns);
						}
						default -> {
							if (index == 1) throw damaged("it does not start with a header (IHDR)");
						}
					}
				}
			}
			catch (DataFormatException e) {
				throw damaged("its compressed pixel data is damaged (" + e.getMessage() + ")");
			}
			finally {
				inflater.end();
			}
		}
	}

	private static long drain(Inflater inflater, byte[] out) throws DataFormatException {
		long n = 0;
		while (!inflater.needsInput() && !inflater.finished()) {
			int k = inflater.inflate(out);
			if (k == 0 && inflater.needsDictionary()) throw new DataFormatException("a preset dictionary is needed");
			if (k == 0 && !inflater.needsInput() && !inflater.finished()) break;
			n += k;
		}
		return n;
	}

	private static String percent(long part, long whole) {
		return String.format(Locale.ROOT, "%.0f%%", 100.0 * part / Math.max(1, whole));
	}

	private static Png png(byte[] d) {
		int w = (int) be32(d, 0), h = (int) be32(d, 4);
		int depth = d[8] & 0xff, type = d[9] & 0xff, compression = d[10] & 0xff, filter = d[11] & 0xff;
		int interlace = d[12] & 0xff;
		if (w <= 0 || h <= 0) throw damaged("its header gives an impossible size (" + be32(d, 0) + " x " + be32(d, 4) +
			")");
		boolean ok = switch (type) {
			case 0 -> depth == 1 || depth == 2 || depth == 4 || depth == 8 || depth == 16;
			case 3 -> depth == 1 || depth == 2 || depth == 4 || depth == 8;
			case 2, 4, 6 -> depth == 8 || depth == 16;
			default -> false;
		};
		if (!ok || compression != 0 || filter != 0 || interlace > 1)
			throw damaged("its header is invalid (colour type " + type + ", bit depth " + depth + ")");
		return new Png(w, h, depth, type, interlace == 1, null);
	}

	/** The decompressed size of a PNG's pixel data: one filter byte per row, rows of bits packed to bytes. */
	static long rawSize(Png p) {
		int channels = switch (p.colorType) {
			case 2 -> 3;
			case 4 -> 2;
			case 6 -> 4;
			default -> 1;
		};
		long bits = (long) channels * p.bitDepth;
		if (!p.interlaced) return p.height * (1 + (p.width * bits + 7) / 8);
		int[][] passes = {{0, 0, 8, 8}, {4, 0, 8, 8}, {0, 4, 4, 8}, {2, 0, 4, 4}, {0, 2, 2, 4}, {1, 0, 2, 2},
			{0, 1, 1, 2}};
		long total = 0;
		for (int[] q : passes) {
			long w = (p.width - q[0] + q[2] - 1) / q[2], h = (p.height - q[1] + q[3] - 1) / q[3];
			if (w > 0 && h > 0) total += h * (1 + (w * bits + 7) / 8);
		}
		return total;
	}

	private static long be32(byte[] d, int at) {
		return (d[at] & 0xffL) << 24 | (d[at + 1] & 0xffL) << 16 | (d[at + 2] & 0xffL) << 8 | d[at + 3] & 0xffL;
	}

	// -- JPEG --

	/**
	 * A checked JPEG.
	 *
	 * @param components 1 (grey) or 3
	 * @param orientation the EXIF orientation 1..8 (1 = as stored)
	 */
	record Jpeg(int width, int height, int components, int orientation) {}

	static final String CONVERT_JPEG = "convert it to an RGB PNG or an 8-bit baseline JPEG (for example " +
		"'magick in.jpg -colorspace sRGB out.png', or Save As in an image editor)";

	static Jpeg checkJpeg(Path file) throws IOException {
		try (FileBytes in = new FileBytes(file)) {
			in.skip(2);
			int width = -1, height = -1, components = -1, orientation = 1, adobeTransform = -1;
			boolean scanSeen = false, frameSeen = false;
			try {
				int marker = nextMarker(in);
				while (true) {
					if (marker == 0xd9) {
						if (!frameSeen || !scanSeen) throw damaged("it ends (EOI marker) before its pixel data");
						break;
					}
					if (marker == 0xd8) throw damaged("it holds a second start-of-image marker: the file is damaged");
					if (marker == 0x01 || marker >= 0xd0 && marker <= 0xd7) {
						marker = nextMarker(in);
						continue;
					}
					int length = in.u16();
					if (length < 2) throw damaged("a marker segment has an impossible length");
					long end = in.position() + length - 2;
					if (end > in.size()) throw new EOFException();
					if (marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc) {
						int precision = in.u8();
						height = in.u16();
						width = in.u16();
						components = in.u8();
						frameSeen = true;
						if (marker == 0xc3 || marker >= 0xc5 && marker <= 0xc7 || marker >= 0xc9)
							throw new Problem("it is a " + (marker >= 0xc9 ? "arithmetic-coded" : marker == 0xc3 ||
								marker == 0xc7 || marker == 0xcb || marker == 0xcf ? "lossless" : "hierarchical") +
								" JPEG, which Java's JPEG decoder (and ImageJ's) cannot read", CONVERT_JPEG);
						if (precision != 8) throw new Problem("it is a " + precision + "-bit JPEG, which Java's JPEG " +
							"decoder (and ImageJ's) cannot read", CONVERT_JPEG);
						if (width == 0 || height == 0) throw new Problem("its height is only given after the " +
							"pixel data (a DNL marker), which Java's JPEG decoder cannot read", CONVERT_JPEG);
					}
					else if (marker == 0xe1 && length >= 16) {
						byte[] app = in.read(length - 2);
						if (new String(app, 0, 6, StandardCharsets.ISO_8859_1).equals("Exif\0\0"))
							orientation = exifOrientation(app, 6);
					}
					else if (marker == 0xee && length >= 14) {
						byte[] app = in.read(length - 2);
						if (new String(app, 0, 5, StandardCharsets.ISO_8859_1).equals("Adobe")) adobeTransform = app[11];
					}
					in.seek(end);
					if (marker == 0xda) {
						if (!frameSeen) throw damaged("its pixel data comes before its frame header");
						scanSeen = true;
						marker = skipEntropyData(in);
					}
					else marker = nextMarker(in);
				}
			}
			catch (EOFException e) {
				throw damaged("the file is cut short (truncated): it ends " + (scanSeen ? "inside its pixel data, so " +
					"a decoder would fill the rest of the picture with grey" : "before its pixel data") +
					" (no end-of-image marker)");
			}
			if (components == 4) throw new Problem("it is a " + (adobeTransform == 2 ? "YCCK" : "CMYK") + " JPEG " +
				"(print colours): its screen colours depend on a colour profile that ImageJ and Java do not apply",
				CONVERT_JPEG.replace("an RGB PNG or an 8-bit baseline JPEG", "RGB"));
			if (components != 1 && components != 3) throw new Problem("it has " + components + " colour components; " +
				"only grey (1) and colour (3) JPEGs can be read faithfully", CONVERT_JPEG);
			return new Jpeg(width, height, components, orientation);
		}
	}

	/**
	 * The bytes of a checked JPEG without its embedded colour profile (APP2 ICC_PROFILE segments): Java's decoder
	 * would otherwise convert the colours to sRGB, colour management that ImageJ, and most programs that feed a
	 * classifier, do not apply. Without the profile the decoded values are the ones stored.
	 */
	static java.io.InputStream withoutColourProfile(Path file) throws IOException {
		byte[] b = java.nio.file.Files.readAllBytes(file);
		java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(b.length);
		out.write(b, 0, 2);
		int at = 2;
		while (at + 4 <= b.length && (b[at] & 0xff) == 0xff) {
			int marker = b[at + 1] & 0xff;
			if (marker == 0xda || marker == 0xd9 || marker == 0xff || marker == 0x01 || marker >= 0xd0 && marker <= 0xd7)
				break;
			int length = (b[at + 2] & 0xff) << 8 | b[at + 3] & 0xff;
			boolean icc = marker == 0xe2 && length >= 14 && new String(b, at + 4, 11, StandardCharsets.ISO_8859_1)
				.equals("ICC_PROFILE");
			if (!icc) out.write(b, at, Math.min(2 + length, b.length - at));
			at += 2 + length;
		}
		if (at < b.length) out.write(b, at, b.length - at);
		return new java.io.ByteArrayInputStream(out.toByteArray());
	}

	/** Reads the next marker: skips fill bytes; anything but 0xFF before it means a damaged file. */
	private static int nextMarker(FileBytes in) throws IOException {
		int b = in.u8();
		if (b != 0xff) throw damaged("it has stray bytes between its segments: the file is damaged");
		while (b == 0xff)
			b = in.u8();
		if (b == 0) throw damaged("it has an invalid marker: the file is damaged");
		return b;
	}

	/** Skips a scan's entropy-coded data; returns the marker that ends it. */
	private static int skipEntropyData(FileBytes in) throws IOException {
		while (true) {
			int b = in.u8();
			if (b != 0xff) continue;
			int m = in.u8();
			while (m == 0xff)
				m = in.u8();
			if (m == 0 || m >= 0xd0 && m <= 0xd7) continue; // stuffed byte or restart marker
			return m;
		}
	}

	/** The Orientation tag (0x0112) of an EXIF block (a TIFF structure at {@code base}), 1 if absent or odd. */
	static int exifOrientation(byte[] d, int base) {
		try {
			boolean little = d[base] == 'I';
			long ifd = u32(d, base + 4, little);
			int at = (int) (base + ifd);
			int entries = u16(d, at, little);
			for (int i = 0; i < entries; i++) {
				int e = at + 2 + 12 * i;
				if (u16(d, e, little) == 0x0112) {
					int v = u16(d, e + 8, little);
					return v >= 1 && v <= 8 ? v : 1;
				}
			}
		}
		catch (ArrayIndexOutOfBoundsException e) {
			// an EXIF block that is cut or odd: the picture is shown as stored
		}
		return 1;
	}

	private static int u16(byte[] d, int at, boolean little) {
		int a = d[at] & 0xff, b = d[at + 1] & 0xff;
		return little ? b << 8 | a : a << 8 | b;
	}

	private static long u32(byte[] d, int at, boolean little) {
		long a = u16(d, at, little), b = u16(d, at + 2, little);
		return little ? b << 16 | a : a << 16 | b;
	}

	// -- GIF --

	/** A checked GIF: its frames, and whether a frame has a transparent colour. */
	record Gif(int width, int height, int frames, boolean transparent) {}

	static Gif checkGif(Path file) throws IOException {
		try (FileBytes in = new FileBytes(file)) {
			in.littleEndian(true);
			int frames = 0;
			boolean transparent = false;
			try {
				in.skip(6);
				int width = in.u16(), height = in.u16();
				int flags = in.u8();
				in.skip(2);
				if ((flags & 0x80) != 0) in.skip(3L << ((flags & 7) + 1));
				while (true) {
					int block = in.u8();
					if (block == 0x3b) break;
					if (block == 0x21) {
						int label = in.u8();
						if (label == 0xf9) {
							int size = in.u8();
							if (size >= 1) {
								transparent |= (in.u8() & 1) != 0;
								in.skip(size - 1);
							}
						}
						skipSubBlocks(in);
					}
					else if (block == 0x2c) {
						in.skip(4);
						int fw = in.u16(), fh = in.u16();
						int f = in.u8();
						if ((f & 0x80) != 0) in.skip(3L << ((f & 7) + 1));
						frames++;
						long pixels = lzwPixels(in, (long) fw * fh);
						if (pixels < (long) fw * fh)
							throw damaged("frame " + frames + " holds only " + percent(pixels, (long) fw * fh) +
								" of its pixels: the file is damaged");
					}
					else throw damaged("it has an unknown block (byte " + block + ") after frame " + frames +
						": the file is damaged");
				}
				if (frames == 0) throw damaged("it holds no picture");
				return new Gif(width, height, frames, transparent);
			}
			catch (EOFException e) {
				throw damaged("the file is cut short (truncated): it ends " + (frames == 0 ? "before its first picture" :
					"inside frame " + frames) + ", without the GIF trailer");
			}
		}
	}

	private static void skipSubBlocks(FileBytes in) throws IOException {
		for (int n = in.u8(); n != 0; n = in.u8())
			in.skip(n);
	}

	/** Decodes one frame's LZW data only to count its pixels (up to {@code needed}); consumes its sub-blocks. */
	private static long lzwPixels(FileBytes in, long needed) throws IOException {
		int minCode = in.u8();
		if (minCode < 2 || minCode > 11) throw damaged("a frame has an invalid code size: the file is damaged");
		int clear = 1 << minCode, end = clear + 1;
		int[] prefix = new int[4096];
		int[] length = new int[4096];
		int codeSize = minCode + 1, next = end + 1, previous = -1;
		for (int i = 0; i < clear; i++)
			length[i] = 1;
		long pixels = 0;
		int bits = 0, bitCount = 0;
		boolean ended = false;
		for (int n = in.u8(); n != 0; n = in.u8()) {
			for (int i = 0; i < n; i++) {
				bits |= in.u8() << bitCount;
				bitCount += 8;
				while (!ended && bitCount >= codeSize) {
					int code = bits & ((1 << codeSize) - 1);
					bits >>>= codeSize;
					bitCount -= codeSize;
					if (code == clear) {
						codeSize = minCode + 1;
						next = end + 1;
						previous = -1;
						continue;
					}
					if (code == end) {
						ended = true;
						break;
					}
					int len;
					if (code < next && (code < clear || code > end)) len = length[code];
					else if (code == next && previous >= 0) len = length[previous] + 1;
					else throw damaged("a frame's compressed data is damaged");
					pixels += len;
					if (previous >= 0 && next < 4096) {
						prefix[next] = previous;
						length[next] = length[previous] + 1;
						next++;
						if (next == 1 << codeSize && codeSize < 12) codeSize++;
					}
					previous = code;
				}
			}
		}
		return Math.min(pixels, needed);
	}

	// -- BMP --

	static void checkBmp(Path file) throws IOException {
		try (FileBytes in = new FileBytes(file)) {
			in.littleEndian(true);
			try {
				in.skip(10);
				long offset = in.u32();
				long headerSize = in.u32();
				long width, height;
				int bits, compression = 0;
				long imageSize = 0;
				if (headerSize == 12) {
					width = in.u16();
					height = (short) in.u16();
					in.u16();
					bits = in.u16();
				}
				else if (headerSize >= 40) {
					width = (int) in.u32();
					height = (int) in.u32();
					in.u16();
					bits = in.u16();
					compression = (int) in.u32();
					imageSize = in.u32();
				}
				else throw damaged("its header is invalid");
				long rows = Math.abs(height);
				if (width <= 0 || rows == 0) throw damaged("its header gives an impossible size (" + width + " x " +
					height + ")");
				if (offset >= in.size()) throw damaged("the file is cut short (truncated): it ends before its pixels");
				switch (compression) {
					case 0, 3, 6 -> {
						long rowBytes = (bits * width + 31) / 32 * 4;
						long needed = offset + rowBytes * rows;
						if (needed > in.size())
							throw damaged("the file is cut short (truncated): it holds " + percent(Math.max(0,
								in.size() - offset), rowBytes * rows) + " of its pixel rows");
					}
					case 1, 2 -> {
						in.seek(offset);
						checkRle(in, compression == 1, imageSize);
					}
					default -> throw new Problem("it uses BMP compression " + compression + " (JPEG or PNG inside a " +
						"BMP), which is not read faithfully", "convert it to PNG");
				}
			}
			catch (EOFException e) {
				throw damaged("the file is cut short (truncated): its run-length pixel data has no end marker");
			}
		}
	}

	private static void checkRle(FileBytes in, boolean rle8, long imageSize) throws IOException {
		while (true) {
			int count = in.u8(), value = in.u8();
			if (count > 0) continue;
			if (value == 1) return; // end of bitmap
			if (value == 0) continue; // end of line
			if (value == 2) {
				in.skip(2);
				continue;
			}
			long bytes = rle8 ? value : (value + 1) / 2;
			in.skip(bytes + (bytes & 1));
		}
	}

	// -- PNM --

	/** Checks that a binary PBM, PGM or PPM (P4, P5, P6) holds all the pixel bytes its header promises. */
	static void checkPnm(Path file) throws IOException {
		try (FileBytes in = new FileBytes(file)) {
			in.skip(1);
			int kind = in.u8() - '0';
			if (kind < 4) return; // the text variants: ImageJ reads them number by number
			try {
				long width = pnmNumber(in), height = pnmNumber(in), max = kind == 4 ? 1 : pnmNumber(in);
				if (width < 1 || height < 1 || max < 1 || max > 65535) throw damaged("its header is invalid");
				long bytesPerSample = max > 255 ? 2 : 1;
				long needed = kind == 4 ? (width + 7) / 8 * height : width * height * bytesPerSample * (kind == 6 ? 3 : 1);
				if (in.remaining() < needed) throw damaged("the file is cut short (truncated): it holds " +
					percent(in.remaining(), needed) + " of its pixel data");
			}
			catch (EOFException e) {
				throw damaged("the file is cut short (truncated): it ends inside its header");
			}
		}
	}

	/** The next number of a PNM header (blanks and # comments skipped); consumes the one blank after it. */
	private static long pnmNumber(FileBytes in) throws IOException {
		int c = in.u8();
		while (Character.isWhitespace(c) || c == '#') {
			if (c == '#') while (c != '\n' && c != '\r') c = in.u8();
			c = in.u8();
		}
		long v = 0;
		if (c < '0' || c > '9') throw damaged("its header is invalid");
		while (c >= '0' && c <= '9') {
			v = v * 10 + (c - '0');
			if (v > Integer.MAX_VALUE) throw damaged("its header gives an impossible size");
			c = in.u8();
		}
		return v;
	}

	// -- TIFF --

	/** One page (IFD) of a TIFF: what ImageJ's reader needs to know whether it shows the page faithfully. */
	static final class TiffPage {
		long width, height;
		int[] bitsPerSample = {1};
		int samplesPerPixel = 1, photometric = -1, compression = 1, planar = 1, sampleFormat = 1;
		boolean tiled, colormap, extraSamples;
		int subfileType;
		long[] offsets = new long[0], counts = new long[0];
		String description;
		/** Whether its pixel data lies completely inside the file. */
		boolean complete = true;
		String problem;

		int bits() {
			return bitsPerSample.length == 0 ? 1 : bitsPerSample[0];
		}
	}

	/** The pages of a TIFF and whether the page list itself is complete. */
	record Tiff(List<TiffPage> pages, boolean listComplete, long size) {}

	static Tiff readTiff(Path file) throws IOException {
		try (FileBytes in = new FileBytes(file)) {
			in.littleEndian(in.u8() == 'I');
			in.u8();
			in.u16();
			long next = in.u32();
			List<TiffPage> pages = new ArrayList<>();
			List<Long> seen = new ArrayList<>();
			boolean complete = true;
			while (next != 0) {
				if (seen.contains(next) || pages.size() > 100_000) throw damaged("its list of pages loops: the file is " +
					"damaged");
				seen.add(next);
				if (next < 8 || next + 2 > in.size()) {
					complete = false;
					break;
				}
				try {
					in.seek(next);
					TiffPage page = page(in);
					next = in.u32();
					pages.add(page);
				}
				catch (EOFException e) {
					complete = false;
					break;
				}
			}
			if (pages.isEmpty()) throw damaged("the file is cut short (truncated) or damaged: it holds no readable " +
				"page");
			for (TiffPage p : pages)
				checkExtent(p, in.size());
			return new Tiff(pages, complete, in.size());
		}
	}

	private static TiffPage page(FileBytes in) throws IOException {
		TiffPage p = new TiffPage();
		int entries = in.u16();
		for (int i = 0; i < entries; i++) {
			int tag = in.u16(), type = in.u16();
			long count = in.u32();
			long valueAt = in.position();
			int size = switch (type) {
				case 3, 8 -> 2;
				case 4, 9, 11, 13 -> 4;
				case 5, 10, 12 -> 8;
				default -> 1;
			};
			long bytes = size * count;
			long dataAt = bytes <= 4 ? valueAt : in.u32();
			long after = valueAt + 4;
			if (dataAt + bytes > in.size() && (tag == 273 || tag == 279 || tag == 324 || tag == 325 || tag == 258)) {
				p.complete = false;
				p.problem = "the file is cut short (truncated): the list of its pixel blocks is missing";
				in.seek(after);
				continue;
			}
			switch (tag) {
				case 254 -> p.subfileType = (int) values(in, dataAt, type, count)[0];
				case 256 -> p.width = values(in, dataAt, type, count)[0];
				case 257 -> p.height = values(in, dataAt, type, count)[0];
				case 258 -> p.bitsPerSample = toInts(values(in, dataAt, type, Math.min(count, 16)));
				case 259 -> p.compression = (int) values(in, dataAt, type, count)[0];
				case 262 -> p.photometric = (int) values(in, dataAt, type, count)[0];
				case 270 -> {
					if (count < 1 << 20 && dataAt + count <= in.size()) {
						in.seek(dataAt);
						p.description = new String(in.read((int) count), StandardCharsets.ISO_8859_1);
					}
				}
				case 273, 324 -> {
					p.offsets = values(in, dataAt, type, count);
					p.tiled |= tag == 324;
				}
				case 277 -> p.samplesPerPixel = (int) values(in, dataAt, type, count)[0];
				case 279, 325 -> p.counts = values(in, dataAt, type, count);
				case 284 -> p.planar = (int) values(in, dataAt, type, count)[0];
				case 320 -> p.colormap = true;
				case 322 -> p.tiled = true;
				case 338 -> p.extraSamples = true;
				case 339 -> p.sampleFormat = (int) values(in, dataAt, type, count)[0];
				default -> {
				}
			}
			in.seek(after);
		}
		return p;
	}

	private static long[] values(FileBytes in, long at, int type, long count) throws IOException {
		if (count > 10_000_000) throw damaged("a page lists " + count + " values: the file is damaged");
		long keep = in.position();
		in.seek(at);
		long[] v = new long[(int) Math.max(1, count)];
		for (int i = 0; i < count; i++)
			v[i] = switch (type) {
				case 3, 8 -> in.u16();
				case 4, 9, 13 -> in.u32();
				case 16, 17 -> in.u64();
				default -> in.u8();
			};
		in.seek(keep);
		return v;
	}

	private static int[] toInts(long[] v) {
		int[] out = new int[v.length];
		for (int i = 0; i < v.length; i++)
			out[i] = (int) v[i];
		return out;
	}

	/** Marks a page whose strips or tiles do not all lie inside the file. */
	private static void checkExtent(TiffPage p, long size) {
		if (!p.complete) return;
		if (p.offsets.length == 0) {
			p.complete = false;
			p.problem = "the page lists no pixel data: the file is damaged";
			return;
		}
		for (int i = 0; i < p.offsets.length; i++) {
			long count = i < p.counts.length ? p.counts[i] : 0;
			if (p.offsets[i] >= size || p.offsets[i] + count > size) {
				p.complete = false;
				p.problem = "the file is cut short (truncated): the pixel data of this page is " +
					(p.offsets[i] >= size ? "missing" : "incomplete");
				return;
			}
		}
		if (p.compression == 1 && !p.tiled && p.counts.length > 0) {
			long total = 0;
			for (long c : p.counts)
				total += c;
			long planes = p.planar == 2 ? 1 : p.samplesPerPixel;
			long expected = (p.width * planes * p.bits() + 7) / 8 * p.height * (p.planar == 2 ? p.samplesPerPixel : 1);
			if (total < expected && p.bits() >= 8) {
				p.complete = false;
				p.problem = "the page holds " + percent(total, expected) + " of its pixel data: the file is damaged";
			}
		}
	}

	/**
	 * The number of images an ImageJ-written TIFF holds (its description's {@code images=}), 0 for other TIFFs.
	 */
	static int imageJImages(TiffPage first) {
		String d = first.description;
		if (d == null || !d.startsWith("ImageJ")) return 0;
		for (String line : d.split("\n"))
			if (line.startsWith("images=")) {
				try {
					return Integer.parseInt(line.substring(7).strip());
				}
				catch (NumberFormatException e) {
					return 0;
				}
			}
		return 0;
	}

	/** How a TIFF can be read: by ImageJ as it is, by Java's TIFF reader (converted to RGB), or not at all. */
	enum TiffReader {
		IMAGEJ, IMAGE_IO
	}

	/** Which reader shows a TIFF's pages faithfully; a {@link Problem} when none does. */
	static TiffReader tiffReader(Tiff tiff) {
		TiffReader reader = TiffReader.IMAGEJ;
		for (TiffPage p : tiff.pages) {
			int bits = p.bits();
			if (p.photometric == 5) throw new Problem("it is a CMYK TIFF (print colours): its screen colours " +
				"depend on a colour profile that ImageJ and Java do not apply", "convert it to RGB (for example " +
				"'magick in.tif -colorspace sRGB out.tif', or Save As RGB in an image editor)");
			if (p.photometric == 4 || p.photometric >= 8 && p.photometric != 32844 && p.photometric != 32845 ||
				p.photometric == 32844 || p.photometric == 32845)
				throw new Problem("it uses colour model " + p.photometric + " (e.g. CIE Lab or a transparency mask), " +
					"which ImageJ and Java do not show faithfully", "convert it to RGB or grey");
			if (p.sampleFormat == 3 && bits != 32 && bits != 64)
				throw new Problem("it stores " + bits + "-bit floating-point values, which ImageJ cannot read",
					"convert it to 32-bit float or 16-bit");
			boolean imageJ = (p.compression == 1 || p.compression == 5 || p.compression == 8 || p.compression == 32946
				|| p.compression == 32773) && !p.tiled && !p.extraSamples;
			switch (p.photometric) {
				case 0, 1, -1 -> imageJ &= p.samplesPerPixel == 1 ? bits == 1 || bits == 8 || bits == 12 ||
					bits == 16 || bits == 32 || bits == 64 : p.samplesPerPixel > 1 && (bits == 8 || bits == 16);
				case 2 -> imageJ &= (p.samplesPerPixel == 3) && (bits == 8 || bits == 16);
				case 3 -> imageJ &= bits == 8 && p.samplesPerPixel == 1 && p.colormap;
				case 6 -> imageJ = false;
				default -> {
				}
			}
			if (p.photometric == 3 && !p.colormap) throw damaged("it is a palette image without a palette");
			if (!imageJ) reader = TiffReader.IMAGE_IO;
		}
		return reader;
	}

	static byte[] head(Path file, int n) throws IOException {
		try (FileBytes in = new FileBytes(file)) {
			byte[] b = new byte[(int) Math.min(n, in.size())];
			in.readFully(b, 0, b.length);
			return b;
		}
	}

	/** The bytes of a header, for a message about unknown content: printable ASCII, dots for the rest. */
	static String describeHead(byte[] head) {
		StringBuilder sb = new StringBuilder();
		for (int i = 0; i < Math.min(8, head.length); i++) {
			int b = head[i] & 0xff;
			sb.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
		}
		return sb.toString();
	}

	/** Whether the first bytes look like text (a file that is not an image). */
	static boolean looksLikeText(byte[] head) {
		if (head.length == 0) return false;
		int printable = 0;
		for (byte b : head)
			if (b >= 0x20 && b < 0x7f || b == '\n' || b == '\r' || b == '\t') printable++;
		return printable >= head.length * 0.95;
	}

	static String pages(int n) {
		return n + (n == 1 ? " page" : " pages");
	}

	static List<Integer> incompletePages(Tiff t) {
		List<Integer> out = new ArrayList<>();
		for (int i = 0; i < t.pages.size(); i++)
			if (!t.pages.get(i).complete) out.add(i + 1);
		return out;
	}

	static String join(List<Integer> pages) {
		return String.join(", ", pages.stream().map(String::valueOf).toList());
	}

	static int[] fill(int n, int v) {
		int[] a = new int[n];
		Arrays.fill(a, v);
		return a;
	}
}
