package io.thinkgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Where a thought model is configured, it is the probe: here one that rates every request 1 of 5. */
@QuarkusTest
@TestProfile(ProbeProfiles.EasyThoughtModel.class)
class AutoProbeWithThoughtModelTest extends ServerTest {

    @Test
    void anEasyRatingFromTheThoughtModelSkipsThinking() {
        JsonNode reply = server.postJson("/v1/chat/completions",
                ProbeProfiles.PROBE_CHAT.formatted("What is 2+2?", false, 64));
        AutoProbeTest.assertProbeDecided(reply.at("/thinkgate/decision"), "no_think", 0.0,
                "the thought model thought-rater-1: the probe rated it 1 of 5");
        assertEquals("no_think", reply.at("/thinkgate/mode").asText(), reply.toString());
        assertEquals(0, reply.at("/thinkgate/reasoning_tokens").asInt(), reply.toString());
        assertEquals("stop", reply.at("/choices/0/finish_reason").asText(), reply.toString());
    }
}
