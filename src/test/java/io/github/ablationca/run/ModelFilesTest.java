package io.github.ablationca.run;

import static io.github.ablationca.Messages.assertMentions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.ablationca.TestData;
import io.github.ablationca.classifier.ModelEngine;
import io.github.ablationca.classifier.ModelLoadException;
import io.github.ablationca.onnx.OnnxModels;
import io.github.ablationca.pytorch.TorchScriptModels;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine is recognised from the files, before any engine starts: SavedModel folders, ONNX and TorchScript files
 * (by content, whatever their name), folders holding one of them; and what people give instead is named with the fix.
 */
class ModelFilesTest {

	private static ModelFiles.Location locate(Path p) {
		return ModelFiles.locate(p, null);
	}

	@Test
	void savedModelFolderOrItsGraphFile() {
		Path dir = TestData.model("resnet8_cifar10");
		assertEquals(new ModelFiles.Location(ModelEngine.TENSORFLOW, dir, dir), locate(dir));
		assertEquals(new ModelFiles.Location(ModelEngine.TENSORFLOW, dir, dir), locate(dir.resolve("saved_model.pb")));
	}

	@Test
	void onnxAndTorchScriptFilesAndTheFoldersThatHoldThem() {
		Path onnx = TestData.model("resnet8_cifar10_onnx");
		assertEquals(new ModelFiles.Location(ModelEngine.ONNX, onnx.resolve("model.onnx"), onnx), locate(onnx));
		assertEquals(new ModelFiles.Location(ModelEngine.ONNX, onnx.resolve("model.onnx"), onnx), locate(onnx.resolve(
			"model.onnx")));
		Path torch = TestData.model("resnet8_cifar10_torchscript");
		assertEquals(new ModelFiles.Location(ModelEngine.PYTORCH, torch.resolve("model.pt"), torch), locate(torch));
		assertEquals(ModelEngine.PYTORCH, locate(torch.resolve("model.pt")).engine());
	}

	@Test
	void theContentDecidesNotTheName(@TempDir Path dir) throws Exception {
		Path torch = TorchScriptModels.channelMeans(dir.resolve("weights.bin"));
		assertEquals(ModelEngine.PYTORCH, locate(torch).engine());
		Path onnx = OnnxModels.channelMeans(dir.resolve("net.model"), "NCHW", 8, 8);
		assertEquals(ModelEngine.ONNX, locate(onnx).engine());
	}

	@Test
	void aFolderOfSeveralModelsAsksForTheFileUnlessTheEngineChooses(@TempDir Path dir) throws Exception {
		OnnxModels.channelMeans(dir.resolve("a.onnx"), "NCHW", 8, 8);
		TorchScriptModels.channelMeans(dir.resolve("b.pt"));
		Files.writeString(dir.resolve("labels.txt"), "r\ng\nb\n");
		ModelLoadException e = assertThrows(ModelLoadException.class, () -> locate(dir));
		assertMentions(e, dir.toString(), "several models", "a.onnx (ONNX model)", "b.pt (TorchScript model)",
			"Give the model file itself");
		assertEquals(dir.resolve("b.pt"), ModelFiles.locate(dir, ModelEngine.PYTORCH).model());
		assertEquals(dir.resolve("a.onnx"), ModelFiles.locate(dir, ModelEngine.ONNX).model());
		e = assertThrows(ModelLoadException.class, () -> ModelFiles.locate(dir, ModelEngine.TENSORFLOW));
		assertMentions(e, "holds no model for engine tensorflow", "saved_model.pb");
	}

