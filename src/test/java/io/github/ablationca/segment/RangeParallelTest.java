package io.github.ablationca.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

import org.junit.jupiter.api.Test;

/** The range splitter: every index once, chunk sizes by hand, failures and interrupts reach the caller. */
class RangeParallelTest {

	/** Each call as {worker, from, to}. */
	private static List<int[]> calls(int threads, int n, Integer grain) {
		List<int[]> calls = Collections.synchronizedList(new ArrayList<>());
		try (RangeParallel range = new RangeParallel(threads)) {
			RangeParallel.Body body = (worker, from, to) -> calls.add(new int[] {worker, from, to});
			if (grain == null) range.forRange(n, body);
			else range.forChunks(n, grain, body);
		}
		calls.sort((a, b) -> Integer.compare(a[1], b[1]));
		return calls;
	}

	/** The calls tile [0, n) in chunks of {@code grain} (the last one shorter), each worker below {@code threads}. */
	private static void assertTiles(List<int[]> calls, int n, int grain, int threads) {
		assertEquals((n + grain - 1) / grain, calls.size());
		for (int c = 0; c < calls.size(); c++) {
			int[] call = calls.get(c);
			assertEquals(c * grain, call[1]);
			assertEquals(Math.min(n, (c + 1) * grain), call[2]);
			assertTrue(call[0] >= 0 && call[0] < threads, "worker " + call[0]);
		}
	}

	@Test
	void threadCountIsAtLeastOne() {
		try (RangeParallel a = new RangeParallel(0); RangeParallel b = new RangeParallel(-2);
			RangeParallel c = new RangeParallel(3))
		{
			assertEquals(1, a.threads());
			assertEquals(1, b.threads());
			assertEquals(3, c.threads());
		}
	}

	@Test
	void oneThreadRunsTheWholeRangeAtOnce() {
		List<int[]> calls = calls(1, 37, null);
		assertEquals(1, calls.size());
		assertEquals(List.of(0, 0, 37), List.of(calls.get(0)[0], calls.get(0)[1], calls.get(0)[2]));
		assertTrue(calls(1, 0, null).isEmpty());
		assertTrue(calls(3, 0, null).isEmpty());
		assertTrue(calls(3, -5, 4).isEmpty());
	}

	@Test
	void severalThreadsTakeAboutFourChunksEach() {
		// 100 indices on 3 threads: grain ceil(100 / 12) = 9, 12 chunks, the last of 1
		assertTiles(calls(3, 100, null), 100, 9, 3);
		// 24 on 2 threads: grain 3, 8 chunks
		assertTiles(calls(2, 24, null), 24, 3, 2);
		assertTiles(calls(2, 10, 4), 10, 4, 2);
		assertTiles(calls(1, 10, 4), 10, 4, 1);
		assertTiles(calls(2, 5, 0), 5, 1, 2); // a grain below 1 is 1
		List<int[]> single = calls(4, 6, 6);
		assertTiles(single, 6, 6, 4);
		assertEquals(0, single.get(0)[0], "one chunk runs on the calling thread");
	}

	@Test
	void everyIndexIsVisitedOnce() {
		AtomicIntegerArray visits = new AtomicIntegerArray(1001);
		try (RangeParallel range = new RangeParallel(4)) {
			range.forChunks(1001, 7, (worker, from, to) -> {
				for (int i = from; i < to; i++)
					visits.incrementAndGet(i);
			});
		}
		for (int i = 0; i < visits.length(); i++)
			assertEquals(1, visits.get(i), "index " + i);
	}

	@Test
	void aFailureReachesTheCallerAndStopsTheOtherWorkers() {
		IllegalStateException boom = new IllegalStateException("boom");
		AtomicInteger chunksRun = new AtomicInteger();
		try (RangeParallel range = new RangeParallel(2)) {
			assertSame(boom, assertThrows(IllegalStateException.class, () -> range.forChunks(1000, 1, (w, f, t) -> {
				chunksRun.incrementAndGet();
				if (w == 0) throw boom;
				sleep(2);
			})));
			assertTrue(chunksRun.get() < 100, "the other worker stopped early: " + chunksRun.get() + " chunks ran");
			AssertionError error = new AssertionError("an error");
			assertSame(error, assertThrows(AssertionError.class, () -> range.forChunks(50, 1, (w, f, t) -> {
				throw error;
			})));
			java.util.concurrent.atomic.AtomicBoolean poolRan = new java.util.concurrent.atomic.AtomicBoolean();
			assertSame(boom, assertThrows(IllegalStateException.class, () -> range.forChunks(50, 1, (w, f, t) -> {
				if (w == 1) {
					poolRan.set(true);
					throw boom;
				}
				awaitTrue(poolRan);
			})), "a failure on a pool thread");
		}
	}

	@Test
	void anInterruptedCallerStopsWaitingWithAMessage() {
		try (RangeParallel range = new RangeParallel(2)) {
			// the calling thread waits (without checking the interrupt) until the pool thread has its chunk, so the
			// caller must wait for a future that is still running
			java.util.concurrent.atomic.AtomicBoolean poolStarted = new java.util.concurrent.atomic.AtomicBoolean();
			Thread.currentThread().interrupt();
			IllegalStateException e = assertThrows(IllegalStateException.class, () -> range.forChunks(2, 1,
				(w, f, t) -> {
					if (w == 1) {
						poolStarted.set(true);
						sleep(300);
					}
					else awaitTrue(poolStarted);
				}));
			assertEquals("SLIC was interrupted", e.getMessage());
			assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");
		}
		finally {
			Thread.interrupted();
		}
	}

	@Test
	void closingStopsThePool() {
		RangeParallel range = new RangeParallel(2);
		range.close();
		assertThrows(RejectedExecutionException.class, () -> range.forChunks(10, 1, (w, f, t) -> {}));
		new RangeParallel(1).close(); // no pool to stop
	}

	/** Spins (ignoring interrupts) until {@code flag} is set. */
	private static void awaitTrue(java.util.concurrent.atomic.AtomicBoolean flag) {
		long deadline = System.nanoTime() + 10_000_000_000L;
		while (!flag.get() && System.nanoTime() < deadline)
			Thread.onSpinWait();
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	@Test
	void anEmptyRangeRunsNothingWhateverTheThreads() {
		for (int threads : new int[] {1, 2, 3})
			for (int n : new int[] {0, -1}) {
				assertEquals(List.of(), calls(threads, n, 1), threads + " threads, chunks of 1, n = " + n);
				assertEquals(List.of(), calls(threads, n, 5), threads + " threads, chunks of 5, n = " + n);
				assertEquals(List.of(), calls(threads, n, null), threads + " threads, range of " + n);
			}
	}
}
