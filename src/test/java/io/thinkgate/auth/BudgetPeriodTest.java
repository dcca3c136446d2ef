package io.thinkgate.auth;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BudgetPeriodTest {

    private static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @Test
    void eachPeriodEndsAtItsUtcCalendarBoundary() {
        long now = at("2026-12-03T17:45:10.250Z");
        assertEquals(at("2026-12-03T18:00:00Z"), BudgetPeriod.HOUR.endMillis(now));
        assertEquals(at("2026-12-04T00:00:00Z"), BudgetPeriod.DAY.endMillis(now));
        assertEquals(at("2026-12-07T00:00:00Z"), BudgetPeriod.WEEK.endMillis(now), "2026-12-03 is a Thursday");
        assertEquals(at("2027-01-01T00:00:00Z"), BudgetPeriod.MONTH.endMillis(now));
        assertEquals(at("2026-12-04T00:00:00Z") - now, BudgetPeriod.DAY.resetMillis(now));
    }

    @Test
    void aWeekRunsFromMondayToSunday() {
        long monday = at("2026-11-30T00:00:00Z");
        assertEquals(BudgetPeriod.WEEK.index(monday), BudgetPeriod.WEEK.index(at("2026-12-06T23:59:59.999Z")));
        assertEquals(BudgetPeriod.WEEK.index(monday) - 1, BudgetPeriod.WEEK.index(monday - 1));
        assertEquals(monday, BudgetPeriod.WEEK.endMillis(monday - 1));
        assertEquals(0, BudgetPeriod.WEEK.index(at("1970-01-01T00:00:00Z")) - BudgetPeriod.WEEK.index(
                at("1969-12-29T00:00:00Z")), "the epoch's week began on Monday 1969-12-29");
    }

    @Test
    void monthsOfEveryLengthAndLeapFebruaryEndOnTheirLastDay() {
        assertEquals(at("2028-03-01T00:00:00Z"), BudgetPeriod.MONTH.endMillis(at("2028-02-29T23:59:59Z")));
        assertEquals(at("2027-03-01T00:00:00Z"), BudgetPeriod.MONTH.endMillis(at("2027-02-28T12:00:00Z")));
        assertEquals(at("2027-05-01T00:00:00Z"), BudgetPeriod.MONTH.endMillis(at("2027-04-30T00:00:00Z")));
        assertEquals(BudgetPeriod.MONTH.index(at("2027-01-31T23:59:59.999Z")) + 1,
                BudgetPeriod.MONTH.index(at("2027-02-01T00:00:00Z")));
        assertEquals(0, BudgetPeriod.MONTH.index(at("1970-01-31T00:00:00Z")));
        assertEquals(-1, BudgetPeriod.MONTH.index(at("1969-12-31T23:59:59Z")));
    }

    @Test
    void theIndexChangesExactlyWhenThePeriodEndsAgainstJavaTime() {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            long now = at("2000-01-01T00:00:00Z") + (long) (random.nextDouble() * 40L * 365 * 86_400_000);
            ZonedDateTime t = Instant.ofEpochMilli(now).atZone(ZoneOffset.UTC);
            long[] expected = {
                    t.truncatedTo(ChronoUnit.HOURS).plusHours(1).toInstant().toEpochMilli(),
                    t.truncatedTo(ChronoUnit.DAYS).plusDays(1).toInstant().toEpochMilli(),
                    t.truncatedTo(ChronoUnit.DAYS).with(TemporalAdjusters.next(java.time.DayOfWeek.MONDAY))
                            .toInstant().toEpochMilli(),
                    t.truncatedTo(ChronoUnit.DAYS).with(TemporalAdjusters.firstDayOfNextMonth()).toInstant()
                            .toEpochMilli()};
            for (BudgetPeriod period : BudgetPeriod.values()) {
                long end = period.endMillis(now);
                assertEquals(expected[period.ordinal()], end, period + " at " + t);
                assertEquals(period.index(now), period.index(end - 1), period + " at " + t);
                assertEquals(period.index(now) + 1, period.index(end), period + " at " + t);
                assertTrue(period.resetMillis(now) > 0);
            }
        }
    }

    @Test
    void periodsAreWrittenInLowerCaseAndNothingElseIsOne() {
        for (BudgetPeriod period : BudgetPeriod.values()) {
            assertEquals(period, BudgetPeriod.parse(period.wireName()));
        }
        for (String bad : new String[] {"Day", "days", "year", "", "minute"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BudgetPeriod.parse(bad));
            assertTrue(e.getMessage().contains("hour, day, week or month"), e.getMessage());
        }
    }

    @Test
    void aBudgetIsWrittenTokensSlashPeriod() {
        assertEquals(new TokenBudget(100_000, BudgetPeriod.DAY), TokenBudget.parse("100000/day"));
        assertEquals(new TokenBudget(1, BudgetPeriod.MONTH), TokenBudget.parse(" 1/month "));
        assertEquals(999_999_999_999_999L, TokenBudget.parse("999999999999999/day").tokens(), "15 digits");
        for (String bad : new String[] {"100000", "0/day", "-5/day", "05/day", "10/ day", "10/year", "1e5/day",
                "/day", "10/", "99999999999999999999/day", "1000000000000000/day"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TokenBudget.parse(bad),
                    bad);
            assertTrue(e.getMessage().contains("N/period") || e.getMessage().contains("budget period"),
                    e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new TokenBudget(0, BudgetPeriod.HOUR));
    }
}
