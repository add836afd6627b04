package io.github.ablationca.dataset;

/**
 * One object of one explained image, as the class graph reads it: a row of a flat table, so the same aggregation
 * can run over a Parquet table in Spark.
 *
 * @param image the result name of the image (or stack slice), unique in the run
 * @param className the class the image's explanation belongs to (its explained class)
 * @param object the object's id in the image (1-based, as in {@code objects.csv})
 * @param concept the concept the object was clustered into (1-based); 0 before clustering
 * @param contribution the object's contribution (single-ablation score drop, on the run's score scale)
 * @param mainEffect the object's Monte Carlo main effect (Banzhaf value)
 * @param area the object's area in pixels
 * @param typicality distance of the object's descriptor to its concept's centre (smaller = more typical); NaN before
 *        clustering
 */
public record ObjectRow(String image, String className, int object, int concept, double contribution,
	double mainEffect, int area, double typicality) implements java.io.Serializable
{
	/** This row with its concept and distance to the concept's centre. */
	public ObjectRow withConcept(int concept, double typicality) {
		return new ObjectRow(image, className, object, concept, contribution, mainEffect, area, typicality);
	}
}
