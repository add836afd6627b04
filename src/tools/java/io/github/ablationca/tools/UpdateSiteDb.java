package io.github.ablationca.tools;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;

import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * The file index of a Fiji update site, {@code db.xml.gz}: one {@code <plugin>} per file with its current version
 * (checksum, timestamp, size, description, dependencies, links, authors) and its previous versions. Written in the
 * format of the updater's {@code XMLFileWriter} (gzip, UTF-8, DOCTYPE with the updater's internal DTD), read back
 * for carrying previous versions over when the site is rebuilt.
 */
public final class UpdateSiteDb {

	/**
	 * The updater's DTD, as imagej/imagej-updater's {@code XMLFileWriter} writes it into every db.xml (commit
	 * e6e1d7e2fedbfe02d33fd7336f61cadad98804c1, the version with the {@code keep-url} and {@code official}
	 * attributes).
	 */
	public static final String DTD = "<!DOCTYPE pluginRecords [\n" +
		"<!ELEMENT pluginRecords ((update-site | disabled-update-site)*, plugin*)>\n" +
		"<!ELEMENT update-site EMPTY>\n" +
		"<!ELEMENT disabled-update-site EMPTY>\n" +
		"<!ELEMENT plugin (platform*, category*, version?, previous-version*)>\n" +
		"<!ELEMENT version (description?, dependency*, link*, author*)>\n" +
		"<!ELEMENT previous-version EMPTY>\n" +
		"<!ELEMENT description (#PCDATA)>\n" +
		"<!ELEMENT dependency EMPTY>\n" +
		"<!ELEMENT link (#PCDATA)>\n" +
		"<!ELEMENT author (#PCDATA)>\n" +
		"<!ELEMENT platform (#PCDATA)>\n" +
		"<!ELEMENT category (#PCDATA)>\n" +
		"<!ATTLIST update-site name CDATA #REQUIRED>\n" +
		"<!ATTLIST update-site url CDATA #REQUIRED>\n" +
		"<!ATTLIST update-site keep-url CDATA #IMPLIED>\n" +
		"<!ATTLIST update-site official CDATA #IMPLIED>\n" +
		"<!ATTLIST update-site ssh-host CDATA #IMPLIED>\n" +
		"<!ATTLIST update-site upload-directory CDATA #IMPLIED>\n" +
		"<!ATTLIST update-site description CDATA #IMPLIED>\n" +
		"<!ATTLIST update-site maintainer CDATA #IMPLIED>\n" +
		"<!ATTLIST update-site timestamp CDATA #REQUIRED>\n" +
		"<!ATTLIST disabled-update-site name CDATA #REQUIRED>\n" +
		"<!ATTLIST disabled-update-site url CDATA #REQUIRED>\n" +
		"<!ATTLIST disabled-update-site keep-url CDATA #IMPLIED>\n" +
		"<!ATTLIST disabled-update-site official CDATA #IMPLIED>\n" +
		"<!ATTLIST disabled-update-site ssh-host CDATA #IMPLIED>\n" +
		"<!ATTLIST disabled-update-site upload-directory CDATA #IMPLIED>\n" +
		"<!ATTLIST disabled-update-site description CDATA #IMPLIED>\n" +
		"<!ATTLIST disabled-update-site maintainer CDATA #IMPLIED>\n" +
		"<!ATTLIST disabled-update-site timestamp CDATA #REQUIRED>\n" +
		"<!ATTLIST plugin update-site CDATA #IMPLIED>\n" +
		"<!ATTLIST plugin filename CDATA #REQUIRED>\n" +
		"<!ATTLIST plugin executable CDATA #IMPLIED>\n" +
		"<!ATTLIST dependency filename CDATA #REQUIRED>\n" +
		"<!ATTLIST dependency timestamp CDATA #IMPLIED>\n" +
		"<!ATTLIST dependency overrides CDATA #IMPLIED>\n" +
		"<!ATTLIST version timestamp CDATA #REQUIRED>\n" +
		"<!ATTLIST version checksum CDATA #REQUIRED>\n" +
		"<!ATTLIST version filesize CDATA #REQUIRED>\n" +
		"<!ATTLIST previous-version filename CDATA #IMPLIED>\n" +
		"<!ATTLIST previous-version timestamp CDATA #REQUIRED>\n" +
		"<!ATTLIST previous-version timestamp-obsolete CDATA #IMPLIED>\n" +
		"<!ATTLIST previous-version checksum CDATA #REQUIRED>]>\n";

	/** A dependency: the version-less path of another file and that file's timestamp. */
	public record Dependency(String filename, long timestamp) {}

	/** An older version of a file that is still recognised (as "update available", not "locally modified"). */
	public record PreviousVersion(String filename, String checksum, long timestamp, long timestampObsolete) {}

	/** The current version of a file. */
	public record Version(String checksum, long timestamp, long filesize, String description,
		List<Dependency> dependencies, List<String> links, List<String> authors)
	{}

	/**
	 * One file of the site.
	 *
	 * @param filename the path inside Fiji, with version, e.g. {@code jars/ablation-ca-0.1.0.jar}
	 * @param current null for a file that was removed from the site (only previous versions remain)
	 */
	public record FileRecord(String filename, List<String> platforms, List<String> categories, Version current,
		List<PreviousVersion> previous)
	{}

	private UpdateSiteDb() {}

