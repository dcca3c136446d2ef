package io.thinkgate.it;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.thinkgate.engine.synthetic.SyntheticModels;
import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** One slot and a wait queue of one: a third request is refused at once with 429 and Retry-After. */
@QuarkusTest
@TestProfile(SingleSlotProfile.class)
class AdmissionControlTest extends ServerTest {

    private static final String ENDLESS = """
            {"messages":[{"role":"user","content":"think forever"}],"max_tokens":4000,"thinkgate":{"loop_brake":false}}""";

    @Test
    void aProbeWaitsForASlotAsARequestDoesAndAClientThatLeavesTakesItOutOfTheQueue() throws Exception {
        try (Socket running = server.openChat(ENDLESS)) {
            server.awaitMetric("thinkgate_requests_active", 1, Duration.ofSeconds(5));
            try (Socket probing = server.openChat(ProbeProfiles.PROBE_CHAT.formatted("Is it hard?", false, 16))) {
                server.awaitMetric("thinkgate_requests_queued", 1, Duration.ofSeconds(5));
            }
            server.awaitMetric("thinkgate_requests_queued", 0, Duration.ofSeconds(5));
            assertEquals(1, server.metric("thinkgate_requests_active"), "the running request is untouched");
        }
        server.awaitMetric("thinkgate_requests_active", 0, Duration.ofSeconds(5));
    }

    @Test
    void theBoundsOfSlotsAndQueueArePublished() {
        assertEquals(1, server.metric("thinkgate_slots"));
        assertEquals(1, server.metric("thinkgate_queue_capacity"));
    }

    @Test
    void aFullQueueIsRefusedWith429AndRetryAfterAndFreedSlotsServeAgain() throws Exception {
        try (Socket running = server.openChat(ENDLESS)) {
            server.awaitMetric("thinkgate_requests_active", 1, Duration.ofSeconds(5));
            try (Socket waiting = server.openChat(ENDLESS)) {
                server.awaitMetric("thinkgate_requests_queued", 1, Duration.ofSeconds(5));

                HttpResponse<String> refused = server.post("/v1/chat/completions",
                        "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"reasoning_effort\":\"none\"}");

                ErrorResponsesTest.assertError(refused, 429, "queue_full", null);
                assertEquals("2", refused.headers().firstValue("Retry-After").orElseThrow());
            }
            server.awaitMetric("thinkgate_requests_queued", 0, Duration.ofSeconds(5));
        }
        server.awaitMetric("thinkgate_requests_active", 0, Duration.ofSeconds(5));

        String answer = server.postJson("/v1/chat/completions",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"reasoning_effort\":\"none\"}")
                .at("/choices/0/message/content").asText();
        assertEquals(SyntheticModels.ANSWER_TEXT, answer);
    }
}
