package io.github.ablationca.run;

import io.github.ablationca.classifier.Classifier;
import io.github.ablationca.classifier.ModelClassifier;
import io.github.ablationca.classifier.ModelOptions;
import io.github.ablationca.engine.ExplainSettings;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Everything one run is set up with, whatever the face: the model and how to read it, the method's settings, and
 * what is drawn and written. Every field is a {@link Setting} of the vocabulary ({@link Settings}); the faces fill it
 * by name and the {@link ExplainRunner} runs it. Mutable, like TrackMate's settings.
 * <pre>{@code
 * RunSettings s = new RunSettings();
 * Settings.get("segments").apply(s, "60");   // what --segments 60, segments=60 and a Fiji dialog do
 * }</pre>
 */
public final class RunSettings {

	/** The model: a SavedModel folder, an ONNX or TorchScript file, or a folder holding one (setting {@code model}). */
	public Path model;
	/** How the model is read; null fields come from {@code ablation-ca.properties}, else the defaults. */
	public final ModelOptions modelOptions;
	/** The method's settings (segments, samples, fill, ...). */
	public final ExplainSettings method;
	/** Where results are written (setting {@code out}); null = nowhere (Fiji) or required (command line). */
	public Path out;
	/** Pair lines drawn in the overlay (setting {@code pairs_to_draw}). */
	public int pairsToDraw = 10;
	/** Dataset analysis: concepts per class, 0 = chosen by silhouette (setting {@code concepts}). */
	public int concepts;
	/** Dataset analysis: an image's folder name is its true class (setting {@code classes_from_folders}). */
	public boolean classesFromFolders;

	public RunSettings() {
		this(new ModelOptions(), new ExplainSettings());
	}

	/** Settings around the given parts (not copied). */
	public RunSettings(ModelOptions modelOptions, ExplainSettings method) {
		this.modelOptions = modelOptions;
		this.method = method;
	}

	public RunSettings copy() {
		RunSettings s = new RunSettings(modelOptions.copy(), method.copy());
		s.model = model;
		s.out = out;
		s.pairsToDraw = pairsToDraw;
		s.concepts = concepts;
		s.classesFromFolders = classesFromFolders;
		return s;
	}

	/**
	 * Checks what can be checked before a model is loaded or an image read.
	 *
	 * @throws IllegalArgumentException naming the setting by its key and the fix
	 */
	public void validate() {
		method.validate();
		if (method.samples > 0 && method.samples < method.segments + 3)
			throw new IllegalArgumentException("samples " + method.samples + " are too few for " + method.segments +
				" segments: the correlation tests need more samples than objects + 2. Give samples " +
				Math.max(64, 2 * method.segments) + " or more, or samples 0 to skip the correlation analysis.");
	}

	/**
	 * Checks that the model and the labels file exist, so a face can refuse a typo before it loads anything.
	 *
	 * @throws IllegalArgumentException naming the path and the fix
	 */
	public void validatePaths() {
		if (model != null && !Files.exists(model))
			throw new IllegalArgumentException("model " + model + " does not exist; give a TensorFlow SavedModel folder " +
				"(it holds saved_model.pb), an ONNX file (.onnx), a TorchScript file (.pt) or a folder holding one.");
		if (modelOptions.labels != null && !Files.isRegularFile(modelOptions.labels))
			throw new IllegalArgumentException("labels file " + modelOptions.labels + " does not exist; give a text " +
				"file with one class name per line, or leave labels empty to use labels.txt in the model folder.");
	}

	/**
	 * A copy resolved for the loaded {@code classifier}: the model settings left to the model ({@code engine},
	 * {@code input_size}, {@code input_layout}, {@code batch_size}, {@code resize}, {@code value_range}) take the
	 * values the classifier uses, and the method renders ablations with
	 * the classifier's batch size and fitting, exactly as its own preprocessing would. What a result records.
	 */
	public RunSettings resolvedFor(Classifier classifier) {
		RunSettings s = copy();
		if (classifier instanceof ModelClassifier m) {
			s.modelOptions.engine = m.engine();
			s.modelOptions.inputLayout = m.inputLayout();
			s.modelOptions.inputWidth = m.inputWidth();
			s.modelOptions.inputHeight = m.inputHeight();
		}
		s.modelOptions.batchSize = classifier.batchSize();
		s.modelOptions.resize = classifier.resizeMode();
		if (classifier.valueRange() != null) s.modelOptions.valueRange = classifier.valueRange();
		s.method.batchSize = classifier.batchSize();
		s.method.resize = classifier.resizeMode();
		return s;
	}
}
