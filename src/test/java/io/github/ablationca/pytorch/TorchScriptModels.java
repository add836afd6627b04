package io.github.ablationca.pytorch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Tiny TorchScript models written as the archive {@code torch.jit.save} produces (a zip of {@code code/} with the
 * module's TorchScript source, {@code data.pkl} with its state, {@code constants.pkl} and {@code version}), so tests
 * need no binary files and know every model's answer by construction. The modules have no weights; their
 * {@code forward} is one line of TorchScript.
 * <pre>{@code
 * Path model = TorchScriptModels.write(dir.resolve("means.pt"), "torch.mean(x, [2, 3])", "Tensor");
 * }</pre>
 */
public final class TorchScriptModels {

	private TorchScriptModels() {}

	/** A module whose forward returns {@code expression} (of the input {@code x}), of TorchScript type {@code type}. */
	public static Path write(Path file, String expression, String type) {
		String code = "class Tiny(Module):\n" +
			"  __parameters__ = []\n" +
			"  __buffers__ = []\n" +
			"  training : bool\n" +
			"  def forward(self: __torch__.Tiny,\n" +
			"    x: Tensor) -> " + type + ":\n" +
			"    return " + expression + "\n";
		Map<String, byte[]> entries = new LinkedHashMap<>();
		entries.put("tiny/data.pkl", dataPickle());
		entries.put("tiny/code/__torch__.py", code.getBytes(StandardCharsets.UTF_8));
		entries.put("tiny/constants.pkl", new byte[] {(byte) 0x80, 2, ')', '.'}); // an empty tuple
		entries.put("tiny/version", "3\n".getBytes(StandardCharsets.US_ASCII));
		return zip(file, entries);
	}

	/** Logits = the mean of each colour channel: NCHW input ({@code torch.mean(x, [2, 3])}). */
	public static Path channelMeans(Path file) {
		return write(file, "torch.mean(x, [2, 3])", "Tensor");
	}

	/**
	 * {@code source} with its archive format version record set to {@code version}, the rest unchanged: what a newer
	 * PyTorch's {@code torch.jit.save} would write for a format libtorch 2.7 does not know.
	 */
	public static Path withArchiveVersion(Path source, Path file, long version) {
		Map<String, byte[]> entries = new LinkedHashMap<>();
		try (ZipFile zip = new ZipFile(source.toFile())) {
			for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements();) {
				ZipEntry entry = e.nextElement();
				try (InputStream in = zip.getInputStream(entry)) {
					entries.put(entry.getName(), entry.getName().endsWith("/version") ? (version + "\n").getBytes(
						StandardCharsets.US_ASCII) : in.readAllBytes());
				}
			}
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return zip(file, entries);
	}

	/** A {@code torch.save(model.state_dict())} archive: state, but no code. */
	public static Path checkpoint(Path file) {
		return zip(file, Map.of("archive/data.pkl", dataPickle(), "archive/version", "3\n".getBytes(
			StandardCharsets.US_ASCII)));
	}

	/** The pickled module state: {@code __torch__.Tiny} with {@code training = False}. */
	private static byte[] dataPickle() {
		ByteArrayOutputStream p = new ByteArrayOutputStream();
		p.write(0x80); // PROTO 2
		p.write(2);
		p.writeBytes("c__torch__\nTiny\n".getBytes(StandardCharsets.US_ASCII)); // GLOBAL
		p.write(')'); // EMPTY_TUPLE
		p.write(0x81); // NEWOBJ
		p.write('}'); // EMPTY_DICT
		p.write('('); // MARK
		byte[] key = "training".getBytes(StandardCharsets.US_ASCII);
		p.write('X'); // BINUNICODE
		p.write(key.length);
		p.write(0);
		p.write(0);
		p.write(0);
		p.writeBytes(key);
		p.write(0x89); // NEWFALSE
		p.write('u'); // SETITEMS
		p.write('b'); // BUILD
		p.write('.'); // STOP
		return p.toByteArray();
	}

	/** Uncompressed entries, as torch.jit.save writes them. */
	private static Path zip(Path file, Map<String, byte[]> entries) {
		try {
			Files.createDirectories(file.toAbsolutePath().getParent());
			try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
				for (Map.Entry<String, byte[]> e : entries.entrySet()) {
					ZipEntry entry = new ZipEntry(e.getKey());
					entry.setMethod(ZipEntry.STORED);
					entry.setSize(e.getValue().length);
					CRC32 crc = new CRC32();
					crc.update(e.getValue());
					entry.setCrc(crc.getValue());
					zip.putNextEntry(entry);
					zip.write(e.getValue());
					zip.closeEntry();
				}
			}
			return file;
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