	@Test
	void anEngineThatContradictsTheFilesIsRefused(@TempDir Path dir) {
		Path torch = TorchScriptModels.channelMeans(dir.resolve("model.pt"));
		ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelFiles.locate(torch, ModelEngine.ONNX));
		assertMentions(e, "model.pt is a TorchScript model", "engine onnx", "set engine pytorch");
		e = assertThrows(ModelLoadException.class, () -> ModelFiles.locate(TestData.model("resnet8_cifar10"),
			ModelEngine.PYTORCH));
		assertMentions(e, "It is a TensorFlow SavedModel", "engine tensorflow");
	}

	@Test
	void aFileThatIsNeitherIsRefusedWithWhatWorks(@TempDir Path dir) throws Exception {
		Path notes = Files.writeString(dir.resolve("model.txt"), "a classifier, trust me");
		ModelLoadException e = assertThrows(ModelLoadException.class, () -> locate(notes));
		assertMentions(e, notes.toString(), "neither a TensorFlow SavedModel nor an ONNX or TorchScript model",
			"saved_model.pb", ".onnx", "torch.jit.save");
		Path empty = Files.write(dir.resolve("model.onnx.part"), new byte[0]);
		assertMentions(assertThrows(ModelLoadException.class, () -> locate(empty)), "an empty file");
		assertMentions(assertThrows(ModelLoadException.class, () -> locate(dir.resolve("nothing-here"))),
			"does not exist", "saved_model.pb");
		Path folder = Files.createDirectories(dir.resolve("empty"));
		assertMentions(assertThrows(ModelLoadException.class, () -> locate(folder)), "holds no model",
			"no ONNX (.onnx) or TorchScript (.pt) file");
	}

	@Test
	void whatPeopleGiveInsteadIsNamedWithTheFix(@TempDir Path dir) throws Exception {
		Path checkpoint = TorchScriptModels.checkpoint(dir.resolve("weights.pth"));
		assertMentions(assertThrows(ModelLoadException.class, () -> locate(checkpoint)), "PyTorch checkpoint",
			"not TorchScript", "torch.jit.trace", "torch.onnx.export");
		Path pickle = Files.write(dir.resolve("old.pth"), new byte[] {(byte) 0x80, 2, 'c', '.'});
		assertMentions(assertThrows(ModelLoadException.class, () -> locate(pickle)), "PyTorch checkpoint");
		Path keras = Files.write(dir.resolve("model.h5"), new byte[] {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a,
			'\n'});
		assertMentions(assertThrows(ModelLoadException.class, () -> locate(keras)), "Keras", "model.export");
		Path tflite = Files.write(dir.resolve("m.tflite"), new byte[] {0x1c, 0, 0, 0, 'T', 'F', 'L', '3', 0, 0});
		assertMentions(assertThrows(ModelLoadException.class, () -> locate(tflite)), "TensorFlow Lite",
			"SavedModel it was converted from");
		Path frozen = Files.writeString(dir.resolve("frozen_graph.pb"), "graph");
		assertMentions(assertThrows(ModelLoadException.class, () -> locate(frozen)), "frozen graphs",
			"saved_model.pb");
		// in a folder, each of them is listed with its fix
		ModelLoadException e = assertThrows(ModelLoadException.class, () -> locate(dir));
		assertMentions(e, "weights.pth (a PyTorch checkpoint", "model.h5 (a Keras model file", "m.tflite");
	}

	@Test
	void anEngineGivenForAnUnknownFileIsTrusted(@TempDir Path dir) throws Exception {
		Path blob = Files.write(dir.resolve("model.bin"), new byte[] {1, 2, 3, 4});
		assertEquals(ModelEngine.ONNX, ModelFiles.locate(blob, ModelEngine.ONNX).engine());
		assertMentions(assertThrows(ModelLoadException.class, () -> ModelFiles.locate(blob, ModelEngine.TENSORFLOW)),
			"engine tensorflow needs the SavedModel folder");
	}

	@Test
	void anEngineWhoseJarsAreMissingIsNamed() {
		String m = ModelLoader.missingEngine(ModelEngine.ONNX, new NoClassDefFoundError("ai/onnxruntime/OrtException"));
		assertMentions(new IllegalStateException(m), "Cannot run ONNX models", "ai/onnxruntime/OrtException",
			"com.microsoft.onnxruntime:onnxruntime", "target/dependency", "update site");
		m = ModelLoader.missingEngine(ModelEngine.PYTORCH, new NoClassDefFoundError("ai/djl/pytorch/engine/PtSymbolBlock"));
		assertMentions(new IllegalStateException(m), "TorchScript models", "pytorch-engine", "pytorch-native-cpu");
	}
}
