package io.github.ablationca.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The "class to explain" field: blank, index, label, synonym, with clear refusals. */
class TargetClassTest {

	static final List<String> LABELS = List.of("background", "tabby, tabby cat", "tiger cat", "Egyptian cat", "cat");

	@Test
	void blankMeansTopOne() {
		assertNull(TargetClass.resolve(null, LABELS));
		assertNull(TargetClass.resolve("  ", LABELS));
	}

	@Test
	void indexLabelAndSynonym() {
		assertEquals("2", TargetClass.resolve("2", LABELS));
		assertEquals("2", TargetClass.resolve("tiger cat", LABELS));
		assertEquals("3", TargetClass.resolve("egyptian CAT", LABELS), "case does not matter");
		assertEquals("1", TargetClass.resolve("tabby", LABELS), "one of the comma-separated synonyms");
		assertEquals("4", TargetClass.resolve("cat", LABELS), "an exact label wins over substrings");
	}

	@Test
	void outOfRangeAndUnknownAreRefusedWithTheFix() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TargetClass.resolve("5", LABELS));
		assertTrue(e.getMessage().contains("0..4"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> TargetClass.resolve("-1", LABELS));
		assertTrue(e.getMessage().contains("0..4"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> TargetClass.resolve("tiger", LABELS));
		assertTrue(e.getMessage().contains("similar: 2 'tiger cat'"), e.getMessage());
	}
}
