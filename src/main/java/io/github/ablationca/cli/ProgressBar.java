package io.github.ablationca.cli;

import io.github.ablationca.results.FolderBatch;


import java.io.PrintStream;
import java.util.Locale;

/**
 * Batch progress on standard error: images done / total, the time left and what the current image is at, in one
 * of the {@link Mode modes}: a bar redrawn in place (messages printed above it), plain lines, or errors only.
 * The estimate of time left is the mean wall time of the images computed so far (skipped ones excluded) times the
 * images left.
 */
final class ProgressBar implements FolderBatch.Messages {

	/** How progress is shown on the message stream. */
	enum Mode {
		/** One line redrawn in place with {@code \r}, messages printed above it: for a terminal. */
		BAR,
		/** Plain lines, one per finished, skipped or failed image: for logs and pipes. */
		LINES,
		/** Error messages only. */
		OFF,
		/** {@link #BAR} when the messages go to standard error and that is a terminal, else {@link #LINES}. */
		AUTO
	}

	/** System property the launcher sets to whether standard error is a terminal ({@code [ -t 2 ]}). */
	static final String TTY_PROPERTY = "ablationca.stderr.tty";

	/** System property: seconds between progress lines inside a long image in {@link Mode#LINES} mode (default 60). */
	static final String LINE_SECONDS_PROPERTY = "ablationca.progress.seconds";

	private static final int BAR_CELLS = 24;
	private static final long REDRAW_NANOS = 200_000_000L;
	/** An image expected to take longer than this gets a line with its estimate once its model calls run. */
	private static final double LONG_IMAGE_SECONDS = 20;

	private final PrintStream err;
	private final Mode mode;
	private int total;
	private final int width;
	private final long start = System.nanoTime();
	private int done;
	private int computed;
	private double computedSeconds;
	private double current;
	private String currentName = "";
	private String currentStep = "";
	private long lastDraw;
	private int drawnLength;
	private long imageStart = System.nanoTime();
	private long lastLine;
	private boolean estimateShown;
	private final long lineNanos = lineNanos();

	ProgressBar(PrintStream err, Mode mode, int total) {
		this.err = err;
		this.mode = mode == Mode.AUTO ? autoMode(err) : mode;
		this.total = total;
		this.width = terminalWidth();
	}

	/** {@link Mode#BAR} if {@code err} is this process's standard error and that is a terminal. */
	static Mode autoMode(PrintStream err) {
		if (err != System.err) return Mode.LINES;
		String tty = System.getProperty(TTY_PROPERTY);
		boolean terminal = tty != null ? Boolean.parseBoolean(tty) : System.console() != null;
		return terminal && !"dumb".equals(System.getenv("TERM")) ? Mode.BAR : Mode.LINES;
	}

