package io.github.ablationca.spark;

import io.github.ablationca.classifier.ModelClassifier;
import io.github.ablationca.classifier.ModelLoadException;
import io.github.ablationca.classifier.ModelOptions;
import io.github.ablationca.run.ModelLoader;
import io.github.ablationca.run.RunSettings;
import io.github.ablationca.run.Setting;
import io.github.ablationca.run.Settings;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;

/**
 * One model per executor JVM: loaded by the first task that needs it, then shared by every task of that JVM (the
 * classifiers are thread-safe: a TensorFlow model takes the tasks' calls side by side, ONNX and TorchScript models
 * one at a time). The model's calls use as many threads as the executor has cores
 * (Spark's contract: one task slot, one core), unless {@code model_threads} says otherwise: {@code local[N]} gives N,
 * a cluster {@code spark.executor.cores}. Keyed by the model's absolute path and the model settings, so two jobs
 * with different models in one JVM each get theirs.
 */
final class ExecutorModels {

	private static final Map<String, ModelClassifier> MODELS = new HashMap<>();

	private ExecutorModels() {}

	/**
	 * The model of {@code settings}, loaded once per JVM; relative paths are resolved against {@code base} (the
	 * driver's working directory).
	 *
	 * @throws ExecutorFailure naming the node, the model and the fix, when this executor cannot load it
	 */
	static synchronized ModelClassifier get(RunSettings settings, Path base) {
		Path model = base.resolve(settings.model).normalize();
		ModelOptions options = settings.modelOptions.copy();
		if (options.labels != null) options.labels = base.resolve(options.labels).normalize();
		SparkEnv env = SparkEnv.get();
		if (options.modelThreads == null) options.modelThreads = env == null ? 0 : executorCores(env.conf());
		String key = key(model, settings) + " threads " + options.modelThreads;
		ModelClassifier c = MODELS.get(key);
		if (c != null) return c;
		try {
			c = ModelLoader.load(model, options);
		}
		catch (ModelLoadException | UnsatisfiedLinkError | NoClassDefFoundError e) {
			throw new ExecutorFailure(Nodes.here() + " cannot load the model " + model + ": " + e.getMessage() +
				" Fix: put the model on a file system every executor sees under the same path (a shared file " +
				"system, or the same folder on every node), and give that path as an absolute one.", e);
		}
		MODELS.put(key, c);
		return c;
	}

	/**
	 * The cores of this executor: N of {@code local[N]} ({@code local[*]}: this machine's), else
	 * {@code spark.executor.cores}, else Spark's default for the cluster manager (all of the worker's on a standalone
	 * cluster, 1 on YARN and Kubernetes).
	 */
	static int executorCores(SparkConf conf) {
		String master = conf.get("spark.master", "local[*]");
		int local = SparkBatch.localCores(master);
		if (local > 0) return local;
		if (conf.contains("spark.executor.cores")) return Math.max(1, conf.getInt("spark.executor.cores", 1));
		boolean oneByDefault = master.startsWith("yarn") || master.startsWith("k8s");
		return oneByDefault ? 1 : Runtime.getRuntime().availableProcessors();
	}

	/** The threads per call of each copy of the model in folder {@code model} this JVM holds (for tests). */
	static synchronized List<Integer> threads(Path model) {
		String prefix = model.toAbsolutePath().normalize() + " ";
		return MODELS.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).map(e -> e.getValue()
			.modelThreads()).toList();
	}

	private static String key(Path model, RunSettings s) {
		Map<String, String> m = new TreeMap<>();
		for (Setting setting : Settings.on(Setting.Face.PROPERTIES))
			if (setting.get(s) != null) m.put(setting.key(), setting.text(s));
		return model + " " + m;
	}
}
