package io.github.ablationca.metric;

import io.github.ablationca.image.RgbImage;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import org.apache.commons.math3.exception.MaxCountExceededException;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.ConjugateGradient;
import org.apache.commons.math3.linear.NonPositiveDefiniteOperatorException;
import org.apache.commons.math3.linear.RealLinearOperator;
import org.apache.commons.math3.linear.RealVector;

/**
 * The noisy linear imputation of ROAD (Rong, Leemann, Borisov, Kasneci and Kasneci, "A Consistent and Efficient
 * Evaluation Strategy for Attribution Methods", ICML 2022; the authors' {@code NoisyLinearImputer}).
 * <p>
 * Every removed pixel becomes, per channel, the weighted mean of its 8 neighbours that lie inside the image (weight
 * 1/6 for the 4 direct neighbours, 1/12 for the 4 diagonal ones, divided by the sum of the weights present), where a
 * removed neighbour counts with its own imputed value. That is one sparse linear system per channel,
 * {@code A x = b} with {@code A = D - W} over the removed pixels ({@code D}: the in-image weight sum of each pixel,
 * {@code W}: the weights between removed neighbours) and {@code b} the weighted kept neighbours. {@code A} is
 * symmetric, and positive definite whenever some pixel is kept (every 8-connected group of removed pixels then
 * touches a kept pixel); it is solved with Commons Math's {@link ConjugateGradient}, preconditioned by one multigrid
 * V-cycle (Galerkin coarse grids, symmetric Gauss-Seidel; about 10 iterations per channel at 224 x 224 whatever the
 * hole), to a relative residual of 1e-10 (the authors solve it directly with SciPy's {@code spsolve}).
 * Then independent Gaussian noise is added to every imputed value: the authors add {@code 0.01 * randn} on their
 * 0..1 pixel scale, so the default sigma here is {@link #DEFAULT_NOISE_SIGMA} = 2.55 on the 0..255 scale. Kept
 * pixels are copied unchanged; imputed values are not clamped (as in the authors' code).
 * <p>
 * Degenerate cases: nothing removed gives a copy; <b>every pixel removed</b> leaves no neighbour to interpolate
 * from (the system is singular: any constant solves it), so every value becomes mid-grey 127.5, which carries no
 * information about the image, plus the noise.
 *
 * <pre>{@code
 * boolean[] removed = ...;                       // width * height, row-major, true = remove
 * RgbImage imputed = new NoisyLinearImputer().impute(image, removed, seed);
 * RgbImage smooth = new NoisyLinearImputer().interpolate(image, removed);   // no noise
 * }</pre>
 */
public final class NoisyLinearImputer {

	/** The authors' noise (0.01 on the 0..1 scale) on the 0..255 scale. */
	public static final double DEFAULT_NOISE_SIGMA = 0.01 * 255;
	/** The value of every pixel when all pixels are removed: the middle of 0..255. */
	public static final float ALL_REMOVED_VALUE = 127.5f;

	/** Direct neighbours weigh 1/6, diagonal ones 1/12 (the authors' weights; they sum to 1). */
	static final int[] DX = {-1, 0, 1, -1, 1, -1, 0, 1}, DY = {-1, -1, -1, 0, 0, 1, 1, 1};
	static final double[] WEIGHT = {1 / 12.0, 1 / 6.0, 1 / 12.0, 1 / 6.0, 1 / 6.0, 1 / 12.0, 1 / 6.0, 1 / 12.0};

	/** How the conjugate-gradient solver is preconditioned. */
	public enum Preconditioner {
		/** One multigrid V-cycle per iteration (the default). */
		MULTIGRID,
		/** None: plain conjugate gradients (for comparison; many more iterations on large holes). */
		NONE
	}

	private static final double RELATIVE_RESIDUAL = 1e-10;

	private final double noiseSigma;
	private final Preconditioner preconditioner;

	/** Noise sigma 2.55 (the authors' 0.01 on 0..1), multigrid-preconditioned conjugate gradients. */
	public NoisyLinearImputer() {
		this(DEFAULT_NOISE_SIGMA, Preconditioner.MULTIGRID);
	}

