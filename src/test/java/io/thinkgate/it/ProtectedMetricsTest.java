package io.thinkgate.it;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** With {@code thinkgate.auth.protect-metrics}, Prometheus needs a key too; the probes still don't. */
@QuarkusTest
@TestProfile(ApiKeysProfile.ProtectedMetrics.class)
class ProtectedMetricsTest extends ServerTest {

    @Test
    void metricsNeedAKeyAndHealthDoesNot() throws Exception {
        assertEquals(200, ApiKeysTest.call(server, "GET", "/q/health/ready", null).statusCode());
        ApiKeysTest.assertRefused(ApiKeysTest.call(server, "GET", "/q/metrics", null), "No API key was sent");
        assertEquals(200, ApiKeysTest.call(server, "GET", "/q/metrics", null, "Authorization",
                "Bearer " + ApiKeysProfile.ALICE).statusCode());
    }
}
