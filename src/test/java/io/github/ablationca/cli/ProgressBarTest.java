package io.github.ablationca.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The bar is redrawn with \r only in bar mode; plain lines otherwise; errors always. */
class ProgressBarTest {

	private static String run(ProgressBar.Mode mode) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
		ProgressBar p = new ProgressBar(err, mode, 2);
		p.start("a");
		p.progress(0.5, "Monte Carlo ablations 32/64");
		p.info(p.counter() + " a: done");
		p.finish(1.0);
		p.start("b");
		p.info(p.counter() + " b: next");
		p.error("Error: b: broken");
		p.finish(-1);
		p.close();
		return bytes.toString(StandardCharsets.UTF_8);
	}

	@Test
	void linesModeWritesPlainLines() {
		String s = run(ProgressBar.Mode.LINES);
		assertFalse(s.contains("\r"), s);
		assertEquals("[1/2] a: done\n[2/2, 0 s left] b: next\nError: b: broken\n", s.replace(System.lineSeparator(), "\n"));
	}

	@Test
	void barModeRedrawsInPlaceWithDoneTotalAndTimeLeft() {
		String s = run(ProgressBar.Mode.BAR);
		assertTrue(s.contains("\r["), s);
		assertTrue(s.contains("1/2 images, 1 s left"), "one image of 1 s to go: " + s);
		assertTrue(s.contains("Error: b: broken"), s);
		assertTrue(s.endsWith("\r"), "the bar is cleared at the end");
	}

	@Test
	void offModeShowsOnlyErrors() {
		assertEquals("Error: b: broken", run(ProgressBar.Mode.OFF).strip());
	}

	@Test
	void durationsReadNaturally() {
		assertEquals("42 s", ProgressBar.duration(42));
		assertEquals("2 min 5 s", ProgressBar.duration(125));
		assertEquals("1 h 1 min", ProgressBar.duration(3660));
	}

	@Test
	void anInjectedStreamIsNeverTreatedAsATerminal() {
		assertEquals(ProgressBar.Mode.LINES, ProgressBar.autoMode(new PrintStream(new ByteArrayOutputStream())));
	}
}
