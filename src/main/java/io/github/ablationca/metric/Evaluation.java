package io.github.ablationca.metric;

import io.github.ablationca.attribution.AttributionRequest;
import io.github.ablationca.attribution.AttributionMethod;
import io.github.ablationca.attribution.Attribution;
import io.github.ablationca.engine.CanceledException;
import io.github.ablationca.engine.ProgressListener;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs several attribution methods on one image and scores each heatmap with deletion and insertion AUC
 * ({@link CausalMetric}), ROAD MoRF and LeRF ({@link RoadMetric}, noise seeded with the request's seed) and, given
 * an object mask, the pointing game: the rows of {@code evaluation.csv}. The metrics' model calls are not counted in
 * a row's {@code model_calls}.
 * A method that fails (any runtime exception, e.g. a model without input gradients, or an error inside the model
 * runtime) gives a row with {@link EvaluationRow#error()} set and the others still run; cancellation is passed on.
 *
 * <pre>{@code
 * Evaluation eval = new Evaluation(new CausalMetric());
 * List<EvaluationRow> rows = eval.run("dog.png", AttributionRequest.of(img, classifier, target).withSegments(sp),
 *     mask, List.of(new Occlusion(), new Lime(), new Rise()));
 * rows.addAll(Evaluation.means(rows));
 * }</pre>
 */
public final class Evaluation {

	private final CausalMetric metric;
	private final RoadMetric road;
	private final double tolerance;

	/** The default metrics (224 steps, paper substrates; ROAD at 10..90%) and the 15-pixel pointing tolerance. */
	public Evaluation() {
		this(new CausalMetric(), new RoadMetric(), PointingGame.DEFAULT_TOLERANCE);
	}

	public Evaluation(CausalMetric metric) {
		this(metric, new RoadMetric(), PointingGame.DEFAULT_TOLERANCE);
	}

	public Evaluation(CausalMetric metric, double pointingTolerance) {
		this(metric, new RoadMetric(), pointingTolerance);
	}

	public Evaluation(CausalMetric metric, RoadMetric road, double pointingTolerance) {
		if (metric == null || road == null) throw new IllegalArgumentException("Evaluation needs its metrics.");
		this.metric = metric;
		this.road = road;
		this.tolerance = pointingTolerance;
	}

	/**
	 * Evaluates every attribution method on one image. The metric uses the request's batch size and resize mode.
	 *
	 * @param imageName the {@code image} column
	 * @param request image, classifier, target, seed, batch size, resize, superpixels (for LIME), progress, cancel
	 * @param mask object mask at input resolution, or null (pointing_hit left empty)
	 */
	public List<EvaluationRow> run(String imageName, AttributionRequest request, ObjectMask mask,
		List<? extends AttributionMethod> methods)
	{
		request.validate();
		if (mask != null && (mask.width() != request.image().width() || mask.height() != request.image().height()))
			throw new IllegalArgumentException("Mask of " + imageName + " is " + mask.width() + " x " + mask.height() +
				" but the image is " + request.image().width() + " x " + request.image().height() + ".");
		CausalMetric m = metric.withBatchSize(request.batchSize()).withResize(request.resize());
		RoadMetric rm = road.withBatchSize(request.batchSize()).withResize(request.resize());
		List<EvaluationRow> rows = new ArrayList<>();
		int k = 0, total = methods.size();
		ProgressListener outer = request.progress();
		for (AttributionMethod e : methods) {
			double from = (double) k / total, span = 1.0 / total;
			AttributionRequest r = request.withProgress((f, msg) -> outer.progress(from + span * 0.6 * f, e.name() + ": " +
				msg));
			Attribution heat;
			try {
				heat = e.explain(r);
			}
			catch (CanceledException ex) {
				throw ex;
			}
			catch (RuntimeException ex) {
				rows.add(new EvaluationRow(imageName, e.name(), Double.NaN, Double.NaN, Double.NaN, Double.NaN,
					Double.NaN, Double.NaN, Double.NaN, null, ex.getMessage() == null ? ex.toString() : ex.getMessage()));
				k++;
				continue;
			}
			Curve del = m.curve(true, request.image(), heat.values(), request.classifier(), request.target(),
				(f, msg) -> outer.progress(from + span * (0.6 + 0.1 * f), e.name() + ": " + msg), request.canceled());
			Curve ins = m.curve(false, request.image(), heat.values(), request.classifier(), request.target(),
				(f, msg) -> outer.progress(from + span * (0.7 + 0.1 * f), e.name() + ": " + msg), request.canceled());
			RoadCurve morf = rm.curve(RoadMetric.Order.MORF, request.image(), heat.values(), request.classifier(),
				request.target(), request.seed(), (f, msg) -> outer.progress(from + span * (0.8 + 0.1 * f), e.name() +
					": " + msg), request.canceled());
			RoadCurve lerf = rm.curve(RoadMetric.Order.LERF, request.image(), heat.values(), request.classifier(),
				request.target(), request.seed(), (f, msg) -> outer.progress(from + span * (0.9 + 0.1 * f), e.name() +
					": " + msg), request.canceled());
			double hit = mask == null ? Double.NaN : PointingGame.evaluate(heat.values(), mask, tolerance).hit() ? 1 : 0;
			rows.add(new EvaluationRow(imageName, e.name(), del.auc(), ins.auc(), morf.mean(), lerf.mean(), hit,
				heat.modelCalls(), heat.seconds(), heat, null));
			k++;
		}
		return rows;
	}

	/**
	 * One row per method with {@code image = "mean"}: means over that method's successful rows (pointing over the
	 * rows that have a mask), in order of first appearance. Mean rows in the input are skipped.
	 */
	public static List<EvaluationRow> means(List<EvaluationRow> rows) {
		Map<String, double[]> acc = new LinkedHashMap<>();
		for (EvaluationRow r : rows) {
			if ("mean".equals(r.image())) continue;
			double[] a = acc.computeIfAbsent(r.method(), x -> new double[9]);
			if (r.failed()) continue;
			a[0] += r.deletionAuc();
			a[1] += r.insertionAuc();
			a[2] += r.modelCalls();
			a[3] += r.seconds();
			a[4]++;
			if (!Double.isNaN(r.pointingHit())) {
				a[5] += r.pointingHit();
				a[6]++;
			}
			a[7] += r.roadMorf();
			a[8] += r.roadLerf();
		}
		List<EvaluationRow> out = new ArrayList<>();
		for (Map.Entry<String, double[]> e : acc.entrySet()) {
			double[] a = e.getValue();
			double n = a[4];
			out.add(new EvaluationRow("mean", e.getKey(), n > 0 ? a[0] / n : Double.NaN, n > 0 ? a[1] / n : Double.NaN,
				n > 0 ? a[7] / n : Double.NaN, n > 0 ? a[8] / n : Double.NaN, a[6] > 0 ? a[5] / a[6] : Double.NaN,
				n > 0 ? a[2] / n : Double.NaN, n > 0 ? a[3] / n : Double.NaN, null, n > 0 ? null : "failed on every image"));
		}
		return out;
	}

}
