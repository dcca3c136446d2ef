package io.thinkgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.thinkgate.engine.GenerationRequest;
import io.thinkgate.engine.ModelInfo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** Checks of request fields that chat and text completions share. */
final class RequestChecks {

    static final double DEFAULT_TEMPERATURE = 0.8;
    static final double DEFAULT_TOP_P = 0.95;
    private static final int MAX_STOP_SEQUENCES = 4;

    private RequestChecks() {
    }

    static GenerationRequest.Sampling sampling(Double temperature, Double topP, Long seed) {
        if (temperature != null && (temperature < 0 || temperature > 2 || temperature.isNaN())) {
            throw ApiException.invalid("temperature", "'temperature' must be between 0 and 2, got " + temperature);
        }
        if (topP != null && (topP <= 0 || topP > 1 || topP.isNaN())) {
            throw ApiException.invalid("top_p", "'top_p' must be greater than 0 and at most 1, got " + topP);
        }
        return new GenerationRequest.Sampling(temperature == null ? DEFAULT_TEMPERATURE : temperature,
                topP == null ? DEFAULT_TOP_P : topP, seed == null ? OptionalLong.empty() : OptionalLong.of(seed));
    }

    static List<String> stop(JsonNode stop) {
        if (stop == null || stop.isNull()) {
            return List.of();
        }
        List<String> stops = new ArrayList<>();
        if (stop.isTextual()) {
            stops.add(stop.asText());
        } else if (stop.isArray()) {
            for (JsonNode item : stop) {
                if (!item.isTextual()) {
                    throw ApiException.invalid("stop", "'stop' must be a string or an array of strings");
                }
                stops.add(item.asText());
            }
        } else {
            throw ApiException.invalid("stop", "'stop' must be a string or an array of strings");
        }
        if (stops.size() > MAX_STOP_SEQUENCES) {
            throw ApiException.invalid("stop", "'stop' takes at most " + MAX_STOP_SEQUENCES + " sequences");
        }
        if (stops.stream().anyMatch(String::isEmpty)) {
            throw ApiException.invalid("stop", "'stop' sequences must not be empty");
        }
        return List.copyOf(stops);
    }

    /**
     * Refuses a prompt too long for the context before it is tokenized: tokenizing megabytes takes seconds, and no
     * text longer than the context times the longest token can fit.
     */
    static void promptFits(String prompt, String param, ModelInfo model) {
        if (prompt.length() > model.maxPromptChars()) {
            throw ApiException.invalid(param, "context_length_exceeded", "This model's maximum context length is "
                    + model.contextSize() + " tokens, which holds at most " + model.maxPromptChars()
                    + " characters; the prompt has " + prompt.length() + " characters");
        }
    }

    /** {@link System#nanoTime()} at which a request that arrived at {@code arrivalNanos} runs out of time. */
    static long deadline(long arrivalNanos, Duration timeout) {
        long nanos = timeout.compareTo(Duration.ofDays(365)) > 0 ? Duration.ofDays(365).toNanos() : timeout.toNanos();
        return arrivalNanos + nanos;
    }

    /** The generation cap: what the client asked for, within what the context leaves after the prompt. */
    static int maxTokens(OptionalInt requested, String param, int promptTokens, int contextSize) {
        int room = contextSize - promptTokens;
        if (room <= 0) {
            throw ApiException.invalid("messages", "context_length_exceeded", "This model's maximum context length is "
                    + contextSize + " tokens, but the prompt has " + promptTokens + " tokens");
        }
        if (requested.isEmpty()) {
            return room;
        }
        int value = requested.getAsInt();
        if (value < 1) {
            throw ApiException.invalid(param, "'" + param + "' must be at least 1, got " + value);
        }
        if (value > room) {
            throw ApiException.invalid(param, "context_length_exceeded", "This model's maximum context length is "
                    + contextSize + " tokens. However, you requested " + ((long) promptTokens + value) + " tokens ("
                    + promptTokens + " in the prompt, " + value + " in '" + param + "')");
        }
        return value;
    }

    static void refuse(boolean present, String param, String message) {
        if (present) {
            throw ApiException.unsupported(param, message);
        }
    }
}
