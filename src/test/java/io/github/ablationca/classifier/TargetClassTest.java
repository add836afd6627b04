package io.github.ablationca.classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The one reading of a target every face uses: blank, index, label, synonym, with clear refusals. */
class TargetClassTest {

	static final List<String> LABELS = List.of("background", "tabby, tabby cat", "tiger cat", "Egyptian cat", "cat");

	@Test
	void blankMeansTopOne() {
		assertEquals(TargetClass.TOP_1, TargetClass.resolve(null, LABELS));
		assertEquals(TargetClass.TOP_1, TargetClass.resolve("  ", LABELS));
		assertEquals(1, TargetClass.orTop1(TargetClass.TOP_1, new float[] {0.2f, 0.7f, 0.1f}));
		assertEquals(2, TargetClass.orTop1(2, new float[] {0.2f, 0.7f, 0.1f}));
	}

	@Test
	void indexLabelAndSynonym() {
		assertEquals(2, TargetClass.resolve("2", LABELS));
		assertEquals(2, TargetClass.resolve(" 2 ", LABELS));
		assertEquals(2, TargetClass.resolve("tiger cat", LABELS));
		assertEquals(3, TargetClass.resolve("egyptian CAT", LABELS), "case does not matter");
		assertEquals(1, TargetClass.resolve("tabby", LABELS), "one of the comma-separated synonyms");
		assertEquals(1, TargetClass.resolve("Tabby Cat", LABELS), "a synonym in any case");
		assertEquals(4, TargetClass.resolve("cat", LABELS), "an exact label wins over synonyms and substrings");
	}

	@Test
	void exactWinsOverCaseInsensitiveAndAmbiguityIsRefusedWithTheCandidates() {
		List<String> labels = List.of("background", "crane", "Crane");
		assertEquals(1, TargetClass.resolve("crane", labels));
		assertEquals(2, TargetClass.resolve("Crane", labels));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> TargetClass.resolve("CRANE", labels));
		assertTrue(e.getMessage().contains("matches several classes: 1 'crane', 2 'Crane'"), e.getMessage());
		assertTrue(e.getMessage().contains("output index"), e.getMessage());
	}

	@Test
	void outOfRangeAndUnknownAreRefusedWithTheFix() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TargetClass.resolve("5", LABELS));
		assertTrue(e.getMessage().contains("0..4"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> TargetClass.resolve("-1", LABELS));
		assertTrue(e.getMessage().contains("0..4"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class,
			() -> TargetClass.resolve("99999999999999999999", LABELS));
		assertTrue(e.getMessage().contains("0..4"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> TargetClass.resolve("tiger", LABELS));
		assertTrue(e.getMessage().contains("similar: 2 'tiger cat'"), e.getMessage());
	}
}
