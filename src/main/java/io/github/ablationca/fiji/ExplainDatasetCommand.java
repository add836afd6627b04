package io.github.ablationca.fiji;

import io.github.ablationca.classifier.Classifier;
import io.github.ablationca.classifier.FeatureLayerException;
import io.github.ablationca.classifier.TargetClass;
import io.github.ablationca.dataset.DatasetAnalysis;
import io.github.ablationca.dataset.DatasetTables;
import io.github.ablationca.imagej.ImageJTables;
import io.github.ablationca.results.DatasetBatch;
import io.github.ablationca.results.FolderBatch;
import io.github.ablationca.results.InputFiles;
import io.github.ablationca.results.OutputLock;
import io.github.ablationca.run.ExplainRunner;
import io.github.ablationca.run.IoMessages;
import io.github.ablationca.run.RunSettings;
import io.github.ablationca.run.Setting;
import io.github.ablationca.run.Settings;
import io.github.ablationca.run.Settings.Help;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import ij.measure.ResultsTable;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Plugins &gt; Ablation-CA &gt; Explain Dataset...: the dataset correspondence analysis on a folder of images (or the
 * open stack, one image per slice): per class, the concepts the model relies on and the class graph of how it uses
 * them together. Macro-recordable and headless; the parameter names are settings of the vocabulary
 * ({@link Settings}). For example:
 * <pre>
 * run("Explain Dataset...", "model=/models/demo folder=/data/scenes out=/results segments=16 concepts=0");
 * </pre>
 * A thin face: the parameters become {@link RunSettings}, {@link DatasetBatch} does the work (the same per-image
 * folders as Explain Image and the command line, resumable) and this command shows the graph picture and the
 * Concepts and Edges tables of the first analysed class (all classes are in {@code out/dataset/}).
 */
@Plugin(type = Command.class, headless = true, menuPath = "Plugins>Ablation-CA>Explain Dataset...",
	label = "Explain Dataset", description = "Concepts and class graphs over a dataset: what the classifier relies on " +
		"and uses together (Ablation-CA)")
public class ExplainDatasetCommand extends ContextCommand {

	@Parameter
	private AblationCaService ablationCa;

	@Parameter
	private LogService log;

	@Parameter(label = "Image (when no folder is given)", required = false, description = "The open stack to " +
		"analyse, one image per slice, when no folder is given.")
	private ImagePlus image;

	@Parameter(label = "Images folder (optional)", required = false, style = FileWidget.DIRECTORY_STYLE,
		description = "A folder of images, searched recursively; empty = the open stack.")
	private File folder;

	// Settings of the vocabulary (names, help and defaults checked by VocabularyFacesTest).
	@Parameter(label = "Model (folder or file)", style = FileWidget.FILE_AND_DIRECTORY_STYLE, description = Help.MODEL)
	private File model;
	@Parameter(label = "Save results to", style = FileWidget.DIRECTORY_STYLE, description = Help.OUT)
	private File out;
	@Parameter(label = "Class to explain (optional)", required = false, description = Help.TARGET)
	private String target = "";
	@Parameter(label = "Number of objects", description = Help.SEGMENTS)
	private String segments = "40";
	@Parameter(label = "Random samples", description = Help.SAMPLES)
	private String samples = "500";
	@Parameter(label = "Random seed", description = Help.SEED)
	private String seed = "1";
	@Parameter(label = "Hide objects with", description = Help.FILL, choices = {"mean", "blur", "constant", "noise"})
	private String fill = "mean";
	@Parameter(label = "False discovery rate", description = Help.FDR)
	private String fdr = "0.05";
	@Parameter(label = "Feature layer (optional)", required = false, description = Help.FEATURE_LAYER)
	private String feature_layer = "";
	@Parameter(label = "Concepts per class (0 = automatic)", description = Help.CONCEPTS)
	private String concepts = "0";
	@Parameter(label = "Classes from folder names", description = Help.CLASSES_FROM_FOLDERS)
	private boolean classes_from_folders = false;

	@Parameter(label = "Show graph and tables", description = "Show the class graph picture and the Concepts and " +
		"Edges tables of the first analysed class.")
	private boolean show_results = true;

	@Parameter(type = ItemIO.OUTPUT, label = "Ablation-CA class graph")
	private ImagePlus graph_result;

	private ResultsTable conceptsTable, edgesTable;
	private DatasetBatch.Report report;

