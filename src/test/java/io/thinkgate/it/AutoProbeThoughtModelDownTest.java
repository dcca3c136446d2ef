package io.thinkgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A thought model that is down fails the probe, not the request: the unreadable difficulty stands in. */
@QuarkusTest
@TestProfile(LlamaServerProfile.WithThoughtWriterToStop.class)
class AutoProbeThoughtModelDownTest extends ServerTest {

    @Test
    void theRequestIsServedWithTheFallbackDifficultyAndSaysWhy() {
        LlamaServerProfile.ThoughtServers.stopThoughts();
        JsonNode reply = server.postJson("/v1/chat/completions",
                ProbeProfiles.PROBE_CHAT.formatted("Is it hard?", false, 16));
        JsonNode decision = reply.at("/thinkgate/decision");
        assertEquals("probe", decision.path("strategy").asText(), reply.toString());
        assertEquals(0.5, decision.path("difficulty").asDouble(), decision.toString());
        assertTrue(decision.path("reason").asText().startsWith("probe failed: the thought model thought-writer: "),
                decision.toString());
        assertTrue(decision.path("reason").asText().endsWith("from thinkgate.auto.probe.unreadable-difficulty"),
                decision.toString());
        assertTrue(reply.at("/usage/completion_tokens").asInt() > 0, "the served model answered: " + reply);
    }
}
