package io.thinkgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Auto's probe on a main model that rates every request 5 of 5, with its thinking closed. */
@QuarkusTest
@TestProfile(ProbeProfiles.Hard.class)
class AutoProbeTest extends ServerTest {

    static JsonNode assertProbeDecided(JsonNode decision, String chosen, double difficulty, String reason) {
        assertEquals("probe", decision.path("strategy").asText(), decision.toString());
        assertEquals(chosen, decision.path("chosen").asText(), decision.toString());
        assertEquals(difficulty, decision.path("difficulty").asDouble(), 1e-9, decision.toString());
        assertTrue(decision.path("reason").asText().contains(reason), decision.toString());
        int tokens = decision.at("/cost/tokens").asInt();
        assertTrue(tokens >= 1 && tokens <= 2, "the probe generates a rating and maybe an end: " + decision);
        assertTrue(decision.at("/cost/ms").asDouble() > 0, decision.toString());
        return decision;
    }

    @Test
    void aHardRatingThinksWithinABudgetAndSaysWhy() {
        JsonNode reply = server.postJson("/v1/chat/completions",
                ProbeProfiles.PROBE_CHAT.formatted("Prove that there are infinitely many primes.", false, 60));
        JsonNode report = reply.path("thinkgate");
        JsonNode decision = assertProbeDecided(report.path("decision"), "think", 1.0,
                "rater-5 with its thinking off: the probe rated it 5 of 5");
        assertEquals("think", report.path("mode").asText(), reply.toString());
        assertEquals("auto", report.path("source").asText());
        int budget = decision.path("budget_tokens").asInt();
        assertTrue(budget > 0 && budget <= 60, "capped by max_tokens: " + decision);
        assertEquals(budget, report.path("budget_tokens").asInt());
        assertTrue(report.path("reasoning_tokens").asInt() > 0, report.toString());
    }

    @Test
    void aStreamCarriesTheSameDecisionInItsFinishChunk() {
        List<String> events = server.postEvents("/v1/chat/completions",
                ProbeProfiles.PROBE_CHAT.formatted("Prove that there are infinitely many primes.", true, 60));
        JsonNode last = TestServer.json(events.get(events.size() - 2));
        assertTrue(last.at("/choices/0/finish_reason").isTextual(), last.toString());
        assertProbeDecided(last.at("/thinkgate/decision"), "think", 1.0, "the probe rated it 5 of 5");
    }

    @Test
    void probeDecisionsAreCountedWithTheirOverhead() {
        String series = "thinkgate_auto_decisions_total{chosen=\"think\",strategy=\"probe\"}";
        double before = server.metric(series);
        server.postJson("/v1/chat/completions", ProbeProfiles.PROBE_CHAT.formatted("Why?", false, 20));
        assertEquals(before + 1, server.metric(series));
        assertTrue(server.metric("thinkgate_auto_overhead_seconds_count{strategy=\"probe\"}") >= 1);
        assertTrue(server.metric("thinkgate_auto_difficulty_count{strategy=\"probe\"}") >= 1);
    }

    @Test
    void anExplicitControlBeatsTheProbe() {
        JsonNode reply = server.postJson("/v1/chat/completions", """
                {"messages":[{"role":"user","content":"Why?"}],"max_tokens":20,"reasoning_effort":"none",
                 "thinkgate":{"mode":"auto","auto":{"strategy":"probe"}}}""");
        assertEquals("no_think", reply.at("/thinkgate/mode").asText(), reply.toString());
        assertTrue(reply.path("thinkgate").path("decision").isMissingNode(), reply.toString());
    }
}
