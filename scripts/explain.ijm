// Ablation-CA on one image, headless or in Fiji.
// Headless:
//   ImageJ-linux64 --headless --console -macro scripts/explain.ijm "image=/data/chelsea.png model=/data/models/mobilenet_v2_imagenet out=/data/out segments=40 samples=500"
// (newer Fiji launchers: fiji-linux-x64 instead of ImageJ-linux64). Keys (the Explain Image command's parameter
// names; values without spaces): image, model (a SavedModel folder, an .onnx or a TorchScript .pt file), out
// (required); segments, samples, seed, labels, target, value_range, resize, fill, engine, input_size, input_layout
// (optional).
// Writes the result folder of the command line (ablation-ca explain) into out: out/<image name without extension>/
// (for a stack one folder per slice, out/<name>_slice<k>/) with heatmap.tif, labels.tif, overlay.png, objects.csv,
// pairs.csv, groups.csv and summary.json. The columns are described in docs/results.md.
args = getArgument();
function value(key, fallback) {
	parts = split(args, " ");
	for (i = 0; i < parts.length; i++)
		if (startsWith(parts[i], key + "=")) return substring(parts[i], lengthOf(key) + 1);
	return fallback;
}
image = value("image", "");
model = value("model", "");
out = value("out", "");
if (image == "" || model == "" || out == "")
	exit("usage: -macro explain.ijm \"image=FILE model=MODEL out=FOLDER [segments=40] [samples=500] [seed=1] [labels=FILE] [target=CLASS] [value_range=-1..1] [resize=stretch] [fill=mean] [engine=onnx] [input_size=224] [input_layout=nchw]\"");
labels = value("labels", "");
options = "model=[" + model + "]";
if (labels != "") options = options + " labels=[" + labels + "]";
options = options + " engine=[" + value("engine", "model default") + "] value_range=[" + value("value_range", "model default") +
	"] resize=[" + value("resize", "model default") + "] batch_size=0 input_size=[" + value("input_size", "model default") +
	"] input_layout=[" + value("input_layout", "model default") + "] target=[" + value("target", "") + "] segments=" + value("segments", "40") + " compactness=10 samples=" + value("samples", "500") +
	" seed=" + value("seed", "1") + " fill=" + value("fill", "mean") + " fill_color=0,0,0 keep_probability=0.5 sampling=independent" +
	" score_scale=log-odds heatmap=contribution fdr=0.05 pairs_to_draw=10 out=[" + out + "] first_slice=1 last_slice=0";
setBatchMode(true);
open(image);
run("Explain Image...", options);
close("*");
