package io.github.ablationca.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-package score of a hand-written {@code mutations.xml} in PIT's format, counted by hand. */
class MutationScoreTest {

	private static String mutant(String cls, String status, boolean detected, int line) {
		return "<mutation detected='" + detected + "' status='" + status + "' numberOfTestsRun='1'><sourceFile>X.java" +
			"</sourceFile><mutatedClass>" + cls + "</mutatedClass><mutatedMethod>&lt;init&gt;</mutatedMethod>" +
			"<methodDescription>()V</methodDescription><lineNumber>" + line + "</lineNumber><mutator>org.pitest." +
			"mutationtest.engine.gregor.mutators.MathMutator</mutator><indexes><index>1</index></indexes>" +
			"<blocks><block>1</block></blocks><killingTest/><description>Replaced double addition with subtraction</description>" +
			"</mutation>\n";
	}

	@Test
	void scoresPerPackageCountDetectedOverAll(@TempDir Path dir) throws IOException {
		Path xml = dir.resolve("mutations.xml");
		Files.writeString(xml, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<mutations partial=\"false\">\n" +
			mutant("a.b.One", "KILLED", true, 3) + mutant("a.b.One", "SURVIVED", false, 4) +
			mutant("a.b.Two", "TIMED_OUT", true, 5) + mutant("a.b.Two", "NO_COVERAGE", false, 9) +
			mutant("a.c.Three", "KILLED", true, 1) + mutant("a.c.Three$Inner", "MEMORY_ERROR", true, 2) +
			"</mutations>\n");
		List<MutationScore.Mutant> mutants = MutationScore.read(xml);
		assertEquals(6, mutants.size());
		assertEquals("MathMutator", mutants.get(0).mutator());
		assertEquals(4, mutants.get(1).line());
		Map<String, MutationScore.Score> scores = MutationScore.scores(mutants);
		assertEquals(new MutationScore.Score(2, 4), scores.get("a.b"));
		assertEquals(new MutationScore.Score(2, 2), scores.get("a.c"));
		assertEquals(new MutationScore.Score(4, 6), scores.get("all"));
		assertEquals(50.0, scores.get("a.b").percent(), 1e-12);

		ByteArrayOutputStream out = new ByteArrayOutputStream();
		MutationScore.print(mutants, true, new PrintStream(out, true, StandardCharsets.UTF_8));
		String text = out.toString(StandardCharsets.UTF_8);
		assertTrue(text.contains("a.b                                             2      4   50.0%"), text);
		assertTrue(text.contains("SURVIVED a.b.One:4 <init> MathMutator: Replaced double addition with subtraction"),
			text);
		assertTrue(text.contains("NO_COVERAGE a.b.Two:9"), text);
		assertEquals(2, text.lines().filter(l -> l.startsWith("SURVIVED") || l.startsWith("NO_COVERAGE")).count(),
			"only the undetected are listed");
	}

	@Test
	void somethingElseIsRefusedWithTheFileName(@TempDir Path dir) throws IOException {
		Path bad = Files.writeString(dir.resolve("mutations.xml"), "not xml");
		IOException e = assertThrows(IOException.class, () -> MutationScore.read(bad));
		assertTrue(e.getMessage().contains(bad.toString()), e.getMessage());
	}

	@Test
	void aLaterRunOfAClassReplacesItsEarlierMutants() {
		MutationScore.Mutant killed = new MutationScore.Mutant("a.B", "m", 1, "MathMutator", "d", "KILLED", true);
		MutationScore.Mutant lived = new MutationScore.Mutant("a.B", "m", 1, "MathMutator", "d", "SURVIVED", false);
		MutationScore.Mutant inner = new MutationScore.Mutant("a.B$C", "m", 2, "MathMutator", "d", "SURVIVED",
			false);
		MutationScore.Mutant other = new MutationScore.Mutant("a.D", "m", 3, "MathMutator", "d", "SURVIVED", false);
		List<MutationScore.Mutant> merged = MutationScore.merge(List.of(List.of(lived, inner, other), List.of(
			killed)));
		assertEquals(List.of(killed, other), merged, "a.B and its nested a.B$C from the second run, a.D kept");
		assertEquals(new MutationScore.Score(1, 2), MutationScore.scores(merged).get("all"));
	}
}
