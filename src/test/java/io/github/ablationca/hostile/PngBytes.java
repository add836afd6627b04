package io.github.ablationca.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;

/**
 * A PNG encoder written from the specification for the tests, independent of the readers under test: any colour
 * type and bit depth, optional palette and transparency chunk, rows unfiltered. Also builds damaged files chunk by
 * chunk (a chunk with a wrong checksum, pixel data cut short but well-formed, no end chunk).
 */
final class PngBytes {

	private PngBytes() {}

	/**
	 * A PNG.
	 *
	 * @param samples row-major samples, {@code channels} per pixel, each in {@code 0 .. 2^bitDepth - 1}
	 * @param palette RGB triples for colour type 3, else null
	 * @param trns the tRNS chunk's content, or null
	 */
	static byte[] png(int width, int height, int colorType, int bitDepth, int[] samples, byte[] palette, byte[] trns) {
		return assemble(header(width, height, colorType, bitDepth), palette, trns, deflate(raw(width, height,
			colorType, bitDepth, samples)), true, false);
	}

	static int channels(int colorType) {
		return switch (colorType) {
			case 2 -> 3;
			case 4 -> 2;
			case 6 -> 4;
			default -> 1;
		};
	}

	static byte[] header(int width, int height, int colorType, int bitDepth) {
		byte[] h = new byte[13];
		be32(h, 0, width);
		be32(h, 4, height);
		h[8] = (byte) bitDepth;
		h[9] = (byte) colorType;
		return h;
	}

	/** The filtered (filter 0) rows: what the IDAT chunks compress. */
	static byte[] raw(int width, int height, int colorType, int bitDepth, int[] samples) {
		int channels = channels(colorType);
		int rowBytes = (width * channels * bitDepth + 7) / 8;
		byte[] out = new byte[height * (1 + rowBytes)];
		for (int y = 0; y < height; y++) {
			int base = y * (1 + rowBytes) + 1;
			long bitPos = 0;
			for (int x = 0; x < width * channels; x++) {
				int v = samples[y * width * channels + x];
				if (bitDepth == 16) {
					out[base + 2 * x] = (byte) (v >> 8);
					out[base + 2 * x + 1] = (byte) v;
				}
				else if (bitDepth == 8) out[base + x] = (byte) v;
				else {
					int byteIndex = (int) (bitPos / 8), shift = 8 - bitDepth - (int) (bitPos % 8);
					out[base + byteIndex] |= (byte) (v << shift);
					bitPos += bitDepth;
				}
			}
		}
		return out;
	}

	static byte[] deflate(byte[] raw) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (DeflaterOutputStream z = new DeflaterOutputStream(bytes)) {
			z.write(raw);
		}
		catch (IOException e) {
			throw new IllegalStateException(e);
		}
		return bytes.toByteArray();
	}

	/**
	 * The chunks of a PNG.
	 *
	 * @param end whether to close with IEND
	 * @param badCrc whether the IDAT chunk's checksum is wrong
	 */
	static byte[] assemble(byte[] header, byte[] palette, byte[] trns, byte[] idat, boolean end, boolean badCrc) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10});
		chunk(out, "IHDR", header, false);
		if (palette != null) chunk(out, "PLTE", palette, false);
		if (trns != null) chunk(out, "tRNS", trns, false);
		chunk(out, "IDAT", idat, badCrc);
		if (end) chunk(out, "IEND", new byte[0], false);
		return out.toByteArray();
	}

	private static void chunk(ByteArrayOutputStream out, String type, byte[] data, boolean badCrc) {
		byte[] len = new byte[4];
		be32(len, 0, data.length);
		out.writeBytes(len);
		byte[] t = type.getBytes(StandardCharsets.ISO_8859_1);
		out.writeBytes(t);
		out.writeBytes(data);
		CRC32 crc = new CRC32();
		crc.update(t);
		crc.update(data);
		byte[] c = new byte[4];
		be32(c, 0, (int) crc.getValue() ^ (badCrc ? 1 : 0));
		out.writeBytes(c);
	}

	static void be32(byte[] b, int at, int v) {
		b[at] = (byte) (v >>> 24);
		b[at + 1] = (byte) (v >>> 16);
		b[at + 2] = (byte) (v >>> 8);
		b[at + 3] = (byte) v;
	}
}
