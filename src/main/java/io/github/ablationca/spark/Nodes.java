package io.github.ablationca.spark;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.apache.spark.SparkEnv;

/** Names the machine a message comes from: "executor 3 on host node07", or "the driver on host ...". */
final class Nodes {

	private Nodes() {}

	static String host() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException e) {
			return "(unknown host)";
		}
	}

	/** This JVM as a node of the job. */
	static String here() {
		SparkEnv env = SparkEnv.get();
		String id = env == null ? null : env.executorId();
		if (id == null || id.equals("driver")) return "the driver (host " + host() + ")";
		return "executor " + id + " on host " + host();
	}
}
