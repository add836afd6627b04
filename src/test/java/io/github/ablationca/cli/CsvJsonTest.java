package io.github.ablationca.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonParser;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** CSV quoting and JSON escaping round trips, checked against RFC 4180 by hand and against Gson. */
class CsvJsonTest {

	@Test
	void csvQuotesOnlyWhatNeedsIt() {
		assertEquals("plain,\"a, b\",\"say \"\"hi\"\"\",\"two\nlines\",,7\n",
			Csv.line("plain", "a, b", "say \"hi\"", "two\nlines", null, 7));
	}

	@Test
	void csvRoundTrips() {
		List<String> fields = List.of("tabby, tabby cat", "\"quoted\"", "", "x\r\ny", "ünïcode");
		String text = Csv.line(fields.toArray()) + Csv.line("1", "2");
		assertEquals(List.of(fields, List.of("1", "2")), Csv.parse(text));
	}

	@Test
	void numbersAreShortAndExact() {
		assertEquals("3", Csv.number(3.0));
		assertEquals("-0.25", Csv.number(-0.25));
		assertEquals("0.1", Csv.number(0.1));
		assertEquals("1.5e-07", Csv.number(1.5e-7));
		assertEquals("NaN", Csv.number(Double.NaN));
		float f = 0.123456789f;
		assertEquals(f, Float.parseFloat(Csv.number(f)), "a float survives");
	}

	@Test
	void jsonEscapesAndParsesBack() {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("label", "a \"b\", c\\d\n\t\u0001é");
		m.put("n", 3);
		m.put("x", -0.5);
		m.put("nan", Double.NaN);
		m.put("flag", true);
		m.put("none", null);
		m.put("list", Arrays.asList(1, "two", List.of()));
		m.put("empty", Map.of());
		String json = Json.write(m);
		// Gson, independently: the label survives and NaN became null
		var g = JsonParser.parseString(json).getAsJsonObject();
		assertEquals(m.get("label"), g.get("label").getAsString());
		assertEquals(true, g.get("nan").isJsonNull());
		Map<String, Object> back = Json.parseObject(json);
		assertEquals(List.of("label", "n", "x", "nan", "flag", "none", "list", "empty"), List.copyOf(back.keySet()));
		assertEquals(m.get("label"), back.get("label"));
		assertEquals(3.0, back.get("n"));
		assertEquals(-0.5, back.get("x"));
		assertEquals(true, back.get("flag"));
		assertEquals(Arrays.asList(1.0, "two", List.of()), back.get("list"));
		assertEquals(Map.of(), back.get("empty"));
		assertEquals("\u00e9\n", Json.parse("\"\\u00e9\\n\""));
	}

	@Test
	void badJsonIsRefusedWithThePosition() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\": }"));
		assertEquals("Bad JSON at character 6: unexpected character '}'", e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\": 1} x"));
		assertThrows(IllegalArgumentException.class, () -> Json.parse("\"open"));
	}
}
