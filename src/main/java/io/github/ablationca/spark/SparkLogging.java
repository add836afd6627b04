package io.github.ablationca.spark;

/**
 * Keeps Spark's INFO chatter off the terminal: Spark logs through Log4j 2, which reads this configuration when it
 * starts, unless the user gave one ({@code -Dlog4j2.configurationFile}).
 */
final class SparkLogging {

	static final String CONFIGURATION = "io/github/ablationca/spark/log4j2.properties";

	private SparkLogging() {}

	static void quiet() {
		if (System.getProperty("log4j2.configurationFile") == null && System.getProperty("log4j.configurationFile") == null)
			System.setProperty("log4j2.configurationFile", "classpath:" + CONFIGURATION);
	}
}
