package io.thinkgate.engine.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * How ThinkGate runs its own llama-server: the model and its sizes, what else to pass, and how to supervise it.
 *
 * @param binary the executable, a path or a name looked up on the PATH
 * @param contextPerSlot tokens of context for each slot; llama-server shares {@code -c} among its slots
 * @param threads CPU threads, 0 for llama-server's default
 * @param extraArgs more llama-server options, passed after ThinkGate's own
 * @param logOutput whether its log lines go into ThinkGate's log
 * @param maxRestarts restarts in a row that may fail to come up before ThinkGate gives up
 * @param restartBackoff the wait before the first restart; it doubles for each further one in a row
 * @param startTimeout how long one start may take to load the model
 */
public record ManagedServerSettings(String binary, Path model, String alias, int contextPerSlot, int slots,
        int threads, int gpuLayers, List<String> extraArgs, boolean logOutput, int maxRestarts,
        Duration restartBackoff, Duration startTimeout) {

    /** Options that ThinkGate sets from its own configuration; passing them again would contradict it. */
    static final Set<String> OWNED_OPTIONS = Set.of("-m", "--model", "-mu", "--model-url", "-hf", "-hfr",
            "--hf-repo", "--host", "--port", "--api-key", "--api-key-file", "-a", "--alias", "-np", "--parallel",
            "-c", "--ctx-size", "--path", "--reuse-port", "--ssl-key-file", "--ssl-cert-file");

    public ManagedServerSettings {
        extraArgs = List.copyOf(extraArgs);
        for (String arg : extraArgs) {
            String option = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (OWNED_OPTIONS.contains(option)) {
                throw new IllegalArgumentException("thinkgate.engine.llama-server.args may not set " + option
                        + ": ThinkGate sets it from thinkgate.model.* and thinkgate.engine.*");
            }
        }
        if (slots < 1 || contextPerSlot < 1) {
            throw new IllegalArgumentException("a managed llama-server needs at least one slot and some context");
        }
    }

    /** The command line of one start, listening on {@code port} of the loopback interface. */
    List<String> command(int port) {
        List<String> command = new ArrayList<>(List.of(binary, "-m", model.toString(), "--alias", alias,
                "--host", "127.0.0.1", "--port", String.valueOf(port),
                "-np", String.valueOf(slots), "-c", String.valueOf((long) contextPerSlot * slots),
                "-ngl", String.valueOf(gpuLayers), "--no-webui",
                "--log-prefix", "--no-log-timestamps", "--log-colors", "off"));
        if (threads > 0) {
            command.addAll(List.of("-t", String.valueOf(threads)));
        }
        command.addAll(extraArgs);
        return command;
    }
}
