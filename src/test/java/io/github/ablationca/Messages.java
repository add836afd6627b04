package io.github.ablationca;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checks on the messages users read: a bad input's message names the file, the problem and the fix. */
public final class Messages {

	private Messages() {}

	/** Fails unless {@code e}'s message contains every one of {@code parts}. */
	public static void assertMentions(Throwable e, String... parts) {
		for (String p : parts)
			assertTrue(e.getMessage() != null && e.getMessage().contains(p), "message should mention '" + p + "': " +
				e.getMessage());
	}
}
