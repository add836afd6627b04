/**
 * Scale-out on Apache Spark: the one per-image unit of {@link io.github.ablationca.results.FolderBatch} distributed
 * over a Spark cluster ({@code local[N]}, {@code spark://}, {@code yarn}, {@code k8s://}), one model per executor
 * JVM, result folders published atomically, and Parquet tables of objects and pairs across images. The only package
 * that imports Spark; Spark is a provided dependency (never in the plugin's runtime or the update site).
 */
package io.github.ablationca.spark;
