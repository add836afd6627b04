package io.github.ablationca.spark;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;

/**
 * Keeps a task's own work on the cores Spark gave it ({@code spark.task.cpus}, 1 by default), as Spark's scheduling
 * assumes: the work runs in a fork-join pool of that size, and what it starts in parallel stays there (Java's
 * parallel streams run in the pool of their caller: the fill images, the pair statistics; SLIC takes the pool's
 * parallelism, {@link io.github.ablationca.segment.Slic#defaultThreads}). Without it every task would use all of its
 * node's cores, and N task slots would fight over them. The model's calls are the executor's to share
 * ({@link ExecutorModels}).
 */
final class TaskCores {

	private TaskCores() {}

	/**
	 * Runs {@code work} in a fork-join pool of {@code cores} threads and returns its result; what it throws is thrown
	 * as it was (the pool would wrap it in a copy).
	 */
	static <T> T run(int cores, Callable<T> work) {
		ForkJoinPool pool = new ForkJoinPool(Math.max(1, cores));
		Object[] result = new Object[1];
		Throwable[] failure = new Throwable[1];
		try {
			pool.submit(() -> {
				try {
					result[0] = work.call();
				}
				catch (Throwable t) {
					failure[0] = t;
				}
			}).get();
			if (failure[0] instanceof RuntimeException r) throw r;
			if (failure[0] instanceof Error r) throw r;
			if (failure[0] != null) throw new IllegalStateException(failure[0]);
			@SuppressWarnings("unchecked")
			T t = (T) result[0];
			return t;
		}
		catch (ExecutionException e) {
			throw new IllegalStateException(e.getCause());
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("the task was interrupted (Spark killed it)", e);
		}
		finally {
			pool.shutdownNow();
		}
	}
}
