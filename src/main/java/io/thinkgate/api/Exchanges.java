package io.thinkgate.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.thinkgate.generation.TokenAllowance;
import io.thinkgate.telemetry.GatewayMetrics;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/** Opens the {@link Exchange} of each completion request. */
@ApplicationScoped
public class Exchanges {

    private final GatewayMetrics metrics;
    private final ObjectMapper mapper;
    private final RateLimits limits;

    public Exchanges(GatewayMetrics metrics, ObjectMapper mapper, RateLimits limits) {
        this.metrics = metrics;
        this.mapper = mapper;
        this.limits = limits;
    }

    /** @param idPrefix the reply id's prefix, as OpenAI's: {@code chatcmpl-} or {@code cmpl-} */
    Exchange open(String endpoint, String idPrefix, RoutingContext routing) {
        Optional<String> key = ApiKeys.keyName(routing);
        // The lease is closed by the routing context's end handler that RateLimits gave it at admission.
        return new Exchange(endpoint, idPrefix, metrics, mapper, routing,
                limits.lease(routing).<TokenAllowance>map(l -> l::consume).orElse(TokenAllowance.UNLIMITED),
                result -> limits.charge(key, result));
    }
}
