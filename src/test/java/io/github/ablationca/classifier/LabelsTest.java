package io.github.ablationca.classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelsTest {

	@Test
	void readsUtf8WithBomWindowsLineEndsAndTrailingBlankLines(@TempDir Path tmp) throws Exception {
		Path f = tmp.resolve("labels.txt");
		Files.write(f, "\uFEFFcat\r\n  dog \r\nbird\r\n\r\n\n".getBytes(StandardCharsets.UTF_8));
		assertEquals(List.of("cat", "dog", "bird"), Labels.read(f));
	}

	@Test
	void numberedLinesLoseTheirNumbersOnlyWhenAllAreConsecutive() {
		assertEquals(List.of("background", "tench"), Labels.parse(List.of("0  background", "1 tench")));
		assertEquals(List.of("cat", "dog"), Labels.parse(List.of("1: cat", "2: dog")));
		assertEquals(List.of("3 cats", "dog"), Labels.parse(List.of("3 cats", "dog")));
		assertEquals(List.of("0 a", "2 b"), Labels.parse(List.of("0 a", "2 b")));
	}

	@Test
	void offsetsFitTheFileToTheOutputs() {
		List<String> three = List.of("a", "b", "c");
		assertEquals(three, Labels.fit(three, 3, null, "f"));
		assertEquals(List.of("background", "a", "b", "c"), Labels.fit(three, 4, null, "f"));
		assertEquals(List.of("a", "b"), Labels.fit(List.of("background", "a", "b"), 2, null, "f"));
		assertEquals(List.of("class 0", "class 1", "a", "b", "c"), Labels.fit(three, 5, 2, "f"));
		assertEquals(List.of("b", "c"), Labels.fit(three, 2, -1, "f"));
	}

	@Test
	void countsThatDoNotFitAreRefusedNamingBoth(@TempDir Path tmp) throws Exception {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> Labels.fit(List.of("a", "b", "c"), 10, null, "my.txt"));
		assertTrue(e.getMessage().contains("my.txt has 3 lines but the model has 10 outputs"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> Labels.fit(List.of("a", "b", "c"), 4, 0, "my.txt"));
		assertTrue(e.getMessage().contains("label offset 1"), e.getMessage());
		Path empty = tmp.resolve("empty.txt");
		Files.writeString(empty, "\n\n");
		e = assertThrows(IllegalArgumentException.class, () -> Labels.read(empty));
		assertTrue(e.getMessage().contains("empty"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> Labels.read(tmp.resolve("missing.txt")));
		assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
	}
}
