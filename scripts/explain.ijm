// Ablation-CA on one image, headless or in Fiji.
// Headless:
//   ImageJ-linux64 --headless --console -macro scripts/explain.ijm "image=/data/chelsea.png model=/data/models/mobilenet_v2_imagenet out=/data/out segments=40 samples=500"
// (newer Fiji launchers: fiji-linux-x64 instead of ImageJ-linux64). Keys: image, model, out (required);
// segments, samples, seed, labels, target (optional). Writes <name>_overlay.png, <name>_heatmap.tif and the
// tables <name>_objects.csv, _pairs.csv, _groups.csv into out.
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
	exit("usage: -macro explain.ijm \"image=FILE model=FOLDER out=FOLDER [segments=40] [samples=500] [seed=1] [labels=FILE] [target=CLASS]\"");
setBatchMode(true);
open(image);
run("Explain Image...", "model_folder=[" + model + "] labels_file=[" + value("labels", "") + "] value_range=[" + value("range", "model default") + "] resize_mode=stretch target_class=[" + value("target", "") +
	"] segments=" + value("segments", "40") + " compactness=10 samples=" + value("samples", "500") +
	" fill_mode=mean score_scale=log-odds heatmap_values=contribution random_seed=" + value("seed", "1") + " batch_size=32 pairs_to_draw=10" +
	" first_slice=1 last_slice=0 save_results_to=[" + out + "]");
close("*");
