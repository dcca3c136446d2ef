package io.thinkgate.load;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One Maven build of a module under loadtests/ (its own pom, outside the server's build), as a user runs it: with
 * the project's wrapper, offline when the outer build is, and with the outer build's local repository.
 */
final class ModuleBuild {

    static final Path PROJECT = Path.of(System.getProperty("thinkgate.it.project-dir", "."));

    /** Its exit status and everything it printed. */
    record Run(int exit, String log) {
        String tail() {
            return log.length() <= 6000 ? log : log.substring(log.length() - 6000);
        }
    }

    private ModuleBuild() {
    }

    /** Starts the build of {@code pom} with {@code args}; its output goes to {@code log}. */
    static Process start(String pom, List<String> args, Path log) throws java.io.IOException {
        List<String> cmd = new ArrayList<>(List.of("bash", PROJECT.resolve("mvnw").toString(), "-B", "-f",
                PROJECT.resolve(pom).toString()));
        if (offline()) {
            cmd.add("-o");
        }
        String repo = System.getProperty("thinkgate.it.maven-repo", "");
        if (!repo.isBlank()) {
            cmd.add("-Dmaven.repo.local=" + repo);
        }
        cmd.addAll(args);
        Files.createDirectories(log.toAbsolutePath().getParent());
        return new ProcessBuilder(cmd).directory(PROJECT.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
    }

    /** Runs the build to its end, at most {@code limit}. */
    static Run run(String pom, List<String> args, Path log, Duration limit) throws Exception {
        return await(start(pom, args, log), log, limit);
    }

    static Run await(Process p, Path log, Duration limit) throws Exception {
        if (!p.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the build of did not end within " + limit + ", see " + log);
        }
        return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    /** Whether the Maven that runs this test was started offline (Maven's launcher exports its arguments). */
    private static boolean offline() {
        String args = " " + System.getenv().getOrDefault("MAVEN_CMD_LINE_ARGS", "") + " ";
        return args.contains(" -o ") || args.contains(" --offline ");
    }
}
