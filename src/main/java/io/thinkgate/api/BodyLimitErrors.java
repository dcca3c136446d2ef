package io.thinkgate.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.thinkgate.api.wire.ErrorResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Vert.x refuses a body over {@code quarkus.http.limits.max-body-size} with a bare 413 before any resource runs.
 * A request that announces such a body in its Content-Length gets the refusal in OpenAI's error envelope instead.
 */
@ApplicationScoped
public class BodyLimitErrors {

    private final ObjectMapper mapper;
    private final long limit;

    public BodyLimitErrors(ObjectMapper mapper,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize limit) {
        this.mapper = mapper;
        this.limit = limit.asLongValue();
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::check);
    }

    private void check(RoutingContext context) {
        String length = context.request().getHeader("Content-Length");
        if (length == null || !length.chars().allMatch(Character::isDigit) || length.length() > 18
                || Long.parseLong(length) <= limit) {
            context.next();
            return;
        }
        try {
            context.response().setStatusCode(413).putHeader("Content-Type", "application/json")
                    .putHeader("Connection", "close")
                    .end(mapper.writeValueAsString(new ErrorResponse(new ErrorResponse.Body("The request body has "
                            + length + " bytes; this server accepts at most " + limit
                            + " (quarkus.http.limits.max-body-size)", "invalid_request_error", null,
                            "request_too_large"))));
        } catch (JsonProcessingException e) {
            context.fail(e);
        }
    }
}
