package io.thinkgate.api;

import io.thinkgate.serving.ModelRegistry;
import io.thinkgate.serving.ModelState;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the model is loaded and while its engine can serve. */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {

    private final ModelRegistry registry;

    public ReadinessCheck(ModelRegistry registry) {
        this.registry = registry;
    }

    @Override
    public HealthCheckResponse call() {
        ModelState state = registry.state();
        var response = HealthCheckResponse.named("model");
        if (state instanceof ModelState.Ready ready && !ready.model().engine().healthy()) {
            return response.down().withData("state", "the engine is unavailable").build();
        }
        if (state instanceof ModelState.Ready ready) {
            return response.up().withData("model", ready.model().id()).build();
        }
        String detail = state instanceof ModelState.Loading loading ? loading.step()
                : ((ModelState.Failed) state).reason();
        return response.down().withData("state", String.valueOf(detail)).build();
    }
}
