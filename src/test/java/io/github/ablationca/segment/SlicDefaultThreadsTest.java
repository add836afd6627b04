package io.github.ablationca.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.ForkJoinPool;

import org.junit.jupiter.api.Test;

/**
 * {@link Slic#defaultThreads}: every core outside a fork-join pool and in the common pool; a pool's own parallelism
 * inside it (a Spark task confined to its cores).
 */
class SlicDefaultThreadsTest {

	@Test
	void thePoolTheCallerRunsInSetsTheThreads() throws Exception {
		int cores = Runtime.getRuntime().availableProcessors();
		assertEquals(cores, Slic.defaultThreads());
		assertEquals(cores, new Slic().threads());
		assertEquals(cores, ForkJoinPool.commonPool().submit(Slic::defaultThreads).get().intValue());
		ForkJoinPool three = new ForkJoinPool(3);
		try {
			assertEquals(3, three.submit(Slic::defaultThreads).get().intValue());
			assertEquals(3, three.submit(() -> new Slic(10, 10, 10, 1).threads()).get().intValue());
		}
		finally {
			three.shutdown();
		}
	}
}
