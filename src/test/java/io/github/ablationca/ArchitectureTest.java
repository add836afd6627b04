package io.github.ablationca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The layering the design asks for, read from the sources: algorithms never import ImageJ 1, the two faces never
 * import each other, nothing in the plugin imports a build-time tool, and each engine is known only to its model
 * adapter package (tensorflow, onnx, pytorch), which only the one model loader ({@code run.ModelLoader}) uses;
 * Spark is known only to package spark, which only the command line's Spark face reaches.
 */
class ArchitectureTest {

	private static final Path MAIN = Path.of("src/main/java/io/github/ablationca");
	private static final Pattern IMPORT = Pattern.compile("(?m)^import\\s+(?:static\\s+)?([\\w.]+)");

	/** Every import of the main sources as "package/File.java -> imported.Name". */
	private static List<String[]> imports() throws IOException {
		List<String[]> out = new ArrayList<>();
		try (Stream<Path> files = Files.walk(MAIN)) {
			for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
				String pkg = MAIN.relativize(f.getParent()).toString().replace('/', '.');
				Matcher m = IMPORT.matcher(Files.readString(f));
				while (m.find())
					out.add(new String[] {pkg, MAIN.relativize(f).toString(), m.group(1)});
			}
		}
		assertTrue(out.size() > 500, "the sources were found: " + out.size() + " imports");
		return out;
	}

	private static List<String> violations(String fromPackages, String importPrefix) throws IOException {
		List<String> v = new ArrayList<>();
		for (String[] i : imports())
			if (i[0].matches(fromPackages) && i[2].startsWith(importPrefix)) v.add(i[1] + " -> " + i[2]);
		return v;
	}

	@Test
	void algorithmsNeverImportImageJ1() throws IOException {
		assertEquals(List.of(), violations("image|segment|classifier|engine|attribution|metric|dataset|demo", "ij."));
	}

	@Test
	void theFacesDoNotImportEachOther() throws IOException {
		assertEquals(List.of(), violations("cli", "io.github.ablationca.fiji."));
		assertEquals(List.of(), violations("fiji", "io.github.ablationca.cli."));
	}

	@Test
	void theSharedLibrariesKnowNoFace() throws IOException {
		assertEquals(List.of(), violations("run|results|imagej|tensorflow|onnx|pytorch|report|demo|image|segment|classifier|" +
			"engine|attribution|metric|dataset", "io.github.ablationca.cli."));
		assertEquals(List.of(), violations("run|results|imagej|tensorflow|onnx|pytorch|report|demo|image|segment|classifier|" +
			"engine|attribution|metric|dataset", "io.github.ablationca.fiji."));
	}

	@Test
	void buildToolsStayOutOfThePlugin() throws IOException {
		assertEquals(List.of(), violations(".*", "io.github.ablationca.tools"));
	}

	@Test
	void eachEngineIsKnownOnlyToItsModelAdapter() throws IOException {
		List<String> v = new ArrayList<>(violations("(?!tensorflow).*", "org.tensorflow"));
		v.addAll(violations("(?!onnx).*", "ai.onnxruntime"));
		v.addAll(violations("(?!tensorflow|pytorch).*", "ai.djl"));
		v.addAll(violations("(?!pytorch).*", "ai.djl.pytorch"));
		v.addAll(violations("(?!tensorflow).*", "ai.djl.tensorflow"));
		assertEquals(List.of(), v);
	}

	@Test
	void onlyTheSparkPackageKnowsSpark() throws IOException {
		// Spark is a provided dependency, absent from the plugin's runtime: every other class must load without it.
		// The command line reaches package spark only after checking that Spark is on the class path (cli.SparkFace).
		List<String> v = new ArrayList<>(violations("(?!spark).*", "org.apache.spark"));
		v.addAll(violations("(?!spark).*", "scala."));
		v.addAll(violations("(?!spark).*", "org.apache.hadoop"));
		for (String i : violations("(?!spark).*", "io.github.ablationca.spark."))
			if (!i.startsWith("cli/SparkFace.java ")) v.add(i);
		assertEquals(List.of(), v);
		try (Stream<Path> files = Files.walk(MAIN)) {
			for (Path f : files.filter(p -> p.toString().endsWith(".java") && !p.startsWith(MAIN.resolve("spark")))
				.toList())
				assertTrue(!Files.readString(f).contains("org.apache.spark.") || f.endsWith("cli/SparkFace.java"),
					f + " names a Spark class");
		}
	}

	@Test
	void theModelAdaptersAreReachedOnlyThroughTheOneModelLoader() throws IOException {
		List<String> v = new ArrayList<>();
		for (String engine : List.of("tensorflow", "onnx", "pytorch")) {
			for (String other : List.of("tensorflow", "onnx", "pytorch"))
				if (!other.equals(engine)) v.addAll(violations(engine, "io.github.ablationca." + other + "."));
			for (String i : violations("(?!tensorflow|onnx|pytorch).*", "io.github.ablationca." + engine + "."))
				if (!i.startsWith("run/ModelLoader.java ")) v.add(i);
		}
		assertEquals(List.of(), v);
	}
}
