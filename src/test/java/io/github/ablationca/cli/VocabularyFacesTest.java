package io.github.ablationca.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ablationca.classifier.Classifier;
import io.github.ablationca.classifier.ModelOptions;
import io.github.ablationca.classifier.ValueRange;
import io.github.ablationca.fiji.AblationCaService;
import io.github.ablationca.fiji.ExplainDatasetCommand;
import io.github.ablationca.fiji.ExplainImageCommand;
import io.github.ablationca.image.ResizeMode;
import io.github.ablationca.results.ResultFolder;
import io.github.ablationca.run.Json;
import io.github.ablationca.run.RunSettings;
import io.github.ablationca.run.Setting;
import io.github.ablationca.run.Setting.Face;
import io.github.ablationca.run.Settings;

import ij.ImagePlus;
import ij.process.ColorProcessor;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.log.LogService;
import org.scijava.module.ModuleItem;
import org.scijava.prefs.PrefService;
import org.scijava.service.Service;

/**
 * One vocabulary: every setting of {@link Settings} is walked through every face it is on, with a value that is not
 * its default, and must arrive as the same value: the Fiji parameter of the same (snake_case) name, the command-line
 * option of the same words in kebab-case, the {@code ablation-ca.properties} key, and the {@code summary.json} field.
 * A setting added to the vocabulary without an example here fails the test, so no setting escapes the walk.
 */
class VocabularyFacesTest {

	/** A value per setting that differs from the default; paths are filled in per test. */
	private static Map<String, String> examples(Path dir) throws Exception {
		Path model = Files.createDirectories(dir.resolve("model"));
		Path labels = Files.writeString(dir.resolve("names.txt"), "zero\none\ntwo\n");
		Map<String, String> m = new LinkedHashMap<>();
		m.put("model", model.toString());
		m.put("engine", "onnx");
		m.put("labels", labels.toString());
		m.put("value_range", "0..1");
		m.put("resize", "center-crop");
		m.put("batch_size", "7");
		m.put("model_threads", "3");
		m.put("input_size", "64x48");
		m.put("input_layout", "nhwc");
		m.put("input", "pixels");
		m.put("output", "scores");
		m.put("output_kind", "logits");
		m.put("label_offset", "1");
		m.put("signature", "sig");
		m.put("tags", "serve,gpu");
		m.put("round_to_8bit", "true");
		m.put("target", "1");
		m.put("segments", "5");
		m.put("compactness", "3");
		m.put("samples", "40");
		m.put("seed", "9");
		m.put("fill", "constant");
		m.put("fill_color", "1,2,3");
		m.put("keep_probability", "0.35");
		m.put("sampling", "antithetic");
		m.put("score_scale", "probability");
		m.put("heatmap", "main-effect");
		m.put("heatmap_scales", "0.5");
		m.put("samples_per_scale", "7");
		m.put("fill_per_scale", "mean");
		m.put("keep_per_scale", "0.7");
		m.put("heatmap_smoothing", "0.25");
		m.put("fdr", "0.1");
		m.put("out", dir.resolve("out").toString());
		m.put("pairs_to_draw", "3");
		m.put("feature_layer", "avg_pool:0");
		m.put("concepts", "5");
		m.put("classes_from_folders", "true");
		assertEquals(new TreeSet<>(Settings.all().stream().map(Setting::key).toList()), new TreeSet<>(m.keySet()),
			"every setting has an example");
		for (Setting s : Settings.all())
			assertNotEquals(s.defaultText(), s.type().format(s.type().parse(m.get(s.key()))), s.key() +
				": the example must differ from the default");
		return m;
	}

	/** The example as the vocabulary writes it back. */
	private static String expected(Setting s, Map<String, String> examples) {
		return s.type().format(s.type().parse(examples.get(s.key())));
	}

