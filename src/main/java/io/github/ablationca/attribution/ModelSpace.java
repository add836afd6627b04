package io.github.ablationca.attribution;

import io.github.ablationca.classifier.Classifier;
import io.github.ablationca.image.BilinearResize;
import io.github.ablationca.image.ResizeMode;
import io.github.ablationca.image.RgbImage;

/**
 * The two coordinate systems of an explanation: the input image ({@code imageWidth x imageHeight}) and the model
 * input ({@code modelWidth x modelHeight}) it is fitted to with {@link BilinearResize}. Perturbation methods work in
 * model space (cheap, and exactly what the model sees); their heatmaps go back to input resolution with
 * {@link #toInput}, and the metrics bring an input-resolution heatmap to the model grid with {@link #toModel}.
 * <p>
 * With {@link ResizeMode#CENTER_CROP} the model sees only the largest central region with its own aspect ratio (a
 * square for square models), as {@link BilinearResize} crops; input pixels outside it get 0 in {@link #toInput}.
 *
 * <pre>{@code
 * ModelSpace space = ModelSpace.of(image, classifier, ResizeMode.STRETCH);
 * RgbImage modelImage = space.fit(image);
 * float[] inputHeatmap = space.toInput(modelHeatmap);
 * }</pre>
 */
public final class ModelSpace {

	private final int imageWidth, imageHeight, modelWidth, modelHeight;
	private final int cropX, cropY, cropWidth, cropHeight;
	private final BilinearResize resize;

	private ModelSpace(int imageWidth, int imageHeight, int modelWidth, int modelHeight, ResizeMode mode) {
		this.resize = BilinearResize.of(imageWidth, imageHeight, modelWidth, modelHeight, mode);
		this.imageWidth = imageWidth;
		this.imageHeight = imageHeight;
		this.modelWidth = modelWidth;
		this.modelHeight = modelHeight;
		if (mode == ResizeMode.CENTER_CROP) {
			// the crop of BilinearResize: the largest central region with the model's aspect ratio
			int cw = imageWidth, ch = imageHeight;
			if ((long) imageWidth * modelHeight > (long) imageHeight * modelWidth)
				cw = Math.max(1, (int) Math.round((double) imageHeight * modelWidth / modelHeight));
			else
				ch = Math.max(1, (int) Math.round((double) imageWidth * modelHeight / modelWidth));
			cropX = (imageWidth - cw) / 2;
			cropY = (imageHeight - ch) / 2;
			cropWidth = cw;
			cropHeight = ch;
		}
		else {
			cropX = cropY = 0;
			cropWidth = imageWidth;
			cropHeight = imageHeight;
		}
	}

	public static ModelSpace of(int imageWidth, int imageHeight, int modelWidth, int modelHeight, ResizeMode mode) {
		return new ModelSpace(imageWidth, imageHeight, modelWidth, modelHeight, mode);
	}

	public static ModelSpace of(RgbImage image, Classifier classifier, ResizeMode mode) {
		return of(image.width(), image.height(), classifier.inputWidth(), classifier.inputHeight(), mode);
	}

	public BilinearResize resize() {
		return resize;
	}

	public int imageWidth() {
		return imageWidth;
	}

	public int imageHeight() {
		return imageHeight;
	}

	public int modelWidth() {
		return modelWidth;
	}

	public int modelHeight() {
		return modelHeight;
	}

	/** The image as the model sees it (new image). */
	public RgbImage fit(RgbImage image) {
		return resize.apply(image);
	}

	/**
	 * Bilinear upsampling (half-pixel centres, edges clamped, the convention of {@link BilinearResize}) of a
	 * model-space map ({@code modelWidth * modelHeight}, row-major) to input resolution; 0 outside the crop.
	 */
	public float[] toInput(float[] modelMap) {
		if (modelMap.length != modelWidth * modelHeight)
			throw new IllegalArgumentException("model-space map has " + modelMap.length + " values, expected " +
				modelWidth + " x " + modelHeight);
		int[] x0 = new int[imageWidth], x1 = new int[imageWidth];
		float[] fx = new float[imageWidth];
		boolean[] inX = backAxis(imageWidth, cropX, cropWidth, modelWidth, x0, x1, fx);
		int[] y0 = new int[imageHeight], y1 = new int[imageHeight];
		float[] fy = new float[imageHeight];
		boolean[] inY = backAxis(imageHeight, cropY, cropHeight, modelHeight, y0, y1, fy);
		float[] out = new float[imageWidth * imageHeight];
		for (int y = 0, i = 0; y < imageHeight; y++)
			for (int x = 0; x < imageWidth; x++, i++) {
				if (!inX[x] || !inY[y]) continue;
				float wx = fx[x], wy = fy[y];
				int r0 = y0[y] * modelWidth, r1 = y1[y] * modelWidth;
				out[i] = (1 - wy) * ((1 - wx) * modelMap[r0 + x0[x]] + wx * modelMap[r0 + x1[x]]) +
					wy * ((1 - wx) * modelMap[r1 + x0[x]] + wx * modelMap[r1 + x1[x]]);
			}
		return out;
	}

