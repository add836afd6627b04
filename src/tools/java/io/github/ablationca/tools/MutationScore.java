package io.github.ablationca.tools;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The mutation score per package from PIT's {@code mutations.xml}: detected (killed, timed out, memory error, run
 * error: PIT's {@code detected='true'}) over all mutants, uncovered ones included, so the figure is PIT's own
 * "Generated N Killed K" split by package. {@code --survivors} also lists every mutant that was not detected.
 *
 * <pre>{@code
 * mvn -B -P mutation test-compile org.pitest:pitest-maven:mutationCoverage
 * java src/tools/java/io/github/ablationca/tools/MutationScore.java target/pit-reports/mutations.xml
 * }</pre>
 *
 * It needs only the JDK, so it runs as a single source file without a build (as above) or from
 * {@code target/test-classes}. Several files are merged ({@link #merge}): runs over different packages add up, and
 * a class run again later replaces its earlier mutants.
 */
public final class MutationScore {

	/** One mutant as PIT reports it. */
	public record Mutant(String mutatedClass, String method, int line, String mutator, String description,
		String status, boolean detected)
	{
		public String packageName() {
			int dot = mutatedClass.lastIndexOf('.');
			return dot < 0 ? "" : mutatedClass.substring(0, dot);
		}
	}

	/** Detected and all mutants of one package. */
	public record Score(int detected, int total) {
		public double percent() {
			return total == 0 ? 100 : 100.0 * detected / total;
		}
	}

	private MutationScore() {}

	public static void main(String[] args) throws Exception {
		boolean survivors = false;
		List<Path> files = new ArrayList<>();
		for (String a : args) {
			if (a.equals("--survivors")) survivors = true;
			else if (a.equals("-h") || a.equals("--help")) {
				System.out.println("Usage: MutationScore [--survivors] [mutations.xml ...]  (default: "
					+ "target/pit-reports/mutations.xml)");
				return;
			}
			else files.add(Path.of(a));
		}
		if (files.isEmpty()) files.add(Path.of("target", "pit-reports", "mutations.xml"));
		List<List<Mutant>> runs = new ArrayList<>();
		for (Path f : files) {
			if (!Files.isRegularFile(f)) {
				System.err.println(f + ": no such file. Run PIT first: mvn -B -P mutation test-compile "
					+ "org.pitest:pitest-maven:mutationCoverage");
				System.exit(2);
			}
			runs.add(read(f));
		}
		print(merge(runs), survivors, System.out);
	}

	/**
	 * The mutants of several runs: a class a later run mutated replaces that class's mutants of earlier runs (a
	 * class run again after a new test), other classes add up (runs over different packages).
	 */
	public static List<Mutant> merge(List<List<Mutant>> runs) {
		Map<String, List<Mutant>> byClass = new TreeMap<>();
		for (List<Mutant> run : runs) {
			Map<String, List<Mutant>> latest = new TreeMap<>();
			for (Mutant m : run)
				latest.computeIfAbsent(topLevel(m.mutatedClass()), k -> new ArrayList<>()).add(m);
			byClass.putAll(latest);
		}
		List<Mutant> out = new ArrayList<>();
		byClass.values().forEach(out::addAll);
		return out;
	}

	/** {@code a.B$C} belongs to {@code a.B}: PIT mutates nested classes with their outer class. */
	private static String topLevel(String cls) {
		int dollar = cls.indexOf('$');
		return dollar < 0 ? cls : cls.substring(0, dollar);
	}

	/** The mutants of one {@code mutations.xml}. */
	public static List<Mutant> read(Path file) throws IOException {
		try (InputStream in = Files.newInputStream(file)) {
			DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
			f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
			NodeList nodes = f.newDocumentBuilder().parse(in).getElementsByTagName("mutation");
			List<Mutant> out = new ArrayList<>(nodes.getLength());
			for (int i = 0; i < nodes.getLength(); i++) {
				Element m = (Element) nodes.item(i);
				out.add(new Mutant(text(m, "mutatedClass"), text(m, "mutatedMethod"), Integer.parseInt(text(m,
					"lineNumber")), shortMutator(text(m, "mutator")), text(m, "description"), m.getAttribute(
						"status"), Boolean.parseBoolean(m.getAttribute("detected"))));
			}
			return out;
		}
		catch (ParserConfigurationException | SAXException e) {
			throw new IOException(file + " is not PIT's mutations.xml: " + e.getMessage(), e);
		}
	}

	/** Per package (sorted by name), then the total under the key {@code "all"}. */
	public static Map<String, Score> scores(List<Mutant> mutants) {
		Map<String, int[]> counts = new TreeMap<>();
		int[] total = new int[2];
		for (Mutant m : mutants) {
			int[] c = counts.computeIfAbsent(m.packageName(), k -> new int[2]);
			int d = m.detected() ? 1 : 0;
			c[0] += d;
			c[1]++;
			total[0] += d;
			total[1]++;
		}
		Map<String, Score> out = new TreeMap<>();
		counts.forEach((k, c) -> out.put(k, new Score(c[0], c[1])));
		out.put("all", new Score(total[0], total[1]));
		return out;
	}

	static void print(List<Mutant> mutants, boolean survivors, PrintStream out) {
		out.printf("%-40s %8s %6s %7s%n", "package", "detected", "total", "score");
		for (Map.Entry<String, Score> e : scores(mutants).entrySet()) {
			Score s = e.getValue();
			out.printf(Locale.ROOT, "%-40s %8d %6d %6.1f%%%n", e.getKey(), s.detected(), s.total(), s.percent());
		}
		if (!survivors) return;
		out.println();
		mutants.stream().filter(m -> !m.detected()).sorted((a, b) -> a.mutatedClass().equals(b.mutatedClass())
			? Integer.compare(a.line(), b.line()) : a.mutatedClass().compareTo(b.mutatedClass())).forEach(m -> out
				.printf("%s %s:%d %s %s: %s%n", m.status(), m.mutatedClass(), m.line(), m.method(), m.mutator(), m
					.description()));
	}

	private static String text(Element e, String tag) {
		NodeList l = e.getElementsByTagName(tag);
		Node n = l.getLength() == 0 ? null : l.item(0);
		return n == null ? "" : n.getTextContent();
	}

	private static String shortMutator(String mutator) {
		return mutator.substring(mutator.lastIndexOf('.') + 1);
	}
}
