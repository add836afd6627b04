package io.github.ablationca.classifier;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How a model expects its input values: every preset maps an 8-bit sample {@code p} (0..255) of channel {@code c}
 * to {@code (p - mean[c]) / std[c]}.
 * <pre>{@code
 * ValueRange r = ValueRange.parse("-1..1");   // also "[-1,1]", "MINUS_ONE_TO_ONE", "mobilenet"
 * float x = r.apply(200f, 0);                   // 200 / 127.5 - 1
 * }</pre>
 */
public enum ValueRange {

	/** {@code p / 127.5 - 1}: [-1, 1], the Inception / MobileNet / TF-Hub "inception" convention. */
	MINUS_ONE_TO_ONE("-1..1", "[-1, 1]: p / 127.5 - 1 (Inception, MobileNet, EfficientNet-lite)", 127.5f, 127.5f,
		127.5f, 127.5f, 127.5f, 127.5f, "[-1,1]", "-1_1", "minus-one-to-one", "inception", "mobilenet"),

	/**
	 * {@code (p - 128) / 128}: [-1, 0.992], the input quantization of the TF-Lite quantized MobileNets (the
	 * preprocessing of the reference numbers in {@code ../shared/data/README.md}); differs from [-1, 1] by at most
	 * 0.008.
	 */
	CENTERED_128("centered-128", "(p - 128) / 128: quantized TF-Lite MobileNet input", 128f, 128f, 128f, 128f, 128f,
		128f, "(p-128)/128", "centered_128", "quantized"),

	/** {@code p / 255}: [0, 1], the TF-Hub image-signature convention. */
	ZERO_TO_ONE("0..1", "[0, 1]: p / 255 (TF-Hub image models)", 0f, 0f, 0f, 255f, 255f, 255f, "[0,1]",
		"0_1", "zero-to-one"),

	/** {@code p}: the raw 8-bit values as floats (Keras ResNet-style models with normalisation inside the graph). */
	ZERO_TO_255("0..255", "[0, 255]: p unchanged", 0f, 0f, 0f, 1f, 1f, 1f, "[0,255]", "0_255", "zero-to-255", "raw"),

	/** {@code (p / 255 - mean) / std} with the ImageNet mean (0.485, 0.456, 0.406) and std (0.229, 0.224, 0.225). */
	IMAGENET("imagenet", "ImageNet mean/std: (p / 255 - (0.485, 0.456, 0.406)) / (0.229, 0.224, 0.225) (PyTorch/torchvision)",
		0.485f * 255, 0.456f * 255, 0.406f * 255, 0.229f * 255, 0.224f * 255, 0.225f * 255, "imagenet-mean-std",
		"torch");

	private final String id;
	private final String description;
	private final float[] mean;
	private final float[] std;
	private final String[] aliases;

	ValueRange(String id, String description, float m0, float m1, float m2, float s0, float s1, float s2,
		String... aliases)
	{
		this.id = id;
		this.description = description;
		this.mean = new float[] {m0, m1, m2};
		this.std = new float[] {s0, s1, s2};
		this.aliases = aliases;
	}

	/** The short name used on the command line and in {@code ablation-ca.properties}, e.g. {@code -1..1}. */
	public String id() {
		return id;
	}

	public String description() {
		return description;
	}

	/** The 8-bit value that maps to 0 in channel {@code c} (0 = red, 1 = green, 2 = blue). */
	public float mean(int c) {
		return mean[c];
	}

	/** The 8-bit distance that maps to 1 in channel {@code c}. */
	public float std(int c) {
		return std[c];
	}

	/** {@code (p - mean(c)) / std(c)}. */
	public float apply(float p, int c) {
		return (p - mean[c]) / std[c];
	}

	/**
	 * Parses an id ({@code -1..1}, {@code centered-128}, {@code 0..1}, {@code 0..255}, {@code imagenet}), an alias
	 * such as {@code [-1,1]}, or the enum name; case and blanks do not matter.
	 *
	 * @throws IllegalArgumentException naming the accepted values
	 */
	public static ValueRange parse(String text) {
		if (text == null) throw new IllegalArgumentException("No value range given; use one of " + ids() + ".");
		String t = text.trim().replace(" ", "").toLowerCase(Locale.ROOT);
		for (ValueRange r : values()) {
			if (r.id.equals(t) || r.name().toLowerCase(Locale.ROOT).equals(t.replace('-', '_'))) return r;
			for (String a : r.aliases)
				if (a.equals(t)) return r;
		}
		throw new IllegalArgumentException("Unknown value range '" + text + "'; use one of " + ids() + ".");
	}

	/** All ids, comma separated, for messages and help texts. */
	public static String ids() {
		List<String> ids = new ArrayList<>();
		for (ValueRange r : values())
			ids.add(r.id);
		return String.join(", ", ids);
	}

	@Override
	public String toString() {
		return id;
	}
}
