package io.github.ablationca.pytorch;

import io.github.ablationca.classifier.GradientModel;
import io.github.ablationca.classifier.InputLayout;
import io.github.ablationca.classifier.OutputKind;
import io.github.ablationca.classifier.ValueRange;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.training.GradientCollector;

/**
 * Input gradients of a TorchScript classifier through libtorch's autograd (DJL's {@link GradientCollector}): the
 * same loaded module, input packing, output and value range as the {@link TorchScriptClassifier}'s predictions, so
 * the gradient is that of exactly the probability it predicts (softmax added when the output holds logits). The
 * module stays in evaluation mode (batch norm uses its running statistics, dropout is off); only autograd is on.
 * Gradients come back with respect to the 0..255 pixels (chain rule through the value range), NHWC, like a
 * {@code Classifier} batch.
 * <pre>{@code
 * GradientModel g = ModelLoader.gradients(torchScriptClassifier);
 * float[] grad = new float[g.imageSize()];
 * g.gradients(modelImage.data(), 1, target, grad);
 * }</pre>
 */
public final class TorchScriptGradients implements GradientModel {

	/** DJL allows one collecting gradient collector per JVM. */
	private static final Object AUTOGRAD = new Object();

	private final TorchScriptClassifier classifier;
	private long calls;

	private TorchScriptGradients(TorchScriptClassifier classifier) {
		this.classifier = classifier;
	}

	/** The input gradients of the model {@code classifier} runs. */
	public static TorchScriptGradients of(TorchScriptClassifier classifier) {
		return new TorchScriptGradients(classifier);
	}

	@Override
	public int inputWidth() {
		return classifier.inputWidth();
	}

	@Override
	public int inputHeight() {
		return classifier.inputHeight();
	}

	/** Images that went through a forward and backward pass so far. */
	public synchronized long calls() {
		return calls;
	}

	@Override
	public void gradients(float[] images, int count, int target, float[] dst) {
		int classes = classifier.numClasses();
		if (target < 0 || target >= classes)
			throw new IllegalArgumentException("Target class index " + target + " is outside the model's 0.." +
				(classes - 1) + ".");
		int size = imageSize();
		if (count < 1) throw new IllegalArgumentException("Need at least one image, got " + count + ".");
		if (images.length < (long) count * size)
			throw new IllegalArgumentException("Image buffer holds " + images.length + " values, " + count + " images of " +
				inputWidth() + " x " + inputHeight() + " x 3 need " + (long) count * size + ".");
		if (dst.length < (long) count * size)
			throw new IllegalArgumentException("Gradient buffer holds " + dst.length + " values, need " + count * size);
		for (int start = 0; start < count; start += classifier.batchSize()) {
			int n = Math.min(classifier.batchSize(), count - start);
			float[] g = batch(images, start, n, target);
			toPixels(g, n, dst, start * size);
		}
	}

	/** d p_target / d x for images {@code start .. start + n - 1}, in the model's layout and value range. */
	private float[] batch(float[] images, int start, int n, int target) {
		synchronized (classifier) {
			synchronized (AUTOGRAD) {
				classifier.prepareCall();
				try (NDManager call = classifier.manager().newSubManager();
					GradientCollector collector = PyTorchNatives.engine().newGradientCollector())
				{
					NDArray x = classifier.input(call, images, start, n, classifier.slot(n));
					x.setRequiresGradient(true);
					// isTrain = true only turns autograd on; the module stays in eval mode (it was loaded so).
					NDList out = IValueUtils.forward(classifier.block(), new NDList(x), true);
					NDArray scores = classifier.scores(out).reshape(n, -1);
					if (scores.getDataType() != DataType.FLOAT32) scores = scores.toType(DataType.FLOAT32, false);
					NDArray p = classifier.outputKind() == OutputKind.LOGITS ? scores.softmax(1) : scores;
					collector.backward(p.get(":, " + target).sum());
					float[] g = x.getGradient().toFloatArray();
					synchronized (this) {
						calls += n;
					}
					return g;
				}
			}
		}
	}

	/** Model-space gradient (layout, value range) to the 0..255 NHWC pixels: d/dp = d/dx * (1 / std). */
	private void toPixels(float[] g, int n, float[] dst, int offset) {
		ValueRange range = classifier.valueRange();
		float[] scale = {1f / range.std(0), 1f / range.std(1), 1f / range.std(2)};
		int plane = inputWidth() * inputHeight(), size = imageSize();
		boolean nchw = classifier.inputLayout() == InputLayout.NCHW;
		for (int img = 0; img < n; img++)
			for (int p = 0; p < plane; p++)
				for (int c = 0; c < 3; c++)
					dst[offset + img * size + 3 * p + c] = scale[c] * g[img * size + (nchw ? c * plane + p : 3 * p + c)];
	}
}
