package io.github.ablationca.imagej;

import ij.ImagePlus;
import ij.gui.Plot;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

/**
 * Line plots through ImageJ's {@link Plot} (what Fiji users know; works headless): one thin coloured line per series
 * (e.g. per image) and their mean as a thick black line with dots, over a common x axis, optionally logarithmic.
 * NaN values leave gaps (a failed run) and are left out of the mean.
 * <pre>{@code
 * ImageProcessor p = Plots.lines("max |correlation|", "segments", x, Map.of("dog", y), true, 480, 320);
 * Plots.writePng(Plots.grid(List.of(p, q), 2), Path.of("sweep.png"));
 * }</pre>
 */
public final class Plots {

	private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
		new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
		new Color(0xbcbd22), new Color(0x17becf)};

	private Plots() {}

	/**
	 * The plot of {@code series} (name to y values, {@code y[i]} at {@code x[i]}) and their mean, rendered at
	 * {@code width x height} pixels.
	 */
	public static ImageProcessor lines(String title, String xLabel, double[] x, Map<String, double[]> series,
		boolean logX, int width, int height)
	{
		Plot plot = new Plot(title, xLabel, "");
		plot.setSize(width, height);
		if (logX) plot.setLogScaleX();
		int k = 0;
		for (Map.Entry<String, double[]> s : series.entrySet()) {
			plot.setColor(PALETTE[k++ % PALETTE.length]);
			plot.setLineWidth(1);
			plot.addPoints(x, s.getValue(), Plot.LINE);
		}
		double[] mean = mean(x.length, series.values());
		plot.setColor(Color.BLACK);
		plot.setLineWidth(3);
		plot.addPoints(x, mean, Plot.CONNECTED_CIRCLES);
		plot.setLimitsToFit(false);
		return plot.getProcessor();
	}

	/** The mean per x over the series that have a value there (NaN where none has). */
	static double[] mean(int n, Iterable<double[]> series) {
		double[] sum = new double[n];
		int[] count = new int[n];
		for (double[] y : series)
			for (int i = 0; i < n; i++)
				if (!Double.isNaN(y[i])) {
					sum[i] += y[i];
					count[i]++;
				}
		double[] mean = new double[n];
		for (int i = 0; i < n; i++)
			mean[i] = count[i] > 0 ? sum[i] / count[i] : Double.NaN;
		return mean;
	}

	/** The tiles side by side, {@code columns} per row, on white. */
	public static ImageProcessor grid(List<ImageProcessor> tiles, int columns) {
		int w = 0, h = 0;
		for (ImageProcessor t : tiles) {
			w = Math.max(w, t.getWidth());
			h = Math.max(h, t.getHeight());
		}
		int cols = Math.max(1, Math.min(columns, tiles.size())), rows = (tiles.size() + cols - 1) / cols;
		ColorProcessor grid = new ColorProcessor(cols * w, rows * h);
		grid.setColor(Color.WHITE);
		grid.fill();
		for (int i = 0; i < tiles.size(); i++)
			grid.insert(tiles.get(i).convertToColorProcessor(), (i % cols) * w, (i / cols) * h);
		return grid;
	}

	/** Writes a rendered plot (or grid) as PNG; parent folders are created. */
	public static void writePng(ImageProcessor image, Path png) throws IOException {
		Path parent = png.toAbsolutePath().getParent();
		if (parent != null) Files.createDirectories(parent);
		BufferedImage b = new ImagePlus("plot", image).getBufferedImage();
		if (!ImageIO.write(b, "png", png.toFile())) throw new IOException("No PNG writer available for " + png);
	}
}
