package io.github.ablationca.fiji;

import java.nio.file.Path;

/**
 * Which model to load and how: the SavedModel folder, the labels file, the input value range and the batch size
 * of the model's own calls. Equal specs share one loaded model in the {@link AblationCaService} cache.
 *
 * @param folder the model folder (absolute, normalized)
 * @param labels the labels file, null = the model's default ({@code labels.txt} in the folder)
 * @param valueRange the input value range ({@code -1..1}, {@code 0..1}, {@code 0..255}, {@code imagenet}, ...),
 *        null = the model's default ({@code ablation-ca.properties} in the folder, else -1..1)
 * @param batchSize images per model call, null = the model's default
 */
public record ModelSpec(Path folder, Path labels, String valueRange, Integer batchSize) {

	public ModelSpec {
		if (folder == null) throw new IllegalArgumentException("No model folder given.");
		folder = folder.toAbsolutePath().normalize();
		labels = labels == null ? null : labels.toAbsolutePath().normalize();
		valueRange = valueRange == null || valueRange.isBlank() ? null : valueRange.trim();
	}

	/** A spec with the model's defaults for everything but the folder. */
	public static ModelSpec of(Path folder) {
		return new ModelSpec(folder, null, null, null);
	}
}
