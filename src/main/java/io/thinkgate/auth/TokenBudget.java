package io.thinkgate.auth;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The tokens one key may use in each period (prompt and reply, reasoning included), written {@code N/period}. */
public record TokenBudget(long tokens, BudgetPeriod period) {

    /** At most 15 digits: Redis's scripts count in doubles, exact to 2^53. */
    private static final Pattern FORM = Pattern.compile("([1-9][0-9]{0,14})/([a-z]+)");

    public TokenBudget {
        if (tokens < 1) {
            throw new IllegalArgumentException("a token budget is at least 1 token");
        }
    }

    /** Reads {@code 100000/day}; the message of what it refuses says what it expected. */
    public static TokenBudget parse(String text) {
        Matcher m = FORM.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a token budget: write N/period, with N a whole "
                    + "number of at least 1 and period one of hour, day, week, month (for example 100000/day)");
        }
        return new TokenBudget(Long.parseLong(m.group(1)), BudgetPeriod.parse(m.group(2)));
    }
}
