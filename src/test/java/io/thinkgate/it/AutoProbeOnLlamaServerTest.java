package io.thinkgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * llama-server reports the rating token's alternatives, so the probe's difficulty is the expected rating: a model
 * torn between 1 and 5 rates 3 of 5, a difficulty of 0.5, whichever digit it sampled.
 */
@QuarkusTest
@TestProfile(LlamaServerProfile.WithTornRater.class)
class AutoProbeOnLlamaServerTest extends ServerTest {

    @Test
    void withLogprobsTheExpectedRatingDecides() {
        JsonNode decision = ProbeProfiles.decision(server, "Is it hard?", 32);
        AutoProbeTest.assertProbeDecided(decision, "think", 0.5, "the probe's expected rating is 3.00 of 5");
    }

    /** A long message no earlier request has sent, so that only a probe can have put it in a slot's cache. */
    private static String freshMessage() {
        StringBuilder text = new StringBuilder("Case " + System.nanoTime() + ":");
        for (int i = 0; i < 60; i++) {
            text.append(" step ").append(i).append(" of the plan");
        }
        return text.toString();
    }

    @Test
    void theProbeSharesItsPrefixWithTheRequestWhichTheCacheThenServes() {
        JsonNode probed = server.postJson("/v1/chat/completions",
                ProbeProfiles.PROBE_CHAT.formatted(freshMessage(), false, 16)).path("usage");
        int prompt = probed.path("prompt_tokens").asInt();
        int cached = probed.at("/prompt_tokens_details/cached_tokens").asInt(-1);
        assertTrue(prompt > 200 && cached >= prompt - 12, "all but the generation prompt came from the probe's "
                + "cache: " + probed);

        JsonNode unprobed = server.postJson("/v1/chat/completions", ProbeProfiles.PROBE_CHAT.formatted(
                freshMessage(), false, 16).replace("\"probe\"", "\"heuristic\"")).path("usage");
        assertTrue(unprobed.at("/prompt_tokens_details/cached_tokens").asInt(-1) < 12,
                "without a probe the message is computed afresh: " + unprobed);
    }
}
