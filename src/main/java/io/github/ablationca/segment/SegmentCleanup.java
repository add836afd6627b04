package io.github.ablationca.segment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns raw SLIC cluster labels into clean segments, single-threaded and deterministic:
 * <ol>
 * <li>every 4-connected component of a label becomes a region of its own (no disconnected fragments); missing
 * (non-finite) pixels connect only to missing ones;</li>
 * <li>regions smaller than {@code minSize} are merged, smallest first, into the adjacent region with the closest
 * mean feature (colour) value; while there are more than {@code maxCount} regions, the smallest ones are merged
 * the same way;</li>
 * <li>while there are fewer than {@code minCount} regions, the largest ones are cut in two across their principal
 * axis, and the procedure repeats from step 1 (at most {@link #MAX_ROUNDS} times);</li>
 * <li>regions are numbered 0..n-1 in the order in which a raster scan first meets them.</li>
 * </ol>
 * Merging two adjacent connected regions keeps them connected, so every final label is one 4-connected component.
 */
final class SegmentCleanup {

	static final int MAX_ROUNDS = 8;

	private final int width, height;
	private final float[][] planes;
	/** Missing (non-finite) grayscale pixels, or null: they never connect to finite ones. */
	private final boolean[] missing;

	SegmentCleanup(int width, int height, float[][] planes, boolean[] missing) {
		this.width = width;
		this.height = height;
		this.planes = planes;
		this.missing = missing;
	}

	/**
	 * Rewrites {@code labels} in place to {@code 0 .. n-1} and returns n.
	 *
	 * @param minSize smallest allowed region, in pixels
	 * @param minCount split the largest regions while fewer remain (and a split is possible)
	 * @param maxCount merge the smallest regions while more remain
	 */
	int run(int[] labels, int minSize, int minCount, int maxCount) {
		int count = 0;
		for (int round = 0; round < MAX_ROUNDS; round++) {
			count = connectAndMerge(labels, minSize, maxCount);
			if (count >= minCount || round == MAX_ROUNDS - 1) break;
			if (!splitLargest(labels, count, minCount - count)) break;
		}
		return count;
	}

	// ------------------------------------------------------------- components, merging

	private int connectAndMerge(int[] labels, int minSize, int maxCount) {
		int n = labels.length;
		int[] comp = new int[n];
		int regions;
		if (missing == null) regions = components(labels, comp);
		else {
			// a missing pixel and a finite one never share a component
			int[] keyed = new int[n];
			for (int i = 0; i < n; i++)
				keyed[i] = labels[i] << 1 | (missing[i] ? 1 : 0);
			regions = components(keyed, comp);
		}
		int channels = planes.length;
		long[] size = new long[regions];
		double[] sum = new double[regions * channels];
		for (int i = 0; i < n; i++)
			size[comp[i]]++;
		for (int c = 0; c < channels; c++) {
			float[] p = planes[c];
			for (int i = 0; i < n;) {
				// runs of one region are summed in a register first; single-threaded, so the order is fixed
				int r = comp[i];
				double s = 0;
				for (; i < n && comp[i] == r; i++)
					s += p[i];
				sum[r * channels + c] += s;
			}
		}
		List<Set<Integer>> neighbours = adjacency(comp, regions);

		int[] parent = new int[regions];
		for (int r = 0; r < regions; r++)
			parent[r] = r;
		// Alive regions ordered by (size, id): the smallest comes first, ties broken by the lower id.
		TreeSet<Long> bySize = new TreeSet<>();
		for (int r = 0; r < regions; r++)
			bySize.add(key(size[r], r));
		int alive = regions;
		while (alive > 1) {
			long first = bySize.first();
			int r = (int) (first & 0xffffffffL);
			if (size[r] >= minSize && alive <= maxCount) break;
			int target = closestNeighbour(r, neighbours.get(r), size, sum, channels);
			if (target < 0) break; // cannot happen in a connected image with more than one region
			bySize.remove(first);
			bySize.remove(key(size[target], target));
			size[target] += size[r];
			for (int c = 0; c < channels; c++)
				sum[target * channels + c] += sum[r * channels + c];
			Set<Integer> into = neighbours.get(target);
			into.remove(r);
			for (int q : neighbours.get(r)) {
				if (q == target) continue;
				Set<Integer> nq = neighbours.get(q);
				nq.remove(r);
				nq.add(target);
				into.add(q);
			}
			neighbours.set(r, null);
			parent[r] = target;
			bySize.add(key(size[target], target));
			alive--;
		}
		// Resolve merge chains and number the survivors in raster order of first appearance.
		int[] newId = new int[regions];
		Arrays.fill(newId, -1);
		int next = 0;
		for (int i = 0; i < n; i++) {
			int r = comp[i];
			int root = r;
			while (parent[root] != root)
				root = parent[root];
			parent[r] = root;
			if (newId[root] < 0) newId[root] = next++;
			labels[i] = newId[root];
		}
		return next;
	}

	private static long key(long size, int id) {
		return size << 32 | id;
	}

	/** The neighbour with the closest mean feature vector; ties go to the lower id. -1 if there is none. */
	private static int closestNeighbour(int r, Set<Integer> nbrs, long[] size, double[] sum, int channels) {
		int best = -1;
		double bestD = Double.POSITIVE_INFINITY;
		for (int q : nbrs) {
			double d = 0;
			for (int c = 0; c < channels; c++) {
				double diff = sum[r * channels + c] / size[r] - sum[q * channels + c] / size[q];
				d += diff * diff;
			}
			if (d < bestD || d == bestD && q < best) {
				bestD = d;
				best = q;
			}
		}
		return best;
	}

	/**
	 * 4-connected components of equal labels, numbered in raster order of their first pixel; returns their number.
	 * Two raster passes with union-find: provisional ids in raster order, each set rooted at its smallest id (its
	 * first pixel), so ranking the roots gives the raster-order numbering.
	 */
	private int components(int[] labels, int[] comp) {
		int w = width, h = height;
		int[] parent = new int[Math.max(16, labels.length / 16)];
		int provisional = 0;
		for (int y = 0, i = 0; y < h; y++)
			for (int x = 0; x < w; x++, i++) {
				int l = labels[i];
				int left = x > 0 && labels[i - 1] == l ? comp[i - 1] : -1;
				int up = y > 0 && labels[i - w] == l ? comp[i - w] : -1;
				if (left < 0 && up < 0) {
					if (provisional == parent.length) parent = Arrays.copyOf(parent, provisional * 2);
					parent[provisional] = provisional;
					comp[i] = provisional++;
				}
				else if (left >= 0 && up >= 0) {
					comp[i] = left;
					if (left != up) union(parent, left, up);
				}
				else comp[i] = Math.max(left, up);
			}
		int[] rank = new int[provisional];
		int count = 0;
		for (int id = 0; id < provisional; id++) {
			int root = find(parent, id);
			parent[id] = root;
			rank[id] = root == id ? count++ : rank[root];
		}
		for (int i = 0; i < comp.length; i++)
			comp[i] = rank[comp[i]];
		return count;
	}

	private static int find(int[] parent, int i) {
		int root = i;
		while (parent[root] != root)
			root = parent[root];
		while (parent[i] != root) {
			int next = parent[i];
			parent[i] = root;
			i = next;
		}
		return root;
	}

	private static void union(int[] parent, int a, int b) {
		int ra = find(parent, a), rb = find(parent, b);
		if (ra < rb) parent[rb] = ra;
		else if (rb < ra) parent[ra] = rb;
	}

	/** Which regions touch (4-neighbourhood). */
	private List<Set<Integer>> adjacency(int[] comp, int regions) {
		int w = width, h = height;
		long[] edges = new long[1024];
		int m = 0;
		long last = -1;
		for (int y = 0; y < h; y++)
			for (int x = 0, i = y * w; x < w; x++, i++) {
				int a = comp[i];
				for (int dir = 0; dir < 2; dir++) {
					int b;
					if (dir == 0) {
						if (x == w - 1) continue;
						b = comp[i + 1];
					}
					else {
						if (y == h - 1) continue;
						b = comp[i + w];
					}
					if (a == b) continue;
					long e = a < b ? (long) a << 32 | b : (long) b << 32 | a;
					if (e == last) continue;
					last = e;
					if (m == edges.length) edges = Arrays.copyOf(edges, m * 2);
					edges[m++] = e;
				}
			}
		Arrays.sort(edges, 0, m);
		List<Set<Integer>> nbrs = new ArrayList<>(regions);
		for (int r = 0; r < regions; r++)
			nbrs.add(new HashSet<>());
		for (int k = 0; k < m; k++) {
			if (k > 0 && edges[k] == edges[k - 1]) continue;
			int a = (int) (edges[k] >>> 32), b = (int) (edges[k] & 0xffffffffL);
			nbrs.get(a).add(b);
			nbrs.get(b).add(a);
		}
		return nbrs;
	}

	// ------------------------------------------------------------- splitting

	/**
	 * Cuts the {@code howMany} largest regions (ties: lower label) in two by a line through their centroid,
	 * perpendicular to their principal axis. Labels must be 0..count-1; new halves get labels from count on.
	 *
	 * @return false if no region could be split (all single pixels)
	 */
	private boolean splitLargest(int[] labels, int count, int howMany) {
		int w = width, n = labels.length;
		long[] size = new long[count];
		for (int v : labels)
			size[v]++;
		Integer[] order = new Integer[count];
		for (int r = 0; r < count; r++)
			order[r] = r;
		Arrays.sort(order, (p, q) -> size[p] != size[q] ? Long.compare(size[q], size[p]) : Integer.compare(p, q));
		int[] splitId = new int[count];
		Arrays.fill(splitId, -1);
		int chosen = 0;
		for (int k = 0; k < count && chosen < howMany; k++)
			if (size[order[k]] >= 2) splitId[order[k]] = chosen++;
		if (chosen == 0) return false;
		// Moments of the chosen regions: sum x, sum y, sum xx, sum xy, sum yy (exact in long).
		long[] mom = new long[chosen * 5];
		for (int i = 0; i < n; i++) {
			int s = splitId[labels[i]];
			if (s < 0) continue;
			long x = i % w, y = i / w;
			mom[s * 5] += x;
			mom[s * 5 + 1] += y;
			mom[s * 5 + 2] += x * x;
			mom[s * 5 + 3] += x * y;
			mom[s * 5 + 4] += y * y;
		}
		double[] cx = new double[chosen], cy = new double[chosen], ux = new double[chosen], uy = new double[chosen];
		int[] owner = new int[chosen];
		for (int r = 0; r < count; r++)
			if (splitId[r] >= 0) owner[splitId[r]] = r;
		for (int s = 0; s < chosen; s++) {
			double m = size[owner[s]];
			cx[s] = mom[s * 5] / m;
			cy[s] = mom[s * 5 + 1] / m;
			double sxx = mom[s * 5 + 2] / m - cx[s] * cx[s];
			double sxy = mom[s * 5 + 3] / m - cx[s] * cy[s];
			double syy = mom[s * 5 + 4] / m - cy[s] * cy[s];
			double angle = 0.5 * Math.atan2(2 * sxy, sxx - syy);
			ux[s] = Math.cos(angle);
			uy[s] = Math.sin(angle);
		}
		for (int i = 0; i < n; i++) {
			int s = splitId[labels[i]];
			if (s < 0) continue;
			double p = (i % w - cx[s]) * ux[s] + (i / w - cy[s]) * uy[s];
			if (p >= 0) labels[i] = count + s;
		}
		return true;
	}
}
