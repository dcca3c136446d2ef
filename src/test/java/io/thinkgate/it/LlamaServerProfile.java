package io.thinkgate.it;

import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Volume;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.thinkgate.engine.synthetic.SyntheticModel;
import io.thinkgate.engine.synthetic.SyntheticModels;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo model served by a real llama-server (Debian sid's, in the image {@code .ci/docker-setup} builds), with
 * ThinkGate's {@code llama-server} engine in front of it: the same slots and context per slot as the embedded
 * engine's tests. Without Docker or the image, the tests that use it fail and say how to get them.
 */
public class LlamaServerProfile implements QuarkusTestProfile {

    public static final String IMAGE = System.getProperty("thinkgate.it.llama-server-image",
            "thinkgate-base:sid-llama-server");
    private static final int SLOTS = 2;
    private static final int CONTEXT_PER_SLOT = 4096;
    /** Every llama-server here requires a key, so that a request ThinkGate sent without it would fail. */
    private static final String API_KEY = "thinkgate-test-key";

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Server.class));
    }

    /** Starts the container once for every test class of this profile. */
    public static class Server implements QuarkusTestResourceLifecycleManager {

        private static volatile RunningServer main;

        /**
         * Kills the llama-server process with SIGKILL, as a crash would. Signalled directly rather than through
         * Docker's API, which takes long enough for the demo model to finish a reply of thousands of tokens.
         */
        public static void kill() {
            long pid = main.container().getDockerClient().inspectContainerCmd(main.container().getContainerId())
                    .exec().getState().getPidLong();
            ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("no llama-server process " + pid))
                    .destroyForcibly();
        }

        /** Starts the killed container again, once Docker has seen it exit, and waits until it is healthy. */
        public static void restart() throws InterruptedException {
            var docker = main.container().getDockerClient();
            String id = main.container().getContainerId();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (Boolean.TRUE.equals(docker.inspectContainerCmd(id).exec().getState().getRunning())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the killed llama-server container is still running");
                }
                Thread.sleep(50);
            }
            docker.startContainerCmd(id).exec();
            awaitHealth(main.url());
        }

        @Override
        public Map<String, String> start() {
            main = RunningServer.of(SyntheticModels.demo(), SyntheticModels.DEMO_ID, SLOTS, CONTEXT_PER_SLOT);
            return Map.of("thinkgate.engine.kind", "llama-server", "thinkgate.engine.url", main.url().toString(),
                    "thinkgate.engine.api-key", API_KEY, "thinkgate.model.id", SyntheticModels.DEMO_ID);
        }

        @Override
        public void stop() {
            main.container().stop();
        }
    }

    /** {@link SyntheticModels#thinkingSwitch()}, a Qwen3-style template with {@code enable_thinking}, on llama-server. */
    public static class WithThinkingSwitch implements QuarkusTestProfile {

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(SwitchServer.class));
        }
    }

    public static class SwitchServer extends OneModelServer {
        @Override
        SyntheticModel model() {
            return SyntheticModels.thinkingSwitch();
        }
    }

    /** {@link SyntheticModels#tornRater()}, which rates every probe 1 or 5 with equal probability, on llama-server. */
    public static class WithTornRater implements QuarkusTestProfile {

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(TornRaterServer.class));
        }
    }

    public static class TornRaterServer extends OneModelServer {
        @Override
        SyntheticModel model() {
            return SyntheticModels.tornRater();
        }
    }

    /** One synthetic model on its own llama-server, as the served model. */
    abstract static class OneModelServer implements QuarkusTestResourceLifecycleManager {

        private RunningServer server;

        abstract SyntheticModel model();

        @Override
        public Map<String, String> start() {
            SyntheticModel model = model();
            server = RunningServer.of(model, model.name(), SLOTS, CONTEXT_PER_SLOT);
            return Map.of("thinkgate.engine.kind", "llama-server", "thinkgate.engine.url", server.url().toString(),
                    "thinkgate.engine.api-key", API_KEY, "thinkgate.model.id", model.name());
        }

        @Override
        public void stop() {
            server.container().stop();
        }
    }

    /** The main model and a thought writer, each on its own llama-server. */
    public static class WithThoughtWriter implements QuarkusTestProfile {

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(ThoughtServers.class));
        }
    }

    /** {@link WithThoughtWriter} for a test that stops the thought model's server: resources of their own. */
    public static class WithThoughtWriterToStop implements QuarkusTestProfile {

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(ThoughtServers.class));
        }
    }

    public static class ThoughtServers implements QuarkusTestResourceLifecycleManager {

        private static volatile RunningServer lastThoughts;
        private RunningServer main;
        private RunningServer thoughts;

        /** Stops the thought model's server of the profile started last, as an outage. */
        public static void stopThoughts() {
            lastThoughts.container().stop();
        }

        @Override
        public Map<String, String> start() {
            main = RunningServer.of(SyntheticModels.demo(), SyntheticModels.DEMO_ID, SLOTS, CONTEXT_PER_SLOT);
            SyntheticModel writer = SyntheticModels.thoughtWriter();
            thoughts = RunningServer.of(writer, writer.name(), SLOTS, 2048);
            lastThoughts = thoughts;
            Map<String, String> config = new HashMap<>(Map.of("thinkgate.engine.kind", "llama-server",
                    "thinkgate.engine.url", main.url().toString(), "thinkgate.model.id", SyntheticModels.DEMO_ID,
                    "thinkgate.thought-model.server-url", thoughts.url().toString(),
                    "thinkgate.thought-model.id", writer.name()));
            config.put("thinkgate.engine.api-key", API_KEY);
            config.put("thinkgate.thought-model.server-api-key", API_KEY);
            config.put("thinkgate.thoughts.max-tokens", "64");
            return config;
        }

        @Override
        public void stop() {
            main.container().stop();
            thoughts.container().stop();
        }
    }

    /** A llama-server container serving one synthetic model on a free loopback port. */
    record RunningServer(GenericContainer<?> container, URI url) {

        static RunningServer of(SyntheticModel model, String fileName, int slots, int contextPerSlot) {
            requireImage();
            try {
                Path models = Files.createTempDirectory("thinkgate-llama-server");
                model.writeTo(models.resolve(fileName + ".gguf"));
                models.toFile().setReadable(true, false);
                int port = freePort();
                GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(IMAGE))
                        .withNetworkMode("host")
                        // Binding through withFileSystemBind makes Testcontainers check mounts with an alpine
                        // image, which cannot be pulled here.
                        .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withBinds(
                                new Bind(models.toString(), new Volume("/models"), AccessMode.ro)))
                        .withCommand("llama-server", "-m", "/models/" + fileName + ".gguf",
                                "--host", "127.0.0.1", "--port", String.valueOf(port), "-np", String.valueOf(slots),
                                "-c", String.valueOf(slots * contextPerSlot), "-b", "512", "--no-webui",
                                "--api-key", API_KEY)
                        .withImagePullPolicy(image -> false)
                        .waitingFor(Wait.forLogMessage(".*listening on http.*", 1)
                                .withStartupTimeout(Duration.ofMinutes(2)));
                container.start();
                URI url = URI.create("http://127.0.0.1:" + port);
                awaitHealth(url);
                return new RunningServer(container, url);
            } catch (IOException e) {
                throw new IllegalStateException("cannot write the model for llama-server", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static void requireImage() {
        try {
            DockerClientFactory.instance().client().inspectImageCmd(IMAGE).exec();
        } catch (RuntimeException e) {
            throw new AssertionError("These tests run ThinkGate on a real llama-server in the local image "
                    + IMAGE + ", which is missing or no Docker engine is reachable. Run `sudo .ci/docker-setup`"
                    + " (starts dockerd and builds the image from Debian sid's llama.cpp-tools). Cause: " + e, e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void awaitHealth(URI url) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(url.resolve("/health")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("llama-server at " + url + " did not become healthy within a minute");
    }
}
