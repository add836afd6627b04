package io.github.ablationca.run;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.ToNumberPolicy;
import com.google.gson.TypeAdapter;
import com.google.gson.reflect.TypeToken;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;

import java.io.IOException;
import java.util.Map;

/**
 * JSON of the result files through Gson: maps keep their key order, numbers are written as in the CSV files
 * ({@link Table#format(double)}: short and exact) and non-finite numbers as null (JSON has no NaN); reading gives
 * maps, lists, strings, doubles, booleans and null.
 * <pre>{@code
 * String text = Json.write(Map.of("seed", 1, "fill", "mean"));
 * Map<String, Object> back = Json.parseObject(text);
 * }</pre>
 */
public final class Json {

	private static final TypeAdapter<Number> NUMBERS = new TypeAdapter<>() {
		@Override
		public void write(JsonWriter out, Number n) throws IOException {
			if (n == null) out.nullValue();
			else if (n instanceof Double || n instanceof Float) {
				double d = n.doubleValue();
				if (Double.isFinite(d)) out.jsonValue(Table.format(d));
				else out.nullValue();
			}
			else out.value(n.longValue());
		}

		@Override
		public Number read(JsonReader in) throws IOException {
			return in.nextDouble();
		}
	};

	private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping()
		.registerTypeAdapter(Double.class, NUMBERS).registerTypeAdapter(Float.class, NUMBERS)
		.registerTypeAdapter(Integer.class, NUMBERS).registerTypeAdapter(Long.class, NUMBERS)
		.setObjectToNumberStrategy(ToNumberPolicy.DOUBLE).create();

	private Json() {}

	/** {@code value} as indented JSON (two spaces), without a final line break. */
	public static String write(Object value) {
		return GSON.toJson(value);
	}

	/**
	 * Reads a JSON object.
	 *
	 * @throws IllegalArgumentException for text that is not a JSON object, naming the problem and its position
	 */
	public static Map<String, Object> parseObject(String text) {
		try {
			Map<String, Object> m = GSON.fromJson(text, new TypeToken<Map<String, Object>>() {}.getType());
			if (m == null) throw new IllegalArgumentException("empty JSON text; expected an object {...}");
			return m;
		}
		catch (JsonParseException | IllegalStateException e) {
			throw new IllegalArgumentException("not a JSON object: " + e.getMessage(), e);
		}
	}
}
