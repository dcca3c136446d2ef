package io.thinkgate.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HealthCheck;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.models.ReasoningEffort;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.utility.DockerImageName;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
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
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Builds docker/Dockerfile from target/quarkus-app on the local base image (.ci/docker-setup makes it),
 * runs it like production (read-only root filesystem, no capabilities, non-root, host network on a free
 * loopback port, the offline demo model) and talks to it as a client would.
 *
 * <p>Needs a Docker engine. Without one this test FAILS (it never skips): run {@code sudo .ci/docker-setup}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContainerImageIT {

    static final String IMAGE = "thinkgate:it";
    static final String BASE_IMAGE = System.getProperty("thinkgate.it.base-image", "thinkgate-base:bookworm-jre17");
    static final Duration STARTUP = Duration.ofSeconds(180);
    static final ObjectMapper JSON = new ObjectMapper();
    static final int LONG_STREAM_TOKENS = 3000;

    static Path projectDir;
    static Path workDir;
    static Path containerLog;
    static int port;
    static GenericContainer<?> container;
    static HttpClient http;
    static OpenAIClient openai;
    static String model;

    @RegisterExtension
    static final TestWatcher LOG_ON_FAILURE = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            printContainerLogTail();
        }
    };

    // ------------------------------------------------------------------ setup

    @BeforeAll
    static void buildAndStart() throws Exception {
        projectDir = DeployFiles.projectDir();
        workDir = Files.createDirectories(projectDir.resolve("target/container-it"));
        containerLog = workDir.resolve("thinkgate.log");
        requireDocker();
        Path app = projectDir.resolve("target/quarkus-app/quarkus-run.jar");
        assertTrue(Files.isRegularFile(app), "no " + app + ": run `./mvnw package` (failsafe runs after it in `verify`)");

        buildImage();

        port = freeLoopbackPort();
        Writer log = Files.newBufferedWriter(containerLog, StandardCharsets.UTF_8);
        container = new GenericContainer<>(DockerImageName.parse(IMAGE))
                .withNetworkMode("host")
                .withEnv("QUARKUS_HTTP_PORT", String.valueOf(port))
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
                        log.write(frame.getUtf8String());
                        log.flush();
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
            printContainerLogTail();
            throw e;
        }
        System.out.printf("[ContainerImageIT] container ready on 127.0.0.1:%d in %d ms%n", port,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));

        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        openai = OpenAIOkHttpClient.builder()
                .baseUrl("http://127.0.0.1:" + port + "/v1")
                .apiKey("not-needed")
                .maxRetries(0)
                .timeout(Duration.ofSeconds(120))
                .build();
    }

    @AfterAll
    static void stop() {
        if (container != null) {
            container.stop();
        }
    }

    static void requireDocker() {
        Throwable problem = null;
        try {
            DockerClientFactory.instance().client();
        } catch (RuntimeException e) {
            problem = e;
        }
        if (problem != null) {
            throw new AssertionError("No Docker engine is reachable, so the container image can't be tested. "
                    + "Run `sudo .ci/docker-setup` (installs docker.io, starts dockerd, builds " + BASE_IMAGE
                    + "), then `./mvnw -B verify` again. Skip on purpose with -DskipITs. Cause: " + problem, problem);
        }
        DockerClient docker = DockerClientFactory.instance().client();
        try {
            docker.inspectImageCmd(BASE_IMAGE).exec();
        } catch (RuntimeException e) {
            fail("The base image " + BASE_IMAGE + " is missing (no registry can be reached to pull one). "
                    + "Run `sudo .ci/docker-setup` to build it with debootstrap.");
        }
    }

    static void buildImage() throws Exception {
        Path buildLog = workDir.resolve("docker-build.log");
        List<String> cmd = List.of("docker", "build", "-f", "docker/Dockerfile",
                "--build-arg", "BASE_IMAGE=" + BASE_IMAGE, "-t", IMAGE, ".");
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
        System.out.printf("[ContainerImageIT] built %s from docker/Dockerfile on %s in %d ms%n", IMAGE, BASE_IMAGE,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    static int freeLoopbackPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    /** Host networking maps no ports, so wait on 127.0.0.1:port/q/health/ready ourselves. */
    static final class ReadyOnLoopback extends AbstractWaitStrategy {
        @Override
        protected void waitUntilReady() {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            long deadline = System.nanoTime() + startupTimeout.toNanos();
            String last = "no answer";
            while (System.nanoTime() < deadline) {
                if (!waitStrategyTarget.isRunning()) {
                    throw new IllegalStateException("the container exited before it was ready; log: " + containerLog);
                }
                try {
                    HttpResponse<String> r = client.send(HttpRequest.newBuilder(readyUri()).timeout(Duration.ofSeconds(3)).build(),
                            HttpResponse.BodyHandlers.ofString());
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
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            throw new IllegalStateException("not ready within " + startupTimeout + ": " + last);
        }
    }

    static URI readyUri() {
        return URI.create("http://127.0.0.1:" + port + "/q/health/ready");
    }

    static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    static HttpResponse<String> get(String path, String accept) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Accept", accept).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(120)).POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    // ------------------------------------------------------------------ tests

    @Test
    @Order(1)
    void servesTheDemoModel() throws Exception {
        HttpResponse<String> ready = get("/q/health/ready", "application/json");
        assertEquals(200, ready.statusCode(), ready.body());
        HttpResponse<String> models = get("/v1/models", "application/json");
        assertEquals(200, models.statusCode(), models.body());
        JsonNode data = JSON.readTree(models.body()).path("data");
        assertFalse(data.isEmpty(), "no model in " + models.body());
        model = data.get(0).path("id").asText();
        System.out.println("[ContainerImageIT] /v1/models: " + models.body());
        assertFalse(model.isBlank());
    }

    @Test
    @Order(2)
    void chatCompletion() {
        ChatCompletion c = openai.chat().completions().create(ChatCompletionCreateParams.builder()
                .model(model())
                .addUserMessage("What is 6 times 7?")
                .reasoningEffort(ReasoningEffort.LOW)
                .maxCompletionTokens(512)
                .build());
        var message = c.choices().get(0).message();
        String content = message.content().orElse("");
        JsonValue reasoning = message._additionalProperties().get("reasoning_content");
        System.out.printf("[ContainerImageIT] chat: finish=%s content=%s reasoning_content=%s usage=%s%n",
                c.choices().get(0).finishReason(), content, reasoning, c.usage().orElse(null));
        assertFalse(content.isBlank(), () -> "empty content: " + c);
    }

    @Test
    @Order(3)
    void streamingChatCompletionEndsCleanly() {
        StringBuilder content = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        AtomicReference<String> finish = new AtomicReference<>();
        int[] chunks = {0};
        try (StreamResponse<ChatCompletionChunk> stream = openai.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder()
                        .model(model())
                        .addUserMessage("What is 6 times 7?")
                        .reasoningEffort(ReasoningEffort.LOW)
                        .maxCompletionTokens(512)
                        .build())) {
            stream.stream().forEach(chunk -> {
                chunks[0]++;
                for (ChatCompletionChunk.Choice choice : chunk.choices()) {
                    choice.delta().content().ifPresent(content::append);
                    JsonValue r = choice.delta()._additionalProperties().get("reasoning_content");
                    if (r != null && !r.isNull()) {
                        reasoning.append(r.convert(String.class));
                    }
                    choice.finishReason().ifPresent(f -> finish.set(f.asString()));
                }
            });
        }
        System.out.printf("[ContainerImageIT] stream: %d chunks, finish=%s, reasoning=%d chars, content=%s%n",
                chunks[0], finish.get(), reasoning.length(), content);
        assertFalse(content.toString().isBlank(), "no content streamed");
        assertTrue(finish.get() != null, "no chunk carried a finish_reason");
    }

    @Test
    @Order(4)
    void otherEndpointsAndReasoningControls() throws Exception {
        // Traffic that exercises the reasoning controls, so their metrics have samples.
        String m = JSON.writeValueAsString(model());
        List<String> bodies = List.of(
                "{\"model\":" + m + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"reasoning_effort\":\"none\",\"max_tokens\":64}",
                "{\"model\":" + m + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":16},\"max_tokens\":128}",
                "{\"model\":" + m + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"chat_template_kwargs\":{\"enable_thinking\":false},\"max_tokens\":64}",
                "{\"model\":" + m + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"thinkgate\":{\"mode\":\"thoughts\",\"thoughts\":{\"source\":\"self\"}},\"max_tokens\":64}");
        for (String body : bodies) {
            HttpResponse<String> r = post("/v1/chat/completions", body);
            System.out.println("[ContainerImageIT] " + body + " -> " + r.statusCode() + " " + tail(r.body(), 3));
            assertEquals(200, r.statusCode(), r.body());
        }
        HttpResponse<String> r = post("/v1/completions", "{\"model\":" + m + ",\"prompt\":\"Hello\",\"max_tokens\":16}");
        System.out.println("[ContainerImageIT] /v1/completions -> " + r.statusCode() + " " + tail(r.body(), 3));
        assertEquals(200, r.statusCode(), r.body());
    }

    @Test
    @Order(5)
    void runsAsNonRootOnAReadOnlyRootFilesystem() throws Exception {
        ExecResult id = container.execInContainer("id", "-u");
        assertEquals("10001", id.getStdout().trim(), "exec user: " + id);
        // The JVM itself (a child of the entrypoint) must not run as root either.
        ExecResult uids = container.execInContainer("bash", "-c",
                "for s in /proc/[0-9]*/status; do awk '/^Name:/{n=$2} /^Uid:/{print n, $2, $3, $4, $5}' \"$s\"; done");
        System.out.println("[ContainerImageIT] processes (name real effective saved fs uid):\n" + uids.getStdout());
        assertTrue(uids.getStdout().lines().anyMatch(l -> l.startsWith("java ")), "no java process: " + uids);
        uids.getStdout().lines().filter(l -> !l.isBlank()).forEach(l -> {
            for (String uid : l.substring(l.indexOf(' ') + 1).trim().split("\\s+")) {
                assertNotEquals("0", uid, "a process runs as root: " + l);
            }
        });
        InspectContainerResponse inspect = container.getContainerInfo();
        assertEquals(Boolean.TRUE, inspect.getHostConfig().getReadonlyRootfs());
        assertNotEquals(0, container.execInContainer("touch", "/opt/thinkgate/x").getExitCode(), "the root filesystem is writable");
        assertEquals(0, container.execInContainer("touch", "/var/cache/thinkgate/x").getExitCode(), "the cache volume is not writable");
        ExecResult java = container.execInContainer("bash", "-c",
                "for c in /proc/[0-9]*/cmdline; do tr '\\0' ' ' < \"$c\"; echo; done | grep -- '-jar'");
        assertTrue(java.getStdout().contains("-XX:ErrorFile=/var/cache/thinkgate/crash/hs_err_pid%p.log"),
                "JVM crash reports go to the cache volume: " + java.getStdout());
        assertEquals(0, container.execInContainer("test", "-w", "/var/cache/thinkgate/crash").getExitCode());
    }

    @Test
    @Order(6)
    void dockerHealthcheckReportsHealthy() throws Exception {
        DockerClient docker = DockerClientFactory.instance().client();
        String status = null;
        for (int i = 0; i < 60; i++) {
            var health = docker.inspectContainerCmd(container.getContainerId()).exec().getState().getHealth();
            status = health == null ? null : health.getStatus();
            if ("healthy".equals(status)) {
                return;
            }
            Thread.sleep(500);
        }
        fail("the image's HEALTHCHECK never reported healthy (last: " + status + ")");
    }

    @Test
    @Order(7)
    void metricsCoverEveryDashboardMetric() throws Exception {
        HttpResponse<String> r = get("/q/metrics", "text/plain");
        assertEquals(200, r.statusCode());
        Files.writeString(workDir.resolve("metrics.txt"), r.body());
        Set<String> exported = new TreeSet<>();
        r.body().lines().filter(l -> !l.isBlank() && !l.startsWith("#")).forEach(l -> {
            int end = 0;
            while (end < l.length() && l.charAt(end) != '{' && l.charAt(end) != ' ') {
                end++;
            }
            exported.add(l.substring(0, end));
        });
        Set<String> wanted = DeployFiles.dashboardMetricNames(projectDir);
        Set<String> missing = new TreeSet<>(wanted);
        missing.removeAll(exported);
        Set<String> thinkgate = new TreeSet<>();
        exported.stream().filter(n -> n.startsWith("thinkgate_")).forEach(thinkgate::add);
        System.out.println("[ContainerImageIT] exported thinkgate_* metrics: " + thinkgate);
        assertTrue(missing.isEmpty(), () -> "the dashboard uses metrics that /q/metrics does not export (after the requests above): "
                + missing + "; exported thinkgate_* metrics: " + thinkgate + " (full scrape: " + workDir.resolve("metrics.txt") + ")");
    }

    @Test
    @Order(8)
    void sigtermDuringALongStreamShutsDownGracefully() throws Exception {
        // The demo model thinks in a loop: with the loop brake off and a 4096-token budget it streams
        // until max_tokens, several seconds on 2 cores, so SIGTERM lands in the middle of the stream.
        String body = "{\"model\":" + JSON.writeValueAsString(model()) + ",\"stream\":true,\"max_tokens\":" + LONG_STREAM_TOKENS
                + ",\"reasoning_effort\":\"high\",\"thinkgate\":{\"loop_brake\":false},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Think about 6 times 7 for a long time.\"}]}";
        HttpRequest request = HttpRequest.newBuilder(uri("/v1/chat/completions"))
                .header("Content-Type", "application/json").header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<java.io.InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());

        List<String> data = new ArrayList<>();
        int beforeSignal = -1;
        long signalledAt = 0;
        DockerClient docker = DockerClientFactory.instance().client();
        String id = container.getContainerId();
        Throwable readError = null;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("data:")) {
                    data.add(line.substring(5).trim());
                    if (beforeSignal < 0 && data.size() >= 20) {
                        beforeSignal = data.size();
                        signalledAt = System.nanoTime();
                        docker.killContainerCmd(id).withSignal("SIGTERM").exec();
                        System.out.println("[ContainerImageIT] SIGTERM sent after " + beforeSignal + " events");
                    }
                }
            }
        } catch (IOException e) {
            readError = e;
        }
        assertTrue(beforeSignal > 0, "the stream ended after " + data.size() + " events, before SIGTERM could be sent: "
                + "it must run longer (max_tokens " + LONG_STREAM_TOKENS + ") for this test");
        Integer exit = docker.waitContainerCmd(id).start().awaitStatusCode(120, TimeUnit.SECONDS);
        long stopMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - signalledAt);
        String last = data.isEmpty() ? "" : data.get(data.size() - 1);
        String lastChunk = data.size() >= 2 ? data.get(data.size() - 2) : "";
        System.out.printf("[ContainerImageIT] after SIGTERM: %d more events, last chunk %s; exit %d after %d ms%n",
                data.size() - beforeSignal, lastChunk, exit, stopMs);
        assertTrue(data.size() - beforeSignal > 100, "the stream should have gone on for a while after SIGTERM (graceful "
                + "shutdown lets it finish), got " + (data.size() - beforeSignal) + " more events");
        assertEquals(null, readError, "the stream broke off instead of ending cleanly: " + readError);
        assertEquals("[DONE]", last, "the stream must end with data: [DONE] (last event: " + last + ")");
        assertEquals(0, exit, "the container must exit 0 after SIGTERM");
        assertTrue(tail(Files.readString(containerLog), 30).contains("stopped"), "Quarkus did not log its shutdown");
    }

    // ------------------------------------------------------------------ helpers

    static String model() {
        return model != null ? model : "thinkgate-demo";
    }

    static void printContainerLogTail() {
        try {
            if (containerLog != null && Files.exists(containerLog)) {
                System.out.println("[ContainerImageIT] last lines of " + containerLog + ":\n" + tail(Files.readString(containerLog), 60));
            }
        } catch (IOException ignored) {
            // nothing to add
        }
    }

    static String tail(String text, int lines) {
        List<String> all = text.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
