package io.thinkgate.api.wire;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * An accepted interrupt: it takes effect at the request's next reasoning token.
 *
 * @param phase where the request was when it was accepted: {@code waiting} (before its first token) or
 *              {@code thinking}
 * @param reasoningTokens the reasoning tokens generated so far
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record InterruptReply(String id, String object, String action, String status, String phase,
        int reasoningTokens) {
}
