package io.thinkgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hostile sizes are refused cheaply and echoed briefly; each completion leaves one access log line. */
@QuarkusTest
class RequestBoundsTest extends ServerTest {

    @Test
    void aPromptLongerThanTheContextCanHoldIsRefusedBeforeTokenizing() {
        String huge = "word ".repeat(1_800_000);

        HttpResponse<String> chat = server.post("/v1/chat/completions",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"" + huge + "\"}]}");
        HttpResponse<String> text = server.post("/v1/completions", "{\"prompt\":\"" + huge + "\"}");

        ErrorResponsesTest.assertError(chat, 400, "context_length_exceeded", "messages");
        ErrorResponsesTest.assertError(text, 400, "context_length_exceeded", "prompt");
        String message = TestServer.json(chat.body()).at("/error/message").asText();
        assertTrue(message.contains("characters") && message.contains(String.valueOf(huge.length())), message);
    }

    @Test
    void theLargestIntegerForMaxTokensGetsAnHonestMessage() {
        HttpResponse<String> response = server.post("/v1/chat/completions",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":2147483647}");

        ErrorResponsesTest.assertError(response, 400, "context_length_exceeded", "max_tokens");
        String message = TestServer.json(response.body()).at("/error/message").asText();
        assertFalse(message.contains("-"), message);
        assertTrue(message.contains("2147483647 in 'max_tokens'"), message);
    }

    @Test
    void aHugeModelNameIsNotEchoedWhole() {
        String name = "m".repeat(9_000_000);

        HttpResponse<String> response = server.post("/v1/chat/completions",
                "{\"model\":\"" + name + "\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");

        ErrorResponsesTest.assertError(response, 404, "model_not_found", "model");
        assertTrue(response.body().length() < 1_000, "a short reply: " + response.body().length() + " bytes");
        assertTrue(response.body().contains("9000000 characters"), response.body());
    }

    @Test
    void everyCompletionLeavesOneAccessLineWithItsIdAndNoContent() {
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger access = Logger.getLogger("io.thinkgate.access");
        access.addHandler(capture);
        try {
            HttpResponse<String> ok = server.post("/v1/chat/completions",
                    "{\"messages\":[{\"role\":\"user\",\"content\":\"secret question\"}],"
                            + "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":16}}");
            HttpResponse<String> refused = server.post("/v1/completions", "{\"prompt\":\"x\",\"max_tokens\":0}");

            JsonNode reply = TestServer.json(ok.body());
            String id = reply.get("id").asText();
            assertEquals(id, ok.headers().firstValue("X-Request-Id").orElseThrow());
            assertEquals(400, refused.statusCode());
            assertEquals(2, lines.size(), lines.toString());
            String line = lines.get(0);
            assertTrue(line.startsWith(id + " chat_completions 200 prompt="), line);
            assertTrue(line.contains(" reasoning=" + reply.at("/usage/completion_tokens_details/reasoning_tokens")
                    .asInt() + " "), line);
            assertTrue(line.contains(" mode=think exit=budget "), line);
            assertTrue(line.contains(" ttft=") && line.contains(" tokens/s="), line);
            assertFalse(line.contains("secret") || line.contains("answer is"), "no request or reply content: " + line);
            assertTrue(lines.get(1).matches("cmpl-[0-9a-f]{32} completions 400 invalid_value \\d+\\.\\d{3}s"),
                    lines.get(1));
        } finally {
            access.removeHandler(capture);
        }
    }
}
