package io.github.ablationca.results;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which files a folder operand yields, and the result names: valid, unique, stable. */
class InputFilesTest {

	private static Path touch(Path p) throws Exception {
		Files.createDirectories(p.getParent());
		return Files.writeString(p, "x");
	}

	@Test
	void foldersAreSearchedRecursivelyForImagesOnly(@TempDir Path tmp) throws Exception {
		Path in = tmp.resolve("in");
		touch(in.resolve("b.PNG"));
		touch(in.resolve("a.jpg"));
		touch(in.resolve("sub/a.jpeg"));
		touch(in.resolve("sub/deeper/c.tiff"));
		touch(in.resolve("sub/d.bmp"));
		touch(in.resolve("e.tif"));
		touch(in.resolve("notes.txt"));
		touch(in.resolve(".hidden.png"));
		touch(in.resolve(".cache/x.png"));
		touch(in.resolve("out/old/overlay.png")); // the output folder inside the input folder
		List<InputFiles.Input> inputs = InputFiles.expand(List.of(in.toString()), in.resolve("out"))
			.inputs();
		assertEquals(List.of("a", "b", "e", "sub_a", "sub_d", "sub_deeper_c"),
			inputs.stream().map(InputFiles.Input::name).toList());
		assertEquals(in.resolve("sub/deeper/c.tiff"), inputs.get(5).file());
	}

	@Test
	void namesAreUniqueIgnoringCaseAndFilesNamedDirectlyAreTakenAsGiven(@TempDir Path tmp) throws Exception {
		Path x = touch(tmp.resolve("x/cat.png"));
		Path y = touch(tmp.resolve("y/Cat.jpg"));
		Path z = touch(tmp.resolve("z/cat.data"));
		List<InputFiles.Input> inputs = InputFiles.expand(List.of(x.toString(), y.toString(), z.toString(),
			"missing/cat.png"), null).inputs();
		assertEquals(List.of("cat", "Cat-2", "cat-3", "cat-4"), inputs.stream().map(InputFiles.Input::name).toList());
		assertEquals("missing/cat.png", inputs.get(3).display());
	}

	@Test
	void namesAreValidFolderNames() {
		assertEquals("a_b_c", InputFiles.baseName("a:b*c"));
		assertEquals("_hidden", InputFiles.baseName(".hidden"));
		assertEquals("image", InputFiles.baseName("  "));
		assertEquals("stack_slice07", InputFiles.sliceName("stack", 7, 12));
		assertEquals("stack_slice7", InputFiles.sliceName("stack", 7, 9));
		assertEquals("plain", InputFiles.sliceName("plain", 1, 1));
		// the dataset analysis's folder is never an image's result
		assertEquals("_dataset", InputFiles.baseName("dataset"));
		assertEquals("_Dataset", InputFiles.resultName("Dataset.png"));
	}
}
