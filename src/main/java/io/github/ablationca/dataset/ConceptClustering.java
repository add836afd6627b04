package io.github.ablationca.dataset;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

import org.apache.commons.math3.ml.clustering.CentroidCluster;
import org.apache.commons.math3.ml.clustering.Clusterable;
import org.apache.commons.math3.ml.clustering.KMeansPlusPlusClusterer;
import org.apache.commons.math3.ml.distance.EuclideanDistance;
import org.apache.commons.math3.random.JDKRandomGenerator;

/**
 * Clusters the descriptors of one class's objects into concepts with k-means++ (Commons Math's
 * {@link KMeansPlusPlusClusterer}, seeded), on descriptors scaled to unit length (so concepts group objects by which
 * features they excite, not by how strongly).
 * <p>
 * With a given k, one k-means++ clustering into k concepts. Otherwise k is chosen by silhouette (Rousseeuw 1987),
 * top-down: a cluster is split into the number of parts (2 to {@value #MAX_K}) whose k-means++ clustering has the
 * largest silhouette; starting from all objects, the cluster with the best such split is split, as long as that
 * silhouette is at least {@value #SPLIT_SILHOUETTE} and every part holds at least {@value #MIN_SHARE_PERCENT}% of the
 * objects (and {@value #MIN_PART}), up to {@value #MAX_K} concepts. The first step is the plain silhouette choice over k = 2..12;
 * the later steps find concepts inside its clusters, which a single silhouette choice misses when the coarsest split
 * (objects the model responds to against the background) dominates. To keep the silhouettes affordable, each is
 * computed on a seeded sample of at most {@value #SAMPLE} objects of the cluster.
 * Deterministic for a seed.
 * <pre>{@code
 * ConceptClustering.Result r = ConceptClustering.cluster(descriptors, 0, 1);
 * int conceptOfFirst = r.concept()[0];        // 1-based
 * }</pre>
 */
public final class ConceptClustering {

	/** The most concepts the silhouette rule makes. */
	public static final int MAX_K = 12;
	/** The smallest silhouette of a split that is made. */
	public static final double SPLIT_SILHOUETTE = 0.35;
	/** The smallest share of the class's objects in each part of a split, percent. */
	public static final int MIN_SHARE_PERCENT = 2;
	/** The fewest objects in each part of a split. */
	public static final int MIN_PART = 5;
	/** The most objects a silhouette looks at. */
	public static final int SAMPLE = 1500;
	private static final int MAX_ITERATIONS = 100;

	private ConceptClustering() {}

	/**
	 * The clustering.
	 *
	 * @param k concepts
	 * @param concept per object its concept, 1..k, numbered by size (1 = most objects)
	 * @param distance per object its distance to its concept's centre (unit-length descriptors)
	 * @param splits the silhouettes of the splits made, in order (empty with a given k)
	 * @param chosenBy how k was set: "given" or "silhouette"
	 */
	public record Result(int k, int[] concept, double[] distance, List<Double> splits, String chosenBy)
		implements java.io.Serializable
	{}

	private record Point(double[] point, int index) implements Clusterable {
		@Override
		public double[] getPoint() {
			return point;
		}
	}

	/** A candidate split of a cluster into parts, and its silhouette. */
	private record Split(List<Point> cluster, List<List<Point>> parts, double silhouette) {}

	/**
	 * Clusters {@code descriptors} (one row per object, all of one length).
	 *
	 * @param k concepts wanted; 0 = chosen by silhouette
	 * @param seed seed of k-means++ and of the samples
	 * @throws IllegalArgumentException for fewer than 2 objects, or a {@code k} above the object count
	 */
	public static Result cluster(List<float[]> descriptors, int k, long seed) {
		int n = descriptors.size();
		if (n < 2) throw new IllegalArgumentException("Only " + n + " object" + (n == 1 ? "" : "s") + " to cluster; " +
			"concepts need at least 2.");
		if (k > n) throw new IllegalArgumentException(k + " concepts asked for, but the class has only " + n +
			" objects. Fix: ask for fewer concepts (concepts " + Math.max(2, n / 4) + ") or 0 to choose by silhouette.");
		List<Point> points = new ArrayList<>(n);
		for (int i = 0; i < n; i++)
			points.add(new Point(unit(descriptors.get(i)), i));
		List<List<Point>> clusters = new ArrayList<>();
		List<Double> splits = new ArrayList<>();
		String chosenBy;
		if (k > 0) {
			chosenBy = "given";
			for (CentroidCluster<Point> c : kMeans(points, k, seed))
				clusters.add(c.getPoints());
		}
		else {
			chosenBy = "silhouette";
			int minSize = Math.max(MIN_PART, (int) Math.ceil(n * MIN_SHARE_PERCENT / 100.0));
			clusters.add(points);
			List<Split> candidates = new ArrayList<>();
			candidates.add(split(points, minSize, MAX_K, seed));
			while (clusters.size() < MAX_K) {
				Split best = null;
				for (Split c : candidates)
					if (c != null && c.parts().size() <= MAX_K - clusters.size() + 1 && (best == null ||
						c.silhouette() > best.silhouette())) best = c;
				if (best == null || best.silhouette() < SPLIT_SILHOUETTE) break;
				clusters.remove(best.cluster());
				candidates.remove(best);
				for (List<Point> part : best.parts()) {
					clusters.add(part);
					candidates.add(split(part, minSize, MAX_K, seed));
				}
				splits.add(best.silhouette());
			}
		}
		clusters.removeIf(List::isEmpty);
		clusters.sort((a, b) -> Integer.compare(b.size(), a.size()));
		int[] concept = new int[n];
		double[] distance = new double[n];
		for (int c = 0; c < clusters.size(); c++) {
			double[] centre = centre(clusters.get(c));
			for (Point p : clusters.get(c)) {
				concept[p.index()] = c + 1;
				distance[p.index()] = distance(centre, p.point());
			}
		}
		return new Result(clusters.size(), concept, distance, List.copyOf(splits), chosenBy);
	}

