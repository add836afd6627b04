package io.github.ablationca.attribution;

import io.github.ablationca.classifier.Classifier;
import io.github.ablationca.engine.CanceledException;
import io.github.ablationca.engine.ProgressListener;

import java.util.function.BooleanSupplier;

/**
 * The batching every attribution method and metric shares: samples are rendered one by one into a reused buffer of
 * {@code batchSize} model-sized images, the classifier is called once per full (or final) batch, and each sample's
 * target-class probability is handed back in sample order. Cancel is polled before every batch; progress is
 * reported after every batch.
 * <p>
 * Samples are always rendered in the order 0, 1, 2, ..., so a caller that draws random numbers while rendering
 * gets the same draws, and the same result, for any batch size.
 *
 * <pre>{@code
 * BatchScorer scorer = new BatchScorer(request);
 * scorer.run(n, (i, slot, buf, off) -> render(i, buf, off), (i, slot, p) -> scores[i] = p, "RISE masks", 0, 1);
 * }</pre>
 */
public final class BatchScorer {

	/** Renders sample {@code sample} (batch slot {@code slot}) into {@code buffer} at float offset {@code offset}. */
	@FunctionalInterface
	public interface Filler {
		void fill(int sample, int slot, float[] buffer, int offset);
	}

	/** Receives the target probability of sample {@code sample}, rendered in batch slot {@code slot}. */
	@FunctionalInterface
	public interface Sink {
		void accept(int sample, int slot, float score);
	}

	private final Classifier classifier;
	private final int target;
	private final int batchSize;
	private final ProgressListener progress;
	private final BooleanSupplier canceled;
	private float[] buffer;
	private long calls;

	public BatchScorer(Classifier classifier, int target, int batchSize, ProgressListener progress,
		BooleanSupplier canceled)
	{
		if (batchSize < 1)
			throw new IllegalArgumentException("Batch size must be at least 1 (got " + batchSize + "); try 32.");
		this.classifier = classifier;
		this.target = target;
		this.batchSize = batchSize;
		this.progress = progress == null ? ProgressListener.NONE : progress;
		this.canceled = canceled == null ? () -> false : canceled;
	}

	public BatchScorer(AttributionRequest r) {
		this(r.classifier(), r.target(), r.batchSize(), r.progress(), r.canceled());
	}

	public int batchSize() {
		return batchSize;
	}

	/** Images sent to the classifier so far. */
	public long calls() {
		return calls;
	}

	/** Throws {@link CanceledException} if the cancel hook says so. */
	public void checkCanceled() {
		if (canceled.getAsBoolean()) throw new CanceledException();
	}

	/**
	 * Scores {@code total} samples.
	 *
	 * @param what progress message prefix, e.g. "RISE masks"
	 * @param progressFrom overall progress fraction at the start of this run
	 * @param progressTo overall progress fraction when all samples are scored
	 */
	public void run(int total, Filler fill, Sink sink, String what, double progressFrom, double progressTo) {
		int imageSize = classifier.imageSize();
		int slots = Math.max(1, Math.min(batchSize, total));
		if (buffer == null || buffer.length < slots * imageSize) buffer = new float[slots * imageSize];
		for (int start = 0; start < total; start += slots) {
			checkCanceled();
			int n = Math.min(slots, total - start);
			for (int s = 0; s < n; s++)
				fill.fill(start + s, s, buffer, s * imageSize);
			float[][] probs = classifier.predict(buffer, n);
			calls += n;
			for (int s = 0; s < n; s++)
				sink.accept(start + s, s, probs[s][target]);
			int done = start + n;
			progress.progress(progressFrom + (progressTo - progressFrom) * done / total, what + " " + done + "/" +
				total);
		}
	}

	/** The target probability of one model-space image (one model call). */
	public float score(float[] image) {
		float[] out = new float[1];
		run(1, (i, s, buf, off) -> System.arraycopy(image, 0, buf, off, image.length), (i, s, p) -> out[0] = p,
			"unperturbed image", 0, 0);
		return out[0];
	}
}
