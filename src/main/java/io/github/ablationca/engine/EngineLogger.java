package io.github.ablationca.engine;

/** The engine's own small logger, so it logs the same way to Fiji's log window, a terminal or a test. */
public interface EngineLogger {

	EngineLogger NONE = new EngineLogger() {
		@Override
		public void log(String message) {}

		@Override
		public void warn(String message) {}
	};

	EngineLogger STDERR = new EngineLogger() {
		@Override
		public void log(String message) {
			System.err.println(message);
		}

		@Override
		public void warn(String message) {
			System.err.println("WARNING: " + message);
		}
	};

	void log(String message);

	void warn(String message);
}
