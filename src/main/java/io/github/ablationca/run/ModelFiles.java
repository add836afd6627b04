package io.github.ablationca.run;

import io.github.ablationca.classifier.ModelEngine;
import io.github.ablationca.classifier.ModelLoadException;
import io.github.ablationca.classifier.ModelOptions;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Which engine reads a model, recognised from its files before any engine starts: a TensorFlow SavedModel folder
 * ({@code saved_model.pb}), an ONNX file (a protocol buffer that starts with its IR version), a TorchScript file (a
 * zip archive with {@code code/} and {@code data.pkl}, as {@code torch.jit.save} writes), or a folder holding exactly
 * one of them. What people often give instead (Keras {@code .h5}, TF-Lite, a PyTorch checkpoint from
 * {@code torch.save}, a folder of several models) is named, with how to export a model that works.
 * <pre>{@code
 * ModelFiles.Location where = ModelFiles.locate(Path.of("models/resnet8"), null); // engine detected
 * where.engine();   // ONNX
 * where.model();    // models/resnet8/model.onnx
 * where.folder();   // models/resnet8: labels.txt and ablation-ca.properties
 * }</pre>
 */
public final class ModelFiles {

	/** A located model: the engine, the SavedModel folder or model file, and the folder of its side files. */
	public record Location(ModelEngine engine, Path model, Path folder) {}

	/** What a file's first bytes and entries say it is. */
	enum Kind {
		SAVED_MODEL, ONNX, TORCHSCRIPT, TORCH_CHECKPOINT, KERAS, TFLITE, ZIP, UNKNOWN
	}

	static final String WHAT_WORKS = "Give a TensorFlow SavedModel folder (it holds saved_model.pb), an ONNX file " +
		"(.onnx), a TorchScript file (.pt, saved with torch.jit.save), or a folder that holds one of them";

	private static final List<String> TORCHSCRIPT_SUFFIXES = List.of(".pt", ".pth", ".torchscript", ".ptl", ".zip");

	private ModelFiles() {}

	/** The folder of a model's side files ({@code labels.txt}, {@code ablation-ca.properties}); null if it does not exist. */
	public static Path folderOf(Path model) {
		if (model == null) return null;
		Path p = model.toAbsolutePath().normalize();
		if (Files.isDirectory(p)) return p;
		return Files.isRegularFile(p) ? p.getParent() : null;
	}

	/**
	 * Locates the model at {@code path}.
	 *
	 * @param requested the engine the user asked for (setting {@code engine}), or null to recognise it
	 * @throws ModelLoadException naming the path, what it is and what to give instead
	 */
	public static Location locate(Path path, ModelEngine requested) {
		if (path == null) throw new ModelLoadException("No model given. " + WHAT_WORKS + ".");
		Path p = path.toAbsolutePath().normalize();
		if (!Files.exists(p))
			throw new ModelLoadException("Model " + p + " does not exist. " + WHAT_WORKS + ".");
		return Files.isDirectory(p) ? inFolder(p, requested) : file(p, requested);
	}

	private static Location file(Path file, ModelEngine requested) {
		String name = file.getFileName().toString();
		if (name.equals("saved_model.pb")) return check(new Location(ModelEngine.TENSORFLOW, file.getParent(),
			file.getParent()), requested, file);
		Kind kind = sniff(file);
		ModelEngine engine = switch (kind) {
			case ONNX -> ModelEngine.ONNX;
			case TORCHSCRIPT -> ModelEngine.PYTORCH;
			default -> null;
		};
		if (engine == null && requested != null && requested != ModelEngine.TENSORFLOW &&
			(kind == Kind.UNKNOWN || kind == Kind.ZIP)) engine = requested; // the user knows better than the bytes
		if (engine == null) throw new ModelLoadException(notAModel(file, kind, requested));
		return check(new Location(engine, file, file.getParent()), requested, file);
	}

	private static Location check(Location found, ModelEngine requested, Path given) {
		if (requested == null || requested == found.engine()) return found;
		throw new ModelLoadException(given + " is " + found.engine().aTitle() + ", but engine " + requested.id() +
			" was asked for (" + requested.aTitle() + "). Remove the engine setting (--engine, engine in " +
			ModelOptions.PROPERTIES_FILE + ") to have it recognised, or set engine " + found.engine().id() + ".");
	}

