package io.github.ablationca.djl;

import io.github.ablationca.classifier.ValueRange;
import io.github.ablationca.image.ResizeMode;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * Reads a model folder's {@code ablation-ca.properties} into a {@link ModelOptions} whose set fields are the
 * file's per-model defaults. Unknown keys and bad values are refused, naming the file, the key and the accepted
 * values, so a typo never silently falls back to a default.
 */
final class ModelProperties {

	static final List<String> KEYS = Arrays.asList("value_range", "label_offset", "labels", "input", "output",
		"output_kind", "batch_size", "input_size", "input_width", "input_height", "resize", "round_to_8bit",
		"signature", "tags");

	private ModelProperties() {}

	/** The file's settings, or an empty {@link ModelOptions} when the folder has no such file. */
	static ModelOptions read(Path modelDir) {
		ModelOptions o = new ModelOptions();
		Path file = modelDir.resolve(ModelOptions.PROPERTIES_FILE);
		if (!Files.isRegularFile(file)) return o;
		Properties p = new Properties();
		try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			p.load(r);
		}
		catch (IOException | IllegalArgumentException e) {
			throw new ModelLoadException("Cannot read " + file + ": " + e.getMessage() +
				". Fix the file (Java properties format: key = value) or delete it.", e);
		}
		for (String key : p.stringPropertyNames()) {
			String value = p.getProperty(key).strip();
			String k = key.strip().toLowerCase(Locale.ROOT).replace('-', '_');
			try {
				apply(o, k, value, modelDir);
			}
			catch (IllegalArgumentException e) {
				throw new ModelLoadException("Bad value in " + file + ": " + key + " = " + value + ". " + e.getMessage(), e);
			}
		}
		return o;
	}

	private static void apply(ModelOptions o, String key, String value, Path modelDir) {
		switch (key) {
			case "value_range":
				o.valueRange = ValueRange.parse(value);
				break;
			case "label_offset":
				o.labelOffset = value.equalsIgnoreCase("auto") ? null : integer(value, Integer.MIN_VALUE);
				break;
			case "labels":
				o.labels = modelDir.resolve(value);
				break;
			case "input":
				o.input = value;
				break;
			case "output":
				o.output = value;
				break;
			case "output_kind":
				o.outputKind = OutputKind.parse(value);
				break;
			case "batch_size":
				o.batchSize = integer(value, 1);
				break;
			case "input_size": {
				int[] wh = size(value);
				o.inputWidth = wh[0];
				o.inputHeight = wh[1];
				break;
			}
			case "input_width":
				o.inputWidth = integer(value, 1);
				break;
			case "input_height":
				o.inputHeight = integer(value, 1);
				break;
			case "resize":
				o.resize = resizeMode(value);
				break;
			case "round_to_8bit":
				o.roundTo8Bit = bool(value);
				break;
			case "signature":
				o.signature = value;
				break;
			case "tags":
				o.tags = value;
				break;
			default:
				throw new IllegalArgumentException("Unknown key '" + key + "'; known keys: " + String.join(", ", KEYS) + ".");
		}
	}

	static int integer(String value, int min) {
		int v;
		try {
			v = Integer.parseInt(value.strip());
		}
		catch (NumberFormatException e) {
			throw new IllegalArgumentException("'" + value + "' is not a whole number.");
		}
		if (v < min) throw new IllegalArgumentException(v + " is too small; the least allowed value is " + min + ".");
		return v;
	}

	/** {@code 224} or {@code 224x160} (width x height). */
	static int[] size(String value) {
		String[] parts = value.toLowerCase(Locale.ROOT).split("[x×,]");
		if (parts.length == 1) {
			int s = integer(parts[0], 1);
			return new int[] {s, s};
		}
		if (parts.length == 2) return new int[] {integer(parts[0], 1), integer(parts[1], 1)};
		throw new IllegalArgumentException("'" + value + "' is not a size; write e.g. 224 or 224x224 (width x height).");
	}

	static ResizeMode resizeMode(String value) {
		String v = value.strip().toLowerCase(Locale.ROOT).replace('-', '_');
		switch (v) {
			case "stretch":
				return ResizeMode.STRETCH;
			case "center_crop":
			case "centre_crop":
			case "crop":
				return ResizeMode.CENTER_CROP;
			default:
				throw new IllegalArgumentException("Unknown resize mode '" + value + "'; use stretch or center-crop.");
		}
	}

	static boolean bool(String value) {
		switch (value.strip().toLowerCase(Locale.ROOT)) {
			case "true":
			case "yes":
			case "1":
				return true;
			case "false":
			case "no":
			case "0":
				return false;
			default:
				throw new IllegalArgumentException("'" + value + "' is not true or false.");
		}
	}
}
