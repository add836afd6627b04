package io.github.ablationca.tensorflow;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Exports tiny, smooth SavedModels with TF Java for the gradient tests: input {@code [-1, H, W, 3]} on the [-1, 1]
 * scale, 3 x 3 convolution to 4 channels, tanh, dense layer to 3 classes, softmax. Weights are seeded constants.
 */
public final class GradientTinyModels {

	static final int H = 6, W = 5, CLASSES = 3;

	public enum Variant {
		/** Outputs {@code probs} (Softmax) and {@code logits}. */
		PROBS_AND_LOGITS,
		/** Outputs only {@code logits}. */
		LOGITS_ONLY,
		/** erfc instead of tanh: smooth, but TensorFlow has no C++ gradient for Erfc. */
		NO_GRADIENT,
		/** A flat vector input [-1, 10] instead of an image. */
		VECTOR_INPUT
	}

	private GradientTinyModels() {}

	public static Path export(Path dir, Variant variant) throws Exception {
		TensorFlowNatives.load();
		try (Graph g = new Graph(); Session s = new Session(g)) {
			Ops tf = Ops.create(g);
			Random r = new Random(42);
			Signature.Builder sig = Signature.builder().key("serving_default");
			if (variant == Variant.VECTOR_INPUT) {
				Placeholder<TFloat32> x = tf.withName("input").placeholder(TFloat32.class,
					Placeholder.shape(Shape.of(-1, 10)));
				Operand<TFloat32> logits = tf.linalg.matMul(x, tf.constant(Shape.of(10, CLASSES), DataBuffers.of(
					gaussian(r, 10 * CLASSES, 0.5f))));
				sig.input("input", x).output("probs", tf.withName("probs").nn.softmax(logits));
			}
			else {
				Placeholder<TFloat32> x = tf.withName("input").placeholder(TFloat32.class,
					Placeholder.shape(Shape.of(-1, H, W, 3)));
				Operand<TFloat32> kernel = tf.constant(Shape.of(3, 3, 3, 4), DataBuffers.of(gaussian(r, 3 * 3 * 3 * 4,
					0.4f)));
				Operand<TFloat32> conv = tf.nn.conv2d(x, kernel, Arrays.asList(1L, 1L, 1L, 1L), "SAME");
				Operand<TFloat32> act = variant == Variant.NO_GRADIENT ? tf.withName("smooth_but_no_gradient").math.erfc(
					conv) : tf.math.tanh(conv);
				Operand<TFloat32> flat = tf.reshape(act, tf.constant(new long[] {-1, H * W * 4}));
				Operand<TFloat32> dense = tf.math.add(tf.linalg.matMul(flat, tf.constant(Shape.of(H * W * 4, CLASSES),
					DataBuffers.of(gaussian(r, H * W * 4 * CLASSES, 0.3f)))), tf.constant(new float[] {0.1f, -0.2f,
						0.05f}));
				Operand<TFloat32> logits = tf.withName("logits").identity(dense);
				sig.input("input", x).output("logits", logits);
				if (variant != Variant.LOGITS_ONLY) sig.output("probs", tf.withName("probs").nn.softmax(logits));
			}
			SavedModelBundle.exporter(dir.toString()).withFunction(SessionFunction.create(sig.build(), s)).export();
		}
		return dir;
	}

	private static float[] gaussian(Random r, int n, float sd) {
		float[] v = new float[n];
		for (int i = 0; i < n; i++)
			v[i] = (float) (r.nextGaussian() * sd);
		return v;
	}
}
