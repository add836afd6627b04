package io.github.ablationca.bench;

import java.nio.file.Path;

import io.github.ablationca.segment.LabelImage;
import io.github.ablationca.segment.Slic;
import io.github.ablationca.segment.SlicTestImages;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.type.numeric.ARGBType;

/**
 * The actual SLIC segment count on every shared photo for requests 10..400 (default compactness 10, 10
 * iterations, sigma 1), with and without count control, and the largest relative deviation from the request
 * (capped at pixels/4). "natural" = count control off (tolerance 0.99): grid seeding and connectivity only.
 * <p>
 * Run: {@code mvn -q -B test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.github.ablationca.bench.SlicCountBench}
 */
public final class SlicCountBench {

	private static final int[] REQUESTS = {10, 20, 30, 40, 50, 75, 100, 150, 200, 300, 400};

	public static void main(String[] args) {
		StringBuilder header = new StringBuilder(String.format("%-22s", "image (default / natural)"));
		for (int r : REQUESTS)
			header.append(String.format("%10d", r));
		System.out.println(header);
		double worstDefault = 0, worstNatural = 0;
		for (Path file : SlicTestImages.allPhotos()) {
			ArrayImg<ARGBType, IntArray> img = SlicTestImages.load(file);
			StringBuilder row = new StringBuilder(String.format("%-22s", file.getFileName()));
			for (int request : REQUESTS) {
				Slic slic = new Slic(request, 10, 10, 1);
				int expected = slic.effectiveSegments(img.size());
				LabelImage controlled = slic.segment(img);
				LabelImage natural = slic.withCountTolerance(0.99).segment(img);
				worstDefault = Math.max(worstDefault, Math.abs(controlled.count() / (double) expected - 1));
				worstNatural = Math.max(worstNatural, Math.abs(natural.count() / (double) expected - 1));
				row.append(String.format("%10s", controlled.count() + "/" + natural.count()));
			}
			System.out.println(row);
		}
		System.out.printf("largest deviation from min(request, pixels/4): default %.1f%%, natural %.1f%%%n", 100 *
			worstDefault, 100 * worstNatural);
	}
}
