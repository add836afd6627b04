package io.github.ablationca.baseline;

import io.github.ablationca.engine.AblationCaEngine;
import io.github.ablationca.engine.ExplainSettings;
import io.github.ablationca.engine.Explanation;
import io.github.ablationca.engine.ProgressListener;
import io.github.ablationca.image.RgbImage;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.type.numeric.ARGBType;

/**
 * Ablation-CA itself behind the {@link Explainer} interface, so {@code evaluate} scores it beside the baselines:
 * the engine's heatmap (contribution per pixel), its model calls and its wall time. The request's seed, batch size,
 * resize mode and target override the settings; the engine is canceled when the request's cancel hook says so.
 *
 * <pre>{@code
 * Heatmap h = new AblationCaExplainer(new ExplainSettings()).explain(ExplainRequest.of(image, classifier, target));
 * }</pre>
 */
public final class AblationCaExplainer implements Explainer {

	private final ExplainSettings settings;

	public AblationCaExplainer(ExplainSettings settings) {
		this.settings = settings == null ? new ExplainSettings() : settings.copy();
	}

	@Override
	public String name() {
		return "ablation-ca";
	}

	@Override
	public Heatmap explain(ExplainRequest request) {
		request.validate();
		ExplainSettings s = settings.copy();
		s.seed = request.seed();
		s.batchSize = request.batchSize();
		s.resize = request.resize();
		s.target = Integer.toString(request.target());
		AblationCaEngine engine = new AblationCaEngine(request.classifier());
		ProgressListener forward = (f, msg) -> {
			if (request.canceled().getAsBoolean()) engine.cancel();
			request.progress().progress(f, msg);
		};
		RgbImage image = request.image();
		ArrayImg<ARGBType, IntArray> argb = ArrayImgs.argbs(image.toArgb(), image.width(), image.height());
		long t0 = System.nanoTime();
		// TODO(integration): use the engine's overload with a precomputed LabelImage when request.segments() is set,
		// so Ablation-CA and LIME explain the same superpixels.
		Explanation e = engine.explain(argb, s, forward);
		return new Heatmap(name(), e.width(), e.height(), e.heatmap(), e.modelCalls(), (System.nanoTime() - t0) * 1e-9);
	}

	@Override
	public String toString() {
		return "ablation-ca(segments=" + settings.segments + ", samples=" + settings.samples + ", fill=" +
			settings.fill + ")";
	}
}
