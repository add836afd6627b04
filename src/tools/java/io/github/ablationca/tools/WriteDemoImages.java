package io.github.ablationca.tools;

import io.github.ablationca.demo.DemoAssets;
import io.github.ablationca.demo.DemoScenes;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Writes the demo images into {@code args[0]} (default: the resource folder of the source tree); run by scripts/train-demo-model. */
public final class WriteDemoImages {

	private WriteDemoImages() {}

	public static void main(String[] args) throws IOException {
		Path dir = Paths.get(args.length > 0 ? args[0] : "src/main/resources/io/github/ablationca/demo/images");
		DemoAssets.writeDemoImages(dir);
		System.out.println("wrote " + DemoScenes.DEMO_NAMES + " to " + dir.toAbsolutePath());
	}
}
