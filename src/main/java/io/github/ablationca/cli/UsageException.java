package io.github.ablationca.cli;

/** A bad command line: the message names the problem and the fix. */
public class UsageException extends RuntimeException {
	public UsageException(String message) {
		super(message);
	}
}
