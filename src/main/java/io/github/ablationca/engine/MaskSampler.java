package io.github.ablationca.engine;

import java.util.SplittableRandom;

/**
 * Streams the random synchronous-ablation masks of a run into a caller's reused {@code boolean[]}: nothing is
 * stored, so memory does not grow with the number of samples. The same seed gives the same sequence on every JVM
 * ({@link SplittableRandom} is specified bit for bit).
 *
 * <pre>{@code
 * MaskSampler sampler = new MaskSampler(40, 0.5, SamplingScheme.INDEPENDENT, seed);
 * boolean[] keep = new boolean[40];
 * sampler.next(keep); // keep[i] = object i stays visible
 * }</pre>
 */
public final class MaskSampler {

	/** Block length of {@link SamplingScheme#BALANCED}. */
	public static final int BALANCED_BLOCK = 16;

	private final int objects;
	private final double p;
	private final SamplingScheme scheme;
	private final SplittableRandom random;
	/** Antithetic: the uniforms of the first mask of the current pair. */
	private final double[] uniforms;
	private boolean pairPending;
	/** Balanced: per object, the kept flags of the current block. */
	private final boolean[][] block;
	private int blockPos = BALANCED_BLOCK;

	public MaskSampler(int objects, double keepProbability, SamplingScheme scheme, long seed) {
		if (!(keepProbability > 0 && keepProbability < 1))
			throw new IllegalArgumentException("keep probability must lie strictly between 0 and 1, got " + keepProbability);
		this.objects = objects;
		this.p = keepProbability;
		this.scheme = scheme;
		// A fixed odd constant decorrelates the mask stream from other streams seeded with the same run seed.
		this.random = new SplittableRandom(seed ^ 0x5DEECE66DL);
		this.uniforms = scheme == SamplingScheme.ANTITHETIC ? new double[objects] : null;
		this.block = scheme == SamplingScheme.BALANCED ? new boolean[objects][BALANCED_BLOCK] : null;
	}

	/** Writes the next mask into {@code keep[0..objects)}. */
	public void next(boolean[] keep) {
		switch (scheme) {
			case INDEPENDENT:
				for (int i = 0; i < objects; i++)
					keep[i] = random.nextDouble() < p;
				break;
			case ANTITHETIC:
				if (pairPending) {
					for (int i = 0; i < objects; i++)
						keep[i] = 1 - uniforms[i] < p;
				}
				else {
					for (int i = 0; i < objects; i++) {
						uniforms[i] = random.nextDouble();
						keep[i] = uniforms[i] < p;
					}
				}
				pairPending = !pairPending;
				break;
			case BALANCED:
				if (blockPos == BALANCED_BLOCK) {
					fillBlock();
					blockPos = 0;
				}
				for (int i = 0; i < objects; i++)
					keep[i] = block[i][blockPos];
				blockPos++;
				break;
			default:
				throw new IllegalStateException(String.valueOf(scheme));
		}
	}

	private void fillBlock() {
		int kept = (int) Math.round(p * BALANCED_BLOCK);
		for (int i = 0; i < objects; i++) {
			boolean[] col = block[i];
			for (int k = 0; k < BALANCED_BLOCK; k++)
				col[k] = k < kept;
			for (int k = BALANCED_BLOCK - 1; k > 0; k--) { // Fisher-Yates
				int j = random.nextInt(k + 1);
				boolean t = col[k];
				col[k] = col[j];
				col[j] = t;
			}
		}
	}
}