	private NoisyLinearImputer(double noiseSigma, Preconditioner preconditioner) {
		this.noiseSigma = noiseSigma;
		this.preconditioner = preconditioner;
	}

	/** Gaussian noise with this standard deviation (0..255 scale) on every imputed value; 0 turns it off. */
	public NoisyLinearImputer withNoise(double sigma) {
		if (!(sigma >= 0) || Double.isInfinite(sigma))
			throw new IllegalArgumentException("Imputation noise sigma must be a finite number >= 0 (got " + sigma +
				"); try " + DEFAULT_NOISE_SIGMA + ".");
		return new NoisyLinearImputer(sigma, preconditioner);
	}

	public NoisyLinearImputer withPreconditioner(Preconditioner p) {
		if (p == null) throw new IllegalArgumentException("Preconditioner must be set: MULTIGRID or NONE.");
		return new NoisyLinearImputer(noiseSigma, p);
	}

	public double noiseSigma() {
		return noiseSigma;
	}

	/**
	 * The image with the removed pixels imputed and noise added (a new image; {@code image} is not changed).
	 *
	 * @param removed {@code width * height} flags, row-major, true = removed
	 * @param seed the noise: the same seed gives the same image
	 */
	public RgbImage impute(RgbImage image, boolean[] removed, long seed) {
		RgbImage out = interpolate(image, removed);
		if (noiseSigma > 0) {
			SplittableRandom random = new SplittableRandom(seed);
			float[] d = out.data();
			for (int p = 0; p < removed.length; p++)
				if (removed[p])
					for (int c = 0; c < 3; c++)
						d[3 * p + c] += (float) (noiseSigma * random.nextGaussian());
		}
		return out;
	}

	/** The noise-free imputation: the solution of the linear system (a new image). */
	public RgbImage interpolate(RgbImage image, boolean[] removed) {
		int w = image.width(), h = image.height(), n = w * h;
		if (removed == null || removed.length != n)
			throw new IllegalArgumentException("The removal mask has " + (removed == null ? "no" : removed.length) +
				" values but the image has " + w + " x " + h + " = " + n + " pixels.");
		float[] src = image.data(), dst = src.clone();
		LinearSystem system = LinearSystem.of(w, h, removed);
		if (system.unknowns() == 0) return new RgbImage(w, h, dst);
		if (system.unknowns() == n) {
			Arrays.fill(dst, ALL_REMOVED_VALUE);
			return new RgbImage(w, h, dst);
		}
		Multigrid[] multigrid = {null}; // built once, when the first channel needs a solve
		Supplier<RealLinearOperator> precondition = preconditioner == Preconditioner.NONE ? () -> null : () -> {
			if (multigrid[0] == null) multigrid[0] = new Multigrid(w, h, removed);
			return multigrid[0].preconditioner();
		};
		for (int c = 0; c < 3; c++) {
			double[] x = system.solve(src, c, precondition);
			for (int k = 0; k < x.length; k++)
				dst[3 * system.pixel[k] + c] = (float) x[k];
		}
		return new RgbImage(w, h, dst);
	}

