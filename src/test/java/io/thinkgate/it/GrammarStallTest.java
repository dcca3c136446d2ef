package io.thinkgate.it;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A schema as large as the limits accept must not stall the other slot: a 100,000-value enum once held every slot
 * for 25 s. The grammar is built in Java before a slot is taken, and an enum becomes a shared-prefix tree, so
 * llama.cpp parses it quickly and samples it with few parallel stacks.
 */
@QuarkusTest
class GrammarStallTest extends ServerTest {

    private static final String TRIVIAL = "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"reasoning_effort\":\"none\"}";
    private static final int ROUNDS = 5;

    @Test
    void aMaximalAcceptedSchemaDoesNotDelayATrivialRequestOnTheOtherSlot() throws Exception {
        long alone = median(IntStream.range(0, ROUNDS).mapToLong(i -> trivialMillis()).toArray());
        String values = IntStream.range(0, 1_000).mapToObj(i -> "\"" + Integer.toString(i * 7919, 36) + "-"
                + "abcdefghij".repeat(14) + "\"").collect(Collectors.joining(","));
        String big = """
                {"messages":[{"role":"user","content":"pick"}],"reasoning_effort":"none","max_tokens":400,
                 "response_format":{"type":"json_schema","json_schema":{"name":"big","schema":{
                   "type":"array","minItems":2,"maxItems":2,"items":{"enum":[%s]}}}}}""".formatted(values);

        long[] during = new long[ROUNDS];
        CompletableFuture<String> running = CompletableFuture.supplyAsync(() -> server.post("/v1/chat/completions",
                big).body());
        server.awaitMetric("thinkgate_requests_active", 1, java.time.Duration.ofSeconds(10));
        for (int i = 0; i < ROUNDS; i++) {
            during[i] = trivialMillis();
        }
        String reply = running.get(60, TimeUnit.SECONDS);

        assertTrue(TestServer.json(reply).at("/choices/0/message/content").asText().startsWith("["), reply);
        long delay = median(during) - alone;
        System.out.println("[GrammarStallTest] trivial request alone " + alone + " ms, beside the big schema "
                + Arrays.toString(during) + " ms");
        assertTrue(delay < 300, "a trivial request waited " + delay + " ms longer beside the maximal schema");
    }

    private long trivialMillis() {
        long started = System.nanoTime();
        assertEquals(200, server.post("/v1/chat/completions", TRIVIAL).statusCode());
        return (System.nanoTime() - started) / 1_000_000;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