	@Test
	void namesAreOneAcrossTheFaces() throws Exception {
		for (Setting s : Settings.all()) {
			assertTrue(s.key().matches("[a-z0-9]+(_[a-z0-9]+)*"), s.key());
			assertEquals("--" + s.key().replace('_', '-'), s.option());
		}
		// command line: the options of explain and classify together are the vocabulary's command-line settings
		Set<String> offered = new TreeSet<>(ExplainCommand.options(new ExplainCommand.Arguments()).names());
		offered.addAll(ClassifyCommand.options(new ClassifyCommand.Arguments()).names());
		offered.addAll(DatasetCommand.options(new DatasetCommand.Arguments()).names());
		for (Setting s : Settings.on(Face.COMMAND_LINE))
			assertTrue(offered.contains(s.option()), s.option() + " is offered");
		// Fiji: the parameters of the command are the vocabulary's Fiji settings plus what only Fiji shows
		Context context = new Context(CommandService.class, AblationCaService.class, LogService.class);
		try {
			CommandInfo info = context.getService(CommandService.class).getCommand(ExplainImageCommand.class);
			Set<String> parameters = new TreeSet<>();
			for (ModuleItem<?> item : info.inputs())
				if (!Service.class.isAssignableFrom(item.getType()) && item.getType() != Context.class)
					parameters.add(item.getName());
			Set<String> fiji = new TreeSet<>(Settings.explainOn(Face.FIJI).stream().map(Setting::key).toList());
			assertTrue(parameters.containsAll(fiji), "missing Fiji parameters: " + difference(fiji, parameters));
			assertEquals(Set.of("image", "show_heatmap_window", "show_overlay_window", "show_tables", "first_slice",
				"last_slice"), difference(parameters, fiji), "the parameters only Fiji has");
			// the field defaults are the vocabulary's defaults, the choices the vocabulary's choices
			ExplainImageCommand fresh = new ExplainImageCommand();
			for (Setting s : Settings.explainOn(Face.FIJI))
				checkFijiParameter(s, info, fresh);
			// Explain Dataset: every dataset setting, and the settings it shares, named, described and defaulted alike
			CommandInfo dataset = context.getService(CommandService.class).getCommand(ExplainDatasetCommand.class);
			ExplainDatasetCommand datasetFresh = new ExplainDatasetCommand();
			int shared = 0;
			for (Setting s : Settings.on(Face.FIJI)) {
				if (dataset.getInput(s.key()) == null) {
					assertTrue(s.group() != Setting.Group.DATASET, "Explain Dataset has " + s.key());
					continue;
				}
				checkFijiParameter(s, dataset, datasetFresh);
				shared++;
			}
			assertTrue(shared >= 10, "Explain Dataset shares the vocabulary: " + shared);
		}
		finally {
			context.dispose();
		}
	}

	/** A Fiji parameter has its setting's default, choices and help. */
	private static void checkFijiParameter(Setting s, CommandInfo info, Object fresh) throws Exception {
		java.lang.reflect.Field field = fresh.getClass().getDeclaredField(s.key());
		field.setAccessible(true);
		Object value = field.get(fresh);
		String text = value == null ? "" : value instanceof File f ? f.getPath() : value.toString();
		assertEquals(s.defaultText(), value == null ? "" : s.type().format(s.type().parse(text)),
			"default of Fiji's " + s.key() + " in " + fresh.getClass().getSimpleName());
		List<?> choices = info.getInput(s.key()).getChoices();
		assertEquals(s.type().choices(), choices == null ? List.of() : choices, "choices of Fiji's " + s.key());
		assertEquals(s.help(), info.getInput(s.key()).getDescription(), "Fiji's description of " + s.key());
	}

	private static Set<String> difference(Set<String> a, Set<String> b) {
		Set<String> d = new TreeSet<>(a);
		d.removeAll(b);
		return d;
	}

	@Test
	void everySettingReachesItsValueThroughTheCommandLine(@TempDir Path dir) throws Exception {
		Map<String, String> examples = examples(dir);
		List<String> explain = new ArrayList<>(), classify = new ArrayList<>(), dataset = new ArrayList<>();
		for (Setting s : Settings.on(Face.COMMAND_LINE)) {
			List<String> args = s.key().equals("round_to_8bit") ? classify : s.group() == Setting.Group.DATASET ?
				dataset : explain;
			args.add(s.option());
			args.add(examples.get(s.key()));
		}
		RunSettings viaExplain = ExplainCommand.parse(explain.toArray(new String[0])).settings;
		RunSettings viaClassify = ClassifyCommand.parse(classify.toArray(new String[0])).settings;
		RunSettings viaDataset = DatasetCommand.parse(dataset.toArray(new String[0])).settings;
		for (Setting s : Settings.on(Face.COMMAND_LINE)) {
			RunSettings got = s.key().equals("round_to_8bit") ? viaClassify : s.group() == Setting.Group.DATASET ?
				viaDataset : viaExplain;
			assertEquals(expected(s, examples), s.text(got), s.option());
		}
	}

	@Test
	void everyPropertiesKeyReachesItsValue(@TempDir Path dir) throws Exception {
		Map<String, String> examples = examples(dir);
		StringBuilder file = new StringBuilder();
		for (Setting s : Settings.on(Face.PROPERTIES))
			file.append(s.key()).append(" = ").append(examples.get(s.key()).replace("\\", "\\\\")).append('\n');
		Path model = dir.resolve("model");
		Files.writeString(model.resolve(ModelOptions.PROPERTIES_FILE), file);
		RunSettings got = new RunSettings(Settings.readProperties(model), new RunSettings().method);
		for (Setting s : Settings.on(Face.PROPERTIES))
			assertEquals(expected(s, examples), s.text(got), s.key() + " in " + ModelOptions.PROPERTIES_FILE);
	}