	private static double[] unit(float[] d) {
		double[] p = new double[d.length];
		double norm = 0;
		for (int j = 0; j < d.length; j++) {
			p[j] = d[j];
			norm += p[j] * p[j];
		}
		if (norm > 0) {
			double s = 1 / Math.sqrt(norm);
			for (int j = 0; j < d.length; j++)
				p[j] *= s;
		}
		return p;
	}

	/**
	 * The best split of {@code cluster}: into the number of parts (2 to {@code maxParts}) whose k-means++ clustering
	 * of a sample has the largest silhouette, each part holding at least {@code minSize} objects; applied to the whole
	 * cluster. Null when the cluster is too small.
	 */
	private static Split split(List<Point> cluster, int minSize, int maxParts, long seed) {
		if (cluster.size() < 2 * minSize) return null;
		List<Point> sample = sample(cluster, SAMPLE, seed);
		double scale = (double) sample.size() / cluster.size();
		float[] d = distances(sample);
		int bestK = 0;
		double best = Double.NEGATIVE_INFINITY;
		List<CentroidCluster<Point>> bestSampleClusters = null;
		for (int k = 2; k <= Math.min(maxParts, cluster.size() / minSize); k++) {
			List<CentroidCluster<Point>> c = kMeans(sample, k, seed);
			boolean small = c.size() < k;
			for (CentroidCluster<Point> part : c)
				small |= part.getPoints().size() < minSize * scale;
			if (small) continue;
			double s = silhouette(sample, c, d);
			if (s > best + 1e-12) {
				best = s;
				bestK = k;
				bestSampleClusters = c;
			}
		}
		if (bestK == 0) return null;
		List<CentroidCluster<Point>> parts = sample.size() == cluster.size() ? bestSampleClusters
			: kMeans(cluster, bestK, seed);
		List<List<Point>> out = new ArrayList<>();
		for (CentroidCluster<Point> part : parts) {
			if (part.getPoints().size() < minSize) return null;
			out.add(part.getPoints());
		}
		return new Split(cluster, out, best);
	}

	private static List<CentroidCluster<Point>> kMeans(List<Point> points, int k, long seed) {
		JDKRandomGenerator random = new JDKRandomGenerator();
		random.setSeed(seed);
		KMeansPlusPlusClusterer<Point> clusterer = new KMeansPlusPlusClusterer<>(k, MAX_ITERATIONS,
			new EuclideanDistance(), random, KMeansPlusPlusClusterer.EmptyClusterStrategy.FARTHEST_POINT);
		return new ArrayList<>(clusterer.cluster(points));
	}

	private static List<Point> sample(List<Point> points, int max, long seed) {
		if (points.size() <= max) return points;
		List<Point> copy = new ArrayList<>(points);
		SplittableRandom r = new SplittableRandom(seed);
		for (int i = 0; i < max; i++)
			Collections.swap(copy, i, i + r.nextInt(copy.size() - i));
		return new ArrayList<>(copy.subList(0, max));
	}

	/**
	 * The mean silhouette of a clustering of {@code points}: per point (b - a) / max(a, b), with a its mean distance to
	 * the other points of its cluster and b the smallest mean distance to another cluster's points; 0 for a point
	 * alone in its cluster (Rousseeuw 1987). {@code d}: all pairwise distances, row-major.
	 */
	static double silhouette(List<Point> points, List<CentroidCluster<Point>> clusters, float[] d) {
		int n = points.size(), k = clusters.size();
		if (k < 2) return 0;
		java.util.Map<Point, Integer> position = new java.util.IdentityHashMap<>();
		for (int i = 0; i < n; i++)
			position.put(points.get(i), i);
		int[] label = new int[n], size = new int[k];
		for (int c = 0; c < k; c++)
			for (Point p : clusters.get(c).getPoints()) {
				label[position.get(p)] = c;
				size[c]++;
			}
		double total = 0;
		double[] sum = new double[k];
		for (int i = 0; i < n; i++) {
			java.util.Arrays.fill(sum, 0);
			for (int j = 0, row = i * n; j < n; j++)
				if (j != i) sum[label[j]] += d[row + j];
			int own = label[i];
			if (size[own] < 2) continue;
			double a = sum[own] / (size[own] - 1), b = Double.POSITIVE_INFINITY;
			for (int c = 0; c < k; c++)
				if (c != own && size[c] > 0) b = Math.min(b, sum[c] / size[c]);
			double m = Math.max(a, b);
			total += m > 0 ? (b - a) / m : 0;
		}
		return total / n;
	}

	/** All pairwise distances of {@code points}, row-major {@code n x n}. */
	private static float[] distances(List<Point> points) {
		int n = points.size();
		float[] d = new float[n * n];
		for (int i = 0; i < n; i++)
			for (int j = i + 1; j < n; j++)
				d[i * n + j] = d[j * n + i] = (float) distance(points.get(i).point(), points.get(j).point());
		return d;
	}

	private static double[] centre(List<Point> points) {
		double[] c = new double[points.get(0).point().length];
		for (Point p : points)
			for (int j = 0; j < c.length; j++)
				c[j] += p.point()[j];
		for (int j = 0; j < c.length; j++)
			c[j] /= points.size();
		return c;
	}

	private static double distance(double[] a, double[] b) {
		double s = 0;
		for (int i = 0; i < a.length; i++) {
			double d = a[i] - b[i];
			s += d * d;
		}
		return Math.sqrt(s);
	}
}