	private static Location inFolder(Path dir, ModelEngine requested) {
		boolean savedModel = Files.isRegularFile(dir.resolve("saved_model.pb"));
		if (savedModel && (requested == null || requested == ModelEngine.TENSORFLOW))
			return new Location(ModelEngine.TENSORFLOW, dir, dir);
		List<Path> files = list(dir);
		List<Location> found = new ArrayList<>();
		List<String> others = new ArrayList<>();
		for (Path f : files) {
			if (!Files.isRegularFile(f)) continue;
			String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
			boolean onnxName = n.endsWith(".onnx");
			boolean torchName = TORCHSCRIPT_SUFFIXES.stream().anyMatch(n::endsWith);
			if (!onnxName && !torchName && !n.endsWith(".h5") && !n.endsWith(".keras") && !n.endsWith(".hdf5") &&
				!n.endsWith(".tflite") && !n.endsWith(".pb")) continue;
			Kind kind = sniff(f);
			if (kind == Kind.ONNX || onnxName && kind == Kind.UNKNOWN) found.add(new Location(ModelEngine.ONNX, f, dir));
			else if (kind == Kind.TORCHSCRIPT) found.add(new Location(ModelEngine.PYTORCH, f, dir));
			else others.add(f.getFileName() + " (" + describe(kind, f) + (fix(kind) == null ? "" : ", " + fix(kind)) +
				")");
		}
		if (requested != null) found.removeIf(l -> l.engine() != requested);
		if (found.size() == 1) return found.get(0);
		if (found.size() > 1)
			throw new ModelLoadException("Folder " + dir + " holds several models: " + String.join(", ", found.stream()
				.map(l -> l.model().getFileName() + " (" + l.engine().title() + ")").toList()) + ". Give the model " +
				"file itself; labels.txt and " + ModelOptions.PROPERTIES_FILE + " beside it are still read.");
		StringBuilder msg = new StringBuilder("Folder " + dir + " holds no model");
		if (requested != null) msg.append(" for engine ").append(requested.id()).append(" (").append(
			requested.title()).append(")");
		msg.append(": it is not a TensorFlow SavedModel (no saved_model.pb)").append(requested == null ? ", and it " +
			"has no ONNX (.onnx) or TorchScript (.pt) file." : ".");
		if (savedModel) msg.append(" It is a TensorFlow SavedModel: remove the engine setting, or set engine " +
			"tensorflow.");
		if (Files.isRegularFile(dir.resolve("saved_model.pbtxt")))
			msg.append(" It has saved_model.pbtxt (text format), which TensorFlow's C API cannot load; save the model" +
				" in binary format.");
		for (Path f : files)
			if (Files.isDirectory(f) && Files.isRegularFile(f.resolve("saved_model.pb"))) {
				msg.append(" Its subfolder '").append(f.getFileName()).append("' is a SavedModel; give ").append(f)
					.append(" instead.");
				return fail(msg);
			}
		if (!others.isEmpty()) msg.append(" It contains ").append(String.join("; ", others)).append('.');
		msg.append(' ').append(WHAT_WORKS).append(": a SavedModel is the folder written by tf.saved_model.save(...) " +
			"or model.export(...).");
		return fail(msg);
	}

	private static Location fail(StringBuilder msg) {
		throw new ModelLoadException(msg.toString());
	}

	private static List<Path> list(Path dir) {
		try (Stream<Path> s = Files.list(dir)) {
			return s.sorted().toList();
		}
		catch (IOException e) {
			throw new ModelLoadException("Cannot list the model folder " + dir + ": " + e.getMessage() + ".", e);
		}
	}

	private static String notAModel(Path file, Kind kind, ModelEngine requested) {
		String fix = fix(kind);
		return "Model file " + file + " is " + describe(kind, file) + ", " + (fix != null ? fix : "neither a " +
			"TensorFlow SavedModel nor an ONNX or TorchScript model. " + WHAT_WORKS + (requested ==
				ModelEngine.TENSORFLOW ? "; engine tensorflow needs the SavedModel folder" : "")) + ".";
	}

