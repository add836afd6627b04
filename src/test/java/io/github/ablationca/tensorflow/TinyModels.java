package io.github.ablationca.tensorflow;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Tiny SavedModels exported with TF Java, whose answers are known by construction: the "mean colour" classifier
 * scores an image by its mean red, green and blue input values ({@code scores = mean(x) * I}, three classes), so a
 * uniform image of colour (r, g, b) gets {@code softmax(v(r), v(g), v(b))} with {@code v} the value range.
 */
final class TinyModels {
	private TinyModels() {}

	enum Variant {
		/** float NHWC [-1, -1, -1, 3]; outputs "scores" (MatMul, logits) and "probs" (Softmax). */
		MEAN_COLOUR,
		/** float NCHW [-1, 3, -1, -1]; output "probs". */
		MEAN_COLOUR_NCHW,
		/** uint8 NHWC [-1, 8, 8, 3]; output "probs". */
		MEAN_COLOUR_UINT8,
		/** float NHWC with a fixed batch of 2: [2, 8, 8, 3]; output "probs". */
		MEAN_COLOUR_FIXED_BATCH,
		/** float NHWC [-1, 8, 8, 3]; two logits outputs "first" and "second", neither a softmax of the other. */
		TWO_SCORE_OUTPUTS,
		/** float [-1, 10] feature vector in, "probs" out: not an image classifier. */
		NOT_AN_IMAGE
	}

	static Path export(Path dir, Variant variant) {
		try (Graph g = new Graph()) {
			Ops tf = Ops.create(g);
			Signature.Builder sig = Signature.builder();
			if (variant == Variant.NOT_AN_IMAGE) {
				Placeholder<TFloat32> x = tf.withName("features").placeholder(TFloat32.class,
					Placeholder.shape(Shape.of(-1, 10)));
				Operand<TFloat32> w = tf.withName("w").variable(tf.constant(new float[10][4]));
				sig.input("features", x).output("probs", tf.withName("probs").nn.softmax(tf.linalg.matMul(x, w)));
			}
			else {
				Operand<TFloat32> mean;
				switch (variant) {
					case MEAN_COLOUR_NCHW: {
						Placeholder<TFloat32> x = tf.withName("image").placeholder(TFloat32.class,
							Placeholder.shape(Shape.of(-1, 3, -1, -1)));
						sig.input("image", x);
						mean = tf.math.mean(x, tf.constant(new int[] {2, 3}));
						break;
					}
					case MEAN_COLOUR_UINT8: {
						Placeholder<TUint8> x = tf.withName("image").placeholder(TUint8.class,
							Placeholder.shape(Shape.of(-1, 8, 8, 3)));
						sig.input("image", x);
						mean = tf.math.mean(tf.dtypes.cast(x, TFloat32.class), tf.constant(new int[] {1, 2}));
						break;
					}
					default: {
						Shape shape = variant == Variant.MEAN_COLOUR ? Shape.of(-1, -1, -1, 3)
							: variant == Variant.MEAN_COLOUR_FIXED_BATCH ? Shape.of(2, 8, 8, 3) : Shape.of(-1, 8, 8, 3);
						Placeholder<TFloat32> x = tf.withName("image").placeholder(TFloat32.class,
							Placeholder.shape(shape));
						sig.input("image", x);
						mean = tf.math.mean(x, tf.constant(new int[] {1, 2}));
					}
				}
				float[][] identity = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
				Operand<TFloat32> w = tf.withName("w").variable(tf.constant(identity));
				Operand<TFloat32> scores = tf.withName("scores").linalg.matMul(mean, w);
				if (variant == Variant.TWO_SCORE_OUTPUTS) {
					sig.output("first", scores);
					sig.output("second", tf.withName("second").math.add(scores, tf.constant(1f)));
				}
				else {
					if (variant == Variant.MEAN_COLOUR) sig.output("scores", scores);
					sig.output("probs", tf.withName("probs").nn.softmax(scores));
				}
			}
			try (Session s = new Session(g)) {
				s.initialize();
				SavedModelBundle.exporter(dir.toString()).withSession(s).withSignature(sig.build()).export();
			}
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return dir;
	}
}
