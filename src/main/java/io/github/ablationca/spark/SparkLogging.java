package io.github.ablationca.spark;

/**
 * Keeps Spark's INFO chatter off the terminal: Spark (and DJL, through SLF4J) log through Log4j 2, which reads this
 * configuration (warnings and errors on standard error) when it starts, unless the user gave one
 * ({@code -Dlog4j2.configurationFile}). Call before anything logs, i.e. before the model is loaded. Needs no Spark
 * class.
 */
public final class SparkLogging {

	static final String CONFIGURATION = "io/github/ablationca/spark/log4j2.properties";

	private SparkLogging() {}

	public static void quiet() {
		if (System.getProperty("log4j2.configurationFile") == null && System.getProperty("log4j.configurationFile") == null)
			System.setProperty("log4j2.configurationFile", "classpath:" + CONFIGURATION);
	}
}
