package io.github.ablationca.spark;

import io.github.ablationca.classifier.ModelClassifier;
import io.github.ablationca.results.FolderBatch;
import io.github.ablationca.results.InputFiles;
import io.github.ablationca.run.IoMessages;
import io.github.ablationca.run.RunSettings;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;

/**
 * The Spark task of one input image: the one per-image unit ({@link FolderBatch#explainOne}) on this executor's model
 * ({@link ExecutorModels}), its result folders published atomically ({@link StagedResults}).
 */
final class ImageTask implements Function<ImageTask.Input, FolderBatch.Outcome> {

	private static final long serialVersionUID = 1L;

	/** An input as it travels to an executor: {@link InputFiles.Input} with its file as an absolute path. */
	record Input(String file, String display, String name, String id, boolean hadoop) implements Serializable {

		/** @param hadoop whether the input is read through Hadoop's FileSystem ({@link HadoopInputs}) */
		static Input of(InputFiles.Input in, boolean hadoop) {
			return new Input(in.file().toAbsolutePath().toString(), in.display(), in.name(), in.id(), hadoop);
		}
	}

	private final Map<String, String> settings;
	private final String base, out;
	private final boolean force, verbose;

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

	@Override
	public FolderBatch.Outcome call(Input in) {
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
				return explain(s, in, local);
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
		return explain(s, in, file);
	}

	private FolderBatch.Outcome explain(RunSettings s, Input in, Path file) {
		ModelClassifier model = ExecutorModels.get(s, Path.of(base));
		TaskContext task = TaskContext.get();
		String attempt = task == null ? "local" : task.stageId() + "-" + task.partitionId() + "-" + task.taskAttemptId();
		FolderBatch batch = new FolderBatch(model, s, Path.of(out)).force(force).verbose(verbose)
			.resultWriter(StagedResults.writer(Path.of(out), attempt));
		return batch.explainOne(new InputFiles.Input(file, in.display(), in.name(), in.id()));
	}

	private static FolderBatch.Outcome failed(Input in, String message) {
		return new FolderBatch.Outcome(in.display(), Map.of(), List.of(List.of(in.display(), "", message)), 0, 0,
			List.of("error Error: " + in.display() + ": " + message), -1);
	}
}