	/**
	 * A classifier that reports the model settings it was loaded with (as a real model does once it has read them)
	 * and answers by the mean red of the image, so the run has something to explain.
	 */
	private static final class ReportingModel implements Classifier {
		final ModelOptions options;

		ReportingModel(ModelOptions options) {
			this.options = options;
		}

		@Override
		public int inputWidth() {
			return 8;
		}

		@Override
		public int inputHeight() {
			return 8;
		}

		@Override
		public List<String> labels() {
			return List.of("zero", "one", "two");
		}

		@Override
		public float[][] predict(float[] images, int count) {
			float[][] out = new float[count][];
			for (int n = 0; n < count; n++) {
				double red = 0;
				for (int i = 0; i < imageSize(); i += 3)
					red += images[n * imageSize() + i];
				float p = (float) (0.2 + 0.6 * red / (255.0 * 64));
				out[n] = new float[] {(1 - p) / 2, p, (1 - p) / 2};
			}
			return out;
		}

		@Override
		public int batchSize() {
			return options.batchSize;
		}

		@Override
		public ResizeMode resizeMode() {
			return options.resize;
		}

		@Override
		public ValueRange valueRange() {
			return options.valueRange;
		}
	}

	@Test
	void everySettingReachesItsValueThroughFijiAndIsRecordedInTheSummary(@TempDir Path dir) throws Exception {
		Map<String, String> examples = examples(dir);
		Context context = new Context(CommandService.class, AblationCaService.class, LogService.class);
		AtomicReference<Path> loadedModel = new AtomicReference<>();
		AtomicReference<ModelOptions> loadedOptions = new AtomicReference<>();
		try {
			context.getService(PrefService.class).clear(ExplainImageCommand.class);
			context.getService(AblationCaService.class).setClassifierLoader((model, options) -> {
				loadedModel.set(model);
				loadedOptions.set(options);
				return new ReportingModel(options);
			});
			ColorProcessor cp = new ColorProcessor(24, 16);
			for (int p = 0; p < 24 * 16; p++)
				cp.set(p, (p * 37 % 256) << 16 | (p * 11 % 256) << 8 | p % 256);
			Map<String, Object> inputs = new HashMap<>();
			inputs.put("image", new ImagePlus("pattern.png", cp));
			for (Setting s : Settings.explainOn(Face.FIJI)) {
				String v = examples.get(s.key());
				ModuleItem<?> item = context.getService(CommandService.class).getCommand(ExplainImageCommand.class)
					.getInput(s.key());
				Class<?> type = item.getType();
				inputs.put(s.key(), type == File.class ? new File(v) : type == int.class ? Integer.valueOf(v) : type ==
					long.class ? Long.valueOf(v) : type == double.class ? Double.valueOf(v) : v);
			}
			ExplainImageCommand cmd = (ExplainImageCommand) context.getService(CommandService.class)
				.run(ExplainImageCommand.class, true, inputs).get().getCommand();
			assertFalse(cmd.isCanceled(), cmd.getCancelReason());
			// the model was loaded with the model settings, the run used the others
			RunSettings loaded = new RunSettings(loadedOptions.get(), cmd.getSettings().method);
			loaded.model = loadedModel.get();
			loaded.out = cmd.getSettings().out;
			loaded.pairsToDraw = cmd.getSettings().pairsToDraw;
			for (Setting s : Settings.explainOn(Face.FIJI)) {
				String got = s.key().equals("model") ? loaded.model.toString() : s.text(loaded);
				String want = s.key().equals("model") ? Path.of(examples.get("model")).toAbsolutePath().normalize()
					.toString() : expected(s, examples);
				assertEquals(want, got, "Fiji's " + s.key());
			}
			// summary.json records every summary setting under its key, with the value given
			Path summary = Path.of(examples.get("out")).resolve("pattern").resolve(ResultFolder.SUMMARY);
			Map<String, Object> json = Json.parseObject(Files.readString(summary));
			for (Setting s : Settings.on(Face.SUMMARY)) {
				assertTrue(json.containsKey(s.key()), "summary.json has " + s.key());
				Object v = json.get(s.key());
				String text = v instanceof Double d ? io.github.ablationca.run.Table.format(d) : String.valueOf(v);
				assertEquals(expected(s, examples), text, "summary.json's " + s.key());
			}
		}
		finally {
			// Fiji remembers a dialog's last values: later runs must not start from these examples
			context.getService(PrefService.class).clear(ExplainImageCommand.class);
			context.dispose();
		}
	}
}
