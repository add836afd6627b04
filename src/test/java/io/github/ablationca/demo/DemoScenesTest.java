package io.github.ablationca.demo;

import io.github.ablationca.image.RgbImage;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DemoScenesTest {

	@Test
	void sameSeedGivesTheSameSceneAndPixels() {
		for (long seed = 0; seed < 10; seed++) {
			DemoScenes.Scene a = DemoScenes.generate(seed), b = DemoScenes.generate(seed);
			assertEquals(a.layout(), b.layout());
			assertEquals(a.shapes(), b.shapes());
			assertArrayEquals(a.render(64).data(), b.render(64).data());
			assertArrayEquals(a.render(96).data(), b.render(96).data());
		}
		assertEquals(DemoScenes.sample(7, 3).shapes(), DemoScenes.sample(7, 3).shapes());
	}

	@Test
	void differentSeedsGiveDifferentScenes() {
		assertNotEquals(DemoScenes.generate(1).shapes(), DemoScenes.generate(2).shapes());
		assertNotEquals(DemoScenes.sample(1, 0).shapes(), DemoScenes.sample(2, 0).shapes());
		assertNotEquals(DemoScenes.sample(1, 0).shapes(), DemoScenes.sample(1, 1).shapes());
	}

	@Test
	void aboutHalfOfTheScenesAreHousesAndEveryLayoutOccurs() {
		int houses = 0, n = 2000;
		Set<DemoScenes.Layout> seen = EnumSet.noneOf(DemoScenes.Layout.class);
		for (int i = 0; i < n; i++) {
			DemoScenes.Scene s = DemoScenes.sample(11, i);
			houses += s.isHouse() ? 1 : 0;
			seen.add(s.layout());
		}
		// Binomial(2000, 0.5): SD 22, so 45%..55% is a 4.5-SD band.
		assertTrue(houses > 0.45 * n && houses < 0.55 * n, "houses: " + houses);
		assertEquals(EnumSet.allOf(DemoScenes.Layout.class), seen);
	}

	/** The planted rule, checked on the geometry: a roof sits directly on a wall exactly in HOUSE scenes. */
	@Test
	void roofSitsOnTheWallExactlyInHouseScenes() {
		for (int i = 0; i < 3000; i++) {
			DemoScenes.Scene s = DemoScenes.sample(5, i);
			Optional<DemoScenes.Shape> roof = s.roof(), wall = s.wall();
			boolean stacked = roof.isPresent() && wall.isPresent() &&
				Math.abs(roof.get().bottom() - wall.get().top()) < 1e-9 &&
				Math.abs((roof.get().left() + roof.get().right()) - (wall.get().left() + wall.get().right())) < 1e-9 &&
				roof.get().width() >= wall.get().width();
			assertEquals(s.isHouse(), stacked, s.toString());
			if (s.isHouse())
				assertEquals(DemoScenes.HOUSE, s.label());
		}
	}

	@Test
	void masksAreDisjointAndMatchTheShapeColours() {
		for (int i = 0; i < 20; i++) {
			DemoScenes.Scene s = DemoScenes.sample(3, i);
			for (int size : new int[] { 64, 128 }) {
				RgbImage img = s.render(size);
				boolean[] any = new boolean[size * size];
				for (DemoScenes.Shape shape : s.shapes()) {
					boolean[] m = s.mask(shape, size);
					float[] colour = DemoScenes.rgb(shape.rgb());
					double[] sum = new double[3];
					int count = 0;
					for (int p = 0; p < m.length; p++) {
						if (!m[p])
							continue;
						assertFalse(any[p], "shapes overlap in " + s);
						any[p] = true;
						if (!interior(m, size, p))
							continue;
						count++;
						for (int ch = 0; ch < 3; ch++) {
							float v = img.data()[3 * p + ch];
							sum[ch] += v;
							// Interior pixels: the flat shape colour plus noise (SD at most 6, so 6 SD = 36).
							assertTrue(Math.abs(v - colour[ch]) <= 36 || v == 0 || v == 255,
								"pixel " + p + " of " + shape + " is " + v + ", colour " + colour[ch]);
						}
					}
					assertTrue(count > 0, "shape with no interior pixel: " + shape);
					// Mean of the interior: within 5 standard errors of the noise (SD <= 6), more near 0 and 255 where
					// clipping biases it.
					double tolerance = 5 * 6 / Math.sqrt(count) + 0.5;
					for (int ch = 0; ch < 3; ch++)
						assertEquals(colour[ch], sum[ch] / count, colour[ch] < 18 || colour[ch] > 237 ? 8 : tolerance,
							"mean colour of " + shape);
				}
			}
		}
	}

	private static boolean interior(boolean[] m, int size, int p) {
		int x = p % size, y = p / size;
		if (x == 0 || y == 0 || x == size - 1 || y == size - 1)
			return false;
		for (int dy = -1; dy <= 1; dy++)
			for (int dx = -1; dx <= 1; dx++)
				if (!m[(y + dy) * size + x + dx])
					return false;
		return true;
	}

	@Test
	void maskAreaScalesWithTheRenderSize() {
		DemoScenes.Scene s = DemoScenes.demoScene("house");
		DemoScenes.Shape wall = s.wall().orElseThrow();
		int small = count(s.mask(wall, 64)), large = count(s.mask(wall, 256));
		assertEquals(wall.width() * wall.height(), small, 0.1 * small);
		assertEquals(16.0 * small, large, 0.1 * large);
	}

	private static int count(boolean[] m) {
		int n = 0;
		for (boolean b : m)
			n += b ? 1 : 0;
		return n;
	}

	@Test
	void fillWithMeanReplacesOnlyTheMaskedPixels() {
		RgbImage img = DemoScenes.generate(9).render(32);
		RgbImage before = img.copy();
		boolean[] m = new boolean[32 * 32];
		m[0] = m[500] = true;
		RgbImage out = DemoScenes.fillWithMean(img, m);
		assertArrayEquals(before.data(), img.data(), "the input must not change");
		float[] mean = DemoScenes.meanColour(img);
		for (int p = 0; p < m.length; p++)
			for (int ch = 0; ch < 3; ch++)
				assertEquals(m[p] ? mean[ch] : img.data()[3 * p + ch], out.data()[3 * p + ch]);
		assertThrows(IllegalArgumentException.class, () -> DemoScenes.fillWithMean(img, new boolean[3]));
	}

	@Test
	void demoScenesHaveTheAdvertisedContent() {
		assertTrue(DemoScenes.demoScene("house").isHouse());
		assertTrue(DemoScenes.demoScene("house_2").isHouse());
		assertFalse(DemoScenes.demoScene("no_house").isHouse());
		for (String name : DemoScenes.DEMO_NAMES) {
			DemoScenes.Scene s = DemoScenes.demoScene(name);
			assertTrue(s.roof().isPresent() && s.wall().isPresent() && !s.distractors().isEmpty(), name);
		}
		assertThrows(IllegalArgumentException.class, () -> DemoScenes.demoScene("castle"));
	}

	@Test
	void overlappingShapesAreRejected() {
		List<DemoScenes.Shape> shapes = List.of(new DemoScenes.Shape(DemoScenes.ShapeKind.WALL, 10, 10, 20, 20, 0xff0000),
			new DemoScenes.Shape(DemoScenes.ShapeKind.DISC, 25, 25, 10, 10, 0x00ff00));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> new DemoScenes.Scene(1, DemoScenes.Layout.WALL_ONLY, shapes, 0, 0, 0, 2));
		assertTrue(e.getMessage().contains("overlap"), e.getMessage());
	}
}
