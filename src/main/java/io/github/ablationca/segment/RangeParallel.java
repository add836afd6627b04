package io.github.ablationca.segment;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Splits an index range (pixels or rows) into chunks and runs them on a small fixed pool, the calling thread
 * included. Chunks are handed out dynamically, so callers must make their results independent of which worker runs
 * which chunk (per-pixel writes, or integer accumulators per worker that are added up afterwards).
 */
final class RangeParallel implements AutoCloseable {

	/** Work on {@code [from, to)}; {@code worker} lies in {@code 0 .. threads-1} and owns any per-worker scratch. */
	@FunctionalInterface
	interface Body {
		void run(int worker, int from, int to);
	}

	private final int threads;
	private final ExecutorService pool;

	RangeParallel(int threads) {
		this.threads = Math.max(1, threads);
		this.pool = this.threads == 1 ? null : Executors.newFixedThreadPool(this.threads - 1, r -> {
			Thread t = new Thread(r, "slic-worker");
			t.setDaemon(true);
			return t;
		});
	}

	int threads() {
		return threads;
	}

	/** Runs {@code body} over {@code [0, n)} in about four chunks per thread. */
	void forRange(int n, Body body) {
		if (n <= 0) return;
		if (threads == 1) {
			body.run(0, 0, n);
			return;
		}
		forChunks(n, (n + threads * 4 - 1) / (threads * 4), body);
	}

	/** Runs {@code body} over {@code [0, n)} in chunks of {@code grain} (the last one shorter). */
	void forChunks(int n, int grain, Body body) {
		if (n <= 0) return;
		grain = Math.max(1, grain);
		int chunks = (n + grain - 1) / grain;
		if (threads == 1 || chunks == 1) {
			for (int c = 0; c < chunks; c++)
				body.run(0, c * grain, Math.min(n, (c + 1) * grain));
			return;
		}
		int workers = Math.min(threads, chunks);
		AtomicInteger next = new AtomicInteger();
		final int nChunks = chunks, g = grain;
		Future<?>[] futures = new Future<?>[workers - 1];
		for (int w = 1; w < workers; w++) {
			final int worker = w;
			futures[w - 1] = pool.submit(() -> drain(worker, next, nChunks, g, n, body));
		}
		Throwable failure = null;
		try {
			drain(0, next, nChunks, g, n, body);
		}
		catch (RuntimeException | Error e) {
			failure = e;
			next.set(nChunks); // stop the others early
		}
		for (Future<?> f : futures) {
			try {
				f.get();
			}
			catch (ExecutionException e) {
				if (failure == null) failure = e.getCause();
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				if (failure == null) failure = new IllegalStateException("SLIC was interrupted", e);
			}
		}
		if (failure instanceof RuntimeException) throw (RuntimeException) failure;
		if (failure instanceof Error) throw (Error) failure;
		if (failure != null) throw new IllegalStateException(failure);
	}

	private static void drain(int worker, AtomicInteger next, int chunks, int grain, int n, Body body) {
		for (int c; (c = next.getAndIncrement()) < chunks;)
			body.run(worker, c * grain, Math.min(n, (c + 1) * grain));
	}

	@Override
	public void close() {
		if (pool != null) pool.shutdownNow();
	}
}
