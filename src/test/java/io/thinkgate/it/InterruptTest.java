package io.thinkgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Interrupting a running request on real llama.cpp, with the demo model, which thinks in a loop until something
 * stops it: answer now, hurry, new information, and the refusals.
 */
@QuarkusTest
class InterruptTest extends ServerTest {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static String longThought(boolean interruptible) {
        return "{\"messages\":[{\"role\":\"user\",\"content\":\"What is 6 times 7?\"}],\"stream\":true,"
                + "\"max_tokens\":3000,\"thinkgate\":{\"loop_brake\":false" + (interruptible ? ",\"interruptible\":true" : "")
                + "}}";
    }

    /** A streamed chat request whose events the caller reads as they come. */
    HttpResponse<InputStream> openStream(String body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(server.base().resolve("/v1/chat/completions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
    }

    /** A stream read event by event; {@code onEvent} may act on the request while it runs. */
    record Streamed(List<JsonNode> chunks, String reasoning, String content, JsonNode last) {
    }

    Streamed stream(String body, BiConsumer<String, Integer> onReasoningEvent) throws Exception {
        HttpResponse<InputStream> response = openStream(body);
        assertEquals(200, response.statusCode());
        List<JsonNode> chunks = new ArrayList<>();
        StringBuilder reasoning = new StringBuilder();
        StringBuilder content = new StringBuilder();
        int reasoningEvents = 0;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.startsWith("data: ") || line.equals("data: [DONE]")) {
                    continue;
                }
                JsonNode chunk = TestServer.json(line.substring(6));
                chunks.add(chunk);
                JsonNode delta = chunk.at("/choices/0/delta");
                if (delta.has("reasoning_content")) {
                    reasoning.append(delta.get("reasoning_content").asText());
                    onReasoningEvent.accept(chunk.path("id").asText(), ++reasoningEvents);
                }
                content.append(delta.path("content").asText(""));
            }
        }
        return new Streamed(chunks, reasoning.toString(), content.toString(), chunks.get(chunks.size() - 1));
    }

    /** A long thought, interrupted with {@code body} once {@code event} reasoning events have come. */
    Streamed interruptedAt(int event, String body) throws Exception {
        return stream(longThought(true), (id, n) -> {
            if (n == event) {
                assertEquals(200, interrupt(id, body).statusCode());
            }
        });
    }

    HttpResponse<String> interrupt(String id, String body) {
        return server.post("/v1/chat/completions/" + id + "/interrupt", body);
    }

    @Test
    void answerNowEndsTheThinkingAndTheSameStreamCarriesTheAnswer() throws Exception {
        List<HttpResponse<String>> calls = new ArrayList<>();
        Streamed s = stream(longThought(true), (id, n) -> {
            if (n == 20) {
                calls.add(interrupt(id, "{\"action\":\"answer_now\"}"));
            }
        });
        assertEquals(1, calls.size());
        JsonNode reply = TestServer.json(calls.get(0).body());
        assertEquals(200, calls.get(0).statusCode(), calls.get(0).body());
        assertEquals("accepted", reply.path("status").asText());
        assertEquals("thinking", reply.path("phase").asText());
        assertEquals("The answer is 42.", s.content(), "the answer comes at once, in the same stream");
        assertTrue(s.reasoning().contains("I have been asked to answer now"), s.reasoning());
        JsonNode report = s.last().path("thinkgate");
        assertEquals("stop", s.last().at("/choices/0/finish_reason").asText(), s.last().toString());
        assertEquals("interrupt", report.path("exit").asText(), report.toString());
        assertEquals("answer_now", report.at("/interrupts/0/action").asText());
        int at = report.at("/interrupts/0/at_reasoning_tokens").asInt();
        assertTrue(at >= 19 && at < 3000, "it applied while the model was still thinking: " + report);
        assertEquals(at, report.path("reasoning_tokens").asInt(), "nothing more is thought after answer_now");
        assertTrue(server.metric("thinkgate_interrupts_total{action=\"answer_now\"}") >= 1);
        assertTrue(server.metric("thinkgate_interrupt_latency_seconds_count") >= 1);
    }

    @Test
    void hurryEnforcesTheNewRemainingBudgetExactly() throws Exception {
        Streamed s = interruptedAt(10, "{\"action\":\"hurry\",\"remaining_tokens\":5}");
        JsonNode report = s.last().path("thinkgate");
        int at = report.at("/interrupts/0/at_reasoning_tokens").asInt();
        assertEquals("hurry", report.at("/interrupts/0/action").asText(), report.toString());
        assertEquals(5, report.at("/interrupts/0/remaining_tokens").asInt());
        assertEquals(at + 5, report.path("reasoning_tokens").asInt(), report.toString());
        assertEquals("budget", report.path("exit").asText());
        assertEquals("The answer is 42.", s.content());
    }

    /**
     * No second interrupt here: the server may stream far ahead of a client that reads slowly, so one sent after
     * more events could find the request already finished.
     */
    @Test
    void anUpdateShowsInTheReasoningWhereItWasInjectedAndThinkingGoesOn() throws Exception {
        Streamed s = interruptedAt(10, "{\"action\":\"update\",\"text\":\"Use base 10.\"}");
        JsonNode report = s.last().path("thinkgate");
        assertEquals("update", report.at("/interrupts/0/action").asText(), report.toString());
        int updateAt = report.at("/interrupts/0/at_reasoning_tokens").asInt();
        assertTrue(updateAt >= 9 && report.path("reasoning_tokens").asInt() > updateAt, report.toString());
        int framed = s.reasoning().indexOf("New information from the user: Use base 10.");
        assertTrue(framed > 0, s.reasoning());
        assertTrue(s.reasoning().indexOf("Hmm", framed) > framed, "the model thinks on after the update");
        assertTrue(report.path("injected_tokens").asInt() > 0, report.toString());
        assertEquals("length", report.path("exit").asText(), "it thought on to max_tokens: " + report);
    }

    @Test
    void aRequestThatDidNotOptInIsA400() throws Exception {
        List<HttpResponse<String>> calls = new ArrayList<>();
        stream(longThought(false), (id, n) -> {
            if (n == 5) {
                calls.add(interrupt(id, "{\"action\":\"answer_now\"}"));
            }
        });
        assertError(calls.get(0), 400, "not_interruptible", "id");
    }

    @Test
    void unknownFinishedAndAbandonedRequestsAre404() throws Exception {
        assertError(interrupt("chatcmpl-0123456789abcdef0123456789abcdef", "{\"action\":\"answer_now\"}"), 404,
                "request_not_found", "id");
        Streamed finished = stream(longThought(true).replace("3000", "20"), (id, n) -> { });
        String id = finished.chunks().get(0).path("id").asText();
        assertError(interrupt(id, "{\"action\":\"answer_now\"}"), 404, "request_not_found", "id");

        HttpResponse<InputStream> response = openStream(longThought(true));
        String abandoned;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String first = reader.readLine();
            abandoned = TestServer.json(first.substring(6)).path("id").asText();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        HttpResponse<String> after = interrupt(abandoned, "{\"action\":\"answer_now\"}");
        while (after.statusCode() == 200 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            after = interrupt(abandoned, "{\"action\":\"answer_now\"}");
        }
        assertError(after, 404, "request_not_found", "id");
    }

    /** A long answer (a JSON schema of 5 strings of at least 1,000 characters) leaves time to act while it runs. */
    @Test
    void anInterruptOnceTheRequestAnswersIsA409() throws Exception {
        String body = "{\"messages\":[{\"role\":\"user\",\"content\":\"Write a lot.\"}],\"stream\":true,"
                + "\"max_tokens\":3500,\"reasoning_effort\":\"none\",\"thinkgate\":{\"interruptible\":true},"
                + "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"long\",\"schema\":"
                + "{\"type\":\"array\",\"items\":{\"type\":\"string\",\"minLength\":1000},\"minItems\":5}}}}";
        HttpResponse<InputStream> response = openStream(body);
        HttpResponse<String> during = null;
        int contentEvents = 0;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.startsWith("data: {")) {
                    continue;
                }
                JsonNode chunk = TestServer.json(line.substring(6));
                if (!chunk.at("/choices/0/delta/content").asText("").isEmpty() && ++contentEvents == 20) {
                    during = interrupt(chunk.path("id").asText(), "{\"action\":\"answer_now\"}");
                }
            }
        }
        assertTrue(during != null, "the answer was too short to act on: " + contentEvents + " content events");
        assertError(during, 409, "not_thinking", "id");
        assertTrue(TestServer.json(during.body()).at("/error/message").asText().contains("changes nothing"));
    }

    @Test
    void badInterruptBodiesAre400sNamingTheField() throws IOException {
        String id = "chatcmpl-0123456789abcdef0123456789abcdef";
        assertError(interrupt(id, "{}"), 400, "invalid_value", "action");
        assertError(interrupt(id, "{\"action\":\"stop\"}"), 400, "invalid_value", "action");
        assertError(interrupt(id, "{\"action\":\"hurry\"}"), 400, "invalid_value", "remaining_tokens");
        assertError(interrupt(id, "{\"action\":\"hurry\",\"remaining_tokens\":-1}"), 400, "invalid_value",
                "remaining_tokens");
        assertError(interrupt(id, "{\"action\":\"update\",\"text\":\"  \"}"), 400, "invalid_value", "text");
        assertError(interrupt(id, "{\"action\":\"update\",\"text\":\"" + "x".repeat(8001) + "\"}"), 400,
                "invalid_value", "text");
        assertFalse(interrupt(id, "{\"action\":\"answer_now\"}").statusCode() == 200);
    }

    @Test
    void interruptibleMustBeABoolean() {
        HttpResponse<String> r = server.post("/v1/chat/completions", "{\"messages\":[{\"role\":\"user\",\"content\":"
                + "\"hi\"}],\"thinkgate\":{\"interruptible\":\"yes\"}}");
        assertError(r, 400, "invalid_value", "thinkgate.interruptible");
    }

    static void assertError(HttpResponse<String> response, int status, String code, String param) {
        assertEquals(status, response.statusCode(), response.body());
        JsonNode error = TestServer.json(response.body()).path("error");
        assertEquals(code, error.path("code").asText(), response.body());
        assertEquals(param, error.path("param").asText(null), response.body());
    }
}
