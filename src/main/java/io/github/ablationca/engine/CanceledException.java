package io.github.ablationca.engine;

/** Thrown by the engine when a run was canceled; no partial result is returned. */
public class CanceledException extends RuntimeException {

	public CanceledException() {
		super("Canceled by the user.");
	}
}
