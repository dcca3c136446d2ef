package io.thinkgate.deploy;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * k8s/overlays/gpu: every invariant of {@link KubernetesManifestsTest}, and what makes it a GPU deployment: the
 * CUDA image, one {@code nvidia.com/gpu}, the NVIDIA runtime class and toleration, and a managed llama-server with
 * every layer offloaded.
 */
class GpuManifestsTest extends KubernetesManifestsTest {

    @BeforeAll
    static void render() throws Exception {
        renderOverlay("k8s/overlays/gpu");
    }

    @Test
    void runsTheCudaImageOnOneNvidiaGpu() {
        assertTrue(app().getImage().endsWith("-cuda"), app().getImage());
        assertEquals(new Quantity("1"), app().getResources().getLimits().get("nvidia.com/gpu"));
        assertEquals("nvidia", pod().getRuntimeClassName());
        Toleration toleration = pod().getTolerations().stream()
                .filter(t -> "nvidia.com/gpu".equals(t.getKey())).findFirst()
                .orElseThrow(() -> new AssertionError("no toleration for nvidia.com/gpu: " + pod().getTolerations()));
        assertEquals("Exists", toleration.getOperator());
        assertEquals("NoSchedule", toleration.getEffect());
    }

    @Test
    void thinkGateManagesLlamaServerWithEveryLayerOnTheGpu() {
        Map<String, String> env = env(app());
        assertEquals("llama-server", env.get("THINKGATE_ENGINE_KIND"));
        assertTrue(Integer.parseInt(env.get("THINKGATE_ENGINE_GPU_LAYERS")) >= 999, env.toString());
        assertTrue(!env.containsKey("THINKGATE_ENGINE_URL"), "managed, not remote: " + env);
    }
}
