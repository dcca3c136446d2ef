package io.thinkgate.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testcontainers.containers.Container.ExecResult;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The GPU image: the all-in-one image with {@code LLAMA_BACKEND=cuda} (Debian's libggml0-backend-cuda and its CUDA
 * libraries) on the local sid base that .ci/docker-setup makes. No GPU is here, so this checks what can be checked
 * without one: the CUDA backend finds every shared library but the driver's {@code libcuda.so.1} (which the NVIDIA
 * container toolkit mounts from the host, so the image must not carry one), and with it installed and every layer
 * asked for the GPU, llama-server falls back to the CPU and ThinkGate serves.
 *
 * <p>Needs a Docker engine. Without one this test FAILS (it never skips): run {@code sudo .ci/docker-setup}.
 */
class CudaImageIT {

    static final String BASE_IMAGE = System.getProperty("thinkgate.it.cuda-base-image",
            "thinkgate-base:sid-llama-server-cuda");
    static final String BACKEND = "/usr/lib/x86_64-linux-gnu/ggml/backends0/libggml-cuda.so";

    @RegisterExtension
    static final ImageUnderTest.Running RUNNING = new ImageUnderTest.Running("CudaImageIT", "thinkgate:it-cuda", BASE_IMAGE,
            Map.of("ENGINE", "llama-server", "LLAMA_BACKEND", "cuda"), Map.of("THINKGATE_ENGINE_GPU_LAYERS", "999"));

    static ImageUnderTest image;

    @BeforeAll
    static void connect() {
        image = RUNNING.image();
    }

    @Test
    void theCudaBackendResolvesEveryLibraryButTheHostDriver() throws Exception {
        ExecResult ldd = image.container.execInContainer("ldd", BACKEND);
        System.out.println("[CudaImageIT] ldd " + BACKEND + ":\n" + ldd.getStdout());
        assertEquals(0, ldd.getExitCode(), ldd.toString());
        List<String> missing = ldd.getStdout().lines().filter(l -> l.contains("not found")).map(String::trim).toList();
        assertEquals(List.of("libcuda.so.1 => not found"), missing,
                "only the driver library may be missing, for the NVIDIA container toolkit to mount");
        for (String library : List.of("libcudart.so.12", "libcublas.so.12", "libcublasLt.so.12")) {
            assertTrue(ldd.getStdout().lines().anyMatch(l -> l.contains(library + " => /")), library + " unresolved");
        }
        ExecResult driver = image.container.execInContainer("bash", "-c",
                "ls /usr/lib/x86_64-linux-gnu/libcuda.so* /usr/lib/x86_64-linux-gnu/nvidia 2>/dev/null | wc -l");
        assertEquals("0", driver.getStdout().trim(), "the image must not carry a driver library");
    }

    @Test
    void withNoGpuLlamaServerRunsOnTheCpuAndThinkGateServes() throws Exception {
        HttpResponse<String> reply = image.post("/v1/chat/completions",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"What is 6 times 7?\"}],\"max_tokens\":16}");
        assertEquals(200, reply.statusCode(), reply.body());
        JsonNode body = new ObjectMapper().readTree(reply.body());
        assertEquals(16, body.at("/usage/completion_tokens").asInt(), reply.body());
        String log = image.logText();
        assertTrue(log.contains("-ngl 999"), "every layer must be asked for the GPU:\n" + ImageUnderTest.tail(log, 30));
        assertTrue(log.lines().anyMatch(l -> l.contains("WARN") && l.contains("[llama-server]")
                && l.contains("no usable GPU found")), "llama-server must say it fell back to the CPU:\n"
                + ImageUnderTest.tail(log, 30));
        assertFalse(log.contains("Cannot load the model"), log);
    }
}
