package io.thinkgate.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testcontainers.containers.Container.ExecResult;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The all-in-one image: docker/Dockerfile with {@code ENGINE=llama-server} on the local Debian sid base, in which
 * ThinkGate starts and supervises Debian's llama-server b11669 on the demo model. It must serve, survive
 * {@code kill -9} of llama-server (503 meanwhile, then served again), never leave llama-server behind when the JVM
 * dies, and exit 0 on SIGTERM.
 *
 * <p>Needs a Docker engine. Without one this test FAILS (it never skips): run {@code sudo .ci/docker-setup}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AllInOneImageIT {

    static final String BASE_IMAGE = System.getProperty("thinkgate.it.llama-server-base-image",
            "thinkgate-base:sid-llama-server");
    static final ObjectMapper JSON = new ObjectMapper();
    static final String MODEL = "thinkgate-demo";

    @RegisterExtension
    static final ImageUnderTest.Running RUNNING = new ImageUnderTest.Running("AllInOneImageIT", "thinkgate:it-llama-server", BASE_IMAGE,
            Map.of("ENGINE", "llama-server"), Map.of());

    static ImageUnderTest image;

    @BeforeAll
    static void connect() {
        image = RUNNING.image();
    }

    /** One process in the container, from its /proc. */
    record Proc(long pid, long ppid, String state, String name, String cmdline) {
    }

    static List<Proc> processes() throws Exception {
        // No here-strings: bash writes them to a temporary file, and the root filesystem is read-only.
        ExecResult r = image.container.execInContainer("bash", "-c",
                "for d in /proc/[0-9]*; do s=$(cat $d/stat 2>/dev/null) || continue; set -- ${s##*) }; "
                        + "echo \"${s%% (*}|$2|$1|$(cat $d/comm)|$(tr '\\0' ' ' < $d/cmdline)\"; done");
        List<Proc> procs = new ArrayList<>();
        r.getStdout().lines().filter(l -> l.contains("|")).forEach(l -> {
            String[] f = l.split("\\|", 5);
            procs.add(new Proc(Long.parseLong(f[0].trim()), Long.parseLong(f[1].trim()),
                    f[2].trim(), f[3].trim(), f[4].trim()));
        });
        return procs;
    }

    static Optional<Proc> process(Predicate<Proc> which) throws Exception {
        return processes().stream().filter(which).findFirst();
    }

    static Proc llamaServer(long parent) throws Exception {
        return process(p -> p.name().equals("llama-server") && p.ppid() == parent && !p.state().equals("Z"))
                .orElseThrow(() -> new AssertionError("no llama-server child of pid " + parent + " in " + psList()));
    }

    static Proc jvm() throws Exception {
        return process(p -> p.name().equals("java") && p.cmdline().contains("/opt/thinkgate/quarkus-run.jar")
                && !p.cmdline().contains("second"))
                .orElseThrow(() -> new AssertionError("no ThinkGate JVM in " + psList()));
    }

    static String psList() {
        try {
            return String.join("\n", processes().stream().map(Proc::toString).toList());
        } catch (Exception e) {
            return "(no process list: " + e + ")";
        }
    }

    static String chat(int maxTokens) throws Exception {
        return "{\"model\":\"" + MODEL + "\",\"max_tokens\":" + maxTokens
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"What is 6 times 7?\"}]}";
    }

    static boolean ready() {
        try {
            return image.get("/q/health/ready", "application/json").statusCode() == 200;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @Test
    @Order(1)
    void servesThroughItsOwnLlamaServer() throws Exception {
        ChatCompletion c = image.openai.chat().completions().create(ChatCompletionCreateParams.builder()
                .model(MODEL).addUserMessage("What is 6 times 7?").maxCompletionTokens(64).build());
        System.out.println("[AllInOneImageIT] chat: " + c.choices().get(0).message() + " usage=" + c.usage().orElse(null));
        assertFalse(c.choices().get(0).message().content().orElse("").isBlank(), "no answer: " + c);
        HttpResponse<String> models = image.get("/v1/models", "application/json");
        assertEquals(MODEL, JSON.readTree(models.body()).path("data").get(0).path("id").asText(), models.body());
        String log = image.logText();
        assertTrue(log.contains("Started llama-server"), "ThinkGate did not start llama-server:\n" + ImageUnderTest.tail(log, 40));
        assertTrue(log.contains("[llama-server]") && log.contains("model loaded"),
                "llama-server's log is not routed into ThinkGate's:\n" + ImageUnderTest.tail(log, 40));
    }

    @Test
    @Order(2)
    void llamaServerIsAPrivateChildOfTheJvm() throws Exception {
        Proc java = jvm();
        Proc server = llamaServer(java.pid());
        System.out.println("[AllInOneImageIT] " + java + "\n[AllInOneImageIT] " + server);
        assertTrue(server.cmdline().contains("--host 127.0.0.1"), server.cmdline());
        assertFalse(server.cmdline().contains("api-key"), "the key must not be on its command line: " + server.cmdline());
        String port = server.cmdline().replaceAll(".*--port (\\d+).*", "$1");
        HttpResponse<String> direct = image.http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/v1/models")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, direct.statusCode(), "llama-server must refuse requests without ThinkGate's key: "
                + direct.body());
        ExecResult uid = image.container.execInContainer("bash", "-c", "awk '/^Uid:/{print $2}' /proc/" + server.pid() + "/status");
        assertNotEquals("0", uid.getStdout().trim(), "llama-server runs as root");
    }

    @Test
    @Order(3)
    void killedLlamaServerGivesCleanErrorsThenIsRestartedAndServes() throws Exception {
        long serverPid = llamaServer(jvm().pid()).pid();
        // The demo model thinks in a loop: with the loop brake off it streams to max_tokens, several seconds.
        String body = "{\"model\":\"" + MODEL + "\",\"stream\":true,\"max_tokens\":3000,\"thinkgate\":{\"loop_brake\":false},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Think about 6 times 7 for a long time.\"}]}";
        HttpResponse<InputStream> stream = image.postStreaming("/v1/chat/completions", body);
        assertEquals(200, stream.statusCode());
        List<String> events = new ArrayList<>();
        int beforeKill = -1;
        HttpResponse<String> during = null;
        boolean readyDuring = true;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.startsWith("data:")) {
                    continue;
                }
                events.add(line.substring(5).trim());
                if (beforeKill < 0 && events.size() >= 20) {
                    beforeKill = events.size();
                    ExecResult kill = image.container.execInContainer("bash", "-c", "kill -9 " + serverPid);
                    assertEquals(0, kill.getExitCode(), kill.toString());
                    // The restart waits a backoff of 1 s: these land while no llama-server runs.
                    during = image.post("/v1/chat/completions", chat(16));
                    readyDuring = ready();
                }
            }
        }
        assertTrue(beforeKill > 0, "the stream ended after " + events.size() + " events, before the kill");
        String last = events.get(events.size() - 1);
        String error = events.size() >= 2 ? events.get(events.size() - 2) : "";
        System.out.printf("[AllInOneImageIT] after kill -9: %d more events, last two: %s %s; meanwhile %d %s%n",
                events.size() - beforeKill, error, last, during.statusCode(), during.body());
        assertEquals("[DONE]", last, "the stream must still end with [DONE]");
        assertEquals("engine_unavailable", JSON.readTree(error).path("error").path("code").asText(),
                "the stream must end with an error event: " + error);
        assertEquals(503, during.statusCode(), during.body());
        assertEquals("engine_unavailable", JSON.readTree(during.body()).path("error").path("code").asText());
        assertFalse(readyDuring, "readiness must be down while llama-server is down");

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!ready() && System.nanoTime() < deadline) {
            ImageUnderTest.pause(100);
        }
        assertTrue(ready(), "readiness did not come back within 60 s");
        HttpResponse<String> after = image.post("/v1/chat/completions", chat(16));
        assertEquals(200, after.statusCode(), after.body());
        assertNotEquals(serverPid, llamaServer(jvm().pid()).pid(), "a new llama-server must serve");
        String metrics = image.get("/q/metrics", "text/plain").body();
        assertTrue(metrics.lines().anyMatch(l -> l.equals("thinkgate_engine_restarts_total 1.0")),
                "thinkgate_engine_restarts_total must count the restart: " + metrics.lines()
                        .filter(l -> l.contains("restarts")).toList());
    }

    @Test
    @Order(4)
    void llamaServerDiesWithTheJvmThatStartedIt() throws Exception {
        // A second ThinkGate in the same container (its own port and cache), killed with SIGKILL: nothing in the
        // JVM runs, so only the kernel's parent-death signal can end its llama-server.
        int port = ImageUnderTest.freeLoopbackPort();
        ExecResult started = image.container.execInContainer("bash", "-c",
                "mkdir -p /var/cache/thinkgate/second/tmp && cd /var/cache/thinkgate/second && "
                        + "THINKGATE_MODEL_CACHE_DIR=/var/cache/thinkgate/second QUARKUS_HTTP_PORT=" + port
                        + " nohup java -Djava.io.tmpdir=/var/cache/thinkgate/second/tmp -jar /opt/thinkgate/quarkus-run.jar"
                        + " -Dthinkgate.it=second > /var/cache/thinkgate/second/log 2>&1 &");
        assertEquals(0, started.getExitCode(), started.toString());
        URI readyUri = URI.create("http://127.0.0.1:" + port + "/q/health/ready");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        int status = 0;
        while (status != 200 && System.nanoTime() < deadline) {
            ImageUnderTest.pause(250);
            try {
                status = image.http.send(HttpRequest.newBuilder(readyUri).timeout(Duration.ofSeconds(3)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException e) {
                status = 0;
            }
        }
        if (status != 200) {
            fail("the second ThinkGate did not get ready: "
                    + image.container.execInContainer("tail", "-n", "30", "/var/cache/thinkgate/second/log"));
        }
        Proc second = process(p -> p.name().equals("java") && p.cmdline().contains("second"))
                .orElseThrow(() -> new AssertionError("no second JVM"));
        Proc server = llamaServer(second.pid());
        image.container.execInContainer("bash", "-c", "kill -9 " + second.pid());
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Optional<Proc> left = Optional.of(server);
        while (left.isPresent() && System.nanoTime() < deadline) {
            ImageUnderTest.pause(100);
            left = process(p -> p.pid() == server.pid() && !p.state().equals("Z"));
        }
        assertTrue(left.isEmpty(), "llama-server outlived the JVM that started it: " + psList());
        jvm();
        assertTrue(ready(), "the first ThinkGate must not be affected");
    }

    @Test
    @Order(5)
    void sigtermStopsLlamaServerAndExitsZero() throws Exception {
        String id = image.container.getContainerId();
        ImageUnderTest.docker().killContainerCmd(id).withSignal("SIGTERM").exec();
        Integer exit = ImageUnderTest.docker().waitContainerCmd(id).start().awaitStatusCode(60, TimeUnit.SECONDS);
        String log = ImageUnderTest.tail(image.logText(), 30);
        System.out.println("[AllInOneImageIT] after SIGTERM, exit " + exit + ":\n" + log);
        assertEquals(0, exit, "the container must exit 0 after SIGTERM");
        assertTrue(log.contains("Stopping llama-server") && log.contains("llama-server exited"),
                "ThinkGate must stop its llama-server on shutdown:\n" + log);
    }
}
