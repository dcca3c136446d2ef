package io.thinkgate.loadtests;

import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the simulations read from one streamed chat chunk (the {@code data:} of one server-sent event). */
final class Chunks {

    private static final Pattern TEXT = Pattern.compile("\"(?:reasoning_)?content\"\\s*:\\s*\"[^\"]");
    private static final Pattern COMPLETION_TOKENS = Pattern.compile("\"completion_tokens\"\\s*:\\s*(\\d+)");
    private static final Pattern REASONING_TOKENS = Pattern.compile("\"reasoning_tokens\"\\s*:\\s*(\\d+)");

    private Chunks() {
    }

    /** Whether the chunk carries generated text: the first such chunk marks the first token. */
    static boolean carriesText(String data) {
        return TEXT.matcher(data).find();
    }

    /** The completion tokens of the usage chunk ({@code stream_options.include_usage}), if this is that chunk. */
    static OptionalLong completionTokens(String data) {
        return number(COMPLETION_TOKENS, data);
    }

    /** The reasoning tokens of the usage chunk ({@code completion_tokens_details}); 0 when it doesn't say. */
    static long reasoningTokens(String data) {
        return number(REASONING_TOKENS, data).orElse(0);
    }

    private static OptionalLong number(Pattern field, String data) {
        Matcher m = field.matcher(data);
        return m.find() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
    }
}
