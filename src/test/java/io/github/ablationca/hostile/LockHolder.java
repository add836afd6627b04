package io.github.ablationca.hostile;

import io.github.ablationca.results.OutputLock;

import java.nio.file.Path;

/**
 * A second process that holds an output folder, as a running {@code ablation-ca explain} does: it locks the folder,
 * says {@code locked} and waits until it is killed (the test kills it with SIGKILL, as a user's kill -9 would).
 */
public final class LockHolder {

	private LockHolder() {}

	public static void main(String[] args) throws Exception {
		OutputLock lock = OutputLock.acquire(Path.of(args[0]), "explain (test holder)");
		System.out.println("locked");
		System.out.flush();
		Thread.sleep(600_000);
		lock.close();
	}
}
