package io.thinkgate.it;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** The demo model with one slot and a wait queue of one, so that tests can fill both. */
public class SingleSlotProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("thinkgate.engine.parallel", "1", "thinkgate.engine.queue-capacity", "1",
                "thinkgate.engine.retry-after-seconds", "2");
    }
}
