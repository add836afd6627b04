package io.github.ablationca.spark;

/**
 * A failure of an executor that no retry mends (the model cannot be loaded there): its message names the node and
 * the fix, and the driver reports it as it is.
 */
final class ExecutorFailure extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/** Starts every message, so the driver finds it inside Spark's task failure text. */
	static final String MARK = "[ablation-ca] ";

	ExecutorFailure(String message, Throwable cause) {
		super(MARK + message, cause);
	}

	/** The message of the executor failure inside {@code t} (Spark wraps it as text), or null if there is none. */
	static String find(Throwable t) {
		for (Throwable c = t; c != null; c = c.getCause()) {
			String m = c.getMessage();
			if (m == null) continue;
			int i = m.indexOf(MARK);
			if (i < 0) continue;
			String rest = m.substring(i + MARK.length());
			int end = rest.indexOf('\n');
			return end < 0 ? rest : rest.substring(0, end);
		}
		return null;
	}
}
