package io.thinkgate.auth;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * The period a key's token budget covers, in UTC and aligned to the calendar, so that every replica puts a token in
 * the same period: an hour, a day, a week from Monday, or a month from its first.
 */
public enum BudgetPeriod {
    HOUR, DAY, WEEK, MONTH;

    private static final long HOUR_MILLIS = 3_600_000;
    private static final long DAY_MILLIS = 86_400_000;
    /** Day 0 of the epoch, 1970-01-01, was a Thursday: three days after a Monday. */
    private static final long EPOCH_DAYS_AFTER_MONDAY = 3;

    /** The wire name, as a key file and the config write it: {@code hour}, {@code day}, {@code week}, {@code month}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static BudgetPeriod parse(String name) {
        for (BudgetPeriod period : values()) {
            if (period.wireName().equals(name)) {
                return period;
            }
        }
        throw new IllegalArgumentException("'" + name + "' is not a budget period (hour, day, week or month)");
    }

    /** The number of the period that holds {@code nowMillis}, counted from the epoch. */
    public long index(long nowMillis) {
        long day = Math.floorDiv(nowMillis, DAY_MILLIS);
        return switch (this) {
            case HOUR -> Math.floorDiv(nowMillis, HOUR_MILLIS);
            case DAY -> day;
            case WEEK -> Math.floorDiv(day + EPOCH_DAYS_AFTER_MONDAY, 7);
            case MONTH -> {
                LocalDate date = LocalDate.ofEpochDay(day);
                yield (date.getYear() - 1970) * 12L + date.getMonthValue() - 1;
            }
        };
    }

    /** When the period that holds {@code nowMillis} ends, in epoch milliseconds. */
    public long endMillis(long nowMillis) {
        long next = index(nowMillis) + 1;
        return switch (this) {
            case HOUR -> next * HOUR_MILLIS;
            case DAY -> next * DAY_MILLIS;
            case WEEK -> (next * 7 - EPOCH_DAYS_AFTER_MONDAY) * DAY_MILLIS;
            case MONTH -> LocalDate.of(1970, 1, 1).plusMonths(next).atStartOfDay(ZoneOffset.UTC).toInstant()
                    .toEpochMilli();
        };
    }

    /** Milliseconds from {@code nowMillis} to the end of its period. */
    public long resetMillis(long nowMillis) {
        return endMillis(nowMillis) - nowMillis;
    }
}
