package io.github.ablationca.results;

import io.github.ablationca.CsvRows;
import io.github.ablationca.engine.FillMode;
import io.github.ablationca.run.RunSettings;
import io.github.ablationca.run.Setting;
import io.github.ablationca.run.Settings;
import io.github.ablationca.run.SliceResult;
import io.github.ablationca.run.Summary;
import io.github.ablationca.run.Table;
import io.github.ablationca.run.Json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import ij.IJ;
import ij.ImagePlus;
import io.github.ablationca.Version;
import io.github.ablationca.engine.Explanation;
import io.github.ablationca.imagej.OverlayRenderer;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-image result files of a hand-made explanation whose every value is known. */
class ResultFolderTest {

	private static final Summary.Source SOURCE = new Summary.Source("in/cat, 1.png", 0, 1);

	private static List<List<String>> csv(Path file) throws Exception {
		return CsvRows.read(file);
	}

	private static SliceResult result(Explanation e) {
		return new SliceResult(1, "", e, null);
	}

	private static RunSettings settings() {
		RunSettings s = new RunSettings();
		s.model = Path.of("models/m");
		return s;
	}

	@Test
	void writesEveryFileWithTheDocumentedColumnsAndValues(@TempDir Path tmp) throws Exception {
		Explanation e = SyntheticResults.explanation();
		Path dir = tmp.resolve("cat");
		ResultFolder.write(dir, SOURCE, SyntheticResults.image(), result(e), settings());
		assertTrue(ResultFolder.isComplete(dir));

		List<List<String>> objects = csv(dir.resolve(ResultFolder.OBJECTS));
		assertEquals(List.of("id", "area", "centroid_x", "centroid_y", "contribution", "main_effect", "rank"),
			objects.get(0));
		assertEquals(List.of("1", "4", "0.5", "0.5", "0.5", "0.4", "1"), objects.get(1));
		assertEquals(List.of("2", "2", "2", "0.5", "-0.25", "-0.2", "3"), objects.get(2));
		assertEquals(List.of("3", "2", "3", "0.5", "0.125", "0.1", "2"), objects.get(3));
		assertEquals(4, objects.size());

		List<List<String>> pairs = csv(dir.resolve(ResultFolder.PAIRS));
		assertEquals(List.of("object_a", "object_b", "correlation", "interaction", "interaction_low",
			"interaction_high", "p_value", "q_value", "significant", "score", "rank"), pairs.get(0));
		assertEquals(List.of("1", "3", "0.75", "0.3", "0.125", "0.475", "0.001", "0.002", "1", "0.9", "1"),
			pairs.get(1));
		assertEquals(List.of("1", "2", "-0.125", "-0.05", "-0.25", "0.15", "0.5", "0.6", "0", "0.1", "2"),
			pairs.get(2));

		List<List<String>> groups = csv(dir.resolve(ResultFolder.GROUPS));
		assertEquals(List.of("group", "members", "size", "score", "mean_correlation", "rank"), groups.get(0));
		assertEquals(List.of("1", "1 3", "2", "0.9", "0.75", "1"), groups.get(1));
		assertEquals(2, groups.size());

		// the 32-bit heatmap reads back with ImageJ, pixel for pixel
		ImagePlus heat = IJ.openImage(dir.resolve(ResultFolder.HEATMAP).toString());
		assertEquals(ImagePlus.GRAY32, heat.getType());
		assertEquals(4, heat.getWidth());
		assertEquals(2, heat.getHeight());
		assertArrayEquals(e.heatmap(), (float[]) heat.getProcessor().getPixels());
		// the objects as ids (index + 1)
		ImagePlus ids = IJ.openImage(dir.resolve(ResultFolder.LABELS).toString());
		assertEquals(ImagePlus.GRAY16, ids.getType());
		assertArrayEquals(new short[] {1, 1, 2, 3, 1, 1, 2, 3}, (short[]) ids.getProcessor().getPixels());

		// the overlay: the picture Fiji's renderer flattens, pixel for pixel
		BufferedImage overlay = ImageIO.read(dir.resolve(ResultFolder.OVERLAY).toFile());
		BufferedImage expected = OverlayRenderer.flatten(SyntheticResults.image(), e, new OverlayRenderer.Style());
		assertEquals(expected.getWidth(), overlay.getWidth());
		assertEquals(expected.getHeight(), overlay.getHeight());
		assertArrayEquals(expected.getRGB(0, 0, expected.getWidth(), expected.getHeight(), null, 0, expected.getWidth()),
			overlay.getRGB(0, 0, overlay.getWidth(), overlay.getHeight(), null, 0, overlay.getWidth()));

		try (Stream<Path> files = Files.list(dir)) {
			List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
			assertEquals(ResultFolder.files().stream().sorted().toList(), names, "these files and no temporary one");
		}
	}

