package io.github.ablationca.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import ij.IJ;
import ij.ImagePlus;
import io.github.ablationca.Version;
import io.github.ablationca.engine.ExplainSettings;
import io.github.ablationca.engine.Explanation;
import io.github.ablationca.fiji.OverlayRenderer;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-image result files of a hand-made explanation whose every value is known. */
class ResultWriterTest {

	private static final ResultWriter.Source SOURCE = new ResultWriter.Source("in/cat, 1.png", 0, 1, "models/m");

	private static List<List<String>> csv(Path file) throws Exception {
		return Csv.parse(Files.readString(file));
	}

	@Test
	void writesEveryFileWithTheDocumentedColumnsAndValues(@TempDir Path tmp) throws Exception {
		Explanation e = SyntheticResults.explanation();
		Path dir = tmp.resolve("cat");
		ResultWriter.write(dir, SOURCE, SyntheticResults.image(), e, new ExplainSettings());
		assertTrue(ResultWriter.isComplete(dir));

		List<List<String>> objects = csv(dir.resolve(ResultWriter.OBJECTS));
		assertEquals(List.of("id", "area", "centroid_x", "centroid_y", "contribution", "rank"), objects.get(0));
		assertEquals(List.of("1", "4", "0.5", "0.5", "0.5", "1"), objects.get(1));
		assertEquals(List.of("2", "2", "2", "0.5", "-0.25", "3"), objects.get(2));
		assertEquals(List.of("3", "2", "3", "0.5", "0.125", "2"), objects.get(3));
		assertEquals(4, objects.size());

		List<List<String>> pairs = csv(dir.resolve(ResultWriter.PAIRS));
		assertEquals(List.of("object_a", "object_b", "correlation", "confidence", "score", "rank"), pairs.get(0));
		assertEquals(List.of("1", "3", "0.75", "0.998", "0.9", "1"), pairs.get(1));
		assertEquals(List.of("1", "2", "-0.125", "0.4", "0.1", "2"), pairs.get(2));

		List<List<String>> groups = csv(dir.resolve(ResultWriter.GROUPS));
		assertEquals(List.of("group", "members", "score", "rank"), groups.get(0));
		assertEquals(List.of("1", "1 3", "0.9", "1"), groups.get(1));
		assertEquals(2, groups.size());

		// the 32-bit heatmap reads back with ImageJ, pixel for pixel
		ImagePlus heat = IJ.openImage(dir.resolve(ResultWriter.HEATMAP).toString());
		assertEquals(ImagePlus.GRAY32, heat.getType());
		assertEquals(4, heat.getWidth());
		assertEquals(2, heat.getHeight());
		assertArrayEquals(e.heatmap(), (float[]) heat.getProcessor().getPixels());
		// the objects as ids (index + 1)
		ImagePlus ids = IJ.openImage(dir.resolve(ResultWriter.LABELS).toString());
		assertEquals(ImagePlus.GRAY16, ids.getType());
		assertArrayEquals(new short[] {1, 1, 2, 3, 1, 1, 2, 3}, (short[]) ids.getProcessor().getPixels());

		// the overlay: the picture Fiji's renderer flattens, magnified as it magnifies small images
		BufferedImage overlay = ImageIO.read(dir.resolve(ResultWriter.OVERLAY).toFile());
		int scale = OverlayRenderer.autoScale(4, 2);
		assertEquals(4 * scale, overlay.getWidth());
		assertEquals(2 * scale, overlay.getHeight());

		try (Stream<Path> files = Files.list(dir)) {
			List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
			assertEquals(ResultWriter.files().stream().sorted().toList(), names, "these files and no temporary one");
		}
	}

