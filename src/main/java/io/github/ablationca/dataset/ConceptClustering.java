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
 * With a given k, one k-means++ clustering into k concepts. Otherwise k is chosen by silhouette, divisively
 * (bisecting k-means): starting from one cluster, the cluster whose k-means++ split into two has the largest
 * silhouette (Rousseeuw 1987) is split, as long as that silhouette is at least {@value #SPLIT_SILHOUETTE} and both
 * halves hold at least {@value #MIN_SHARE_PERCENT}% of the objects (and 3), up to {@value #MAX_K} concepts. A
 * plain silhouette over k = 2..12 would stop at the first, coarsest split of the data (objects the model responds to
 * against the background), which hides the concepts inside each side; the divisive rule finds them. To keep the
 * silhouettes affordable, each is computed on a seeded sample of at most {@value #SAMPLE} objects of the cluster.
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
	/** The smallest share of the class's objects in each half of a split, percent. */
	public static final int MIN_SHARE_PERCENT = 2;
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
	public record Result(int k, int[] concept, double[] distance, List<Double> splits, String chosenBy) {}

	private record Point(double[] point, int index) implements Clusterable {
		@Override
		public double[] getPoint() {
			return point;
		}
	}

	/** A candidate split of a cluster and its silhouette. */
	private record Split(List<Point> cluster, List<Point> a, List<Point> b, double silhouette) {}

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
			int minSize = Math.max(3, (int) Math.ceil(n * MIN_SHARE_PERCENT / 100.0));
			clusters.add(points);
			List<Split> candidates = new ArrayList<>();
			candidates.add(split(points, minSize, seed));
			while (clusters.size() < MAX_K) {
				Split best = null;
				for (Split s : candidates)
					if (s != null && (best == null || s.silhouette() > best.silhouette())) best = s;
				if (best == null || best.silhouette() < SPLIT_SILHOUETTE) break;
				clusters.remove(best.cluster());
				candidates.remove(best);
				clusters.add(best.a());
				clusters.add(best.b());
				candidates.add(split(best.a(), minSize, seed));
				candidates.add(split(best.b(), minSize, seed));
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

	/** The k-means++ split of {@code cluster} in two, or null when it is too small or a half would be. */
	private static Split split(List<Point> cluster, int minSize, long seed) {
		if (cluster.size() < 2 * minSize) return null;
		List<CentroidCluster<Point>> two = kMeans(cluster, 2, seed);
		if (two.size() < 2) return null;
		List<Point> a = two.get(0).getPoints(), b = two.get(1).getPoints();
		if (a.size() < minSize || b.size() < minSize) return null;
		// the silhouette on a sample of each half, in proportion
		List<Point> sa = sample(a, (int) ((long) SAMPLE * a.size() / cluster.size()) + 1, seed);
		List<Point> sb = sample(b, (int) ((long) SAMPLE * b.size() / cluster.size()) + 1, seed + 1);
		return new Split(cluster, a, b, silhouette(sa, sb));
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
	 * The mean silhouette of two clusters: per point (b - a) / max(a, b), with a its mean distance to the other
	 * points of its cluster and b its mean distance to the other cluster's points; 0 for a point alone in its
	 * cluster.
	 */
	static double silhouette(List<Point> first, List<Point> second) {
		List<Point> all = new ArrayList<>(first);
		all.addAll(second);
		int n = all.size(), na = first.size();
		if (na == 0 || na == n) return 0;
		double total = 0;
		double[][] d = new double[n][];
		for (int i = 0; i < n; i++) {
			d[i] = new double[i];
			for (int j = 0; j < i; j++)
				d[i][j] = distance(all.get(i).point(), all.get(j).point());
		}
		for (int i = 0; i < n; i++) {
			boolean inFirst = i < na;
			double own = 0, other = 0;
			for (int j = 0; j < n; j++) {
				if (j == i) continue;
				double dij = j < i ? d[i][j] : d[j][i];
				if ((j < na) == inFirst) own += dij;
				else other += dij;
			}
			int ownSize = inFirst ? na : n - na, otherSize = n - ownSize;
			if (ownSize < 2) continue;
			double a = own / (ownSize - 1), b = other / otherSize, m = Math.max(a, b);
			total += m > 0 ? (b - a) / m : 0;
		}
		return total / n;
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
