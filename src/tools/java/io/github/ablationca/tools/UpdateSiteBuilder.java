package io.github.ablationca.tools;

import io.github.ablationca.tools.UpdateSiteDb.Dependency;
import io.github.ablationca.tools.UpdateSiteDb.FileRecord;
import io.github.ablationca.tools.UpdateSiteDb.PreviousVersion;
import io.github.ablationca.tools.UpdateSiteDb.Version;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.scijava.util.FileUtils;

/**
 * Builds a Fiji personal update site: {@code db.xml.gz} plus the files, laid out as the updater downloads them
 * ({@code <site URL>/<filename>-<timestamp>}, e.g. {@code jars/ablation-ca-0.1.0.jar-20261126143800}), so the
 * folder can be served as it is by any web server or uploaded to sites.imagej.net.
 * <p>
 * The plugin jar goes to {@code jars/}, its runtime dependencies that Fiji does not ship ({@link #FIJI_PROVIDED})
 * too, and native-library jars of one platform (TensorFlow's {@code tensorflow-core-native}, libtorch's
 * {@code pytorch-native-cpu}) to the platform folder the updater uses ({@code jars/linux64/} for the
 * {@code linux-x86_64} classifier, with a {@code <platform>} element), as Fiji does for its own natives. Jars that
 * carry the natives of every platform in one ({@code onnxruntime}, DJL's {@code pytorch-jni}) go to {@code jars/}. Checksums
 * and timestamps follow {@link UpdaterChecksum}. Rebuilding over an existing site keeps unchanged files as they are
 * and moves changed ones to {@code <previous-version>}, so users of an older release see "update available".
 * <pre>
 * java -cp 'target/classes:target/dependency/*' io.github.ablationca.tools.UpdateSiteBuilder \
 *     --out update-site --plugin target/ablation-ca-0.1.0.jar --dependencies target/dependency
 *     --file scripts/explain-folder.ijm=scripts/Plugins/Ablation-CA/Explain_Folder.ijm
 * java -cp ... io.github.ablationca.tools.UpdateSiteBuilder --verify update-site
 * </pre>
 */
public final class UpdateSiteBuilder {

	/**
	 * Version-less names of runtime dependencies that a current Fiji installation already ships in {@code jars/}
	 * (core Fiji update site, built from the same pom-scijava): shipping them again would create duplicate,
	 * conflicting copies.
	 */
	public static final Set<String> FIJI_PROVIDED = Set.of("ij.jar", "imglib2.jar", "scijava-common.jar",
		"parsington.jar", "commons-math3.jar", "gson.jar", "commons-io.jar", "commons-codec.jar",
		"commons-compress.jar", "jna.jar", "slf4j-api.jar");

	/**
	 * Jars renamed on the site because their Maven name is too generic for Fiji's flat {@code jars/} folder (the
	 * updater matches files by version-less name across all sites): DJL's {@code ai.djl:api}.
	 */
	public static final Map<String, String> RENAMED = Map.of("api", "djl-api");

	/**
	 * Maven native classifiers and the updater's platform names (imagej-updater {@code Platforms}): JavaCPP's
	 * ({@code tensorflow-core-native}) and DJL's ({@code pytorch-native-cpu}) spellings.
	 */
	public static final Map<String, String> NATIVE_PLATFORMS = Map.of("linux-x86_64", "linux64", "linux-arm64",
		"linux-arm64", "linux-aarch64", "linux-arm64", "macosx-x86_64", "macos64", "osx-x86_64", "macos64",
		"macosx-arm64", "macos-arm64", "osx-aarch64", "macos-arm64", "windows-x86_64", "win64", "win-x86_64",
		"win64");

	/** A file to put on the site. */
	public record Entry(Path source, String filename, String platform, String description, List<String> links,
		List<String> authors)
	{}

	private final Path out;
	private final List<Entry> entries = new ArrayList<>();
	private long now = UpdaterChecksum.timestamp(System.currentTimeMillis());

	public UpdateSiteBuilder(Path out) {
		this.out = out;
	}

	/** Sets the "obsoleted at" timestamp written for replaced versions (default: now). */
	public UpdateSiteBuilder obsoletedAt(long timestamp) {
		this.now = timestamp;
		return this;
	}

	/** Adds a file as {@code filename} (path inside Fiji, with version), for all platforms when platform is null. */
	public UpdateSiteBuilder add(Path source, String filename, String platform, String description,
		List<String> links, List<String> authors)
	{
		if (!Files.isRegularFile(source)) throw new IllegalArgumentException("Not a file: " + source);
		if (filename.startsWith("/") || filename.contains("..") || filename.contains("\\"))
			throw new IllegalArgumentException("Bad path inside Fiji: " + filename);
		entries.add(new Entry(source, filename, platform, description, links == null ? List.of() : links,
			authors == null ? List.of() : authors));
		return this;
	}

