package io.thinkgate.api;

import io.thinkgate.generation.CompletionResult;
import org.jboss.logging.Logger;

import java.util.Locale;

/**
 * One INFO line per completion request, in category {@code io.thinkgate.access}: what an operator needs to see
 * load and thinking behaviour at a glance. Request content is never logged.
 */
final class AccessLog {

    private static final Logger LOG = Logger.getLogger("io.thinkgate.access");

    private AccessLog() {
    }

    /** A completion that ran to its end (status 200). */
    static void completed(String id, String endpoint, CompletionResult result, boolean reasoningModel,
            long durationNanos) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        int answer = result.completionTokens() - result.reasoningTokens();
        StringBuilder line = new StringBuilder().append(id).append(' ').append(endpoint).append(" 200")
                .append(" prompt=").append(result.promptTokens()).append(" reasoning=").append(result.reasoningTokens())
                .append(" answer=").append(answer).append(" tokens/s=").append(rate(result, durationNanos))
                .append(" ttft=").append(result.timeToFirstTokenNanos() < 0 ? "-"
                        : seconds(result.timeToFirstTokenNanos()))
                .append(" finish=").append(result.finishReason().wireName());
        if (reasoningModel) {
            line.append(" mode=").append(result.control().mode().wireName()).append(" exit=")
                    .append(result.exit().wireName());
        }
        if (result.timedOut()) {
            line.append(" timed_out");
        }
        if (result.quotaExhausted()) {
            line.append(" quota_exhausted");
        }
        LOG.info(line.append(' ').append(seconds(durationNanos)));
    }

    /** A request answered without a completion: refused, queue full, or left by its client. */
    static void refused(String id, String endpoint, int status, String code, long durationNanos) {
        LOG.infof("%s %s %d %s %s", id, endpoint, status, code, seconds(durationNanos));
    }

    /** Tokens per second of decoding, after the first token. */
    private static String rate(CompletionResult result, long durationNanos) {
        long decodeNanos = durationNanos - result.timeToFirstTokenNanos();
        if (result.completionTokens() < 2 || result.timeToFirstTokenNanos() < 0 || decodeNanos <= 0) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.1f", (result.completionTokens() - 1) * 1e9 / decodeNanos);
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.3fs", nanos / 1e9);
    }
}
