package io.github.ablationca.fiji;

import org.scijava.command.Command;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Plugins &gt; Ablation-CA &gt; Cancel Running Explanations: stops every Explain Image run in progress (each stops
 * within one model batch and shows nothing). Pressing Esc in an image window does the same for the current run.
 */
@Plugin(type = Command.class, headless = true, menuPath = "Plugins>Ablation-CA>Cancel Running Explanations")
public class CancelRunsCommand implements Command {

	@Parameter
	private AblationCaService ablationCa;

	@Parameter
	private LogService log;

	@Override
	public void run() {
		int n = ablationCa.runningCount();
		ablationCa.cancelAll();
		log.info("Ablation-CA: canceled " + n + " running explanation" + (n == 1 ? "" : "s") + ".");
	}
}
