package io.thinkgate.loadtests;

import org.junit.jupiter.api.Test;

import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChunksTest {

    private static final String ROLE = """
            {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"role":"assistant",\
            "content":""},"finish_reason":null}]}""";
    private static final String REASONING = """
            {"id":"c1","choices":[{"index":0,"delta":{"reasoning_content":"Let"},"finish_reason":null}]}""";
    private static final String ANSWER = """
            {"id":"c1","choices":[{"index":0,"delta":{"content" : "\\n42"},"finish_reason":null}]}""";
    private static final String USAGE = """
            {"id":"c1","choices":[],"usage":{"prompt_tokens":4,"completion_tokens":50,"total_tokens":54,\
            "completion_tokens_details":{"reasoning_tokens":45}}}""";

    @Test
    void theFirstTokenIsTheFirstChunkWithReasoningOrAnswerText() {
        assertFalse(Chunks.carriesText(ROLE));
        assertTrue(Chunks.carriesText(REASONING));
        assertTrue(Chunks.carriesText(ANSWER));
        assertFalse(Chunks.carriesText(USAGE));
        assertFalse(Chunks.carriesText("[DONE]"));
    }

    @Test
    void tokenCountsComeFromTheUsageChunkOnly() {
        assertEquals(OptionalLong.of(50), Chunks.completionTokens(USAGE));
        assertEquals(45, Chunks.reasoningTokens(USAGE));
        assertEquals(OptionalLong.empty(), Chunks.completionTokens(ANSWER));
        assertEquals(0, Chunks.reasoningTokens("{\"usage\":{\"completion_tokens\":3}}"));
    }
}
