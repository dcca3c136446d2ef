package io.thinkgate.api.wire;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The body of {@code POST /v1/chat/completions/{id}/interrupt}.
 *
 * @param action {@code answer_now}, {@code hurry} or {@code update}
 * @param remainingTokens for {@code hurry}: the most reasoning tokens still allowed
 * @param text for {@code update}: the new information
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record InterruptRequest(String action, Integer remainingTokens, String text) {
}
