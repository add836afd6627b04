package io.github.ablationca.spark;

import io.github.ablationca.results.FolderBatch;
import io.github.ablationca.results.ResultFolder;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Publishes result folders so that Spark's task retries and speculative copies can never leave a half-written or
 * mixed folder: a task attempt writes the whole folder under {@value #STAGING}{@code /NAME.ATTEMPT/} in the output
 * folder, then renames it to {@code OUT/NAME} in one step. When another attempt got there first, the folder it
 * published is kept (the same seed gives the same result) and this attempt's copy is dropped. An earlier folder that
 * is being recomputed (incomplete, --force, changed image) is moved aside first and deleted after. A killed job
 * leaves only the staging folder, which the next job deletes before it starts ({@link #clean}).
 */
final class StagedResults {

	/** The staging folder inside the output folder (hidden: never taken as an input or a result). */
	static final String STAGING = ".ablation-ca-staging";

	private StagedResults() {}

	/** A writer for one task attempt ({@code attempt}: unique among the attempts of every task of the job). */
	static FolderBatch.ResultWriter writer(Path out, String attempt) {
		return (folder, source, input, result, settings) -> {
			Path staging = out.resolve(STAGING);
			Files.createDirectories(staging);
			Path mine = staging.resolve(folder.getFileName() + "." + attempt);
			deleteTree(mine);
			try {
				ResultFolder.write(mine, source, input, result, settings);
				publish(mine, folder, staging.resolve(folder.getFileName() + "." + attempt + ".old"));
			}
			finally {
				deleteTree(mine);
			}
		};
	}

	/** Moves {@code staged} to {@code target}; an earlier {@code target} goes to {@code aside} and is deleted. */
	static void publish(Path staged, Path target, Path aside) throws IOException {
		if (Files.exists(target)) {
			try {
				move(target, aside);
			}
			catch (NoSuchFileException e) {
				// another attempt moved it first
			}
		}
		try {
			move(staged, target);
		}
		catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
			// another attempt of the same image published first: its result is the same, keep it
			if (!ResultFolder.isComplete(target)) throw e;
		}
		finally {
			deleteTree(aside);
		}
	}

	private static void move(Path from, Path to) throws IOException {
		try {
			Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (AtomicMoveNotSupportedException e) {
			throw new IOException("the file system of " + to + " cannot rename folders atomically; give an output " +
				"folder on a POSIX file system (local disk, NFS, Lustre, GPFS)", e);
		}
	}

	/** Deletes the staging folder a killed job left (call before a job starts, while holding the output lock). */
	static void clean(Path out) throws IOException {
		deleteTree(out.resolve(STAGING));
	}

	static void deleteTree(Path p) throws IOException {
		if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
		Files.walkFileTree(p, new SimpleFileVisitor<>() {
			@Override
			public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
				Files.deleteIfExists(file);
				return FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult visitFileFailed(Path file, IOException e) {
				return FileVisitResult.CONTINUE; // gone already (another attempt)
			}

			@Override
			public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
				try {
					Files.deleteIfExists(dir);
				}
				catch (DirectoryNotEmptyException x) {
					// a file appeared meanwhile; left for the next clean
				}
				return FileVisitResult.CONTINUE;
			}
		});
	}
}