	/** Writes {@code db.xml.gz}. */
	public static void write(List<FileRecord> files, Path dbXmlGz) throws IOException {
		try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dbXmlGz))) {
			writeXml(files, out);
		}
	}

	/** The uncompressed XML. */
	public static void writeXml(List<FileRecord> files, OutputStream stream) throws IOException {
		Writer w = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
		w.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
		w.write(DTD);
		w.write("<pluginRecords>\n");
		for (FileRecord f : files) {
			w.write("    <plugin filename=\"" + attr(f.filename()) + "\">\n");
			for (String p : f.platforms())
				w.write("        <platform>" + text(p) + "</platform>\n");
			for (String c : f.categories())
				w.write("        <category>" + text(c) + "</category>\n");
			Version v = f.current();
			if (v != null) {
				boolean empty = v.description() == null && v.dependencies().isEmpty() && v.links().isEmpty() &&
					v.authors().isEmpty();
				w.write("        <version checksum=\"" + attr(v.checksum()) + "\" filesize=\"" + v.filesize() +
					"\" timestamp=\"" + v.timestamp() + "\"" + (empty ? "/>\n" : ">\n"));
				if (empty) v = null;
			}
			if (v != null) {
				if (v.description() != null)
					w.write("            <description>" + text(v.description()) + "</description>\n");
				for (Dependency d : v.dependencies())
					w.write("            <dependency filename=\"" + attr(d.filename()) + "\" timestamp=\"" + d.timestamp() +
						"\"/>\n");
				for (String l : v.links())
					w.write("            <link>" + text(l) + "</link>\n");
				for (String a : v.authors())
					w.write("            <author>" + text(a) + "</author>\n");
				w.write("        </version>\n");
			}
			for (PreviousVersion p : f.previous())
				w.write("        <previous-version checksum=\"" + attr(p.checksum()) + "\"" +
					(p.filename() == null ? "" : " filename=\"" + attr(p.filename()) + "\"") + " timestamp=\"" +
					p.timestamp() + "\" timestamp-obsolete=\"" + p.timestampObsolete() + "\"/>\n");
			w.write("    </plugin>\n");
		}
		w.write("</pluginRecords>\n");
		w.flush();
	}

	private static String text(String s) {
		return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
	}

	private static String attr(String s) {
		return text(s).replace("\"", "&quot;").replace("\n", "&#10;");
	}

	/** Reads a {@code db.xml.gz} (not validating; the DTD in the file is ignored). */
	public static List<FileRecord> read(Path dbXmlGz) throws IOException {
		try (InputStream in = new GZIPInputStream(Files.newInputStream(dbXmlGz))) {
			return readXml(in);
		}
	}

	public static List<FileRecord> readXml(InputStream in) throws IOException {
		List<FileRecord> files = new ArrayList<>();
		DefaultHandler handler = new DefaultHandler() {
			String filename;
			List<String> platforms, categories, links, authors;
			List<Dependency> dependencies;
			List<PreviousVersion> previous;
			String checksum, description;
			long timestamp, filesize;
			boolean hasVersion;
			StringBuilder chars = new StringBuilder();

			@Override
			public void startElement(String uri, String local, String name, Attributes a) {
				chars.setLength(0);
				switch (name) {
					case "plugin":
						filename = a.getValue("filename");
						platforms = new ArrayList<>();
						categories = new ArrayList<>();
						links = new ArrayList<>();
						authors = new ArrayList<>();
						dependencies = new ArrayList<>();
						previous = new ArrayList<>();
						description = null;
						hasVersion = false;
						break;
					case "version":
						hasVersion = true;
						checksum = a.getValue("checksum");
						timestamp = Long.parseLong(a.getValue("timestamp"));
						filesize = Long.parseLong(a.getValue("filesize"));
						break;
					case "dependency":
						String t = a.getValue("timestamp");
						dependencies.add(new Dependency(a.getValue("filename"), t == null ? 0 : Long.parseLong(t)));
						break;
					case "previous-version":
						String obsolete = a.getValue("timestamp-obsolete");
						previous.add(new PreviousVersion(a.getValue("filename"), a.getValue("checksum"),
							Long.parseLong(a.getValue("timestamp")), obsolete == null ? 0 : Long.parseLong(obsolete)));
						break;
					default:
				}
			}

			@Override
			public void characters(char[] ch, int start, int length) {
				chars.append(ch, start, length);
			}

			@Override
			public void endElement(String uri, String local, String name) {
				String value = chars.toString().trim();
				switch (name) {
					case "platform":
						platforms.add(value);
						break;
					case "category":
						categories.add(value);
						break;
					case "description":
						description = value;
						break;
					case "link":
						links.add(value);
						break;
					case "author":
						authors.add(value);
						break;
					case "plugin":
						Version v = hasVersion ? new Version(checksum, timestamp, filesize, description, dependencies,
							links, authors) : null;
						files.add(new FileRecord(filename, platforms, categories, v, previous));
						break;
					default:
				}
				chars.setLength(0);
			}
		};
		try {
			SAXParserFactory factory = SAXParserFactory.newInstance();
			factory.setValidating(false);
			factory.newSAXParser().parse(new InputSource(in), handler);
		}
		catch (ParserConfigurationException | SAXException e) {
			throw new IOException("Not a valid update site db.xml: " + e.getMessage(), e);
		}
		return files;
	}
}