	@Override
	public void run() {
		try {
			RunSettings s = settings();
			List<String> inputs = inputs(s);
			Classifier classifier = ablationCa.classifier(s.model, s.modelOptions);
			TargetClass.resolve(s.method.target, classifier.labels());
			report = new DatasetBatch(classifier, s, s.out).messages(new FolderBatch.Messages() {
				@Override
				public void error(String line) {
					log.warn("Ablation-CA: " + line);
				}

				@Override
				public void note(String line) {
					log.info("Ablation-CA: " + line);
				}
			}).run(inputs);
			for (DatasetAnalysis.ClassResult c : report.classes())
				log.info("Ablation-CA: " + DatasetAnalysis.describe(c, 3));
			DatasetAnalysis.ClassResult first = report.analysed().isEmpty() ? null : report.analysed().get(0);
			if (first == null) throw new IllegalStateException("no class could be analysed: " + report.classes().stream()
				.map(DatasetAnalysis.ClassResult::problem).toList());
			conceptsTable = ImageJTables.of(DatasetTables.concepts(first));
			edgesTable = ImageJTables.of(DatasetTables.edges(first));
			Path picture = DatasetBatch.classFolder(s.out, first.className()).resolve("graph.png");
			graph_result = show_results ? IJ.openImage(picture.toString()) : null;
			if (graph_result != null) graph_result.setTitle("Ablation-CA graph of " + first.className());
			if (show_results && !java.awt.GraphicsEnvironment.isHeadless()) {
				conceptsTable.show("Concepts");
				edgesTable.show("Edges");
			}
		}
		catch (FeatureLayerException | OutputLock.BusyException e) {
			refuse("Ablation-CA: " + e.getMessage());
		}
		catch (IOException e) {
			refuse("Ablation-CA: cannot read the images or save the results: " + IoMessages.describe(e) + ". Fix: " +
				"choose folders you can read and write, or free disk space.");
		}
		catch (RuntimeException | OutOfMemoryError e) {
			refuse("Ablation-CA: " + ExplainRunner.describe(e));
		}
	}

	/** The parameters as settings of the vocabulary, checked before any model is loaded. */
	private RunSettings settings() {
		RunSettings s = new RunSettings();
		for (Setting setting : Settings.on(Setting.Face.FIJI)) {
			Object value;
			try {
				value = getClass().getDeclaredField(setting.key()).get(this);
			}
			catch (NoSuchFieldException e) {
				continue; // a setting Explain Dataset leaves at its default
			}
			catch (IllegalAccessException e) {
				throw new IllegalStateException(e);
			}
			if (value == null) continue;
			try {
				setting.apply(s, value instanceof File f ? f.getPath() : value.toString());
			}
			catch (IllegalArgumentException e) {
				throw new IllegalArgumentException(setting.key() + " " + e.getMessage(), e);
			}
		}
		if (s.model == null) throw new IllegalArgumentException("No model: choose a TensorFlow SavedModel folder (it " +
			"holds saved_model.pb).");
		if (s.out == null) throw new IllegalArgumentException("No output folder: choose where the results go (out).");
		s.validatePaths();
		s.validate();
		return s;
	}

	/** The folder, or the open stack saved (untouched) as a TIFF into the output folder. */
	private List<String> inputs(RunSettings s) throws IOException {
		List<String> inputs = new ArrayList<>();
		if (folder != null && !folder.getPath().isBlank()) {
			if (!folder.isDirectory()) throw new IllegalArgumentException("folder " + folder + " is not a folder. Fix: " +
				"choose the folder that holds the images, or leave it empty to analyse the open stack.");
			inputs.add(folder.getPath());
			InputFiles.checkOutput(inputs, s.out);
			return inputs;
		}
		if (image == null) throw new IllegalArgumentException("No images: choose a folder of images, or open a stack " +
			"(one image per slice) first.");
		Path dir = s.out.resolve("input");
		Files.createDirectories(dir);
		Path file = dir.resolve(InputFiles.resultName(image.getTitle()) + ".tif");
		ImagePlus copy = image.duplicate();
		copy.setTitle(image.getTitle());
		boolean saved = copy.getStackSize() > 1 ? new FileSaver(copy).saveAsTiffStack(file.toString())
			: new FileSaver(copy).saveAsTiff(file.toString());
		copy.close();
		if (!saved) throw new IOException("cannot write " + file);
		inputs.add(file.toString());
		return inputs;
	}

	private void refuse(String reason) {
		graph_result = null;
		log.error(reason);
		cancel(reason);
		if (IJ.isMacro()) {
			try {
				IJ.error("Ablation-CA", reason);
			}
			catch (RuntimeException e) {
				// headless, the error dialog cannot open
			}
		}
	}

	/** The run's report (null before a run or after a refusal); for tests and scripts. */
	public DatasetBatch.Report report() {
		return report;
	}

	/** The Concepts table of the first analysed class. */
	public ResultsTable concepts() {
		return conceptsTable;
	}

	/** The Edges table of the first analysed class. */
	public ResultsTable edges() {
		return edgesTable;
	}

	/** The graph picture of the first analysed class (null when not shown). */
	public ImagePlus graph() {
		return graph_result;
	}
}
