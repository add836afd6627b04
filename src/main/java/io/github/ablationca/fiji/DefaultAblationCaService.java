package io.github.ablationca.fiji;

import io.github.ablationca.classifier.ModelOptions;
import io.github.ablationca.engine.ExplainSettings;
import io.github.ablationca.run.ExplainRunner;
import io.github.ablationca.run.ModelLoader;
import io.github.ablationca.run.RunSettings;
import io.github.ablationca.run.Setting;
import io.github.ablationca.run.Settings;
import io.github.ablationca.classifier.Classifier;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.scijava.plugin.Plugin;
import org.scijava.service.AbstractService;
import org.scijava.service.Service;

/**
 * Default {@link AblationCaService}: an unbounded model cache keyed by the model (folder or file), its model settings
 * (as the vocabulary writes them) and the model files' date.
 */
@Plugin(type = Service.class)
public class DefaultAblationCaService extends AbstractService implements AblationCaService {

	private final Map<Key, Classifier> cache = new LinkedHashMap<>();
	private final Set<ExplainRunner> running = ConcurrentHashMap.newKeySet();
	private volatile ClassifierLoader loader = ModelLoader::load;

	private record Key(Path model, String options, long modelTime) {

		boolean sameModel(Key other) {
			return model.equals(other.model) && options.equals(other.options);
		}
	}

	/** The model settings as text, one {@code key=value} per setting of the vocabulary's model group. */
	private static String optionsKey(ModelOptions options) {
		RunSettings s = new RunSettings(options, new ExplainSettings());
		StringBuilder sb = new StringBuilder();
		for (Setting setting : Settings.all())
			if (setting.group() == Setting.Group.MODEL && !setting.key().equals("model"))
				sb.append(setting.key()).append('=').append(setting.text(s)).append('\n');
		return sb.toString();
	}

	@Override
	public synchronized Classifier classifier(Path model, ModelOptions options) {
		Objects.requireNonNull(model, "model");
		Path folder = model.toAbsolutePath().normalize();
		Key key = new Key(folder, optionsKey(options), modelTime(folder));
		Classifier cached = cache.get(key);
		if (cached != null) return cached;
		// A changed model file makes older entries of the same model and settings stale.
		List<Key> stale = new ArrayList<>();
		for (Key k : cache.keySet())
			if (k.sameModel(key)) stale.add(k);
		for (Key k : stale)
			closeQuietly(cache.remove(k));
		Classifier loaded = loader.load(folder, options.copy());
		if (loaded == null) throw new IllegalStateException("The model loader returned nothing for " + folder);
		cache.put(key, loaded);
		return loaded;
	}

	/**
	 * When the model last changed: the newest of the path itself and, for a folder, its SavedModel graph and the
	 * ONNX and TorchScript files in it, so a re-exported model is loaded again.
	 */
	private static long modelTime(Path model) {
		long time = 0;
		try {
			time = Files.getLastModifiedTime(model).toMillis();
			if (Files.isDirectory(model)) try (var files = Files.list(model)) {
				for (Path f : files.toList()) {
					String n = f.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
					if (n.equals("saved_model.pb") || n.endsWith(".onnx") || n.endsWith(".pt") ||
						n.endsWith(".torchscript")) time = Math.max(time, Files.getLastModifiedTime(f).toMillis());
				}
			}
		}
		catch (IOException e) {
			// an unreadable model fails when loaded, with its own message
		}
		return time;
	}

	@Override
	public synchronized void setClassifierLoader(ClassifierLoader loader) {
		this.loader = Objects.requireNonNull(loader, "loader");
		clearCache();
	}

	@Override
	public ClassifierLoader getClassifierLoader() {
		return loader;
	}

	@Override
	public synchronized void clearCache() {
		for (Classifier c : cache.values())
			closeQuietly(c);
		cache.clear();
	}

	@Override
	public synchronized int cachedModels() {
		return cache.size();
	}

	@Override
	public void register(ExplainRunner run) {
		running.add(run);
	}

	@Override
	public void unregister(ExplainRunner run) {
		running.remove(run);
	}

	@Override
	public void cancelAll() {
		for (ExplainRunner run : running)
			run.cancel();
	}

	@Override
	public int runningCount() {
		return running.size();
	}

	@Override
	public void dispose() {
		cancelAll();
		clearCache();
	}

	private void closeQuietly(Classifier c) {
		if (c == null) return;
		try {
			c.close();
		}
		catch (RuntimeException e) {
			log().warn("Could not close a model: " + e.getMessage());
		}
	}
}
