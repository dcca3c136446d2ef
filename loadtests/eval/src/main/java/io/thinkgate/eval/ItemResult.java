package io.thinkgate.eval;

/**
 * One arm's reply to one item, as results.jsonl keeps it.
 *
 * @param chosen what ThinkGate's auto chose ({@code thinkgate.decision.chosen}), or null
 * @param error why there is no reply (an HTTP status and message, a dropped connection), or null
 * @param ttftMs from sending to the first text, reasoning included; -1 if none came
 * @param reply the reply's content, cut to 300 characters
 */
public record ItemResult(String arm, String item, String group, boolean correct, int reasoningTokens,
        int completionTokens, double latencyMs, double ttftMs, String chosen, String error, String reply) {

    public boolean failed() {
        return error != null;
    }
}
