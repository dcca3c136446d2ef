package io.thinkgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.thinkgate.engine.synthetic.SyntheticModels;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link ModelsAndCompletionsTest} with ThinkGate on a real llama-server. ThinkGate cannot know that a remote
 * server's model is its own demo model, so the listing does not call it one.
 */
@QuarkusTest
@TestProfile(LlamaServerProfile.class)
class ModelsAndCompletionsOnLlamaServerTest extends ModelsAndCompletionsTest {

    @Test
    @Override
    void modelsListTheServedModelAndAcceptItsAliases() {
        assertEquals(SyntheticModels.DEMO_ID, client.models().retrieve("thinkgate-demo-alias").id());
        JsonNode meta = TestServer.json(server.get("/v1/models").body()).at("/data/0/meta");
        assertTrue(meta.get("reasoning").asBoolean(), meta.toString());
        assertFalse(meta.path("description").asText().contains("not a language model"), meta.toString());
    }
}
