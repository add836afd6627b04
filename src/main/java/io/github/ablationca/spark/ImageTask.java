package io.github.ablationca.spark;

import io.github.ablationca.classifier.FeatureLayer;
import io.github.ablationca.classifier.ModelClassifier;
import io.github.ablationca.results.DatasetBatch;
import io.github.ablationca.results.FolderBatch;
import io.github.ablationca.results.InputFiles;
import io.github.ablationca.run.IoMessages;
import io.github.ablationca.run.RunSettings;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;

/**
 * The Spark task of one input image: the one per-image unit ({@link FolderBatch#explainOne}) on this executor's model
 * ({@link ExecutorModels}), its result folders published atomically ({@link StagedResults}); for a dataset analysis
 * each complete result is then described at the feature layer ({@link DatasetBatch#describe}). The work stays on
 * the task's cores ({@link TaskCores}).
 */
final class ImageTask implements Function<ImageTask.Input, ImageTask.Done> {

	private static final long serialVersionUID = 1L;

	/** An input as it travels to an executor: {@link InputFiles.Input} with its file as an absolute path. */
	record Input(String file, String display, String name, String id, boolean hadoop) implements Serializable {

		/** @param hadoop whether the input is read through Hadoop's FileSystem ({@link HadoopInputs}) */
		static Input of(InputFiles.Input in, boolean hadoop) {
			return new Input(in.file().toAbsolutePath().toString(), in.display(), in.name(), in.id(), hadoop);
		}
	}

	/**
	 * What a task did.
	 *
	 * @param outcome what explaining the image did
	 * @param described its complete results, described (a dataset analysis; else empty)
	 */
	record Done(FolderBatch.Outcome outcome, List<DatasetBatch.Described> described) implements Serializable {}

	private final Map<String, String> settings;
	private final String base, out;
	private final boolean force, verbose;
	/** The feature layer the results are described at, or null (explain only). */
	private String featureLayer;

	/**
	 * @param settings the run's settings as text ({@link SettingsText})
	 * @param base the driver's working directory (relative model and labels paths are resolved against it)
	 * @param out the output folder, absolute
	 */
	ImageTask(Map<String, String> settings, Path base, Path out, boolean force, boolean verbose) {
		this.settings = Map.copyOf(settings);
		this.base = base.toString();
		this.out = out.toString();
		this.force = force;
		this.verbose = verbose;
	}

	/** Describes every complete result at {@code layer} (the name the driver's model resolved). */
	ImageTask describingAt(String layer) {
		this.featureLayer = layer;
		return this;
	}

	@Override
	public Done call(Input in) {
		// Task-local: read here, on Spark's thread, not in the pool's.
		TaskContext task = TaskContext.get();
		String attempt = task == null ? "local" : task.stageId() + "-" + task.partitionId() + "-" + task.taskAttemptId();
		int cores = task == null ? Runtime.getRuntime().availableProcessors() : task.cpus();
		return TaskCores.run(cores, () -> work(in, attempt));
	}

	private Done work(Input in, String attempt) {
		RunSettings s = SettingsText.parse(settings);
		if (in.hadoop()) {
			Path local;
			try {
				local = HadoopInputs.fetch(in.id());
			}
			catch (IOException | RuntimeException e) {
				return failed(in, Nodes.here() + " cannot read " + IoMessages.printable(in.id()) + ": " + e.getMessage() +
					". Fix: check that every executor can reach that file system (and has its connector and " +
					"credentials: spark.hadoop.* settings)");
			}
			try {
				return explain(s, in, local, attempt);
			}
			finally {
				try {
					Files.deleteIfExists(local);
				}
				catch (IOException e) {
					// a temporary file; the system's clean-up takes it
				}
			}
		}
		Path file = Path.of(in.file());
		if (!Files.isReadable(file))
			return failed(in, Nodes.here() + " cannot read " + IoMessages.printable(in.file()) + " (" +
				(Files.exists(file) ? "permission denied" : "no such file there") + "). Fix: put the images on a file " +
				"system every executor sees under the same path (a shared file system), or copy them to every node");
		return explain(s, in, file, attempt);
	}

	private Done explain(RunSettings s, Input in, Path file, String attempt) {
		ModelClassifier model = ExecutorModels.get(s, Path.of(base));
		FolderBatch batch = new FolderBatch(model, s, Path.of(out)).force(force).verbose(verbose)
			.resultWriter(StagedResults.writer(Path.of(out), attempt));
		List<DatasetBatch.Described> described = new ArrayList<>();
		if (featureLayer != null) {
			FeatureLayer layer = model.featureLayer(featureLayer);
			String source = in.hadoop() ? in.id() : in.file();
			batch.onResult((name, input, slice, pixels) -> described.add(DatasetBatch.describe(Path.of(out),
				batch.settings(), model, layer, name, source, in.hadoop(), slice, pixels.get())));
		}
		FolderBatch.Outcome outcome = batch.explainOne(new InputFiles.Input(file, in.display(), in.name(), in.id()));
		return new Done(outcome, described);
	}

	private static Done failed(Input in, String message) {
		return new Done(new FolderBatch.Outcome(in.display(), Map.of(), List.of(List.of(in.display(), "", message)), 0,
			0, List.of("error Error: " + in.display() + ": " + message), -1), List.of());
	}
}
