package io.thinkgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.thinkgate.engine.synthetic.SyntheticModels;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** s1's minimum thinking on a model that closes its span early, and admission control with one slot. */
@QuarkusTest
@TestProfile(EarlyCloserProfile.class)
class EarlyCloserTest extends ServerTest {

    /** "<think>", "\n", "Let", " me", " see", " ." and "</think>". */
    private static final int FIRST_THOUGHT = 2 + SyntheticModels.EARLY_THOUGHT.length + 1;
    /** After "Wait": " Let", " me", " see", " ." and "</think>". */
    private static final int LATER_THOUGHT = SyntheticModels.EARLY_THOUGHT.length + 1;


    @Test
    void withoutAMinimumTheModelClosesEarlyAndAnswers() {
        JsonNode reply = ask("{}");

        assertEquals("Let me see .", reply.at("/choices/0/message/reasoning_content").asText(), reply.toString());
        assertEquals(FIRST_THOUGHT, reply.at("/usage/completion_tokens_details/reasoning_tokens").asInt());
        assertEquals("natural", reply.at("/thinkgate/exit").asText());
        assertEquals(0, reply.at("/thinkgate/extensions").asInt());
    }

    @Test
    void aMinimumReplacesEarlyCloseMarkersWithWaitUntilItIsMet() {
        int minimum = FIRST_THOUGHT + LATER_THOUGHT + 1;
        JsonNode reply = ask("{\"min_tokens\": " + minimum + "}");

        assertEquals("Let me see .\nWait Let me see .\nWait Let me see .",
                reply.at("/choices/0/message/reasoning_content").asText(), reply.toString());
        assertEquals(FIRST_THOUGHT + 2 * LATER_THOUGHT,
                reply.at("/usage/completion_tokens_details/reasoning_tokens").asInt());
        assertEquals(2, reply.at("/thinkgate/extensions").asInt());
        assertEquals(minimum, reply.at("/thinkgate/min_tokens").asInt());
        assertTrue(reply.at("/thinkgate/injected_tokens").asInt() > 0);
        assertEquals(SyntheticModels.ANSWER_TEXT, reply.at("/choices/0/message/content").asText());
        assertEquals("stop", reply.at("/choices/0/finish_reason").asText());
    }

    @Test
    void aMinimumAlsoWorksWhileStreaming() {
        List<String> events = server.postEvents("/v1/chat/completions", """
                {"messages":[{"role":"user","content":"x"}],"stream":true,"thinkgate":{"min_tokens":8}}""");

        StringBuilder reasoning = new StringBuilder();
        StringBuilder content = new StringBuilder();
        for (String event : events.subList(0, events.size() - 1)) {
            JsonNode delta = TestServer.json(event).at("/choices/0/delta");
            reasoning.append(delta.path("reasoning_content").asText(""));
            content.append(delta.path("content").asText(""));
        }
        assertEquals("Let me see .\nWait Let me see .", reasoning.toString());
        assertEquals(SyntheticModels.ANSWER_TEXT, content.toString());
    }

    @Test
    void theExtensionsStopAtTheConfiguredMaximum() {
        JsonNode reply = ask("{\"min_tokens\": 1000, \"loop_brake\": false}");

        assertEquals(8, reply.at("/thinkgate/extensions").asInt(), "thinkgate.thinking.max-extensions defaults to 8");
        assertEquals("natural", reply.at("/thinkgate/exit").asText());
        assertEquals(SyntheticModels.ANSWER_TEXT, reply.at("/choices/0/message/content").asText());
    }

    @Test
    void theLoopBrakeCatchesAModelThatKeepsClosingTheSameWay() {
        JsonNode reply = ask("{\"min_tokens\": 1000}");

        assertEquals("loop", reply.at("/thinkgate/exit").asText(), reply.toString());
        assertEquals(SyntheticModels.ANSWER_TEXT, reply.at("/choices/0/message/content").asText());
    }

    @Test
    void aFullQueueIsRefusedWith429AndRetryAfter() throws Exception {
        String endless = """
                {"messages":[{"role":"user","content":"x"}],"max_tokens":3000,
                 "thinkgate":{"min_tokens":3000,"loop_brake":false}}""";
        CompletableFuture<HttpResponse<String>> running = CompletableFuture.supplyAsync(
                () -> server.post("/v1/chat/completions", endless));
        awaitMetric("thinkgate_requests_active", 1);
        CompletableFuture<HttpResponse<String>> waiting = CompletableFuture.supplyAsync(
                () -> server.post("/v1/chat/completions", endless));
        awaitMetric("thinkgate_requests_queued", 1);

        HttpResponse<String> refused = server.post("/v1/chat/completions", "{\"messages\":[{\"role\":\"user\","
                + "\"content\":\"x\"}]}");

        ErrorResponsesTest.assertError(refused, 429, "queue_full", null);
        assertEquals("2", refused.headers().firstValue("Retry-After").orElseThrow());
        assertEquals(200, running.get(60, TimeUnit.SECONDS).statusCode());
        assertEquals(200, waiting.get(60, TimeUnit.SECONDS).statusCode());
    }

    private JsonNode ask(String thinkgate) {
        return server.postJson("/v1/chat/completions", "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"thinkgate\":" + thinkgate + "}");
    }

    private void awaitMetric(String name, double expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            for (String line : server.metrics().split("\n")) {
                if (line.startsWith(name + " ") && Double.parseDouble(line.substring(name.length() + 1)) == expected) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError(name + " never reached " + expected);
    }
}
