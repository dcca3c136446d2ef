package io.thinkgate.api;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Where the rate limits are counted, and whether that works: with Redis down a replica that fails closed refuses
 * every completion, so it is not ready; one that fails open is, and says that it doesn't count.
 */
@Readiness
@ApplicationScoped
public class RateLimitsCheck implements HealthCheck {

    private final RateLimits limits;

    public RateLimitsCheck(RateLimits limits) {
        this.limits = limits;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("rate-limits").withData("store",
                limits.store());
        return limits.trouble().map(trouble -> (limits.failsClosed() ? response.down() : response.up())
                .withData("trouble", trouble).withData("requests", limits.failsClosed() ? "refused" : "not counted")
                .build()).orElseGet(() -> response.up().build());
    }
}
