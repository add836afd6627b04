package io.github.ablationca.engine;

/** Receives the engine's progress; called from the engine's thread. */
@FunctionalInterface
public interface ProgressListener {

	ProgressListener NONE = (fraction, message) -> {};

	/**
	 * @param fraction overall progress, 0..1, never decreasing within a run
	 * @param message what the engine is doing now, e.g. "Monte Carlo ablations 256/500"
	 */
	void progress(double fraction, String message);
}
