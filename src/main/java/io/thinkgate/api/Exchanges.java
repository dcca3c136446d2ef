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

    Exchange open(String endpoint, RoutingContext routing) {
        return new Exchange(endpoint, metrics, mapper, routing);
    }
}
