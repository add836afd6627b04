package io.github.ablationca.demo;

import io.github.ablationca.run.ModelLoader;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ablationca.tensorflow.TensorFlowClassifier;
import io.github.ablationca.engine.AblationCaEngine;
import io.github.ablationca.engine.ExplainSettings;
import io.github.ablationca.engine.Explanation;
import io.github.ablationca.engine.PairRelation;
import io.github.ablationca.image.RgbImage;

import net.imglib2.img.array.ArrayImgs;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The demo's answer is known by construction: the demo model calls a scene "house" only when the roof sits on the
 * wall, so the full method (SLIC, sensitivity, Monte Carlo correlation, ranking) must rank the roof-wall pair first
 * and call it synergistic. The roof and wall objects are the superpixels that overlap the ground-truth masks most.
 */
class DemoExplanationTest {

	private static TensorFlowClassifier model;

	@BeforeAll
	static void load() {
		model = (TensorFlowClassifier) ModelLoader.load(DemoAssets.modelDir(), null);
	}

	@AfterAll
	static void close() {
		model.close();
	}

	@ParameterizedTest
	@ValueSource(strings = {"house", "house_2"})
	void roofAndWallAreTheTopPair(String name) {
		DemoAssets.DemoImage demo = DemoAssets.image(name);
		RgbImage img = demo.image();
		ExplainSettings s = DemoAssets.explainSettings();
		Explanation e = new AblationCaEngine(model).explain(ArrayImgs.argbs(img.toArgb(), img.width(), img.height()),
			s, null);

		assertEquals("house", e.targetLabel());
		int roof = dominantObject(e, demo.roofMask());
		int wall = dominantObject(e, demo.wallMask());
		assertTrue(roof != wall, "roof and wall fell into one superpixel");
		PairRelation top = e.pairs().get(0);
		assertEquals(Math.min(roof, wall), top.a(), "top pair " + top + " is not roof-wall");
		assertEquals(Math.max(roof, wall), top.b(), "top pair " + top + " is not roof-wall");
		assertTrue(top.correlation() > 0, "roof and wall must work together (synergy): " + top);
		assertTrue(top.significant(), "the planted pair must be significant: " + top);
		assertTrue(e.modelCalls() <= 800, "model calls " + e.modelCalls() + ", a fifth of RISE's 4000 at most");
	}

	/** The object covering the most pixels of {@code mask}. */
	private static int dominantObject(Explanation e, boolean[] mask) {
		int[] counts = new int[e.segments()];
		int[] labels = e.labels().labels();
		for (int i = 0; i < mask.length; i++)
			if (mask[i]) counts[labels[i]]++;
		int best = 0;
		for (int k = 1; k < counts.length; k++)
			if (counts[k] > counts[best]) best = k;
		return best;
	}
}
