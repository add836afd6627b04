package io.github.ablationca.run;

import io.github.ablationca.engine.Explanation;

/**
 * The outcome for one plane of the input: an explanation, or the reason it failed.
 *
 * @param slice 1-based stack index of the plane in the input image
 * @param position "slice 3", "c1 z2 t1" or "" for a single image
 * @param explanation null when the plane failed
 * @param error why the plane failed, null when it succeeded
 */
public record SliceResult(int slice, String position, Explanation explanation, String error) {

	public boolean failed() {
		return explanation == null;
	}
}
