package io.github.ablationca.run;

import java.util.EnumSet;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One setting of a run, named once for every face: {@link #key()} ({@code keep_probability}) is the Fiji parameter
 * and macro key, the {@code ablation-ca.properties} key and the {@code summary.json} field; {@link #option()}
 * ({@code --keep-probability}) is the same words on the command line. Its {@link ValueType} reads and writes the
 * value, the getter and setter reach it in a {@link RunSettings}. The vocabulary is {@link Settings}.
 */
public final class Setting {

	/** Where a setting appears. */
	public enum Face {
		/** A parameter of Plugins &gt; Ablation-CA &gt; Explain Image... (and its macro key). */
		FIJI,
		/** An option of the command line. */
		COMMAND_LINE,
		/** A key of the model folder's {@code ablation-ca.properties} (per-model defaults). */
		PROPERTIES,
		/** A field of each result's {@code summary.json} (what the result was made with). */
		SUMMARY
	}

	/** What a setting is about; the command line's help lists options by group. */
	public enum Group {
		/** Which model, and how it is read. */
		MODEL("Model"),
		/** How the method explains. */
		METHOD("Method"),
		/** What is written and drawn. */
		OUTPUT("Output"),
		/**
		 * The dataset analysis (concepts and class graphs): options of {@code dataset} and parameters of Explain
		 * Dataset only, not of {@code explain} and Explain Image.
		 */
		DATASET("Dataset analysis");

		private final String title;

		Group(String title) {
			this.title = title;
		}

		public String title() {
			return title;
		}
	}

	private final String key;
	private final Group group;
	private final Set<Face> faces;
	private final ValueType<?> type;
	private final String metavar;
	private final String help;
	private final Function<RunSettings, Object> getter;
	private final BiConsumer<RunSettings, Object> setter;

	@SuppressWarnings("unchecked")
	<T> Setting(String key, Group group, Set<Face> faces, ValueType<T> type, String metavar, String help,
		Function<RunSettings, T> getter, BiConsumer<RunSettings, T> setter)
	{
		if (!key.matches("[a-z0-9]+(_[a-z0-9]+)*")) throw new IllegalArgumentException(key + " is not snake_case");
		this.key = key;
		this.group = group;
		this.faces = Set.copyOf(faces.isEmpty() ? EnumSet.noneOf(Face.class) : EnumSet.copyOf(faces));
		this.type = type;
		this.metavar = metavar;
		this.help = help;
		this.getter = (Function<RunSettings, Object>) getter;
		this.setter = (BiConsumer<RunSettings, Object>) setter;
	}

	/** The name in snake_case: Fiji key, properties key, summary field. */
	public String key() {
		return key;
	}

	/** The command-line option: the key's words in kebab-case, {@code --keep-probability}. */
	public String option() {
		return "--" + key.replace('_', '-');
	}

	public Group group() {
		return group;
	}

	public boolean on(Face face) {
		return faces.contains(face);
	}

	public ValueType<?> type() {
		return type;
	}

	/** How help texts name the value ({@code N}, {@code DIR}). */
	public String metavar() {
		return metavar;
	}

	/** What the setting does, for every face's help. */
	public String help() {
		return help;
	}

	/** The value in {@code s}. */
	public Object get(RunSettings s) {
		return getter.apply(s);
	}

	/** The value in {@code s} as the faces write it ("" when left to the model). */
	public String text(RunSettings s) {
		return type.format(get(s));
	}

	/** The value of a fresh {@link RunSettings}, as text. */
	public String defaultText() {
		return text(new RunSettings());
	}

	/**
	 * Parses {@code text} and sets it in {@code s}.
	 *
	 * @throws IllegalArgumentException saying what is accepted; the message does not name the setting (each face
	 *         names it its own way: {@code --segments}, {@code segments}, {@code segments = ...} in a file)
	 */
	public void apply(RunSettings s, String text) {
		setter.accept(s, type.parse(text));
	}

	/** Sets a value already parsed. */
	public void set(RunSettings s, Object value) {
		setter.accept(s, value);
	}

	@Override
	public String toString() {
		return key;
	}
}
