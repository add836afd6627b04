package io.github.ablationca.bench;

import java.nio.file.Path;

import io.github.ablationca.segment.LabelImage;
import io.github.ablationca.segment.Slic;
import io.github.ablationca.segment.SlicTestImages;

public class SlicCountExplore {
	public static void main(String[] args) {
		int[] req = {10, 20, 30, 40, 50, 75, 100, 150, 200, 300, 400};
		double tol = args.length > 0 ? Double.parseDouble(args[0]) : 0.1;
		double worst = 0;
		long t0 = System.nanoTime();
		for (Path p : SlicTestImages.allPhotos()) {
			var img = SlicTestImages.load(p);
			StringBuilder sb = new StringBuilder(p.getFileName().toString());
			for (int r : req) {
				Slic s = new Slic(r, 10, 10, 1).withCountTolerance(tol);
				LabelImage l = s.segment(img);
				int k = s.effectiveSegments(l.width() * (long) l.height());
				double dev = (double) l.count() / k - 1;
				worst = Math.max(worst, Math.abs(dev));
				sb.append(' ').append(l.count());
			}
			System.out.println(sb);
		}
		System.out.println("worst " + worst + " time " + (System.nanoTime() - t0) / 1e9);
	}
}
