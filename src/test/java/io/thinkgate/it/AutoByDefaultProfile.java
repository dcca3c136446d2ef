package io.thinkgate.it;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** The demo model with {@code auto} as the server's default thinking mode. */
public class AutoByDefaultProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("thinkgate.thinking.default-mode", "auto", "thinkgate.auto.max-budget", "300");
    }
}