	@Test
	void summaryJsonHasTheDocumentedKeysAndEscapesLabels(@TempDir Path tmp) throws Exception {
		Explanation e = SyntheticResults.explanation();
		ExplainSettings settings = new ExplainSettings();
		ResultWriter.write(tmp, SOURCE, SyntheticResults.image(), e, settings);
		// parsed by Gson, independently of the writer's own JSON code
		JsonObject s = JsonParser.parseString(Files.readString(tmp.resolve(ResultWriter.SUMMARY))).getAsJsonObject();
		for (String key : List.of("image", "target_index", "target_label", "target_probability", "top5",
			"segments_requested", "segments", "samples", "seed", "model_calls", "seconds", "version"))
			assertTrue(s.has(key), "summary.json has " + key);
		assertEquals("in/cat, 1.png", s.get("image").getAsString());
		assertEquals(3, s.get("target_index").getAsInt());
		assertEquals(SyntheticResults.TARGET_LABEL, s.get("target_label").getAsString());
		assertEquals(0.625, s.get("target_probability").getAsDouble());
		assertEquals(5, s.get("top5").getAsJsonArray().size(), "five of the six predictions");
		JsonObject first = s.get("top5").getAsJsonArray().get(0).getAsJsonObject();
		assertEquals(3, first.get("index").getAsInt());
		assertEquals(SyntheticResults.TARGET_LABEL, first.get("label").getAsString());
		assertEquals(0.625, first.get("probability").getAsDouble());
		assertEquals(4, s.get("segments_requested").getAsInt());
		assertEquals(3, s.get("segments").getAsInt());
		assertEquals(64, s.get("samples").getAsInt());
		assertEquals(7, s.get("seed").getAsLong());
		assertEquals(68, s.get("model_calls").getAsLong());
		assertEquals(2.0, s.get("seconds").getAsDouble());
		assertEquals(Version.get(), s.get("version").getAsString());
		assertTrue(s.get("slice").isJsonNull(), "not a stack");
		JsonObject top = s.get("top_pair").getAsJsonObject();
		assertEquals(1, top.get("object_a").getAsInt());
		assertEquals(3, top.get("object_b").getAsInt());
		assertEquals(0.75, top.get("correlation").getAsDouble());
		assertEquals("mean", s.get("fill").getAsString());
		// and our own reader gives the same, so summary.csv can be rebuilt from it
		assertEquals(SyntheticResults.TARGET_LABEL,
			Json.parseObject(Files.readString(tmp.resolve(ResultWriter.SUMMARY))).get("target_label"));
	}

	@Test
	void aFolderWithoutItsSummaryIsIncompleteAndRewritingRemovesStrayTemporaryFiles(@TempDir Path tmp)
		throws Exception
	{
		Explanation e = SyntheticResults.explanation();
		ResultWriter.write(tmp, SOURCE, SyntheticResults.image(), e, null);
		Files.delete(tmp.resolve(ResultWriter.SUMMARY));
		assertFalse(ResultWriter.isComplete(tmp));
		Path stray = Files.writeString(tmp.resolve(".objects.csv.123.tmp"), "half");
		ResultWriter.write(tmp, SOURCE, SyntheticResults.image(), e, null);
		assertTrue(ResultWriter.isComplete(tmp));
		assertFalse(Files.exists(stray));
		assertNull(Json.parseObject(Files.readString(tmp.resolve(ResultWriter.SUMMARY))).get("fill"),
			"no settings given: none recorded");
	}

	@Test
	void summaryRowsCarryTheSummaryValues(@TempDir Path tmp) throws Exception {
		Explanation e = SyntheticResults.explanation();
		ResultWriter.write(tmp, SOURCE, SyntheticResults.image(), e, null);
		List<Object> row = BatchExplainer.summaryRow("cat", Json.parseObject(Files.readString(tmp.resolve(
			ResultWriter.SUMMARY))));
		String line = Csv.line(row);
		List<String> back = Csv.parse(line).get(0);
		assertEquals(BatchExplainer.SUMMARY_COLUMNS.size(), back.size());
		assertEquals("cat", back.get(BatchExplainer.SUMMARY_COLUMNS.indexOf("name")));
		assertEquals("in/cat, 1.png", back.get(BatchExplainer.SUMMARY_COLUMNS.indexOf("image")));
		assertEquals(SyntheticResults.TARGET_LABEL, back.get(BatchExplainer.SUMMARY_COLUMNS.indexOf("target_label")));
		assertEquals("3", back.get(BatchExplainer.SUMMARY_COLUMNS.indexOf("target_index")));
		assertEquals("1", back.get(BatchExplainer.SUMMARY_COLUMNS.indexOf("top_pair_a")));
		assertEquals("3", back.get(BatchExplainer.SUMMARY_COLUMNS.indexOf("top_pair_b")));
		assertEquals("0.75", back.get(BatchExplainer.SUMMARY_COLUMNS.indexOf("top_pair_correlation")));
		assertEquals("", back.get(BatchExplainer.SUMMARY_COLUMNS.indexOf("slice")));
	}
}
