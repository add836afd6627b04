package io.github.ablationca.tools;

import io.github.ablationca.demo.DemoScenes;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The demo model's network: five 3x3 convolutions (16, 32, 48, 64, 64 filters, ReLU, 2x2 max pooling after the first
 * four), a global max pool and a dense layer to the two classes. Input: raw RGB 0..255, NHWC 64 x 64, scaled to
 * 0..1 inside the graph. The receptive field of the last convolution (78 pixels) spans a whole house, so the network
 * can relate a roof to the wall under it; the global max pool answers "is there a house anywhere".
 * <p>
 * The same builder makes the training graph and the exported serving graph, so both compute the same function.
 */
final class DemoNet {

	/** One trainable tensor: its name scope (layer), variable name and shape. */
	record Param(String scope, String name, long[] shape) {

		/**
		 * Ops that create an op of this parameter, named {@code scope_suffix} (flat: TF Java 1.0.0's optimisers
		 * cannot name slots of variables with a '/' in their name).
		 */
		Ops named(Ops tf, String suffix) {
			return tf.withName(scope + "_" + suffix);
		}

		int size() {
			long n = 1;
			for (long d : shape)
				n *= d;
			return (int) n;
		}

		Shape tfShape() {
			return Shape.of(shape);
		}

		/** Fan-in of a kernel (all dimensions but the last). */
		int fanIn() {
			long n = 1;
			for (int i = 0; i < shape.length - 1; i++)
				n *= shape[i];
			return (int) n;
		}
	}

	static final int[] FILTERS = { 16, 32, 48, 64, 64 };
	static final int CLASSES = DemoScenes.LABELS.size();

	private DemoNet() {}

	/** The parameters in a fixed order: kernel and bias of each convolution, then the dense weights and bias. */
	static List<Param> params() {
		List<Param> p = new ArrayList<>();
		int in = 3;
		for (int i = 0; i < FILTERS.length; i++) {
			p.add(new Param("conv" + (i + 1), "kernel", new long[] { 3, 3, in, FILTERS[i] }));
			p.add(new Param("conv" + (i + 1), "bias", new long[] { FILTERS[i] }));
			in = FILTERS[i];
		}
		p.add(new Param("dense", "kernel", new long[] { in, CLASSES }));
		p.add(new Param("dense", "bias", new long[] { CLASSES }));
		return p;
	}

	/** He-normal kernels and zero biases, drawn in Java from {@code seed} so initialisation is reproducible. */
	static float[][] initialWeights(long seed) {
		SplittableRandom r = new SplittableRandom(seed);
		List<Param> params = params();
		float[][] w = new float[params.size()][];
		for (int i = 0; i < w.length; i++) {
			Param p = params.get(i);
			w[i] = new float[p.size()];
			if (p.shape().length > 1) {
				double sd = Math.sqrt(2.0 / p.fanIn());
				for (int k = 0; k < w[i].length; k++)
					w[i][k] = (float) (sd * gaussian(r));
			}
		}
		return w;
	}

	/** Logits [-1, CLASSES] of {@code input} (raw 0..255 RGB, NHWC) with the given parameter tensors. */
	static Operand<TFloat32> logits(Ops tf, Operand<TFloat32> input, List<? extends Operand<TFloat32>> w) {
		List<Long> unitStrides = Arrays.asList(1L, 1L, 1L, 1L);
		Operand<TFloat32> x = tf.withName("scaled").math.mul(input, tf.constant(1f / 255f));
		int k = 0;
		for (int i = 0; i < FILTERS.length; i++) {
			Ops layer = tf.withSubScope("conv" + (i + 1));
			x = layer.nn.conv2d(x, w.get(k++), unitStrides, "SAME");
			x = layer.nn.biasAdd(x, w.get(k++));
			x = layer.nn.relu(x);
			if (i < FILTERS.length - 1)
				x = layer.nn.maxPool(x, layer.constant(new int[] { 1, 2, 2, 1 }), layer.constant(new int[] { 1, 2, 2, 1 }),
					"VALID");
		}
		x = tf.withName("global_max_pool").max(x, tf.constant(new int[] { 1, 2 }));
		Ops dense = tf.withSubScope("dense");
		x = dense.linalg.matMul(x, w.get(k++));
		x = dense.nn.biasAdd(x, w.get(k));
		return x;
	}

	private static double gaussian(SplittableRandom r) {
		double u = 1 - r.nextDouble(), v = r.nextDouble();
		return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
	}
}
