package io.thinkgate.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.thinkgate.telemetry.GatewayMetrics;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/** Opens the {@link Exchange} of each completion request. */
@ApplicationScoped
public class Exchanges {

    private final GatewayMetrics metrics;
    private final ObjectMapper mapper;

    public Exchanges(GatewayMetrics metrics, ObjectMapper mapper) {
        this.metrics = metrics;
        this.mapper = mapper;
    }

    /** @param idPrefix the reply id's prefix, as OpenAI's: {@code chatcmpl-} or {@code cmpl-} */
    Exchange open(String endpoint, String idPrefix, RoutingContext routing) {
        return new Exchange(endpoint, idPrefix, metrics, mapper, routing);
    }
}
