package io.thinkgate.loadtests;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrometheusTextTest {

    private static final String TEXT = """
            # HELP thinkgate_requests_active Requests holding a slot
            # TYPE thinkgate_requests_active gauge
            thinkgate_requests_active 2.0
            thinkgate_tokens_completion_total 1234.0
            thinkgate_requests_seconds_count{endpoint="chat_completions",outcome="cancelled"} 5.0
            thinkgate_requests_seconds_count{endpoint="completions",outcome="cancelled"} 2.0
            thinkgate_requests_seconds_count{endpoint="chat_completions",outcome="ok"} 40.0
            thinkgate_requests_seconds_bucket{endpoint="chat_completions",outcome="ok",le="+Inf"} 40.0
            http_server_requests_seconds_max{method="GET",uri="/a b"} 0.5 1796354541000
            jvm_odd_value NaN
            """;

    @Test
    void unlabelledSeriesReadAsTheyAre() {
        PrometheusText m = PrometheusText.parse(TEXT);
        assertEquals(2.0, m.value("thinkgate_requests_active"));
        assertEquals(1234.0, m.value("thinkgate_tokens_completion_total"));
    }

    @Test
    void labelledSeriesSumOverTheirLabelsOrOverTheOnesAsked() {
        PrometheusText m = PrometheusText.parse(TEXT);
        assertEquals(47.0, m.value("thinkgate_requests_seconds_count"));
        assertEquals(7.0, m.value("thinkgate_requests_seconds_count", "outcome", "cancelled"));
        assertEquals(45.0, m.value("thinkgate_requests_seconds_count", "endpoint", "chat_completions"));
        assertTrue(Double.isNaN(m.value("thinkgate_requests_seconds_count", "outcome", "failed")));
    }

    @Test
    void timestampsSpacesInLabelsInfinitiesAndNaNAreRead() {
        PrometheusText m = PrometheusText.parse(TEXT);
        assertEquals(0.5, m.value("http_server_requests_seconds_max"));
        assertEquals(40.0, m.value("thinkgate_requests_seconds_bucket"));
        assertTrue(Double.isNaN(m.value("jvm_odd_value")));
        assertEquals(Double.POSITIVE_INFINITY, PrometheusText.parse("x +Inf\n").value("x"));
    }

    @Test
    void aMetricTheServerDoesNotExportIsNaN() {
        assertTrue(Double.isNaN(PrometheusText.parse("").value("thinkgate_slots")));
        assertTrue(Double.isNaN(PrometheusText.parse("<html>not found</html>").value("thinkgate_slots")));
    }
}
