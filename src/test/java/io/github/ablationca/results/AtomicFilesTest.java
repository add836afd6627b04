package io.github.ablationca.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A write that dies half-way leaves the old file as it was and no temporary file. */
class AtomicFilesTest {

	private static List<Path> files(Path dir) throws IOException {
		try (Stream<Path> s = Files.list(dir)) {
			return s.sorted().toList();
		}
	}

	@Test
	void aFailedWriteKeepsTheOldContentAndLeavesNothingBehind(@TempDir Path tmp) throws Exception {
		Path target = tmp.resolve("summary.json");
		AtomicFiles.writeString(target, "old");
		IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
			out.write("half of the new".getBytes());
			out.flush();
			throw new IOException("disk full");
		}));
		assertEquals("disk full", e.getMessage());
		assertEquals("old", Files.readString(target));
		assertEquals(List.of(target), files(tmp));
		AtomicFiles.writeString(target, "new");
		assertEquals("new", Files.readString(target));
		assertEquals(List.of(target), files(tmp));
	}

	@Test
	void resultsGetTheSamePermissionsAsAnyNewFile(@TempDir Path tmp) throws Exception {
		Path plain = Files.writeString(tmp.resolve("plain.csv"), "x");
		Path atomic = tmp.resolve("atomic.csv");
		AtomicFiles.writeString(atomic, "x");
		assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(atomic));
	}

	@Test
	void strayTemporaryFilesOfAKilledRunAreRecognisedAndRemoved(@TempDir Path tmp) throws Exception {
		Path stray = Files.writeString(tmp.resolve(".pairs.csv.8135.tmp"), "half");
		Path kept = Files.writeString(tmp.resolve("pairs.csv"), "whole");
		Path userFile = Files.writeString(tmp.resolve("notes.tmp"), "the user's");
		AtomicFiles.deleteTemporaryFiles(tmp);
		assertFalse(Files.exists(stray));
		assertEquals(List.of(userFile, kept), files(tmp));
	}
}
