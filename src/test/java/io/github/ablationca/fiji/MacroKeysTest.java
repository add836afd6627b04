package io.github.ablationca.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.Macro;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.log.LogService;
import org.scijava.module.ModuleItem;
import org.scijava.plugin.PluginInfo;
import org.scijava.plugin.PluginService;
import org.scijava.service.Service;

/**
 * The parameter names double as ImageJ macro keys. ImageJ's {@code Macro.getValue} finds {@code key=} anywhere in
 * the options as long as the character before it is not a letter, so a key that is a suffix of another key after a
 * non-letter (e.g. {@code slice} and {@code first_slice}) would read the other's value; after a letter
 * ({@code out} in {@code input_layout}) it would not. Checked on the real command metadata and with
 * ImageJ's own parser.
 */
class MacroKeysTest {

	private static Context context;

	@BeforeAll
	static void start() {
		context = new Context(CommandService.class, AblationCaService.class, LogService.class);
	}

	@AfterAll
	static void stop() {
		context.dispose();
	}

	private static CommandInfo info() {
		CommandInfo info = context.getService(CommandService.class).getCommand(ExplainImageCommand.class);
		assertNotNull(info, "the command is discovered through the plugin index");
		return info;
	}

	/** Inputs the user sets (services are injected, not macro keys). */
	private static List<String> userInputs() {
		List<String> names = new ArrayList<>();
		for (ModuleItem<?> item : info().inputs())
			if (!Service.class.isAssignableFrom(item.getType())) names.add(item.getName());
		return names;
	}

	private static List<String> allNames() {
		List<String> names = new ArrayList<>(userInputs());
		for (ModuleItem<?> item : info().outputs())
			names.add(item.getName());
		return names;
	}

	@Test
	void menuPathAndHeadless() {
		CommandInfo info = info();
		assertEquals("Plugins>Ablation-CA>Explain Image...", info.getMenuPath().getMenuString(true).replace(" > ", ">"));
		assertTrue(info.canRunHeadless());
	}

	@Test
	void noKeyIsASuffixOfAnother() {
		List<String> names = allNames();
		assertTrue(names.size() >= 18, "all parameters are visible: " + names);
		for (String a : names)
			for (String b : names)
				if (!a.equals(b)) assertFalse(b.endsWith(a) && !Character.isLetter(b.charAt(b.length() - a.length() - 1)),
					"'" + a + "' is a suffix of '" + b + "' after a non-letter");
	}

	@Test
	void keysAreSnakeCase() {
		for (String name : allNames())
			assertTrue(name.matches("[a-z]+(_[a-z]+)*"), name + " is not a snake_case macro key");
	}

	@Test
	void imageJParsesEveryKeyBackFromARecordedLine() {
		Map<String, String> values = new LinkedHashMap<>();
		int i = 0;
		for (String name : userInputs())
			values.put(name, "v" + (i++) + "_" + name);
		StringBuilder options = new StringBuilder();
		for (Map.Entry<String, String> e : values.entrySet())
			options.append(e.getKey()).append('=').append(e.getValue()).append(' ');
		for (Map.Entry<String, String> e : values.entrySet())
			assertEquals(e.getValue(), Macro.getValue(options.toString(), e.getKey(), null), e.getKey());
	}

	@Test
	void readmeMacroLineUsesOnlyRealKeys() throws Exception {
		Path readme = Paths.get("README.md");
		String text = Files.readString(readme, StandardCharsets.UTF_8);
		int at = text.indexOf("run(\"Explain Image...\", \"");
		assertTrue(at >= 0, "the README shows a recorded run(\"Explain Image...\") line");
		String options = text.substring(at + "run(\"Explain Image...\", \"".length(), text.indexOf('"', at + 26));
		List<String> known = userInputs();
		for (String token : options.split(" (?![^\\[]*\\])")) {
			if (token.isBlank()) continue;
			String key = token.contains("=") ? token.substring(0, token.indexOf('=')) : token;
			assertTrue(known.contains(key), "README macro key '" + key + "' is not a parameter of the command");
		}
	}

	@Test
	void pluginIndexListsCommandAndService() throws Exception {
		PluginService plugins = context.getService(PluginService.class);
		List<String> classes = new ArrayList<>();
		for (PluginInfo<?> p : plugins.getPlugins())
			classes.add(p.getClassName());
		assertTrue(classes.contains(ExplainImageCommand.class.getName()));
		assertTrue(classes.contains(DefaultAblationCaService.class.getName()));
		assertTrue(classes.contains(CancelRunsCommand.class.getName()));
		// The annotation processor wrote the index that Fiji reads (it is packaged into the jar from here).
		Path index = Paths.get("target/classes/META-INF/json/org.scijava.plugin.Plugin");
		String json = Files.readString(index, StandardCharsets.UTF_8);
		assertTrue(json.contains(ExplainImageCommand.class.getName()), json);
	}
}
