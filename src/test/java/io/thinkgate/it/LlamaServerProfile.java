package io.thinkgate.it;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Volume;
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
import java.util.List;
import java.util.Map;

/**
 * The demo model served by a real llama-server (Debian sid's, in the image {@code .ci/docker-setup} builds), with
 * ThinkGate's {@code llama-server} engine in front of it: the same slots and context per slot as the embedded
 * engine's tests. Without Docker or the image, the tests that use it fail and say how to get them.
 */
public class LlamaServerProfile implements QuarkusTestProfile {

    public static final String IMAGE = System.getProperty("thinkgate.it.llama-server-image",
            "thinkgate-llama-server:sid");
    private static final int SLOTS = 2;
    private static final int CONTEXT_PER_SLOT = 4096;

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Server.class));
    }

    /** Starts the container once for every test class of this profile. */
    public static class Server implements QuarkusTestResourceLifecycleManager {

        private static volatile GenericContainer<?> container;
        private static volatile URI url;

        /** Kills the llama-server process, as a crash would. */
        public static void kill() {
            container.getDockerClient().killContainerCmd(container.getContainerId()).exec();
        }

        /** Starts the killed container again and waits until llama-server is healthy. */
        public static void restart() throws InterruptedException {
            container.getDockerClient().startContainerCmd(container.getContainerId()).exec();
            awaitHealth(url);
        }

        @Override
        public Map<String, String> start() {
            requireImage();
            try {
                Path models = Files.createTempDirectory("thinkgate-llama-server");
                SyntheticModels.writeDemo(models);
                models.toFile().setReadable(true, false);
                int port = freePort();
                container = new GenericContainer<>(DockerImageName.parse(IMAGE))
                        .withNetworkMode("host")
                        // Binding through withFileSystemBind makes Testcontainers check mounts with an alpine
                        // image, which cannot be pulled here.
                        .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withBinds(
                                new Bind(models.toString(), new Volume("/models"), AccessMode.ro)))
                        .withCommand("llama-server", "-m", "/models/" + SyntheticModels.DEMO_ID + ".gguf",
                                "--host", "127.0.0.1", "--port", String.valueOf(port), "-np", String.valueOf(SLOTS),
                                "-c", String.valueOf(SLOTS * CONTEXT_PER_SLOT), "-b", "512", "--no-webui")
                        .withImagePullPolicy(image -> false)
                        .waitingFor(Wait.forLogMessage(".*listening on http.*", 1)
                                .withStartupTimeout(Duration.ofMinutes(2)));
                container.start();
                url = URI.create("http://127.0.0.1:" + port);
                awaitHealth(url);
                return Map.of("thinkgate.engine.kind", "llama-server", "thinkgate.engine.url", url.toString(),
                        "thinkgate.model.id", SyntheticModels.DEMO_ID);
            } catch (IOException e) {
                throw new IllegalStateException("cannot write the demo model for llama-server", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void stop() {
            if (container != null) {
                container.stop();
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
}