	private static int terminalWidth() {
		try {
			int columns = Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "100").strip());
			return Math.max(40, columns);
		}
		catch (NumberFormatException e) {
			return 100;
		}
	}

	Mode mode() {
		return mode;
	}

	private static long lineNanos() {
		try {
			return (long) (Double.parseDouble(System.getProperty(LINE_SECONDS_PROPERTY, "60")) * 1e9);
		}
		catch (NumberFormatException e) {
			return 60_000_000_000L;
		}
	}

	/** The work ahead: one line before the first image. */
	@Override
	public void plan(FolderBatch.Plan plan) {
		info("Plan: " + plan.describe() + ".");
	}

	/** A warning or note that changes nothing: shown in every mode but {@link Mode#OFF}. */
	@Override
	public void note(String line) {
		info(line);
	}

	@Override
	public void begin(int images) {
		total = images;
	}

	/** The next image starts. */
	@Override
	public void start(String name) {
		currentName = name;
		currentStep = "";
		current = 0;
		imageStart = lastLine = System.nanoTime();
		estimateShown = false;
		draw(true);
	}

	/** The current image is {@code fraction} (0..1) done, at {@code step}; redrawn at most five times a second. */
	@Override
	public void progress(double fraction, String step) {
		current = Math.max(0, Math.min(1, fraction));
		currentStep = step == null ? "" : step;
		draw(false);
		if (mode == Mode.OFF) return;
		long now = System.nanoTime();
		double elapsed = (now - imageStart) * 1e-9;
		String left = imageLeft(elapsed);
		// once the model calls run, a long image says how long it will take; in lines mode it also reports progress
		if (!estimateShown && left != null && elapsed / current > LONG_IMAGE_SECONDS) {
			estimateShown = true;
			lastLine = now;
			print(counter() + " " + currentName + ": about " + left + " left for this image (" + currentStep + ")");
		}
		else if (mode == Mode.LINES && now - lastLine >= lineNanos && current > 0 && current < 1) {
			lastLine = now;
			print(counter() + " " + currentName + String.format(Locale.ROOT, ": %.0f%%, ", 100 * current) + currentStep +
				(left == null ? "" : ", about " + left + " left for this image"));
		}
	}

	/**
	 * The current image is finished.
	 *
	 * @param seconds wall time it took if it was computed, or a negative value if it was skipped or failed at once
	 */
	@Override
	public void finish(double seconds) {
		done++;
		current = 0;
		currentStep = "";
		if (seconds >= 0) {
			computed++;
			computedSeconds += seconds;
		}
		draw(true);
	}

	/** Prints {@code line} (a finished image, a skip) unless the mode is {@link Mode#OFF}. */
	void info(String line) {
		if (mode == Mode.OFF) return;
		print(line);
	}

	/** A result was written or skipped: {@code [k/total, T left] name: line}. */
	@Override
	public void result(String name, String line) {
		info(counter() + " " + name + ": " + line);
	}

	/** Prints {@code line} (an error) in every mode. */
	@Override
	public void error(String line) {
		print(line);
	}

	private void print(String line) {
		clear();
		err.println(line);
		draw(true);
	}

	/** Removes the bar (before the final report). */
	void close() {
		clear();
		err.flush();
	}

	/**
	 * {@code [k/total, T left]} for message lines about the current image, number {@code k} (1-based); the time left
	 * is that of the images after it.
	 */
	String counter() {
		String eta = eta(total - done - 1);
		return "[" + Math.min(done + 1, total) + "/" + total + (eta.isEmpty() ? "" : ", " + eta + " left") + "]";
	}

	/** The time the current image still needs, from its progress so far; null before its model calls have started. */
	private String imageLeft(double elapsed) {
		if (current < 0.05 || elapsed < 1) return null;
		return duration(elapsed / current - elapsed);
	}

	/** Estimated time for {@code images} more images, or "" before any image was computed. */
	private String eta(double images) {
		if (computed == 0) return "";
		return duration(Math.max(0, images) * computedSeconds / computed);
	}

	static String duration(double seconds) {
		long s = Math.round(seconds);
		if (s < 60) return s + " s";
		if (s < 3600) return s / 60 + " min " + s % 60 + " s";
		return s / 3600 + " h " + s % 3600 / 60 + " min";
	}

	private void draw(boolean force) {
		if (mode != Mode.BAR || total == 0) return;
		long now = System.nanoTime();
		if (!force && now - lastDraw < REDRAW_NANOS) return;
		lastDraw = now;
		double fraction = Math.min(1, (done + current) / total);
		int filled = (int) Math.round(fraction * BAR_CELLS);
		StringBuilder sb = new StringBuilder("[");
		sb.append("#".repeat(filled)).append(".".repeat(BAR_CELLS - filled)).append("] ");
		sb.append(done).append('/').append(total).append(" images");
		String eta = eta(total - done - current);
		sb.append(eta.isEmpty() ? "" : ", " + eta + " left");
		sb.append(String.format(Locale.ROOT, ", %s elapsed", duration((now - start) * 1e-9)));
		if (done < total && !currentName.isEmpty())
			sb.append("  ").append(currentName).append(currentStep.isEmpty() ? "" : ": " + currentStep);
		String line = sb.length() > width - 1 ? sb.substring(0, width - 1) : sb.toString();
		err.print("\r" + line + " ".repeat(Math.max(0, drawnLength - line.length())));
		err.flush();
		drawnLength = line.length();
	}

	private void clear() {
		if (mode != Mode.BAR || drawnLength == 0) return;
		err.print("\r" + " ".repeat(drawnLength) + "\r");
		drawnLength = 0;
	}
}
