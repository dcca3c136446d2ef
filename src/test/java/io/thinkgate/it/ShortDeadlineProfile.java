package io.thinkgate.it;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** The demo model with a two-second request deadline, so that a request that would think forever is cut short. */
public class ShortDeadlineProfile implements QuarkusTestProfile {

    private static final long TIMEOUT_MILLIS = 2_000;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("thinkgate.request.timeout", TIMEOUT_MILLIS + "ms");
    }
}
