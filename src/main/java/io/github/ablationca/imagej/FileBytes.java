package io.github.ablationca.imagej;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Buffered reading of a file's bytes by position, big- or little-endian, for checking image files' structure. Reads
 * through the {@link Path} itself (never its name as text), so any name the file system holds works. Reading past
 * the end throws {@link EOFException}.
 */
final class FileBytes implements AutoCloseable {

	private final SeekableByteChannel channel;
	private final long size;
	private final ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
	/** File position of {@code buffer}'s first byte. */
	private long bufferStart;
	private boolean littleEndian;

	FileBytes(Path file) throws IOException {
		channel = Files.newByteChannel(file);
		size = channel.size();
		buffer.limit(0);
	}

	long size() {
		return size;
	}

	long position() {
		return bufferStart + buffer.position();
	}

	long remaining() {
		return size - position();
	}

	void seek(long position) throws IOException {
		if (position >= bufferStart && position <= bufferStart + buffer.limit()) {
			buffer.position((int) (position - bufferStart));
			return;
		}
		if (position < 0 || position > size) throw new EOFException("position " + position + " is outside the file");
		channel.position(position);
		bufferStart = position;
		buffer.clear().limit(0);
	}

	void skip(long n) throws IOException {
		if (n < 0 || position() + n > size) throw new EOFException("the file ends " + (position() + n - size) +
			" bytes early");
		seek(position() + n);
	}

	void littleEndian(boolean little) {
		littleEndian = little;
	}

	int u8() throws IOException {
		if (!buffer.hasRemaining()) fill();
		return buffer.get() & 0xff;
	}

	private void fill() throws IOException {
		long next = position();
		if (next >= size) throw new EOFException("the file ends here");
		channel.position(next);
		bufferStart = next;
		buffer.clear();
		while (buffer.position() == 0) {
			if (channel.read(buffer) < 0) throw new EOFException("the file ends here");
		}
		buffer.flip();
	}

	int u16() throws IOException {
		int a = u8(), b = u8();
		return littleEndian ? b << 8 | a : a << 8 | b;
	}

	long u32() throws IOException {
		long a = u16(), b = u16();
		return littleEndian ? (b << 16 | a) & 0xffffffffL : (a << 16 | b) & 0xffffffffL;
	}

	long u64() throws IOException {
		long a = u32(), b = u32();
		return littleEndian ? b << 32 | a : a << 32 | b;
	}

	void readFully(byte[] out, int offset, int length) throws IOException {
		for (int i = 0; i < length; ) {
			if (!buffer.hasRemaining()) fill();
			int n = Math.min(length - i, buffer.remaining());
			buffer.get(out, offset + i, n);
			i += n;
		}
	}

	byte[] read(int length) throws IOException {
		byte[] b = new byte[length];
		readFully(b, 0, length);
		return b;
	}

	@Override
	public void close() throws IOException {
		channel.close();
	}
}
