package io.github.ablationca.spark;

import io.github.ablationca.run.RunSettings;
import io.github.ablationca.run.Setting;
import io.github.ablationca.run.Settings;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A run's settings as the text of the vocabulary (key to the value as the faces spell it), the form in which they
 * travel from the driver to the executors: every setting once, parsed by its one parser on arrival.
 */
final class SettingsText {

	private SettingsText() {}

	/** The settings that are set in {@code s}, by key; values left to the model are left out. */
	static Map<String, String> of(RunSettings s) {
		Map<String, String> m = new LinkedHashMap<>();
		for (Setting setting : Settings.all())
			if (setting.get(s) != null) m.put(setting.key(), setting.text(s));
		return m;
	}

	/** Fresh settings with the values of {@link #of}. */
	static RunSettings parse(Map<String, String> text) {
		RunSettings s = new RunSettings();
		for (Map.Entry<String, String> e : text.entrySet())
			Settings.get(e.getKey()).apply(s, e.getValue());
		return s;
	}
}
