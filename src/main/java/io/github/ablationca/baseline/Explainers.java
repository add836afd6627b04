package io.github.ablationca.baseline;

import io.github.ablationca.engine.ExplainSettings;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The methods by their command-line names, for {@code evaluate --methods ablation-ca,occlusion,lime,...}.
 *
 * <pre>{@code
 * List<Explainer> methods = Explainers.parse("occlusion,rise,saliency", tfGradients, settings);
 * }</pre>
 */
public final class Explainers {

	/** Every method name, in the order the issue lists them. */
	public static final List<String> NAMES = List.of("ablation-ca", "occlusion", "lime", "rise", "saliency",
		"integrated-gradients");

	private Explainers() {}

	/**
	 * One explainer with its default parameters.
	 *
	 * @param gradients needed by {@code saliency} and {@code integrated-gradients}; may be null otherwise
	 * @param ablationSettings settings of {@code ablation-ca} (null = defaults)
	 */
	public static Explainer create(String name, GradientModel gradients, ExplainSettings ablationSettings) {
		String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
		switch (n) {
			case "ablation-ca":
				return new AblationCaExplainer(ablationSettings);
			case "occlusion":
				return new Occlusion();
			case "lime":
				return new Lime();
			case "rise":
				return new Rise();
			case "saliency":
				return new GradientSaliency(requireGradients(n, gradients));
			case "integrated-gradients":
				return new IntegratedGradients(requireGradients(n, gradients));
			default:
				throw new IllegalArgumentException("Unknown method '" + name + "'; choose from " + String.join(", ",
					NAMES) + ".");
		}
	}

	/** A comma-separated list of names; duplicates are refused. */
	public static List<Explainer> parse(String names, GradientModel gradients, ExplainSettings ablationSettings) {
		if (names == null || names.isBlank())
			throw new IllegalArgumentException("No methods given; choose from " + String.join(", ", NAMES) + ".");
		List<Explainer> out = new ArrayList<>();
		List<String> seen = new ArrayList<>();
		for (String part : names.split(",")) {
			Explainer e = create(part, gradients, ablationSettings);
			if (seen.contains(e.name()))
				throw new IllegalArgumentException("Method '" + e.name() + "' is listed twice.");
			seen.add(e.name());
			out.add(e);
		}
		return out;
	}

	/** True for the methods that need a {@link GradientModel}. */
	public static boolean needsGradients(String name) {
		String n = name.trim().toLowerCase(Locale.ROOT);
		return n.equals("saliency") || n.equals("integrated-gradients");
	}

	private static GradientModel requireGradients(String name, GradientModel g) {
		if (g == null) throw new IllegalArgumentException("Method '" + name + "' needs input gradients of the model; " +
			"load them with tf.TensorFlowGradients.load(modelDir, scaling).");
		return g;
	}
}
