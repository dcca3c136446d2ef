package io.thinkgate.deploy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HealthCheck;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.utility.DockerImageName;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * One ThinkGate image under test: built from docker/Dockerfile and target/quarkus-app on a local base image
 * (.ci/docker-setup makes them), run like production (read-only root filesystem, no capabilities, non-root, host
 * network on a free loopback port, the offline demo model), and reached over HTTP and with the OpenAI SDK.
 *
 * <p>Needs a Docker engine. Without one the test FAILS (it never skips): run {@code sudo .ci/docker-setup}.
 */
final class ImageUnderTest {

    static final Duration STARTUP = Duration.ofSeconds(180);

    final String name;
    final String tag;
    final Path projectDir;
    final Path workDir;
    final Path log;
    final int port;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    GenericContainer<?> container;
    OpenAIClient openai;

    private ImageUnderTest(String name, String tag, Path projectDir, Path workDir, int port) {
        this.name = name;
        this.tag = tag;
        this.projectDir = projectDir;
        this.workDir = workDir;
        this.log = workDir.resolve("thinkgate.log");
        this.port = port;
    }

    /** Builds {@code tag} on {@code baseImage} with the given build arguments; {@code name} prefixes its output. */
    static ImageUnderTest build(String name, String tag, String baseImage, Map<String, String> buildArgs)
            throws Exception {
        Path projectDir = DeployFiles.projectDir();
        Path workDir = Files.createDirectories(projectDir.resolve("target/" + name));
        requireDocker(baseImage);
        Path app = projectDir.resolve("target/quarkus-app/quarkus-run.jar");
        assertTrue(Files.isRegularFile(app), "no " + app + ": run `./mvnw package` (failsafe runs after it in `verify`)");
        Path buildLog = workDir.resolve("docker-build.log");
        List<String> cmd = new ArrayList<>(List.of("docker", "build", "-f", "docker/Dockerfile",
                "--build-arg", "BASE_IMAGE=" + baseImage));
        buildArgs.forEach((key, value) -> cmd.addAll(List.of("--build-arg", key + "=" + value)));
        cmd.addAll(List.of("-t", tag, "."));
        long t0 = System.nanoTime();
        Process p;
        try {
            p = new ProcessBuilder(cmd).directory(projectDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(buildLog.toFile()).start();
        } catch (IOException e) {
            throw new AssertionError("the docker CLI is not on the PATH: run `sudo .ci/docker-setup`", e);
        }
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("docker build took more than 5 minutes; see " + buildLog);
        }
        String out = Files.readString(buildLog);
        assertEquals(0, p.exitValue(), () -> "`" + String.join(" ", cmd) + "` failed:\n" + tail(out, 40));
        System.out.printf("[%s] built %s from docker/Dockerfile on %s in %d ms%n", name, tag, baseImage,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        return new ImageUnderTest(name, tag, projectDir, workDir, freeLoopbackPort());
    }

    /** Starts the image and waits until it is ready on its port. */
    void start(Map<String, String> env) throws IOException {
        Writer logWriter = Files.newBufferedWriter(log, StandardCharsets.UTF_8);
        container = new GenericContainer<>(DockerImageName.parse(tag))
                .withNetworkMode("host")
                .withEnv("QUARKUS_HTTP_PORT", String.valueOf(port))
                .withEnv(env)
                .withCreateContainerCmdModifier(cmd -> {
                    cmd.getHostConfig()
                            .withReadonlyRootfs(true)
                            .withCapDrop(Capability.ALL)
                            .withSecurityOpts(List.of("no-new-privileges"));
                    // Same check as the image's HEALTHCHECK, probed every second so the test needn't wait 10 s.
                    cmd.withHealthcheck(new HealthCheck().withInterval(TimeUnit.SECONDS.toNanos(1)));
                })
                .withLogConsumer(frame -> {
                    try {
                        logWriter.write(frame.getUtf8String());
                        logWriter.flush();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                .waitingFor(new ReadyOnLoopback())
                .withStartupTimeout(STARTUP);
        long t0 = System.nanoTime();
        try {
            container.start();
        } catch (RuntimeException e) {
            printLogTail();
            throw e;
        }
        System.out.printf("[%s] container ready on 127.0.0.1:%d in %d ms%n", name, port,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        openai = OpenAIOkHttpClient.builder()
                .baseUrl("http://127.0.0.1:" + port + "/v1")
                .apiKey("not-needed")
                .maxRetries(0)
                .timeout(Duration.ofSeconds(120))
                .build();
    }

    void stop() {
        if (container != null) {
            container.stop();
        }
    }

    static DockerClient docker() {
        return DockerClientFactory.instance().client();
    }

    static void requireDocker(String baseImage) {
        Throwable problem = null;
        try {
            DockerClientFactory.instance().client();
        } catch (RuntimeException e) {
            problem = e;
        }
        if (problem != null) {
            throw new AssertionError("No Docker engine is reachable, so the container image can't be tested. "
                    + "Run `sudo .ci/docker-setup` (installs docker.io, starts dockerd, builds " + baseImage
                    + "), then `./mvnw -B verify` again. Skip on purpose with -DskipITs. Cause: " + problem, problem);
        }
        try {
            docker().inspectImageCmd(baseImage).exec();
        } catch (RuntimeException e) {
            fail("The base image " + baseImage + " is missing (no registry can be reached to pull one). "
                    + "Run `sudo .ci/docker-setup` to build it with debootstrap.");
        }
    }

    static int freeLoopbackPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    /** Host networking maps no ports, so wait on 127.0.0.1:port/q/health/ready ourselves. */
    private final class ReadyOnLoopback extends AbstractWaitStrategy {
        @Override
        protected void waitUntilReady() {
            long deadline = System.nanoTime() + startupTimeout.toNanos();
            String last = "no answer";
            while (System.nanoTime() < deadline) {
                if (!waitStrategyTarget.isRunning()) {
                    throw new IllegalStateException("the container exited before it was ready; log: " + log);
                }
                try {
                    HttpResponse<String> r = get("/q/health/ready", "application/json");
                    if (r.statusCode() == 200) {
                        return;
                    }
                    last = r.statusCode() + " " + r.body();
                } catch (IOException e) {
                    last = e.toString();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                pause(250);
            }
            throw new IllegalStateException("not ready within " + startupTimeout + ": " + last);
        }
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    HttpResponse<String> get(String path, String accept) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Accept", accept).timeout(Duration.ofSeconds(30))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(120)).POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A streamed request whose body the caller reads. */
    HttpResponse<InputStream> postStreaming(String path, String json) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                        .header("Accept", "text/event-stream").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
    }

    String logText() throws IOException {
        return Files.readString(log);
    }

    void printLogTail() {
        try {
            if (Files.exists(log)) {
                System.out.println("[" + name + "] last lines of " + log + ":\n" + tail(Files.readString(log), 60));
            }
        } catch (IOException ignored) {
            // nothing to add
        }
    }

    static String tail(String text, int lines) {
        List<String> all = text.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    static void pause(long millis) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    /**
     * The image of one test class: built and started before its tests, the tail of its log printed when one
     * fails, stopped after them.
     */
    static final class Running implements BeforeAllCallback, AfterAllCallback, TestWatcher {
        private final String name;
        private final String tag;
        private final String baseImage;
        private final Map<String, String> buildArgs;
        private final Map<String, String> env;
        private ImageUnderTest image;

        Running(String name, String tag, String baseImage, Map<String, String> buildArgs, Map<String, String> env) {
            this.name = name;
            this.tag = tag;
            this.baseImage = baseImage;
            this.buildArgs = buildArgs;
            this.env = env;
        }

        ImageUnderTest image() {
            return image;
        }

        @Override
        public void beforeAll(ExtensionContext context) throws Exception {
            image = build(name, tag, baseImage, buildArgs);
            image.start(env);
        }

        @Override
        public void afterAll(ExtensionContext context) {
            if (image != null) {
                image.stop();
            }
        }

        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (image != null) {
                image.printLogTail();
            }
        }
    }
}
