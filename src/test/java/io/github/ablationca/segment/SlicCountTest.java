package io.github.ablationca.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.type.numeric.ARGBType;

/**
 * SLIC's segment count over every shared photo and request (about 10 s): apart from {@link SlicTest} so that
 * mutation testing, which reruns a mutant's covering tests, can leave this sweep out (docs/mutation-testing.md).
 */
class SlicCountTest {

	private static final int[] REQUESTS = {10, 20, 30, 40, 50, 75, 100, 150, 200, 300, 400};

	/** ImageNet photos swept over every request: square-ish, tall (529x929) and wide (741x500). */
	private static final List<String> FULL_SWEEP = List.of("chelsea.png", "parrot.jpg", "motorcycle_left.png");

	/**
	 * The claim: the count lies within ±25% of the request for requests 10..400, capped at pixels/4 (on the
	 * shared images only the 32x32 CIFAR images at 300 and 400 are capped, to 256). Every request on all 30 CIFAR
	 * images, dog.png and three ImageNet photos of different aspect; the extremes and the default (10, 40, 400) on
	 * all 12 ImageNet photos ({@code SlicCountBench} prints the complete table). Every count is held to the
	 * documented ±10% band (the count control's own bound, stricter than the claim), and every result is checked for
	 * clean segments.
	 */
	@Test
	void countStaysNearTheRequestOnTheSharedImages() {
		for (Path file : SlicTestImages.allPhotos()) {
			String name = file.getFileName().toString();
			boolean full = !file.getParent().getFileName().toString().equals("imagenet") || FULL_SWEEP.contains(name);
			ArrayImg<ARGBType, IntArray> img = SlicTestImages.load(file);
			long pixels = img.size();
			for (int request : full ? REQUESTS : new int[] {10, 40, 400}) {
				Slic slic = new Slic(request, 10, 10, 1);
				LabelImage labels = slic.segment(img);
				int expected = (int) Math.min(request, pixels / 4);
				assertEquals(expected, slic.effectiveSegments(pixels));
				int count = labels.count();
				assertTrue(count >= Math.ceil(0.9 * expected) && count <= Math.floor(1.1 * expected), name + " request " +
					request + ": " + count + " outside the ±10% band");
				SlicTest.assertClean(labels, (int) Math.floor(Slic.DEFAULT_MIN_SIZE_FACTOR * pixels / expected), name +
					" request " + request);
			}
		}
	}

}
