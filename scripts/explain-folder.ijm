#@ File (label = "Folder of images", style = "directory") input
#@ File (label = "Model (SavedModel folder, .onnx or .pt file)", style = "both") model
#@ File (label = "Save results to", style = "directory") out
#@ Integer (label = "Number of objects", value = 40, min = 2) segments
#@ Integer (label = "Random samples", value = 500, min = 0) samples
#@ Integer (label = "Random seed", value = 1) seed

// Ablation-CA over every image of a folder (PNG, JPEG, TIFF, BMP; stacks too; sub-folders are not searched). The
// model is loaded once and reused for all images. Writes the result folders of the command line (ablation-ca
// explain) into out: for each image <name>.<ext>, out/<name>/ (for a stack one folder per slice,
// out/<name>_slice<k>/) with heatmap.tif, labels.tif, overlay.png, objects.csv, pairs.csv, groups.csv and
// summary.json; the columns are described in docs/results.md. Images whose names differ only in the extension
// write the same folder (the later one wins); 'ablation-ca explain' names them apart and also writes summary.csv.
// In Fiji: Plugins > Ablation-CA > Explain Folder (or Plugins > Macros > Run...). Headless:
//   ImageJ-linux64 --headless --console --run scripts/explain-folder.ijm 'input="/data/images",model="/data/models/mobilenet_v2_imagenet",out="/data/out"'

setBatchMode(true);
list = getFileList(input);
done = 0;
for (i = 0; i < list.length; i++) {
	name = list[i];
	if (!matches(toLowerCase(name), ".*\\.(png|jpe?g|tiff?|bmp)$")) continue;
	open(input + File.separator + name);
	print("Ablation-CA: " + name);
	run("Explain Image...", "model=[" + model + "] engine=[model default] value_range=[model default] resize=[model default] batch_size=0 target=[] segments=" + segments +
		" compactness=10 samples=" + samples + " seed=" + seed + " fill=mean fill_color=0,0,0 keep_probability=0.5 sampling=independent" +
		" score_scale=log-odds heatmap=contribution fdr=0.05 pairs_to_draw=10 out=[" + out + "] first_slice=1 last_slice=0");
	close("*");
	done++;
}
print("Ablation-CA: " + done + " images explained; results in " + out);
