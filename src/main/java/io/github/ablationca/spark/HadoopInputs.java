package io.github.ablationca.spark;

import io.github.ablationca.results.InputFiles;
import io.github.ablationca.run.IoMessages;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.SparkEnv;

import scala.Tuple2;

/**
 * Inputs given as URIs ({@code hdfs://}, {@code s3a://}, {@code file://}, any scheme Hadoop has a FileSystem for):
 * listed by the driver through Hadoop's FileSystem with the rules of {@link InputFiles} (image extensions, hidden
 * files left out, folders searched recursively, result names from the path below the folder), and copied by the
 * executor that explains them to a local temporary file. Plain paths stay with {@link InputFiles}.
 */
final class HadoopInputs {

	private HadoopInputs() {}

	/** Whether {@code operand} is a URI with a scheme ({@code scheme://...}) rather than a local path. */
	static boolean isUri(String operand) {
		return operand.matches("[a-zA-Z][a-zA-Z0-9+.-]+://.*");
	}

	/**
	 * The operands' inputs, in operand order: URIs through Hadoop, plain paths through {@link InputFiles}.
	 *
	 * @param viaHadoop receives the ids of the inputs listed through Hadoop (which executors read through it)
	 */
	static InputFiles.Expansion collect(List<String> operands, Path out, Configuration conf,
		java.util.Set<String> viaHadoop)
	{
		List<InputFiles.Input> inputs = new ArrayList<>();
		List<InputFiles.Problem> problems = new ArrayList<>();
		List<String> notes = new ArrayList<>();
		for (String operand : operands) {
			InputFiles.Expansion e = isUri(operand) ? list(operand, conf) : InputFiles.collect(List.of(operand), out);
			if (isUri(operand)) e.inputs().forEach(i -> viaHadoop.add(i.id()));
			inputs.addAll(e.inputs());
			problems.addAll(e.problems());
			notes.addAll(e.notes());
		}
		return new InputFiles.Expansion(inputs, problems, notes);
	}

	private static InputFiles.Expansion list(String operand, Configuration conf) {
		List<InputFiles.Input> inputs = new ArrayList<>();
		List<InputFiles.Problem> problems = new ArrayList<>();
		String shown = IoMessages.printable(operand);
		try {
			org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(operand);
			FileSystem fs = root.getFileSystem(conf);
			FileStatus status = fs.getFileStatus(root);
			if (!status.isDirectory()) {
				String name = root.getName();
				inputs.add(input(status.getPath(), shown, InputFiles.resultName(name)));
			}
			else {
				String prefix = status.getPath().toUri().getPath();
				List<org.apache.hadoop.fs.Path> found = new ArrayList<>();
				RemoteIterator<LocatedFileStatus> it = fs.listFiles(status.getPath(), true);
				while (it.hasNext()) {
					LocatedFileStatus f = it.next();
					String relative = f.getPath().toUri().getPath().substring(prefix.length()).replaceFirst("^/", "");
					if (f.isFile() && isImage(f.getPath().getName()) && !hidden(relative)) found.add(f.getPath());
				}
				found.sort(null);
				if (found.isEmpty())
					problems.add(new InputFiles.Problem(shown, "no image files in folder " + shown + " (looked for " +
						String.join(", ", InputFiles.EXTENSIONS.stream().sorted().map(x -> "." + x).toList()) + " files; " +
						"hidden files are left out). Fix: give a folder that holds images, or the image files"));
				for (org.apache.hadoop.fs.Path f : found) {
					String relative = f.toUri().getPath().substring(prefix.length()).replaceFirst("^/", "");
					int dot = relative.lastIndexOf('.');
					inputs.add(input(f, IoMessages.printable(f.toString()), InputFiles.baseName(relative.substring(0, dot)
						.replace('/', '_'))));
				}
			}
		}
		catch (FileNotFoundException e) {
			problems.add(new InputFiles.Problem(shown, "no such file or folder: " + shown + ". Fix: check the path"));
		}
		catch (IOException | RuntimeException e) {
			problems.add(new InputFiles.Problem(shown, "cannot list " + shown + " from the driver (host " + Nodes.host() +
				"): " + e.getMessage() + ". Fix: check the URI, that the file system's connector is on the class path " +
				"(s3a: hadoop-aws, e.g. spark-submit --packages org.apache.hadoop:hadoop-aws:3.4.2) and its " +
				"credentials (spark.hadoop.fs.s3a.*)"));
		}
		return new InputFiles.Expansion(inputs, problems, List.of());
	}

	private static InputFiles.Input input(org.apache.hadoop.fs.Path file, String display, String name) {
		return new InputFiles.Input(Path.of(file.toUri().getPath()), display, name, file.toUri().toString());
	}

	private static boolean isImage(String fileName) {
		int dot = fileName.lastIndexOf('.');
		return dot > 0 && InputFiles.EXTENSIONS.contains(fileName.substring(dot + 1).toLowerCase(Locale.ROOT));
	}

	private static boolean hidden(String relative) {
		for (String part : relative.split("/"))
			if (part.startsWith(".")) return true; // as InputFiles leaves them out
		return false;
	}

	/** The Hadoop configuration of this executor (or driver): the defaults plus Spark's {@code spark.hadoop.*}. */
	static Configuration configuration() {
		Configuration c = new Configuration();
		SparkEnv env = SparkEnv.get();
		if (env != null)
			for (Tuple2<String, String> kv : env.conf().getAllWithPrefix("spark.hadoop."))
				c.set(kv._1(), kv._2());
		return c;
	}

	/** Copies {@code uri} to a local temporary file (same extension), which the caller deletes. */
	static Path fetch(String uri) throws IOException {
		org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(java.net.URI.create(uri));
		String name = p.getName();
		int dot = name.lastIndexOf('.');
		Path local = Files.createTempFile("ablation-ca-input-", dot > 0 ? name.substring(dot) : ".img");
		try (InputStream in = p.getFileSystem(configuration()).open(p)) {
			Files.copy(in, local, StandardCopyOption.REPLACE_EXISTING);
			return local;
		}
		catch (IOException | RuntimeException e) {
			Files.deleteIfExists(local);
			throw e;
		}
	}
}
