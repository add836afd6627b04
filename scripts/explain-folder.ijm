#@ File (label = "Folder of images", style = "directory") input
#@ File (label = "Model folder (TensorFlow SavedModel)", style = "directory") model
#@ File (label = "Save results to", style = "directory") output
#@ Integer (label = "Number of objects", value = 40, min = 2) segments
#@ Integer (label = "Random samples", value = 500, min = 0) samples
#@ Integer (label = "Random seed", value = 1) seed

// Ablation-CA over every image of a folder (PNG, JPEG, TIFF, BMP; stacks too). The model is loaded once and
// reused for all images. For each image <name>, writes <name>_overlay.png (one per slice for stacks),
// <name>_heatmap.tif, <name>_objects.csv, <name>_pairs.csv and <name>_groups.csv into the output folder.
// In Fiji: Plugins > Macros > Run... Headless:
//   ImageJ-linux64 --headless --console --run scripts/explain-folder.ijm 'input="/data/images",model="/data/models/mobilenet_v2_imagenet",output="/data/out"'

setBatchMode(true);
list = getFileList(input);
done = 0;
for (i = 0; i < list.length; i++) {
	name = list[i];
	if (!matches(toLowerCase(name), ".*\\.(png|jpe?g|tiff?|bmp)$")) continue;
	open(input + File.separator + name);
	print("Ablation-CA: " + name);
	run("Explain Image...", "model_folder=[" + model + "] labels_file=[] value_range=[model default] resize_mode=stretch target_class=[] segments=" + segments +
		" compactness=10 samples=" + samples + " fill_mode=mean score_scale=log-odds heatmap_values=contribution random_seed=" + seed +
		" batch_size=32 pairs_to_draw=10 first_slice=1 last_slice=0 save_results_to=[" + output + "]");
	close("*");
	done++;
}
print("Ablation-CA: " + done + " images explained; results in " + output);
