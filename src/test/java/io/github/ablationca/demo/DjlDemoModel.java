package io.github.ablationca.demo;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import org.bytedeco.javacpp.Loader;

import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The committed demo model loaded through bare DJL (TensorFlow engine, offline), the way the product serves models:
 * TF natives loaded by JavaCPP first, {@code TENSORFLOW_LIBRARY_PATH} pointing at them, {@code ai.djl.offline=true}.
 */
final class DjlDemoModel implements AutoCloseable {

	private final ZooModel<NDList, NDList> model;
	private final Predictor<NDList, NDList> predictor;

	private DjlDemoModel(ZooModel<NDList, NDList> model) {
		this.model = model;
		this.predictor = model.newPredictor();
	}

	static DjlDemoModel load(Path dir) throws Exception {
		String lib = Loader.load(org.tensorflow.internal.c_api.global.tensorflow.class);
		System.setProperty("TENSORFLOW_LIBRARY_PATH", Paths.get(lib).getParent().toString());
		System.setProperty("ai.djl.offline", "true");
		Criteria<NDList, NDList> criteria = Criteria.builder().setTypes(NDList.class, NDList.class).optModelPath(dir)
			.optEngine("TensorFlow").optOption("Tags", "serve").optOption("SignatureDefKey", "serving_default").build();
		return new DjlDemoModel(criteria.loadModel());
	}

	ZooModel<NDList, NDList> model() {
		return model;
	}

	/** Rows of class probabilities ({@code probs}) for {@code count} 64 x 64 images packed NHWC, 0..255. */
	float[][] probabilities(float[] images, int count) throws Exception {
		int side = DemoScenes.SIZE;
		try (NDManager m = model.getNDManager().newSubManager()) {
			float[] data = images.length == count * side * side * 3 ? images
				: java.util.Arrays.copyOf(images, count * side * side * 3);
			NDArray x = m.create(data, new Shape(count, side, side, 3));
			x.setName("input");
			NDList out = predictor.predict(new NDList(x));
			NDArray probs = out.get("probs");
			if (probs == null)
				throw new AssertionError("The model has no 'probs' output; outputs: " + out);
			float[] flat = probs.toFloatArray();
			int classes = flat.length / count;
			float[][] rows = new float[count][classes];
			for (int i = 0; i < count; i++)
				System.arraycopy(flat, i * classes, rows[i], 0, classes);
			return rows;
		}
	}

	@Override
	public void close() {
		predictor.close();
		model.close();
	}
}
