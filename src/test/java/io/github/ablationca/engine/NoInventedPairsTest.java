package io.github.ablationca.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ablationca.classifier.Classifier;
import io.github.ablationca.image.ResizeMode;
import io.github.ablationca.image.RgbImage;
import io.github.ablationca.segment.LabelImage;

import java.util.List;

import net.imglib2.img.array.ArrayImgs;

import org.junit.jupiter.api.Test;

/**
 * Where the samples cannot show a relation, none is reported and the explanation says why: a score that does not
 * move beyond float rounding, and an image of fewer than 3 objects (with 2 the interaction is the score's whole
 * variation beyond the main effects, so the correlation is forced to +-1).
 */
class NoInventedPairsTest {

	private final OracleScene scene = new OracleScene();

	/**
	 * Reads pixels, nothing else: log-odds = (mean red of grid cell 0 - 100) (mean red of grid cell 1 - 100) / 100,
	 * so the two cells' objects interact through the product and no other pair does.
	 */
	static final class CellProduct implements Classifier {
		@Override
		public int inputWidth() {
			return OracleScene.WIDTH;
		}

		@Override
		public int inputHeight() {
			return OracleScene.HEIGHT;
		}

		@Override
		public List<String> labels() {
			return List.of("other", "product");
		}

		@Override
		public float[][] predict(float[] images, int count) {
			int w = inputWidth(), h = inputHeight(), cell = OracleScene.CELL;
			float[][] out = new float[count][];
			for (int n = 0; n < count; n++) {
				double first = 0, second = 0;
				for (int y = 0; y < cell; y++)
					for (int x = 0; x < cell; x++) {
						first += images[((n * h + y) * w + x) * 3];
						second += images[((n * h + y) * w + x + cell) * 3];
					}
				double area = cell * cell;
				double logit = (first / area - 100) * (second / area - 100) / 100;
				float p = (float) (1 / (1 + Math.exp(-logit)));
				out[n] = new float[] {1 - p, p};
			}
			return out;
		}
	}

	private static ExplainSettings settings() {
		ExplainSettings s = new ExplainSettings();
		s.samples = 200;
		s.seed = 5;
		return s;
	}

	@Test
	void aUniformImageGivesNoPairAndSaysWhy() {
		int[] grey = new int[OracleScene.WIDTH * OracleScene.HEIGHT];
		java.util.Arrays.fill(grey, 0xff808080);
		// Control: the same model on the textured scene finds the relation it computes.
		Explanation textured = new AblationCaEngine(new CellProduct()).explain(scene.img(), scene.labelImage(),
			settings(), null);
		PairRelation top = textured.pairs().get(0);
		assertEquals(List.of(0, 1), List.of(top.a(), top.b()), "the model relates cells 0 and 1: " + top);
		assertTrue(top.significant());
		assertTrue(textured.notes().isEmpty());
		// Mean fill on a uniform image changes no pixel: the score is exactly constant.
		Explanation uniform = new AblationCaEngine(new CellProduct()).explain(ArrayImgs.argbs(grey,
			OracleScene.WIDTH, OracleScene.HEIGHT), scene.labelImage(), settings(), null);
		assertTrue(uniform.pairs().isEmpty() && uniform.groups().isEmpty(), "pairs " + uniform.pairs());
		assertEquals(1, uniform.notes().size());
		assertTrue(uniform.notes().get(0).contains("does not change beyond numerical noise"), uniform.notes().get(0));
		for (ObjectInfo o : uniform.objects())
			assertEquals(0, o.contribution());
	}

	@Test
	void aScoreThatMovesOnlyAtRoundingLevelGivesNoPair() {
		// A synergy of 1e-7 on the log-odds moves the float probability (0.119, steps of 7.5e-9) by 1e-8: one or two
		// rounding steps, below the engine's 8.
		OracleClassifier tiny = OracleClassifier.logit(scene, EngineOracleTest.WATCHED, v -> -2 + 1e-7 * v[0] * v[1]);
		Explanation e = new AblationCaEngine(tiny).explain(scene.img(), scene.labelImage(), settings(), null);
		assertTrue(e.pairs().isEmpty(), "pairs " + e.pairs());
		assertTrue(e.notes().get(0).contains("beyond numerical noise"), e.notes().toString());
		// A real synergy of 0.01 on the same scene is well above that and is listed.
		OracleClassifier small = OracleClassifier.logit(scene, EngineOracleTest.WATCHED, v -> -2 + 0.01 * v[0] * v[1]);
		Explanation real = new AblationCaEngine(small).explain(scene.img(), scene.labelImage(), settings(), null);
		assertFalse(real.pairs().isEmpty());
		assertTrue(real.notes().isEmpty());
	}

	@Test
	void twoObjectsGiveNoPairAndSaySo() {
		int w = OracleScene.WIDTH, h = OracleScene.HEIGHT;
		int[] halves = new int[w * h];
		for (int p = 0; p < halves.length; p++)
			halves[p] = p % w < w / 2 ? 0 : 1;
		RgbImage rgb = scene.rgb();
		OracleClassifier synergy = new OracleClassifier(rgb, halves, w, h, ResizeMode.STRETCH, new int[] {0, 1},
			v -> -1 + 3 * v[0] * v[1], false);
		Explanation e = new AblationCaEngine(synergy).explain(scene.img(), new LabelImage(w, h, halves, 2), settings(),
			null);
		assertTrue(e.pairs().isEmpty() && e.groups().isEmpty(), "pairs " + e.pairs());
		assertTrue(e.notes().get(0).startsWith("No pairs: 2 objects"), e.notes().toString());
		// Each object alone still carries the synergy: hiding either drops the log-odds by 3.
		assertEquals(3, e.objects().get(0).contribution(), 1e-4);
		assertEquals(3, e.objects().get(1).contribution(), 1e-4);
	}
}
