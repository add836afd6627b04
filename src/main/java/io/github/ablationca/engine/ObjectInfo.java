package io.github.ablationca.engine;

/**
 * One object (superpixel) of an explanation.
 *
 * @param index 0-based object index (the value in the label image)
 * @param area pixels
 * @param centroidX centroid x, pixels, in the input image
 * @param centroidY centroid y, pixels, in the input image
 * @param contribution the paper's sensitivity: score(image) - score(image with this object ablated), on the
 *        result's {@link Explanation#scoreScale()}
 * @param mainEffect the Monte Carlo main effect (Banzhaf value): mean score with the object kept minus mean score
 *        with it ablated, over random contexts; does not miss objects that are redundant with others
 * @param rank 1 = the largest contribution
 */
public record ObjectInfo(int index, int area, double centroidX, double centroidY, double contribution,
	double mainEffect, int rank)
{
	/** The id users see: {@code index + 1}. */
	public int id() {
		return index + 1;
	}
}
