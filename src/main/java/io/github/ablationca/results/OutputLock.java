package io.github.ablationca.results;

import io.github.ablationca.run.IoMessages;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One run at a time per output folder: two runs writing the same results, {@code summary.csv} and
 * {@code errors.csv} would overwrite each other and leave files that contradict each other. The lock is an
 * operating-system lock on {@code OUT/}{@value #FILE}, which also records who holds it (process, host, start time,
 * command), so a second run is refused with that information. The operating system releases the lock when its
 * process ends, however it ends: a lock file left by a killed run is taken over (and said so). Two runs in one
 * program (two Fiji commands) are kept apart by a table of the folders this program holds, because the
 * operating-system lock belongs to the whole process.
 * <pre>{@code
 * try (OutputLock lock = OutputLock.acquire(out, "explain")) {
 *     ... write the results ...
 * }
 * }</pre>
 */
public final class OutputLock implements AutoCloseable {

	/** The lock file in the output folder (hidden, so never taken as an input). */
	public static final String FILE = ".ablation-ca.lock";

	/** Thrown when another run holds the folder; the message says who and what to do. */
	public static final class BusyException extends IOException {
		private static final long serialVersionUID = 1L;

		BusyException(String message) {
			super(message);
		}
	}

	/**
	 * The lock files this program holds, with what holds them. POSIX locks belong to the process, and closing any
	 * channel on a locked file releases them, so a second run in this program must not even open the file.
	 */
	private static final Map<Path, String> HELD = new ConcurrentHashMap<>();

	private final Path file, key;
	private final FileChannel channel;
	private final FileLock lock;
	private final String takenOver;

	private OutputLock(Path file, Path key, FileChannel channel, FileLock lock, String takenOver) {
		this.file = file;
		this.key = key;
		this.channel = channel;
		this.lock = lock;
		this.takenOver = takenOver;
	}

	/**
	 * Locks {@code folder} (created if needed) for this run.
	 *
	 * @param command what this run is, recorded for a second run's message
	 * @throws BusyException if another run holds it
	 * @throws IOException if the folder cannot be created or the lock file written
	 */
	public static OutputLock acquire(Path folder, String command) throws IOException {
		Files.createDirectories(folder);
		Path file = folder.resolve(FILE);
		Path key = folder.toRealPath().resolve(FILE);
		String record = record(command);
		String other = HELD.putIfAbsent(key, record);
		if (other != null) throw busy(folder, describe(other) + ", in this program");
		try {
			for (int attempt = 0; ; attempt++) {
				OutputLock lock = tryAcquire(folder, file, key, record);
				if (lock != null) return lock;
				if (attempt >= 5) throw new IOException("the lock file " + IoMessages.printable(file.toString()) +
					" keeps changing under this run; another program is writing it");
			}
		}
		catch (IOException | RuntimeException e) {
			HELD.remove(key);
			throw e;
		}
	}

	private static BusyException busy(Path folder, String holder) {
		return new BusyException("the output folder " + IoMessages.printable(folder.toString()) + " is in use by " +
			"another Ablation-CA run (" + (holder.isEmpty() ? "holder unknown" : holder) + "). Fix: wait for it to " +
			"finish, or give another output folder. If no such run exists any more (for example it ran on another " +
			"computer that was switched off), delete " + IoMessages.printable(folder.resolve(FILE).toString()) + ".");
	}

