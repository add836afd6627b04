package io.github.ablationca;

import io.github.ablationca.run.Table;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A CSV file as rows of text cells, its header first: what the tests compare written tables with. */
public final class CsvRows {

	private CsvRows() {}

	public static List<List<String>> read(Path file) throws IOException {
		Table t = Table.parseCsv(Files.readString(file));
		List<List<String>> rows = new ArrayList<>();
		rows.add(t.columns());
		for (List<Object> row : t.rows())
			rows.add(row.stream().map(Object::toString).toList());
		return rows;
	}
}