	@Test
	void summaryJsonHasTheDocumentedKeysAndEscapesLabels(@TempDir Path tmp) throws Exception {
		Explanation e = SyntheticResults.explanation();
		RunSettings settings = settings();
		settings.method.fill = FillMode.BLUR;
		ResultFolder.write(tmp, SOURCE, SyntheticResults.image(), result(e), settings);
		// parsed by Gson, independently of the writer's own JSON code
		JsonObject s = JsonParser.parseString(Files.readString(tmp.resolve(ResultFolder.SUMMARY))).getAsJsonObject();
		for (String key : List.of("image", "target_index", "target_label", "target_probability", "top5", "objects",
			"model_calls", "seconds", "version"))
			assertTrue(s.has(key), "summary.json has " + key);
		for (Setting setting : Settings.on(Setting.Face.SUMMARY))
			assertTrue(s.has(setting.key()), "summary.json records setting " + setting.key());
		assertEquals("in/cat, 1.png", s.get("image").getAsString());
		assertEquals(3, s.get("target_index").getAsInt());
		assertEquals(SyntheticResults.TARGET_LABEL, s.get("target_label").getAsString());
		assertEquals(0.625, s.get("target_probability").getAsDouble());
		assertEquals(5, s.get("top5").getAsJsonArray().size(), "five of the six predictions");
		JsonObject first = s.get("top5").getAsJsonArray().get(0).getAsJsonObject();
		assertEquals(3, first.get("index").getAsInt());
		assertEquals(SyntheticResults.TARGET_LABEL, first.get("label").getAsString());
		assertEquals(0.625, first.get("probability").getAsDouble());
		assertEquals(40, s.get("segments").getAsInt(), "the setting: segments asked for");
		assertEquals(3, s.get("objects").getAsInt(), "the objects made");
		assertEquals(500, s.get("samples").getAsInt());
		assertEquals(1, s.get("seed").getAsLong());
		assertEquals("models/m", s.get("model").getAsString());
		assertEquals(68, s.get("model_calls").getAsLong());
		assertEquals(2.0, s.get("seconds").getAsDouble());
		assertEquals(Version.get(), s.get("version").getAsString());
		assertTrue(s.get("slice").isJsonNull(), "not a stack");
		JsonObject top = s.get("top_pair").getAsJsonObject();
		assertEquals(1, top.get("object_a").getAsInt());
		assertEquals(3, top.get("object_b").getAsInt());
		assertEquals(0.75, top.get("correlation").getAsDouble());
		assertEquals("blur", s.get("fill").getAsString());
		assertEquals("0,0,0", s.get("fill_color").getAsString());
		assertTrue(s.get("value_range").isJsonNull(), "left to the model (no model loaded here)");
		// and our own reader gives the same, so summary.csv can be rebuilt from it
		assertEquals(SyntheticResults.TARGET_LABEL,
			Json.parseObject(Files.readString(tmp.resolve(ResultFolder.SUMMARY))).get("target_label"));
	}

	@Test
	void aFolderWithoutItsSummaryIsIncompleteAndRewritingRemovesStrayTemporaryFiles(@TempDir Path tmp)
		throws Exception
	{
		Explanation e = SyntheticResults.explanation();
		ResultFolder.write(tmp, SOURCE, SyntheticResults.image(), result(e), settings());
		Files.delete(tmp.resolve(ResultFolder.SUMMARY));
		assertFalse(ResultFolder.isComplete(tmp));
		Path stray = Files.writeString(tmp.resolve(".objects.csv.123.tmp"), "half");
		ResultFolder.write(tmp, SOURCE, SyntheticResults.image(), result(e), settings());
		assertTrue(ResultFolder.isComplete(tmp));
		assertFalse(Files.exists(stray));
	}

	@Test
	void aStackSliceHasTheSliceColumnFirst(@TempDir Path tmp) throws Exception {
		Explanation e = SyntheticResults.explanation();
		ResultFolder.write(tmp, new Summary.Source("cells.tif", 2, 3), SyntheticResults.image(),
			new SliceResult(2, "slice 2", e, null), settings());
		for (String table : List.of(ResultFolder.OBJECTS, ResultFolder.PAIRS, ResultFolder.GROUPS)) {
			List<List<String>> rows = csv(tmp.resolve(table));
			assertEquals("slice", rows.get(0).get(0), table);
			for (List<String> row : rows.subList(1, rows.size()))
				assertEquals("2", row.get(0), table);
		}
		assertEquals(2.0, Json.parseObject(Files.readString(tmp.resolve(ResultFolder.SUMMARY))).get("slice"));
	}

	@Test
	void summaryRowsCarryTheSummaryValues(@TempDir Path tmp) throws Exception {
		Explanation e = SyntheticResults.explanation();
		ResultFolder.write(tmp, SOURCE, SyntheticResults.image(), result(e), settings());
		List<Object> row = FolderBatch.summaryRow("cat", Json.parseObject(Files.readString(tmp.resolve(
			ResultFolder.SUMMARY))));
		Table t = new Table(FolderBatch.SUMMARY_COLUMNS).add(row);
		List<String> back = Table.parseCsv(t.toCsv()).rows().get(0).stream().map(Object::toString).toList();
		assertEquals(FolderBatch.SUMMARY_COLUMNS.size(), back.size());
		assertEquals("cat", back.get(FolderBatch.SUMMARY_COLUMNS.indexOf("name")));
		assertEquals("in/cat, 1.png", back.get(FolderBatch.SUMMARY_COLUMNS.indexOf("image")));
		assertEquals(SyntheticResults.TARGET_LABEL, back.get(FolderBatch.SUMMARY_COLUMNS.indexOf("target_label")));
		assertEquals("3", back.get(FolderBatch.SUMMARY_COLUMNS.indexOf("target_index")));
		assertEquals("1", back.get(FolderBatch.SUMMARY_COLUMNS.indexOf("top_pair_a")));
		assertEquals("3", back.get(FolderBatch.SUMMARY_COLUMNS.indexOf("top_pair_b")));
		assertEquals("0.75", back.get(FolderBatch.SUMMARY_COLUMNS.indexOf("top_pair_correlation")));
		assertEquals("", back.get(FolderBatch.SUMMARY_COLUMNS.indexOf("slice")));
	}
}
