package io.github.ablationca.engine;

import java.util.Arrays;

/**
 * The Monte Carlo samples of one run in compact form: one bit per object and sample (kept = 1) and one score per
 * sample. Memory is {@code M * ceil(n / 64)} longs plus {@code M} doubles; no image is ever stored.
 *
 * <pre>{@code
 * SampleMatrix samples = new SampleMatrix(objects, 500);
 * samples.add(keep, score);            // once per model call
 * CorrelationMeasure.Result r = CorrelationMeasure.PEARSON.measure(samples);
 * }</pre>
 */
public final class SampleMatrix {

	private final int objects;
	private final int words;
	private final int clusterSize;
	private long[] bits;
	private double[] scores;
	private int size;

	/** An empty matrix for {@code objects} objects; {@code capacity} is a hint and grows as needed. */
	public SampleMatrix(int objects, int capacity) {
		this(objects, capacity, 1);
	}

	/**
	 * As {@link #SampleMatrix(int, int)} for masks that are not independent but come in clusters of
	 * {@code clusterSize} consecutive samples (2 for {@link SamplingScheme#ANTITHETIC}); measures then treat a cluster
	 * as one unit in their tests.
	 */
	public SampleMatrix(int objects, int capacity, int clusterSize) {
		if (objects < 1) throw new IllegalArgumentException("need at least one object, got " + objects);
		if (clusterSize < 1) throw new IllegalArgumentException("cluster size must be at least 1, got " + clusterSize);
		this.clusterSize = clusterSize;
		this.objects = objects;
		this.words = (objects + 63) >>> 6;
		int cap = Math.max(1, capacity);
		bits = new long[cap * words];
		scores = new double[cap];
	}

	/** Appends one sample: {@code keep[i]} = object i was visible, {@code score} = the analysed score. */
	public void add(boolean[] keep, double score) {
		if (keep.length < objects)
			throw new IllegalArgumentException("mask has " + keep.length + " entries, expected " + objects);
		if (size == scores.length) {
			int cap = Math.max(2 * size, 16);
			scores = Arrays.copyOf(scores, cap);
			bits = Arrays.copyOf(bits, cap * words);
		}
		int base = size * words;
		for (int i = 0; i < objects; i++)
			if (keep[i]) bits[base + (i >>> 6)] |= 1L << (i & 63);
		scores[size++] = score;
	}

	public int objects() {
		return objects;
	}

	/** Consecutive samples that were drawn together (1 = independent samples). */
	public int clusterSize() {
		return clusterSize;
	}

	/** The cluster size that masks of {@code scheme} come in. */
	public static int clusterSize(SamplingScheme scheme) {
		return scheme == SamplingScheme.ANTITHETIC ? 2 : 1;
	}

	/** Number of samples. */
	public int size() {
		return size;
	}

	public boolean kept(int sample, int object) {
		return (bits[sample * words + (object >>> 6)] >>> (object & 63) & 1L) != 0;
	}

	public double score(int sample) {
		return scores[sample];
	}

	/** A copy of the scores. */
	public double[] scores() {
		return Arrays.copyOf(scores, size);
	}

	/** Fills {@code s[0..n)} with the sample's signs: +1 kept, -1 ablated. */
	public void signs(int sample, double[] s) {
		int base = sample * words;
		for (int i = 0; i < objects; i++)
			s[i] = (bits[base + (i >>> 6)] >>> (i & 63) & 1L) != 0 ? 1 : -1;
	}

	/**
	 * The masks column by column: {@code columns[i]} holds bit {@code k} (word {@code k >>> 6}) set iff object
	 * {@code i} was kept in sample {@code k}; unused high bits of the last word are 0. Lets measures count joint states
	 * of 2 or 3 objects with XOR and {@link Long#bitCount}.
	 */
	public long[][] columns() {
		int sampleWords = (size + 63) >>> 6;
		long[][] cols = new long[objects][sampleWords];
		for (int k = 0; k < size; k++) {
			int base = k * words;
			for (int i = 0; i < objects; i++)
				if ((bits[base + (i >>> 6)] >>> (i & 63) & 1L) != 0) cols[i][k >>> 6] |= 1L << (k & 63);
		}
		return cols;
	}

	/** The same masks with other scores (e.g. their ranks); {@code newScores.length == size()}. */
	public SampleMatrix withScores(double[] newScores) {
		if (newScores.length != size)
			throw new IllegalArgumentException(newScores.length + " scores for " + size + " samples");
		SampleMatrix m = new SampleMatrix(objects, 1, clusterSize);
		m.bits = Arrays.copyOf(bits, size * words);
		m.scores = newScores.clone();
		m.size = size;
		return m;
	}
}
