package io.github.ablationca.attribution;

import io.github.ablationca.engine.HeatmapValues;
import io.github.ablationca.classifier.GradientModel;
import io.github.ablationca.engine.ExplainSettings;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The methods by their command-line names, for {@code evaluate --methods ablation-ca,occlusion,lime,...}.
 *
 * <pre>{@code
 * AttributionMethods.Options o = new AttributionMethods.Options();
 * o.riseMasks = 2000;
 * List<AttributionMethod> methods = AttributionMethods.parse("ablation-ca,occlusion,rise,saliency", tfGradients, o);
 * }</pre>
 */
public final class AttributionMethods {

	/** Every method name: Ablation-CA's default map, five others, then Ablation-CA's other maps of the same run. */
	public static final List<String> NAMES = List.of("ablation-ca", "occlusion", "lime", "rise", "saliency",
		"integrated-gradients", "ablation-ca-contribution", "ablation-ca-main-effect");

	/** The parameters of every method; public fields with the methods' defaults. */
	public static final class Options {
		/** Settings of the Ablation-CA maps (segments, samples, fill, heatmap scales, ...). */
		public ExplainSettings ablation = new ExplainSettings();
		/** RISE masks. */
		public int riseMasks = Rise.DEFAULT_MASKS;
		/** LIME samples. */
		public int limeSamples = Lime.DEFAULT_SAMPLES;
		/** Occlusion window and stride in model pixels; 0 = the defaults (1/8 of the shorter side, half of it). */
		public int occlusionWindow, occlusionStride;
		/** Integrated-gradients steps. */
		public int integratedGradientsSteps = IntegratedGradients.DEFAULT_STEPS;
	}

	private AttributionMethods() {}

	/**
	 * One attribution method with its default parameters.
	 *
	 * @param gradients needed by {@code saliency} and {@code integrated-gradients}; may be null otherwise
	 * @param ablationSettings settings of {@code ablation-ca} (null = defaults)
	 */
	public static AttributionMethod create(String name, GradientModel gradients, ExplainSettings ablationSettings) {
		Options o = new Options();
		if (ablationSettings != null) o.ablation = ablationSettings;
		return create(name, gradients, o, null);
	}

	private static AttributionMethod create(String name, GradientModel gradients, Options o,
		AblationCaMethod.SharedRun run)
	{
		String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
		if (run == null) run = new AblationCaMethod.SharedRun();
		switch (n) {
			case "ablation-ca":
				return AblationCaMethod.sharing(o.ablation, HeatmapValues.ENSEMBLE, run);
			case "ablation-ca-contribution":
				return AblationCaMethod.sharing(o.ablation, HeatmapValues.CONTRIBUTION, run);
			case "ablation-ca-main-effect":
				return AblationCaMethod.sharing(o.ablation, HeatmapValues.MAIN_EFFECT, run);
			case "occlusion":
				return new Occlusion(o.occlusionWindow, o.occlusionStride, Fill.imageMean());
			case "lime":
				return new Lime(o.limeSamples);
			case "rise":
				return new Rise(o.riseMasks);
			case "saliency":
				return new GradientSaliency(requireGradients(n, gradients));
			case "integrated-gradients":
				return new IntegratedGradients(requireGradients(n, gradients), Fill.black(),
					o.integratedGradientsSteps, ChannelReduction.SUM);
			default:
				throw new IllegalArgumentException("Unknown method '" + name + "'; choose from " + String.join(", ",
					NAMES) + ".");
		}
	}

	/**
	 * A comma-separated list of names with their parameters; duplicates are refused. The Ablation-CA maps share
	 * one engine run per image.
	 *
	 * @param options null = every default
	 */
	public static List<AttributionMethod> parse(String names, GradientModel gradients, Options options) {
		if (options == null) options = new Options();
		List<String> list = names(names);
		AblationCaMethod.SharedRun run = new AblationCaMethod.SharedRun();
		List<AttributionMethod> out = new ArrayList<>();
		for (String n : list)
			out.add(create(n, gradients, options, run));
		return out;
	}

	/**
	 * The names of a comma-separated list, trimmed and lower case, checked (unknown or repeated names are refused
	 * with the list of choices), in the given order.
	 */
	public static List<String> names(String names) {
		if (names == null || names.isBlank())
			throw new IllegalArgumentException("No methods given; choose from " + String.join(", ", NAMES) + ".");
		List<String> out = new ArrayList<>();
		for (String part : names.split(",")) {
			String n = part.trim().toLowerCase(Locale.ROOT);
			if (!NAMES.contains(n))
				throw new IllegalArgumentException("Unknown method '" + part.trim() + "'; choose from " +
					String.join(", ", NAMES) + ".");
			if (out.contains(n)) throw new IllegalArgumentException("Method '" + n + "' is listed twice.");
			out.add(n);
		}
		return out;
	}

	/** True for the methods that need a {@link GradientModel}. */
	public static boolean needsGradients(String name) {
		String n = name.trim().toLowerCase(Locale.ROOT);
		return n.equals("saliency") || n.equals("integrated-gradients");
	}

	/** True for the methods that work on superpixels (they need the request's segments or make their own). */
	public static boolean usesSuperpixels(String name) {
		String n = name.trim().toLowerCase(Locale.ROOT);
		return n.equals("lime") || n.startsWith("ablation-ca");
	}

	private static GradientModel requireGradients(String name, GradientModel g) {
		if (g == null) throw new IllegalArgumentException("Method '" + name + "' needs input gradients of the model; " +
			"load them with run.ModelLoader.gradients(classifier).");
		return g;
	}
}
