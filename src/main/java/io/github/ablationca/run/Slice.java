package io.github.ablationca.run;

import io.github.ablationca.image.RgbImage;

import java.util.function.Supplier;

/**
 * One plane of an input to explain: a whole image, or one slice (channel, z, time point) of a stack. Its pixels
 * are read only when the run reaches it, so a stack of many planes is never held as RGB at once; a plane that cannot
 * be read ({@code pixels} throws {@link IllegalArgumentException}) fails alone.
 *
 * @param index 1-based stack index (1 for a single image)
 * @param position "" for a single image, "slice 3", or "c1 z2 t1" in a hyperstack
 * @param pixels the plane as the RGB a viewer shows
 */
public record Slice(int index, String position, Supplier<RgbImage> pixels) {

	/** A single image. */
	public static Slice of(RgbImage image) {
		return new Slice(1, "", () -> image);
	}
}
