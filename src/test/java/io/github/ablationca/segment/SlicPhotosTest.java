package io.github.ablationca.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.ablationca.TestData;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.view.Views;

/**
 * SLIC on the shared photos: the segment count over every photo and request (about 10 s), exact counts, bit
 * depths, threads and compactness on real images. Apart from {@link SlicTest} and {@link SlicKnownAnswerTest}
 * (synthetic images) so that mutation testing, which reruns a mutant's covering tests, can leave these out
 * (docs/mutation-testing.md).
 */
class SlicPhotosTest {

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


	@Test
	void zeroToleranceGivesExactlyTheRequestedCount() {
		for (String name : new String[] {"imagenet/chelsea.png", "masks/dog.png", "cifar10/frog_0001.jpg"}) {
			ArrayImg<ARGBType, IntArray> img = SlicTestImages.load(TestData.image(name));
			for (int request : new int[] {10, 40, 200}) {
				LabelImage labels = new Slic(request, 10, 10, 1).withCountTolerance(0).segment(img);
				assertEquals(request, labels.count(), name + " request " + request);
				SlicTest.assertClean(labels, (int) (0.25 * img.size() / request), name);
			}
		}
	}

	/**
	 * Intensity is normalised to the image's own range, so 8-bit values u, the 16-bit values 257u and the 32-bit
	 * values u/256 + 1000 (all exact) give identical labels; so does the signed 16-bit type read through the
	 * generic (cursor) path.
	 */
	@Test
	void greyImagesSegmentAlikeAtEveryBitDepth() {
		ArrayImg<ARGBType, IntArray> rgb = SlicTestImages.load(TestData.image("imagenet/coffee.png"));
		int w = (int) rgb.dimension(0), h = (int) rgb.dimension(1);
		int[] argb = rgb.update(null).getCurrentStorageArray();
		byte[] u8 = new byte[w * h];
		short[] u16 = new short[w * h], s16 = new short[w * h];
		float[] f32 = new float[w * h];
		for (int i = 0; i < argb.length; i++) {
			int v = argb[i];
			int u = (int) Math.round(0.299 * (v >> 16 & 0xff) + 0.587 * (v >> 8 & 0xff) + 0.114 * (v & 0xff));
			u8[i] = (byte) u;
			u16[i] = (short) (u * 257);
			s16[i] = (short) (u * 100 - 12000);
			f32[i] = u / 256f + 1000f;
		}
		Slic slic = new Slic(75, 10, 10, 1);
		LabelImage a = slic.segment(ArrayImgs.unsignedBytes(u8, w, h));
		SlicTest.assertClean(a, (int) (0.25 * w * h / 75), "8-bit");
		assertTrue(Math.abs(a.count() - 75) <= 0.1 * 75, "count " + a.count());
		assertArrayEquals(a.labels(), slic.segment(ArrayImgs.unsignedShorts(u16, w, h)).labels(), "16-bit");
		assertArrayEquals(a.labels(), slic.segment(ArrayImgs.floats(f32, w, h)).labels(), "32-bit");
		assertArrayEquals(a.labels(), slic.segment(ArrayImgs.shorts(s16, w, h)).labels(), "signed 16-bit");
		// A translated view takes the generic path for RGB too: same labels.
		Slic colour = new Slic(40, 10, 10, 1);
		assertArrayEquals(colour.segment(rgb).labels(), colour.segment(Views.translate(rgb, 17, -5)).labels());
	}

	@Test
	void labelsAreIdenticalForAnyThreadCountAndRun() {
		ArrayImg<ARGBType, IntArray> img = SlicTestImages.load(TestData.image("imagenet/chelsea.png"));
		int[] before = img.update(null).getCurrentStorageArray().clone();
		for (int request : new int[] {40, 200}) {
			LabelImage one = new Slic(request, 10, 10, 1).withThreads(1).segment(img);
			LabelImage two = new Slic(request, 10, 10, 1).withThreads(2).segment(img);
			LabelImage three = new Slic(request, 10, 10, 1).withThreads(3).segment(img);
			LabelImage again = new Slic(request, 10, 10, 1).withThreads(2).segment(img);
			assertArrayEquals(one.labels(), two.labels(), "1 vs 2 threads");
			assertArrayEquals(one.labels(), three.labels(), "1 vs 3 threads");
			assertArrayEquals(two.labels(), again.labels(), "second run");
			assertEquals(one.count(), two.count());
		}
		assertArrayEquals(before, img.update(null).getCurrentStorageArray(), "the user's image must not change");
		// grayscale with missing pixels takes other code paths (masked assignment, normalised smoothing)
		float[] grey = new float[300 * 200];
		for (int i = 0; i < grey.length; i++)
			grey[i] = i % 53 == 0 || (i / 300 > 50 && i / 300 < 90 && i % 300 < 70) ? Float.NaN : (float) Math.sin(i *
				0.013) * (i % 300);
		Slic slic = new Slic(60, 10, 10, 1.5);
		assertArrayEquals(slic.withThreads(1).segment(ArrayImgs.floats(grey, 300, 200)).labels(), slic.withThreads(2)
			.segment(ArrayImgs.floats(grey, 300, 200)).labels(), "grey with NaN, 1 vs 2 threads");
	}

	/** Compactness weighs space against colour: at 100 the segments have far shorter boundaries than at 1. */
	@Test
	void higherCompactnessGivesMoreCompactSegments() {
		ArrayImg<ARGBType, IntArray> img = SlicTestImages.load(TestData.image("imagenet/astronaut.png"));
		long loose = boundaryLength(new Slic(100, 1, 10, 1).segment(img));
		long compact = boundaryLength(new Slic(100, 100, 10, 1).segment(img));
		assertTrue(compact < 0.7 * loose, "boundary at compactness 100: " + compact + ", at 1: " + loose);
	}

	private static long boundaryLength(LabelImage labels) {
		long n = 0;
		for (int y = 0; y < labels.height(); y++)
			for (int x = 0; x < labels.width(); x++) {
				if (x + 1 < labels.width() && labels.get(x, y) != labels.get(x + 1, y)) n++;
				if (y + 1 < labels.height() && labels.get(x, y) != labels.get(x, y + 1)) n++;
			}
		return n;
	}
}
