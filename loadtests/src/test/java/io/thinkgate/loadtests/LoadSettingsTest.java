package io.thinkgate.loadtests;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoadSettingsTest {

    @Test
    void durationsInTheShortFormsAndIso() {
        assertEquals(Duration.ofMillis(500), LoadSettings.duration("500ms"));
        assertEquals(Duration.ofSeconds(90), LoadSettings.duration("90s"));
        assertEquals(Duration.ofMillis(1500), LoadSettings.duration("1.5s"));
        assertEquals(Duration.ofMinutes(10), LoadSettings.duration("10m"));
        assertEquals(Duration.ofHours(1), LoadSettings.duration(" 1H "));
        assertEquals(Duration.ofSeconds(90), LoadSettings.duration("PT1M30S"));
        for (String bad : new String[] {"", "10", "ten s", "5d", "-3s"}) {
            assertThrows(IllegalArgumentException.class, () -> LoadSettings.duration(bad), bad);
        }
    }

    @Test
    void defaultsWhenNothingIsSet() {
        LoadSettings s = LoadSettings.from(new Properties());
        assertEquals(URI.create("http://127.0.0.1:8080"), s.url());
        assertTrue(s.apiKey().isEmpty());
        assertTrue(s.model().isEmpty());
        assertEquals(4, s.users());
        assertEquals(Duration.ofSeconds(60), s.duration());
        assertEquals(128, s.maxTokens());
        assertEquals(0, s.maxFailedPercent());
        assertEquals(1_000_000, s.maxRequests());
    }

    @Test
    void propertiesOverrideTheDefaultsAndBlankKeysCountAsUnset() {
        Properties p = new Properties();
        p.setProperty("url", "http://127.0.0.1:9000");
        p.setProperty("api.key", " ");
        p.setProperty("model", "qwen3");
        p.setProperty("users", "16");
        p.setProperty("duration", "2m");
        p.setProperty("assert.ttft.p95.ms", "750");
        p.setProperty("max.requests", "500");
        LoadSettings s = LoadSettings.from(p);
        assertEquals(URI.create("http://127.0.0.1:9000/q/metrics"), s.resolve("/q/metrics"));
        assertTrue(s.apiKey().isEmpty());
        assertEquals("qwen3", s.model().orElseThrow());
        assertEquals(16, s.users());
        assertEquals(Duration.ofMinutes(2), s.duration());
        assertEquals(750, s.ttftP95Millis());
        assertEquals(500, s.maxRequests());
    }

    @Test
    void theQuotingOfTheGatlingPluginsForkIsTakenOff() {
        Properties p = new Properties();
        p.setProperty("prompt", "\"think forever\"");
        p.setProperty("thinkgate", "{\\\"loop_brake\\\":false}");
        p.setProperty("model", "qwen3");
        LoadSettings s = LoadSettings.from(p);
        assertEquals("think forever", s.prompt());
        assertEquals("{\"loop_brake\":false}", s.thinkgate().orElseThrow());
        assertEquals("qwen3", s.model().orElseThrow());
    }

    @Test
    void countsBelowOneAndFractionsOutsideTheUnitIntervalAreRefused() {
        Properties p = new Properties();
        p.setProperty("users", "0");
        assertThrows(IllegalArgumentException.class, () -> LoadSettings.from(p));
        p.setProperty("users", "99999999999");
        assertThrows(IllegalArgumentException.class, () -> LoadSettings.from(p));
        p.setProperty("assert.tolerance", "1.5");
        assertThrows(IllegalArgumentException.class, () -> LoadSettings.fraction(p, "assert.tolerance", 0.1));
        p.setProperty("assert.tolerance", "NaN");
        assertThrows(IllegalArgumentException.class, () -> LoadSettings.fraction(p, "assert.tolerance", 0.1));
        assertEquals(0.1, LoadSettings.fraction(new Properties(), "assert.tolerance", 0.1));
    }
}
