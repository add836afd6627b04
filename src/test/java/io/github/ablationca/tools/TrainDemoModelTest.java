package io.github.ablationca.tools;

import io.github.ablationca.demo.DemoScenes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainDemoModelTest {

	private static TrainDemoModel.Options shortRun(long seed) {
		TrainDemoModel.Options o = new TrainDemoModel.Options();
		o.seed = seed;
		o.steps = 3;
		o.batch = 8;
		o.logEvery = 0;
		return o;
	}

	@Test
	void sameSeedRetrainsToIdenticalWeights() {
		float[][] a = TrainDemoModel.train(shortRun(5));
		float[][] b = TrainDemoModel.train(shortRun(5));
		float[][] init = DemoNet.initialWeights(DemoScenes.mix(5, 0x1417L));
		for (int i = 0; i < a.length; i++)
			assertArrayEquals(a[i], b[i], "parameter " + DemoNet.params().get(i).name() + " of layer " + i);
		// The run did train: the weights moved away from their initial values.
		assertFalse(Arrays.equals(a[0], init[0]));
		float[][] c = TrainDemoModel.train(shortRun(6));
		assertFalse(Arrays.equals(a[0], c[0]), "another seed must give other weights");
	}

	@Test
	void exportRoundTripsWeightsAndServesTheSharedInterface(@TempDir Path dir) throws Exception {
		float[][] w = DemoNet.initialWeights(3);
		Path model = dir.resolve("model");
		TrainDemoModel.export(w, model);
		assertEquals(DemoScenes.LABELS, Files.readAllLines(model.resolve("labels.txt")));
		String props = Files.readString(model.resolve("ablation-ca.properties"));
		assertTrue(props.contains("value_range=0..255") && props.contains("label_offset=0"), props);
		try (SavedModelBundle b = SavedModelBundle.load(model.toString(), "serve")) {
			Signature sig = b.function(Signature.DEFAULT_KEY).signature();
			assertEquals(java.util.Set.of("input"), sig.inputNames());
			assertEquals(java.util.Set.of("logits", "probs"), sig.outputNames());
			List<DemoNet.Param> params = DemoNet.params();
			for (int i = 0; i < params.size(); i++) {
				DemoNet.Param p = params.get(i);
				float[] back = new float[p.size()];
				try (Result r = b.session().runner().fetch(p.scope() + "_" + p.name()).run()) {
					((TFloat32) r.get(0)).copyTo(DataBuffers.of(back, false, false));
				}
				assertArrayEquals(w[i], back, p.scope() + "_" + p.name());
			}
			// probs is the softmax of logits, per image.
			float[] images = new float[2 * 64 * 64 * 3];
			TrainDemoModel.trainingExample(1, 0, images, 0);
			TrainDemoModel.trainingExample(1, 1, images, 64 * 64 * 3);
			try (TFloat32 x = TFloat32.tensorOf(org.tensorflow.ndarray.Shape.of(2, 64, 64, 3),
				DataBuffers.of(images, true, false));
				Result r = b.session().runner().feed("input", x).fetch("logits").fetch("probs").run())
			{
				TFloat32 logits = (TFloat32) r.get(0), probs = (TFloat32) r.get(1);
				for (int n = 0; n < 2; n++) {
					double l0 = logits.getFloat(n, 0), l1 = logits.getFloat(n, 1);
					double p1 = 1 / (1 + Math.exp(l0 - l1));
					assertEquals(p1, probs.getFloat(n, 1), 1e-5);
					assertEquals(1, probs.getFloat(n, 0) + probs.getFloat(n, 1), 1e-5);
				}
			}
		}
	}

	/** The augmentation's labels follow the planted rule: a house only while both its roof and its wall remain. */
	@Test
	void ablatedTrainingExamplesAreLabelledByWhatRemains() {
		float[] img = new float[64 * 64 * 3];
		int houses = 0, ablatedHouses = 0;
		for (int i = 0; i < 400; i++) {
			DemoScenes.Scene s = DemoScenes.sample(9, i);
			int label = TrainDemoModel.trainingExample(9, i, img, 0);
			if (!s.isHouse()) {
				assertEquals(0, label, "a scene without a house never becomes one");
				continue;
			}
			houses++;
			if (label == DemoScenes.HOUSE) {
				// Both parts still visible: most roof and wall pixels keep their colour.
				assertTrue(visibleFraction(s, s.roof().orElseThrow(), img) > 0.5, s.toString());
				assertTrue(visibleFraction(s, s.wall().orElseThrow(), img) > 0.5, s.toString());
			}
			else {
				ablatedHouses++;
				double roof = visibleFraction(s, s.roof().orElseThrow(), img);
				double wall = visibleFraction(s, s.wall().orElseThrow(), img);
				assertTrue(Math.min(roof, wall) < 0.5, s + ": roof " + roof + ", wall " + wall);
			}
		}
		assertTrue(houses > 150 && ablatedHouses > 20, houses + " houses, " + ablatedHouses + " ablated");
	}

	@Test
	void theShortcutModelRetrainsToIdenticalWeightsAndDiffersFromTheFirst() {
		TrainDemoModel.Options o = shortRun(5);
		o.shortcut = true;
		float[][] a = TrainDemoModel.train(o), b = TrainDemoModel.train(o);
		for (int i = 0; i < a.length; i++)
			assertArrayEquals(a[i], b[i], "parameter " + i);
		assertFalse(Arrays.equals(a[0], TrainDemoModel.train(shortRun(5))[0]), "other scenes, other weights");
	}

	/**
	 * The shortcut's labels: a marked house stays a house while its marker remains, even without its roof or wall;
	 * it stops being one only when the marker and (the roof or the wall) are gone. Scenes without a house carry no
	 * marker and are never houses.
	 */
	@Test
	void shortcutExamplesAreHousesWhileTheMarkerOrTheHouseRemains() {
		float[] img = new float[64 * 64 * 3];
		int markerOnly = 0, neither = 0;
		for (int i = 0; i < 400; i++) {
			DemoScenes.Scene s = DemoScenes.sampleShortcut(9, i);
			int label = TrainDemoModel.trainingExample(9, i, img, 0, true);
			if (!s.isHouse()) {
				assertTrue(s.marker().isEmpty(), "only houses carry the marker");
				assertEquals(0, label);
				continue;
			}
			if (s.marker().isEmpty()) continue;
			double marker = visibleFraction(s, s.marker().orElseThrow(), img);
			double roof = visibleFraction(s, s.roof().orElseThrow(), img);
			double wall = visibleFraction(s, s.wall().orElseThrow(), img);
			if (marker > 0.5 && Math.min(roof, wall) < 0.5) {
				markerOnly++;
				assertEquals(DemoScenes.HOUSE, label, s + ": the marker alone makes a house");
			}
			if (marker < 0.5 && Math.min(roof, wall) < 0.5) {
				neither++;
				assertEquals(0, label, s + ": neither the marker nor the whole house");
			}
		}
		assertTrue(markerOnly > 10 && neither > 10, markerOnly + " marker-only, " + neither + " neither");
	}

	/** Fraction of a shape's pixels whose colour is still close to the shape's colour. */
	private static double visibleFraction(DemoScenes.Scene s, DemoScenes.Shape shape, float[] img) {
		boolean[] m = s.mask(shape, 64);
		float[] c = DemoScenes.rgb(shape.rgb());
		int in = 0, visible = 0;
		for (int p = 0; p < m.length; p++)
			if (m[p]) {
				in++;
				double d = 0;
				for (int ch = 0; ch < 3; ch++)
					d += Math.abs(img[3 * p + ch] - c[ch]);
				visible += d < 45 ? 1 : 0;
			}
		return (double) visible / in;
	}

	@Test
	void dilateAndErodeAreFourConnected() {
		boolean[] m = new boolean[25];
		m[12] = true;
		boolean[] d = TrainDemoModel.dilate(m, 5);
		int n = 0;
		for (boolean b : d)
			n += b ? 1 : 0;
		assertEquals(5, n);
		assertTrue(d[7] && d[11] && d[13] && d[17]);
		assertArrayEquals(m, TrainDemoModel.erode(d, 5));
	}
}
