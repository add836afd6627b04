package io.github.ablationca.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** CSV quoting and JSON escaping round trips, checked against RFC 4180 by hand and against Gson's own parser. */
class TableJsonTest {

	@Test
	void csvQuotesOnlyWhatNeedsIt() {
		Table t = new Table(List.of("a", "b", "c", "d", "e", "f", "g")).add("plain", "a, b", "say \"hi\"", "two\nlines",
			null, 7, true);
		assertEquals("a,b,c,d,e,f,g\nplain,\"a, b\",\"say \"\"hi\"\"\",\"two\nlines\",,7,1\n", t.toCsv());
	}

	@Test
	void csvRoundTrips() {
		List<String> fields = List.of("tabby, tabby cat", "\"quoted\"", "", "x\r\ny", "ünïcode");
		Table t = new Table(List.of("1", "2", "3", "4", "5")).add(List.copyOf(fields)).add("a", "b", "c", "d", "e");
		Table back = Table.parseCsv(t.toCsv());
		assertEquals(t.columns(), back.columns());
		assertEquals(List.of(fields, List.of("a", "b", "c", "d", "e")), back.rows());
	}

	@Test
	void aRowMustFitTheColumns() {
		assertThrows(IllegalArgumentException.class, () -> new Table(List.of("a", "b")).add(1));
	}

	@Test
	void numbersAreShortAndExact() {
		assertEquals("3", Table.format(3.0));
		assertEquals("-0.25", Table.format(-0.25));
		assertEquals("0.1", Table.format(0.1));
		assertEquals("1.5e-07", Table.format(1.5e-7));
		assertEquals("NaN", Table.format(Double.NaN));
		assertEquals("-Infinity", Table.format(Double.NEGATIVE_INFINITY));
		float f = 0.123456789f;
		assertEquals(f, Float.parseFloat(Table.format(f)), "a float survives");
		assertEquals("12", Table.format(12L));
		assertEquals("0", Table.format(false));
	}

	@Test
	void jsonEscapesAndParsesBack() {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("label", "a \"b\", c\\d\n\t\u0001é");
		m.put("n", 3);
		m.put("x", -0.5);
		m.put("whole", 2.0);
		m.put("nan", Double.NaN);
		m.put("flag", true);
		m.put("none", null);
		m.put("list", Arrays.asList(1, "two", List.of()));
		m.put("empty", Map.of());
		String json = Json.write(m);
		assertTrue(json.contains("\"whole\": 2,"), "whole numbers without .0: " + json);
		// Gson's own parser, independently: the label survives and NaN became null
		var g = JsonParser.parseString(json).getAsJsonObject();
		assertEquals(m.get("label"), g.get("label").getAsString());
		assertEquals(true, g.get("nan").isJsonNull());
		Map<String, Object> back = Json.parseObject(json);
		assertEquals(List.of("label", "n", "x", "whole", "nan", "flag", "none", "list", "empty"),
			List.copyOf(back.keySet()));
		assertEquals(m.get("label"), back.get("label"));
		assertEquals(3.0, back.get("n"));
		assertEquals(-0.5, back.get("x"));
		assertEquals(true, back.get("flag"));
		assertEquals(Arrays.asList(1.0, "two", List.of()), back.get("list"));
		assertEquals(Map.of(), back.get("empty"));
	}

	@Test
	void badJsonIsRefusedWithTheProblem() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parseObject("{\"a\": }"));
		assertTrue(e.getMessage().startsWith("not a JSON object"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> Json.parseObject("[1, 2]"));
		assertThrows(IllegalArgumentException.class, () -> Json.parseObject("\"open"));
		assertThrows(IllegalArgumentException.class, () -> Json.parseObject(""));
	}
}
