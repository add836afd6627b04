package io.github.ablationca.onnx;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Tiny ONNX models written in the ONNX protocol-buffer format (onnx.proto, opset 13) by a few lines of wire-format
 * encoding, so tests need no binary files and know every model's answer by construction. Example: the channel means
 * of an NCHW image as three class logits.
 * <pre>{@code
 * Path model = OnnxModels.channelMeans(dir.resolve("means.onnx"), "NCHW", 8, 8);
 * }</pre>
 */
public final class OnnxModels {

	private OnnxModels() {}

	/** A graph's parts, written as a ModelProto. */
	public static final class Graph {
		private final List<byte[]> nodes = new ArrayList<>();
		private final List<byte[]> inputs = new ArrayList<>();
		private final List<byte[]> outputs = new ArrayList<>();

		/** A node {@code op(inputs) -> outputs} with int-list attributes ({@code "axes", new long[] {2, 3}}). */
		public Graph node(String op, List<String> in, List<String> out, Object... attributes) {
			Proto n = new Proto();
			for (String i : in)
				n.string(1, i);
			for (String o : out)
				n.string(2, o);
			n.string(3, op + "_" + nodes.size());
			n.string(4, op);
			for (int a = 0; a < attributes.length; a += 2) {
				Proto attr = new Proto().string(1, (String) attributes[a]);
				if (attributes[a + 1] instanceof long[] ints) {
					for (long v : ints)
						attr.varint(8, v);
					attr.varint(20, 7); // INTS
				}
				else {
					attr.varint(3, ((Number) attributes[a + 1]).longValue());
					attr.varint(20, 2); // INT
				}
				n.message(5, attr.bytes());
			}
			nodes.add(n.bytes());
			return this;
		}

		/** A float input; a negative dimension is dynamic (named). */
		public Graph input(String name, long... shape) {
			inputs.add(valueInfo(name, shape));
			return this;
		}

		/** A float output; a negative dimension is dynamic (named). */
		public Graph output(String name, long... shape) {
			outputs.add(valueInfo(name, shape));
			return this;
		}

		public Path write(Path file) {
			Proto graph = new Proto();
			for (byte[] n : nodes)
				graph.message(1, n);
			graph.string(2, "tiny");
			for (byte[] i : inputs)
				graph.message(11, i);
			for (byte[] o : outputs)
				graph.message(12, o);
			Proto model = new Proto().varint(1, 7) // ir_version 7
				.string(2, "ablation-ca-test").message(7, graph.bytes())
				.message(8, new Proto().string(1, "").varint(2, 13).bytes()); // opset 13
			try {
				Files.createDirectories(file.toAbsolutePath().getParent());
				return Files.write(file, model.bytes());
			}
			catch (IOException e) {
				throw new UncheckedIOException(e);
			}
		}

		private static byte[] valueInfo(String name, long[] shape) {
			Proto dims = new Proto();
			for (int d = 0; d < shape.length; d++)
				dims.message(1, shape[d] >= 0 ? new Proto().varint(1, shape[d]).bytes()
					: new Proto().string(2, "d" + d).bytes());
			Proto tensor = new Proto().varint(1, 1).message(2, dims.bytes()); // elem_type FLOAT
			return new Proto().string(1, name).message(2, new Proto().message(1, tensor.bytes()).bytes()).bytes();
		}
	}

	/** Logits = the mean of each colour channel over the image: [N, 3, h, w] (NCHW) or [N, h, w, 3] (NHWC). */
	public static Path channelMeans(Path file, String layout, long h, long w) {
		boolean nchw = layout.equals("NCHW");
		return new Graph().input("image", nchw ? new long[] {-1, 3, h, w} : new long[] {-1, h, w, 3})
			.node("ReduceMean", List.of("image"), List.of("logits"), "axes", nchw ? new long[] {2, 3}
				: new long[] {1, 2}, "keepdims", 0)
			.output("logits", -1, 3).write(file);
	}

	/** Two outputs: the channel-mean logits and their softmax. */
	public static Path logitsAndProbabilities(Path file) {
		return new Graph().input("image", -1, 3, 8, 8)
			.node("ReduceMean", List.of("image"), List.of("logits"), "axes", new long[] {2, 3}, "keepdims", 0)
			.node("Softmax", List.of("logits"), List.of("probs"), "axis", 1)
			.output("logits", -1, 3).output("probs", -1, 3).write(file);
	}

	/** Two image inputs, added, then the channel means. */
	public static Path twoImageInputs(Path file) {
		return new Graph().input("left", -1, 3, 8, 8).input("right", -1, 3, 8, 8)
			.node("Add", List.of("left", "right"), List.of("sum"))
			.node("ReduceMean", List.of("sum"), List.of("logits"), "axes", new long[] {2, 3}, "keepdims", 0)
			.output("logits", -1, 3).write(file);
	}

	/** An image in, the same image out (a "segmentation" map, not class scores). */
	public static Path imageOut(Path file) {
		return new Graph().input("image", -1, 3, 8, 8).node("Identity", List.of("image"), List.of("map"))
			.output("map", -1, 3, 8, 8).write(file);
	}

	/** Protocol-buffer wire format: varints and length-delimited fields. */
	private static final class Proto {
		private final ByteArrayOutputStream out = new ByteArrayOutputStream();

		Proto varint(int field, long value) {
			raw((long) field << 3);
			raw(value);
			return this;
		}

		Proto string(int field, String value) {
			return message(field, value.getBytes(StandardCharsets.UTF_8));
		}

		Proto message(int field, byte[] value) {
			raw((long) field << 3 | 2);
			raw(value.length);
			out.writeBytes(value);
			return this;
		}

		private void raw(long v) {
			while ((v & ~0x7FL) != 0) {
				out.write((int) (v & 0x7F | 0x80));
				v >>>= 7;
			}
			out.write((int) v);
		}

		byte[] bytes() {
			return out.toByteArray();
		}
	}
}