	/** Adds a runtime dependency jar by its Maven file name; returns false when Fiji ships it already. */
	public boolean addDependency(Path jar) {
		String name = jar.getFileName().toString();
		if (!name.endsWith(".jar")) return false;
		if (FIJI_PROVIDED.contains(FileUtils.stripFilenameVersion(name))) return false;
		String platform = null;
		for (Map.Entry<String, String> e : NATIVE_PLATFORMS.entrySet())
			if (name.endsWith("-" + e.getKey() + ".jar")) platform = e.getValue();
		for (Map.Entry<String, String> e : RENAMED.entrySet())
			if (FileUtils.stripFilenameVersion(name).equals(e.getKey() + ".jar")) name = e.getValue() + name.substring(
				e.getKey().length());
		add(jar, platform == null ? "jars/" + name : "jars/" + platform + "/" + name, platform, null, null, null);
		return true;
	}

	/**
	 * Writes the site: copies each file to {@code <out>/<filename>-<timestamp>} (modification time kept) and writes
	 * {@code db.xml.gz}, carrying over the versions recorded in {@code previousDb} (may be null or missing).
	 *
	 * @param pluginFilename the file whose version lists the others as dependencies (null: none)
	 * @return the records written
	 */
	public List<FileRecord> build(Path previousDb, String pluginFilename) throws IOException {
		Files.createDirectories(out);
		Map<String, FileRecord> old = new LinkedHashMap<>();
		if (previousDb != null && Files.isRegularFile(previousDb))
			for (FileRecord r : UpdateSiteDb.read(previousDb))
				old.put(FileUtils.stripFilenameVersion(r.filename()), r);

		Map<String, Version> fresh = new LinkedHashMap<>();
		Map<String, Long> timestamps = new LinkedHashMap<>();
		for (Entry e : entries) {
			String checksum = UpdaterChecksum.digest(e.filename(), e.source());
			long timestamp = UpdaterChecksum.timestamp(e.source());
			FileRecord before = old.get(FileUtils.stripFilenameVersion(e.filename()));
			if (before != null && before.current() != null && before.current().checksum().equals(checksum) &&
				before.filename().equals(e.filename())) timestamp = before.current().timestamp(); // unchanged file
			timestamps.put(e.filename(), timestamp);
			fresh.put(e.filename(), new Version(checksum, timestamp, Files.size(e.source()), e.description(),
				List.of(), e.links(), e.authors()));
		}

		List<FileRecord> records = new ArrayList<>();
		Set<String> seen = new TreeSet<>();
		for (Entry e : entries) {
			Version v = fresh.get(e.filename());
			if (e.filename().equals(pluginFilename)) v = new Version(v.checksum(), v.timestamp(), v.filesize(),
				v.description(), dependenciesOf(e.filename(), timestamps), v.links(), v.authors());
			String key = FileUtils.stripFilenameVersion(e.filename());
			seen.add(key);
			List<PreviousVersion> previous = new ArrayList<>();
			FileRecord before = old.get(key);
			if (before != null) {
				previous.addAll(before.previous());
				Version was = before.current();
				if (was != null && !was.checksum().equals(v.checksum()))
					previous.add(new PreviousVersion(before.filename(), was.checksum(), was.timestamp(), now));
			}
			Path target = out.resolve(e.filename() + "-" + v.timestamp());
			Files.createDirectories(target.getParent());
			if (!Files.exists(target) || Files.size(target) != Files.size(e.source()))
				Files.copy(e.source(), target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
			records.add(new FileRecord(e.filename(), e.platform() == null ? List.of() : List.of(e.platform()), List.of(),
				v, previous));
		}
		// Files no longer shipped stay listed as obsolete, so the updater offers to remove them.
		for (Map.Entry<String, FileRecord> o : old.entrySet()) {
			if (seen.contains(o.getKey())) continue;
			FileRecord r = o.getValue();
			List<PreviousVersion> previous = new ArrayList<>(r.previous());
			if (r.current() != null)
				previous.add(new PreviousVersion(r.filename(), r.current().checksum(), r.current().timestamp(), now));
			records.add(new FileRecord(r.filename(), r.platforms(), r.categories(), null, previous));
		}
		UpdateSiteDb.write(records, out.resolve("db.xml.gz"));
		return records;
	}

	private List<Dependency> dependenciesOf(String plugin, Map<String, Long> timestamps) {
		List<Dependency> deps = new ArrayList<>();
		for (Map.Entry<String, Long> t : timestamps.entrySet())
			if (!t.getKey().equals(plugin))
				deps.add(new Dependency(FileUtils.stripFilenameVersion(t.getKey()), t.getValue()));
		return deps;
	}

	/**
	 * Recomputes every checksum and size of a built site from its files and checks the names, so a broken copy or a
	 * stale db.xml.gz is caught before upload.
	 *
	 * @return problems found (empty = consistent)
	 */
	public static List<String> verify(Path site) throws IOException {
		List<String> problems = new ArrayList<>();
		Path db = site.resolve("db.xml.gz");
		if (!Files.isRegularFile(db)) return List.of("missing " + db);
		for (FileRecord r : UpdateSiteDb.read(db)) {
			if (r.current() == null) continue;
			Path file = site.resolve(r.filename() + "-" + r.current().timestamp());
			if (!Files.isRegularFile(file)) {
				problems.add(r.filename() + ": missing " + file);
				continue;
			}
			if (Files.size(file) != r.current().filesize())
				problems.add(r.filename() + ": size " + Files.size(file) + " != " + r.current().filesize());
			String checksum = UpdaterChecksum.digest(r.filename(), file);
			if (!checksum.equals(r.current().checksum()))
				problems.add(r.filename() + ": checksum " + checksum + " != " + r.current().checksum());
		}
		return problems;
	}

	public static void main(String[] args) throws IOException {
		System.exit(run(args, System.out, System.err));
	}

	static int run(String[] args, PrintStream stdout, PrintStream stderr) throws IOException {
		Path out = null, plugin = null, deps = null, previous = null, verify = null;
		List<String[]> extra = new ArrayList<>();
		String description = "Ablation-CA: explains a CNN image classifier (object heatmap, correlated object pairs)";
		String link = "https://github.com/ablation-ca/ablation-ca-fiji";
		for (int i = 0; i < args.length; i++) {
			String a = args[i];
			if (i + 1 >= args.length) return usage(stderr, "missing value after " + a);
			String v = args[++i];
			switch (a) {
				case "--out" -> out = Paths.get(v);
				case "--plugin" -> plugin = Paths.get(v);
				case "--dependencies" -> deps = Paths.get(v);
				case "--previous" -> previous = Paths.get(v);
				case "--verify" -> verify = Paths.get(v);
				case "--description" -> description = v;
				case "--link" -> link = v;
				case "--file" -> {
					int eq = v.indexOf('=');
					if (eq <= 0) return usage(stderr, "--file needs SOURCE=PATH_IN_FIJI, got " + v);
					extra.add(new String[] {v.substring(0, eq), v.substring(eq + 1)});
				}
				default -> {
					return usage(stderr, "unknown option " + a);
				}
			}
		}
		if (verify != null) {
			List<String> problems = verify(verify);
			for (String p : problems)
				stderr.println("update site problem: " + p);
			if (problems.isEmpty()) stdout.println("update site " + verify + ": every checksum and size matches");
			return problems.isEmpty() ? 0 : 1;
		}
		if (out == null || plugin == null) return usage(stderr, "--out and --plugin are required");
		UpdateSiteBuilder b = new UpdateSiteBuilder(out);
		String pluginName = "jars/" + plugin.getFileName();
		b.add(plugin, pluginName, null, description, List.of(link), List.of("Ablation-CA developers"));
		for (String[] f : extra)
			b.add(Paths.get(f[0]), f[1], null, null, null, null);
		List<String> skipped = new ArrayList<>();
		if (deps != null) try (DirectoryStream<Path> jars = Files.newDirectoryStream(deps, "*.jar")) {
			List<Path> sorted = new ArrayList<>();
			jars.forEach(sorted::add);
			sorted.sort(null);
			for (Path jar : sorted)
				if (!b.addDependency(jar)) skipped.add(jar.getFileName().toString());
		}
		List<FileRecord> records = b.build(previous != null ? previous : out.resolve("db.xml.gz"), pluginName);
		for (FileRecord r : records)
			stdout.println((r.current() == null ? "obsolete " : "") + r.filename() +
				(r.current() == null ? "" : "  " + r.current().checksum() + "  " + r.current().timestamp()));
		if (!skipped.isEmpty()) stdout.println("not shipped (Fiji has them): " + String.join(", ", skipped));
		stdout.println("wrote " + out.resolve("db.xml.gz"));
		return 0;
	}

	private static int usage(PrintStream err, String problem) {
		err.println("UpdateSiteBuilder: " + problem);
		err.println("usage: --out DIR --plugin JAR [--dependencies DIR] [--previous db.xml.gz] " +
			"[--file SOURCE=PATH_IN_FIJI]... [--description TEXT] [--link URL]\n   or: --verify DIR");
		return 2;
	}

	/** Sets a file's modification time (tests use it to get known timestamps). */
	static void touch(Path file, long epochMillis) throws IOException {
		Files.setLastModifiedTime(file, FileTime.fromMillis(epochMillis));
	}
}