	/** How to get a model Ablation-CA runs from a file of this kind, or null if there is nothing specific to say. */
	private static String fix(Kind kind) {
		return switch (kind) {
			case KERAS -> "not a model Ablation-CA can run: export it with model.export('folder') (Keras 3) or " +
				"tf.saved_model.save(model, 'folder') and give that folder";
			case TFLITE -> "which Ablation-CA cannot run: give the SavedModel it was converted from";
			case TORCH_CHECKPOINT -> "not TorchScript: it holds weights (or a pickled module) but not the network's " +
				"code. Export the model with torch.jit.trace(model, example_input).save('model.pt') or " +
				"torch.onnx.export(model, example_input, 'model.onnx') and give that file";
			case SAVED_MODEL -> "not a SavedModel (frozen graphs are not supported): give the folder that holds " +
				"saved_model.pb";
			default -> null;
		};
	}

	private static String describe(Kind kind, Path file) {
		return switch (kind) {
			case SAVED_MODEL -> "a TensorFlow graph file";
			case ONNX -> "an ONNX model";
			case TORCHSCRIPT -> "a TorchScript model";
			case TORCH_CHECKPOINT -> "a PyTorch checkpoint (torch.save)";
			case KERAS -> "a Keras model file";
			case TFLITE -> "a TensorFlow Lite model";
			case ZIP -> "a zip archive that is not a TorchScript model";
			case UNKNOWN -> {
				try {
					yield Files.size(file) == 0 ? "an empty file" : "not a model file";
				}
				catch (IOException e) {
					yield "unreadable (" + e.getMessage() + ")";
				}
			}
		};
	}

	/** What the file is, by its first bytes (and, for a zip archive, its entries). */
	static Kind sniff(Path file) {
		byte[] head = new byte[16];
		int n;
		try (InputStream in = Files.newInputStream(file)) {
			n = in.readNBytes(head, 0, head.length);
		}
		catch (IOException e) {
			return Kind.UNKNOWN;
		}
		String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
		if (n >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) return zipKind(file);
		if (n >= 8 && (head[0] & 0xff) == 0x89 && head[1] == 'H' && head[2] == 'D' && head[3] == 'F') return Kind.KERAS;
		if (n >= 8 && head[4] == 'T' && head[5] == 'F' && head[6] == 'L' && head[7] == '3') return Kind.TFLITE;
		// A pickle (protocol 2 or newer): torch.save before PyTorch 1.6 wrote no zip archive.
		if (n >= 2 && (head[0] & 0xff) == 0x80 && head[1] >= 2 && head[1] <= 5) return Kind.TORCH_CHECKPOINT;
		// ModelProto starts with field 1 (ir_version, a small varint), as every ONNX exporter writes it.
		if (n >= 3 && head[0] == 0x08 && head[1] >= 1 && head[1] <= 30 && !name.endsWith(".pb")) return Kind.ONNX;
		if (name.endsWith(".pb")) return Kind.SAVED_MODEL;
		if (name.endsWith(".h5") || name.endsWith(".hdf5") || name.endsWith(".keras")) return Kind.KERAS;
		if (name.endsWith(".tflite")) return Kind.TFLITE;
		return Kind.UNKNOWN;
	}

	private static Kind zipKind(Path file) {
		boolean code = false, data = false, keras = false;
		try (ZipFile zip = new ZipFile(file.toFile())) {
			for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements();) {
				String entry = e.nextElement().getName();
				int slash = entry.indexOf('/');
				String inside = slash < 0 ? entry : entry.substring(slash + 1);
				if (inside.startsWith("code/")) code = true;
				if (inside.equals("data.pkl")) data = true;
				if (entry.equals("config.json") || entry.equals("model.weights.h5")) keras = true;
			}
		}
		catch (ZipException e) {
			return Kind.UNKNOWN;
		}
		catch (IOException e) {
			return Kind.UNKNOWN;
		}
		if (code && data) return Kind.TORCHSCRIPT;
		if (data) return Kind.TORCH_CHECKPOINT;
		if (keras) return Kind.KERAS;
		return Kind.ZIP;
	}
}