	private static boolean[] backAxis(int inputSize, int cropStart, int cropSize, int modelSize, int[] lo, int[] hi,
		float[] frac)
	{
		boolean[] inside = new boolean[inputSize];
		double scale = (double) modelSize / cropSize;
		for (int c = 0; c < cropSize; c++) {
			int i = cropStart + c;
			inside[i] = true;
			double m = Math.min(modelSize - 1, Math.max(0, (c + 0.5) * scale - 0.5));
			int f = (int) Math.floor(m);
			lo[i] = f;
			hi[i] = Math.min(f + 1, modelSize - 1);
			frac[i] = (float) (m - f);
		}
		return inside;
	}

	/**
	 * An input-resolution map ({@code imageWidth * imageHeight}) brought to the model grid. When the model grid is
	 * no finer than the (cropped) image on both axes, each model pixel gets the mean of the input pixels whose
	 * centres fall in its footprint (a box filter, so thin heatmap details are averaged, not skipped; identity at
	 * equal sizes); otherwise (the model upsamples) the bilinear value at each model pixel's centre.
	 */
	public float[] toModel(float[] inputMap) {
		if (inputMap.length != imageWidth * imageHeight)
			throw new IllegalArgumentException("heatmap has " + inputMap.length + " values, expected " + imageWidth +
				" x " + imageHeight + " (the input image size)");
		int[][] xr = footprints(modelWidth, cropX, cropWidth);
		int[][] yr = footprints(modelHeight, cropY, cropHeight);
		boolean box = cropWidth >= modelWidth && cropHeight >= modelHeight;
		float[] out = new float[modelWidth * modelHeight];
		for (int my = 0, o = 0; my < modelHeight; my++)
			for (int mx = 0; mx < modelWidth; mx++, o++) {
				int xa = xr[mx][0], xb = xr[mx][1], ya = yr[my][0], yb = yr[my][1];
				if (box) {
					double s = 0;
					for (int y = ya; y <= yb; y++)
						for (int x = xa; x <= xb; x++)
							s += inputMap[y * imageWidth + x];
					out[o] = (float) (s / ((long) (xb - xa + 1) * (yb - ya + 1)));
				}
				else out[o] = bilinearAt(inputMap, centre(mx, cropX, cropWidth, modelWidth),
					centre(my, cropY, cropHeight, modelHeight));
			}
		return out;
	}

	/** Per model pixel: first and last input index whose centre lies in its footprint (first > last if none). */
	private static int[][] footprints(int modelSize, int cropStart, int cropSize) {
		int[][] r = new int[modelSize][2];
		double s = (double) cropSize / modelSize;
		for (int m = 0; m < modelSize; m++) {
			r[m][0] = cropStart + (int) Math.ceil(m * s - 0.5);
			r[m][1] = cropStart + (int) Math.ceil((m + 1) * s - 0.5) - 1;
		}
		return r;
	}

	private static double centre(int m, int cropStart, int cropSize, int modelSize) {
		return cropStart + (m + 0.5) * cropSize / modelSize - 0.5;
	}

	private float bilinearAt(float[] map, double x, double y) {
		x = Math.min(imageWidth - 1, Math.max(0, x));
		y = Math.min(imageHeight - 1, Math.max(0, y));
		int x0 = (int) Math.floor(x), y0 = (int) Math.floor(y);
		int x1 = Math.min(x0 + 1, imageWidth - 1), y1 = Math.min(y0 + 1, imageHeight - 1);
		double fx = x - x0, fy = y - y0;
		return (float) ((1 - fy) * ((1 - fx) * map[y0 * imageWidth + x0] + fx * map[y0 * imageWidth + x1]) +
			fy * ((1 - fx) * map[y1 * imageWidth + x0] + fx * map[y1 * imageWidth + x1]));
	}
}
