package io.github.ablationca.fiji;

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

/** Default {@link AblationCaService}: an unbounded model cache keyed by {@link ModelSpec} and model file date. */
@Plugin(type = Service.class)
public class DefaultAblationCaService extends AbstractService implements AblationCaService {

	private final Map<Key, Classifier> cache = new LinkedHashMap<>();
	private final Set<StackExplainer> running = ConcurrentHashMap.newKeySet();
	private volatile ClassifierLoader loader = TensorFlowLoader::load;

	private record Key(ModelSpec spec, long modelTime) {}

	@Override
	public synchronized Classifier classifier(ModelSpec spec) {
		Objects.requireNonNull(spec, "spec");
		Key key = new Key(spec, modelTime(spec.folder()));
		Classifier cached = cache.get(key);
		if (cached != null) return cached;
		// A changed model file makes older entries of the same spec stale.
		List<Key> stale = new ArrayList<>();
		for (Key k : cache.keySet())
			if (k.spec().equals(spec)) stale.add(k);
		for (Key k : stale)
			closeQuietly(cache.remove(k));
		Classifier loaded = loader.load(spec);
		if (loaded == null) throw new IllegalStateException("The model loader returned nothing for " + spec.folder());
		cache.put(key, loaded);
		return loaded;
	}

	private static long modelTime(Path folder) {
		try {
			Path pb = folder.resolve("saved_model.pb");
			return Files.exists(pb) ? Files.getLastModifiedTime(pb).toMillis() : 0;
		}
		catch (IOException e) {
			return 0;
		}
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
	public void register(StackExplainer run) {
		running.add(run);
	}

	@Override
	public void unregister(StackExplainer run) {
		running.remove(run);
	}

	@Override
	public void cancelAll() {
		for (StackExplainer run : running)
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
