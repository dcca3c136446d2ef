package io.thinkgate.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.models.ReasoningEffort;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * The image of the embedded engine (docker/Dockerfile on the local base image), run like production and talked to
 * as a client would.
 *
 * <p>Needs a Docker engine. Without one this test FAILS (it never skips): run {@code sudo .ci/docker-setup}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContainerImageIT {

    static final String BASE_IMAGE = System.getProperty("thinkgate.it.base-image", "thinkgate-base:bookworm-jre17");
    static final ObjectMapper JSON = new ObjectMapper();
    static final int LONG_STREAM_TOKENS = 3000;

    @RegisterExtension
    static final ImageUnderTest.Running RUNNING = new ImageUnderTest.Running("ContainerImageIT", "thinkgate:it", BASE_IMAGE,
            Map.of(), Map.of());

    static ImageUnderTest image;
    static GenericContainer<?> container;
    static OpenAIClient openai;
    static String model;

    @BeforeAll
    static void connect() {
        image = RUNNING.image();
        container = image.container;
        openai = image.openai;
    }

    static HttpResponse<String> get(String path, String accept) throws Exception {
        return image.get(path, accept);
    }

    static HttpResponse<String> post(String path, String json) throws Exception {
        return image.post(path, json);
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

    /** The packaged app's own main turns Quarkus' bare URI check off, so the router's envelope answers. */
    @Test
    @Order(4)
    void aUrlThatIsNotAUriGetsTheEnvelope() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", image.uri("/").getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET /v1/models/%ZZ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            System.out.println("[ContainerImageIT] GET /v1/models/%ZZ -> " + tail(reply, 3));
            assertTrue(reply.startsWith("HTTP/1.1 400"), reply);
            JsonNode error = JSON.readTree(reply.substring(reply.indexOf("\r\n\r\n") + 4)).get("error");
            assertEquals("invalid_request", error.get("code").asText(), reply);
            assertTrue(error.get("message").asText().contains("malformed percent-escape"), reply);
        }
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
        Files.writeString(image.workDir.resolve("metrics.txt"), r.body());
        Set<String> exported = new TreeSet<>();
        r.body().lines().filter(l -> !l.isBlank() && !l.startsWith("#")).forEach(l -> {
            int end = 0;
            while (end < l.length() && l.charAt(end) != '{' && l.charAt(end) != ' ') {
                end++;
            }
            exported.add(l.substring(0, end));
        });
        Set<String> wanted = DeployFiles.dashboardMetricNames(image.projectDir);
        Set<String> missing = new TreeSet<>(wanted);
        missing.removeAll(exported);
        Set<String> thinkgate = new TreeSet<>();
        exported.stream().filter(n -> n.startsWith("thinkgate_")).forEach(thinkgate::add);
        System.out.println("[ContainerImageIT] exported thinkgate_* metrics: " + thinkgate);
        assertTrue(missing.isEmpty(), () -> "the dashboard uses metrics that /q/metrics does not export (after the requests above): "
                + missing + "; exported thinkgate_* metrics: " + thinkgate + " (full scrape: " + image.workDir.resolve("metrics.txt") + ")");
    }

    @Test
    @Order(8)
    void sigtermDuringALongStreamShutsDownGracefully() throws Exception {
        // The demo model thinks in a loop: with the loop brake off and a 4096-token budget it streams
        // until max_tokens, several seconds on 2 cores, so SIGTERM lands in the middle of the stream.
        String body = "{\"model\":" + JSON.writeValueAsString(model()) + ",\"stream\":true,\"max_tokens\":" + LONG_STREAM_TOKENS
                + ",\"reasoning_effort\":\"high\",\"thinkgate\":{\"loop_brake\":false},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Think about 6 times 7 for a long time.\"}]}";
        HttpResponse<java.io.InputStream> response = image.postStreaming("/v1/chat/completions", body);
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
        assertTrue(tail(image.logText(), 30).contains("stopped"), "Quarkus did not log its shutdown");
    }

    // ------------------------------------------------------------------ helpers

    static String model() {
        return model != null ? model : "thinkgate-demo";
    }

    static String tail(String text, int lines) {
        return ImageUnderTest.tail(text, lines);
    }
}
