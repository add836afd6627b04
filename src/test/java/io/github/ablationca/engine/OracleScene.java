package io.github.ablationca.engine;

import io.github.ablationca.image.RgbImage;
import io.github.ablationca.segment.LabelImage;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.type.numeric.ARGBType;

/**
 * A synthetic image with its objects known by construction: an 8 x 5 grid of 10 x 10 pixel cells (40 objects,
 * the default segment count), each cell a distinct colour with a faint checker texture, far from the image's mean
 * colour so that every fill mode visibly changes every ablated pixel.
 */
final class OracleScene {

	static final int CELL = 10, COLS = 8, ROWS = 5, WIDTH = COLS * CELL, HEIGHT = ROWS * CELL, OBJECTS = COLS * ROWS;

	final int[] argb = new int[WIDTH * HEIGHT];
	final int[] labels = new int[WIDTH * HEIGHT];

	OracleScene() {
		for (int y = 0, p = 0; y < HEIGHT; y++)
			for (int x = 0; x < WIDTH; x++, p++) {
				int object = (y / CELL) * COLS + x / CELL;
				labels[p] = object;
				int texture = (x + y) % 2 == 0 ? 0 : 6;
				int r = (40 + 89 * object) % 200 + texture;
				int g = (181 + 53 * object) % 200 + texture;
				int b = (11 + 151 * object) % 200 + texture;
				argb[p] = 0xff000000 | r << 16 | g << 8 | b;
			}
	}

	/** The object at grid cell ({@code col}, {@code row}). */
	static int object(int col, int row) {
		return row * COLS + col;
	}

	RgbImage rgb() {
		return RgbImage.fromArgb(argb, WIDTH, HEIGHT);
	}

	/** A fresh ImgLib2 view of a copy of the pixels (what a user passes to the engine). */
	ArrayImg<ARGBType, IntArray> img() {
		return ArrayImgs.argbs(argb.clone(), WIDTH, HEIGHT);
	}

	LabelImage labelImage() {
		return new LabelImage(WIDTH, HEIGHT, labels.clone(), OBJECTS);
	}
}
