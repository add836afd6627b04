package io.github.ablationca.metric;

/**
 * One deletion or insertion curve.
 *
 * @param kind {@code "deletion"} or {@code "insertion"}
 * @param fraction fraction of model-space pixels removed (deletion) or inserted (insertion), 0 .. 1 ascending
 * @param score target probability at each point
 * @param auc area under the curve by the trapezoid rule over {@code fraction}
 * @param modelCalls images classified for this curve ({@code fraction.length})
 */
public record Curve(String kind, double[] fraction, double[] score, double auc, long modelCalls) {

	/** Trapezoid area of {@code y} over ascending {@code x}. */
	public static double trapezoid(double[] x, double[] y) {
		double a = 0;
		for (int i = 1; i < x.length; i++)
			a += (x[i] - x[i - 1]) * (y[i] + y[i - 1]) / 2;
		return a;
	}
}
