package io.thinkgate.it;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/**
 * The demo model with short deadlines: two seconds per request, so that a request that would think forever is cut
 * short, and one second of silence per request body, so that a body that stops arriving is refused soon.
 */
public class ShortDeadlineProfile implements QuarkusTestProfile {

    private static final long TIMEOUT_MILLIS = 2_000;
    static final long BODY_TIMEOUT_MILLIS = 1_000;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("thinkgate.request.timeout", TIMEOUT_MILLIS + "ms",
                "thinkgate.http.body-timeout", BODY_TIMEOUT_MILLIS + "ms");
    }
}
