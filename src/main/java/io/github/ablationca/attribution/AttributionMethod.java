package io.github.ablationca.attribution;

/**
 * A method that explains one decision of a classifier with a heatmap at the input image's resolution. All
 * attribution methods share the request format (image, classifier, target, seed, batch size, progress and cancel hooks), the
 * batching (a reused buffer of {@code batchSize} images, one {@code Classifier.predict} per batch) and the output.
 * <p>
 * The same seed gives the same heatmap, whatever the batch size.
 *
 * <pre>{@code
 * AttributionMethod rise = new Rise();
 * Attribution h = rise.explain(AttributionRequest.of(image, classifier, target).withSeed(7).withBatchSize(32));
 * }</pre>
 */
public interface AttributionMethod {

	/** Short lower-case name, as used on the command line: {@code occlusion}, {@code lime}, {@code rise}, ... */
	String name();

	/**
	 * Explains why {@code request.classifier()} gives {@code request.target()} for {@code request.image()}.
	 *
	 * @throws IllegalArgumentException for bad input, with a message that names the problem and the fix
	 * @throws io.github.ablationca.engine.CanceledException when the request's cancel hook says so (checked
	 *         between model batches)
	 */
	Attribution explain(AttributionRequest request);
}