	/** One attempt; null when the lock file was replaced while it was being locked (then try again). */
	private static OutputLock tryAcquire(Path folder, Path file, Path key, String record) throws IOException {
		FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
			StandardOpenOption.WRITE);
		Object opened = fileKey(file);
		FileLock lock;
		try {
			try {
				lock = channel.tryLock();
			}
			catch (OverlappingFileLockException e) {
				lock = null;
			}
			catch (IOException e) {
				lock = pidOnly(channel); // a file system without locks: the recorded process decides
			}
			String holder = describe(read(channel));
			if (lock == null) {
				channel.close();
				throw busy(folder, holder);
			}
			// the file locked must still be the one the folder holds (a run that just finished deletes it)
			if (opened == null || !Objects.equals(opened, fileKey(file))) {
				channel.close();
				return null;
			}
			String takenOver = holder.isEmpty() ? null : "Note: took over the output folder " +
				IoMessages.printable(folder.toString()) + " from a run that did not finish (" + holder + ").";
			channel.truncate(0);
			channel.write(ByteBuffer.wrap(record.getBytes(StandardCharsets.UTF_8)), 0);
			channel.force(false);
			return new OutputLock(file, key, channel, lock, takenOver);
		}
		catch (IOException | RuntimeException e) {
			if (channel.isOpen()) channel.close();
			throw e;
		}
	}

	/** The file's identity (device and inode) read without opening it, which would release the process's locks. */
	private static Object fileKey(Path file) {
		try {
			return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
		}
		catch (IOException e) {
			return null;
		}
	}

	/** Without operating-system locks: the lock is free unless it names a process on this host that still runs. */
	private static FileLock pidOnly(FileChannel channel) throws IOException {
		Map<String, String> m = parse(read(channel));
		if (m.isEmpty()) return new NoLock(channel);
		long pid;
		try {
			pid = Long.parseLong(m.getOrDefault("pid", "-1"));
		}
		catch (NumberFormatException e) {
			return new NoLock(channel);
		}
		if (!m.getOrDefault("host", "").equals(hostName())) return null;
		return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) ? null : new NoLock(channel);
	}

	/** A stand-in for a lock on a file system without locks. */
	private static final class NoLock extends FileLock {
		NoLock(FileChannel channel) {
			super(channel, 0, Long.MAX_VALUE, false);
		}

		@Override
		public boolean isValid() {
			return true;
		}

		@Override
		public void release() {}
	}

	/** A note when this run took the folder over from a run that was killed, else null. */
	public String takenOver() {
		return takenOver;
	}

	/** Releases the folder and deletes the lock file (while still holding the lock). */
	@Override
	public void close() throws IOException {
		try {
			Files.deleteIfExists(file);
		}
		finally {
			try {
				lock.release();
			}
			finally {
				channel.close();
				HELD.remove(key);
			}
		}
	}

	private static String record(String command) {
		return "pid=" + ProcessHandle.current().pid() + "\nhost=" + hostName() + "\nstarted=" + Instant.now() +
			"\ncommand=" + command.replace('\n', ' ') + "\n";
	}

	private static String read(FileChannel channel) throws IOException {
		long size = Math.min(channel.size(), 4096);
		ByteBuffer b = ByteBuffer.allocate((int) size);
		channel.read(b, 0);
		return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
	}

	private static Map<String, String> parse(String text) {
		Map<String, String> m = new LinkedHashMap<>();
		for (String line : text.split("\n")) {
			int eq = line.indexOf('=');
			if (eq > 0) m.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
		}
		return m;
	}

	/** "process 1234 on host lab-pc, started 2025-01-01T10:00:00Z, explain" from a record; "" for none. */
	static String describe(String text) {
		Map<String, String> m = parse(text);
		if (m.isEmpty()) return "";
		StringBuilder sb = new StringBuilder("process " + m.getOrDefault("pid", "?") + " on host " +
			m.getOrDefault("host", "?"));
		if (m.containsKey("started")) sb.append(", started ").append(m.get("started"));
		if (m.containsKey("command")) sb.append(", ").append(m.get("command"));
		return sb.toString();
	}

	/** Whether {@code name} is the lock file (never an input, never a result). */
	public static boolean isLockFile(Path p) {
		return p.getFileName() != null && FILE.equals(p.getFileName().toString());
	}

	/** This computer's name, without a network look-up where the system tells it. */
	static String hostName() {
		String h = System.getenv("HOSTNAME");
		if (h != null && !h.isBlank()) return h.strip();
		try {
			Path kernel = Path.of("/proc/sys/kernel/hostname");
			if (Files.isReadable(kernel)) return Files.readString(kernel).strip();
		}
		catch (IOException | RuntimeException e) {
			// fall through to the network name
		}
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (IOException | RuntimeException e) {
			return "unknown";
		}
	}

	/** For tests: the folders this program holds. */
	static Set<Path> held() {
		return Set.copyOf(HELD.keySet());
	}
}
