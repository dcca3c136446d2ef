package io.thinkgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embedded engine reports no logprobs, so its probe reads the sampled rating: a model torn between 1 and 5
 * gets one of them (0 or 1), never the 3 that the probabilities give (see the llama-server variant).
 */
@QuarkusTest
@TestProfile(ProbeProfiles.Torn.class)
class AutoProbeTornTest extends ServerTest {

    @Test
    void withoutLogprobsTheSampledRatingDecides() {
        JsonNode decision = ProbeProfiles.decision(server, "Is it hard?", 32);
        double difficulty = decision.path("difficulty").asDouble();
        assertTrue(difficulty == 0.0 || difficulty == 1.0, decision.toString());
        AutoProbeTest.assertProbeDecided(decision, difficulty == 0 ? "no_think" : "think", difficulty,
                "the probe rated it " + (difficulty == 0 ? 1 : 5) + " of 5");
    }
}
