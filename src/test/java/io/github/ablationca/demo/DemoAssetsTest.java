package io.github.ablationca.demo;

import io.github.ablationca.image.RgbImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DemoAssetsTest {

	@Test
	void modelIsExtractedOnceWithEveryFile() throws Exception {
		Path a = DemoAssets.modelDir(), b = DemoAssets.modelDir();
		assertEquals(a, b);
		for (String f : DemoAssets.MODEL_FILES)
			assertArrayEquals(DemoAssets.resource("model/" + f), Files.readAllBytes(a.resolve(f)), f);
	}

	@Test
	void modelCanBeCopiedAnywhere(@TempDir Path dir) throws Exception {
		Path out = DemoAssets.extractModel(dir.resolve("m"));
		for (String f : DemoAssets.MODEL_FILES)
			assertTrue(Files.isRegularFile(out.resolve(f)), f);
	}

	/** The committed PNGs are exactly what the generator renders, so they can be regenerated and trusted. */
	@Test
	void committedImagesAreTheRenderedDemoScenes() {
		for (String name : DemoAssets.imageNames()) {
			DemoAssets.DemoImage demo = DemoAssets.image(name);
			assertEquals(DemoAssets.IMAGE_SIZE, demo.image().width());
			assertArrayEquals(DemoScenes.demoScene(name).render(DemoAssets.IMAGE_SIZE).data(), demo.image().data(), name);
		}
		assertEquals("house", DemoAssets.DEFAULT_IMAGE);
	}

	@Test
	void groundTruthMasksCoverTheRoofAndTheWall() {
		DemoAssets.DemoImage demo = DemoAssets.image(DemoAssets.DEFAULT_IMAGE);
		int n = DemoAssets.IMAGE_SIZE * DemoAssets.IMAGE_SIZE;
		assertEquals(n, demo.roofMask().length);
		assertEquals(n, demo.wallMask().length);
		assertTrue(demo.isHouse());
		assertEquals(demo.scene().distractors().size(), demo.distractorMasks().size());
		float[] roof = DemoScenes.rgb(demo.scene().roof().orElseThrow().rgb());
		float[] wall = DemoScenes.rgb(demo.scene().wall().orElseThrow().rgb());
		double roofPixels = 0, wallPixels = 0, roofMatch = 0, wallMatch = 0;
		for (int p = 0; p < n; p++) {
			assertFalse(demo.roofMask()[p] && demo.wallMask()[p]);
			if (demo.roofMask()[p]) {
				roofPixels++;
				roofMatch += near(demo.image(), p, roof) ? 1 : 0;
			}
			if (demo.wallMask()[p]) {
				wallPixels++;
				wallMatch += near(demo.image(), p, wall) ? 1 : 0;
			}
		}
		// Anti-aliased edge pixels mix with the background; the rest has the shape's colour.
		assertTrue(roofMatch / roofPixels > 0.9, "roof " + roofMatch / roofPixels);
		assertTrue(wallMatch / wallPixels > 0.9, "wall " + wallMatch / wallPixels);
	}

	private static boolean near(RgbImage img, int p, float[] colour) {
		for (int ch = 0; ch < 3; ch++)
			if (Math.abs(img.data()[3 * p + ch] - colour[ch]) > 15)
				return false;
		return true;
	}

	@Test
	void imagesCanBeWrittenAsFiles(@TempDir Path dir) throws Exception {
		Path png = DemoAssets.extractImage("no_house", dir);
		try (InputStream in = Files.newInputStream(png)) {
			RgbImage img = DemoAssets.readPng(in);
			assertArrayEquals(DemoAssets.image("no_house").image().data(), img.data());
		}
	}

	@Test
	void unknownNamesAreRejectedWithTheChoices() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DemoAssets.image("castle"));
		assertTrue(e.getMessage().contains("house_2"), e.getMessage());
	}
}