	/**
	 * The largest violation, over removed pixels and channels, of "value = weighted mean of the in-image
	 * neighbours" in {@code image} (gray levels): about 0 for a noise-free imputation.
	 */
	public static double maxResidual(RgbImage image, boolean[] removed) {
		int w = image.width(), h = image.height();
		float[] d = image.data();
		double worst = 0;
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				if (!removed[y * w + x]) continue;
				for (int c = 0; c < 3; c++) {
					double sum = 0, weights = 0;
					for (int e = 0; e < 8; e++) {
						int nx = x + DX[e], ny = y + DY[e];
						if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
						sum += WEIGHT[e] * d[3 * (ny * w + nx) + c];
						weights += WEIGHT[e];
					}
					worst = Math.max(worst, Math.abs(d[3 * (y * w + x) + c] - sum / weights));
				}
			}
		return worst;
	}

	@Override
	public String toString() {
		return "noisy-linear-imputation(sigma " + noiseSigma + ", " + preconditioner + ")";
	}

	/**
	 * The system over the removed pixels: unknown k is pixel {@code pixel[k]}; {@code neighbour[8 k + e]} is the
	 * unknown in direction e, or -1 (kept or outside); {@code diagonal[k]} the sum of the in-image weights.
	 */
	private static final class LinearSystem extends RealLinearOperator {

		final int width, height;
		final boolean[] removed;
		final int[] pixel, neighbour;
		final double[] diagonal;

		private LinearSystem(int width, int height, boolean[] removed, int[] pixel, int[] neighbour, double[] diagonal) {
			this.width = width;
			this.height = height;
			this.removed = removed;
			this.pixel = pixel;
			this.neighbour = neighbour;
			this.diagonal = diagonal;
		}

		static LinearSystem of(int w, int h, boolean[] removed) {
			int n = w * h, m = 0;
			int[] unknown = new int[n];
			for (int p = 0; p < n; p++)
				unknown[p] = removed[p] ? m++ : -1;
			int[] pixel = new int[m], neighbour = new int[8 * m];
			double[] diagonal = new double[m];
			for (int p = 0; p < n; p++) {
				int k = unknown[p];
				if (k < 0) continue;
				pixel[k] = p;
				int x = p % w, y = p / w;
				for (int e = 0; e < 8; e++) {
					int nx = x + DX[e], ny = y + DY[e];
					boolean inside = nx >= 0 && ny >= 0 && nx < w && ny < h;
					neighbour[8 * k + e] = inside ? unknown[ny * w + nx] : -1;
					if (inside) diagonal[k] += WEIGHT[e];
				}
			}
			return new LinearSystem(w, h, removed, pixel, neighbour, diagonal);
		}

		int unknowns() {
			return pixel.length;
		}

		/**
		 * Channel c's imputed values. Solved for the deviation from the kept pixels' mean, so a constant image
		 * gives a zero right-hand side and is reproduced exactly.
		 */
		double[] solve(float[] image, int c, Supplier<RealLinearOperator> precondition) {
			int m = pixel.length;
			double mean = 0;
			int kept = 0;
			for (int p = 0; p < removed.length; p++)
				if (!removed[p]) {
					mean += image[3 * p + c];
					kept++;
				}
			mean /= kept;
			double[] b = new double[m];
			for (int k = 0; k < m; k++) {
				int x = pixel[k] % width, y = pixel[k] / width;
				double s = 0;
				for (int e = 0; e < 8; e++) {
					int nx = x + DX[e], ny = y + DY[e];
					if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
					int q = ny * width + nx;
					if (!removed[q]) s += WEIGHT[e] * (image[3 * q + c] - mean);
				}
				b[k] = s;
			}
			double[] x = new double[m];
			if (new ArrayRealVector(b, false).getNorm() > 0) {
				RealLinearOperator preconditioner = precondition.get();
				ConjugateGradient cg = new ConjugateGradient(Math.max(1000, 10 * m), RELATIVE_RESIDUAL, false);
				try {
					x = toArray(cg.solve(this, preconditioner, new ArrayRealVector(b, false)));
				}
				catch (MaxCountExceededException | NonPositiveDefiniteOperatorException e) {
					throw new IllegalStateException("Noisy linear imputation did not converge on a " + width + " x " +
						height + " image with " + m + " removed pixels: " + e.getMessage(), e);
				}
			}
			for (int k = 0; k < m; k++)
				x[k] += mean;
			return x;
		}

		/** {@code (A v)_k = D_k v_k - sum of the removed neighbours' weight * v}. */
		void apply(double[] v, double[] out) {
			for (int k = 0; k < pixel.length; k++) {
				double s = diagonal[k] * v[k];
				for (int e = 0, o = 8 * k; e < 8; e++, o++) {
					int j = neighbour[o];
					if (j >= 0) s -= WEIGHT[e] * v[j];
				}
				out[k] = s;
			}
		}

		@Override
		public int getRowDimension() {
			return pixel.length;
		}

		@Override
		public int getColumnDimension() {
			return pixel.length;
		}

		@Override
		public RealVector operate(RealVector v) {
			double[] out = new double[pixel.length];
			apply(toArray(v), out);
			return new ArrayRealVector(out, false);
		}
	}

	static double[] toArray(RealVector v) {
		return v instanceof ArrayRealVector a ? a.getDataRef() : v.toArray();
	}
}
