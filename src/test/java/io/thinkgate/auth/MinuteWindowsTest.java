package io.thinkgate.auth;

import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class MinuteWindowsTest {

    private static final long MINUTE = 60_000;
    private static final long T0 = 29_000_000 * MINUTE;

    static KeyLimits limits(long rpm, long tpm) {
        return new KeyLimits(rpm > 0 ? OptionalLong.of(rpm) : OptionalLong.empty(),
                tpm > 0 ? OptionalLong.of(tpm) : OptionalLong.empty(), Optional.empty());
    }

    @Test
    void requestsPastTheBoundWaitForTheNextMinute() {
        MinuteWindows w = new MinuteWindows();
        KeyLimits two = limits(2, 0);
        MinuteWindows.Admission.Admitted first = assertInstanceOf(MinuteWindows.Admission.Admitted.class,
                w.admit("a", two, 0, T0 + 10_000));
        assertEquals(1, first.quota().remainingRequests());
        assertEquals(50_000, first.quota().resetMillis());
        assertEquals(0, admitted(w.admit("a", two, 0, T0 + 20_000)).quota().remainingRequests());
        MinuteWindows.Admission.Refused third = assertInstanceOf(MinuteWindows.Admission.Refused.class,
                w.admit("a", two, 0, T0 + 59_100));
        assertEquals("requests", third.bound());
        assertEquals(2, third.limit());
        assertEquals(1, third.retryAfterSeconds(), "0.9 s left rounds up to 1");
        assertInstanceOf(MinuteWindows.Admission.Admitted.class, w.admit("a", two, 0, T0 + MINUTE),
                "a new minute, a new window");
    }

    @Test
    void tokensAreChargedWhenRepliesEndAndStopTheNextRequestsOnceUsedUp() {
        MinuteWindows w = new MinuteWindows();
        KeyLimits hundred = limits(0, 100);
        assertInstanceOf(MinuteWindows.Admission.Admitted.class, w.admit("a", hundred, 0, T0));
        assertInstanceOf(MinuteWindows.Admission.Admitted.class, w.admit("a", hundred, 0, T0 + 1),
                "a request in flight has charged nothing yet");
        w.charge("a", 60, T0 + 2);
        assertEquals(40, admitted(w.admit("a", hundred, 0, T0 + 3)).quota().remainingTokens());
        w.charge("a", 60, T0 + 4);
        MinuteWindows.Admission.Refused refused = assertInstanceOf(MinuteWindows.Admission.Refused.class,
                w.admit("a", hundred, 0, T0 + 5));
        assertEquals("tokens", refused.bound());
        assertEquals(0, refused.quota().remainingTokens(), "never below 0");
        assertEquals(60, refused.retryAfterSeconds());
        w.charge("a", 1_000, T0 + MINUTE + 1);
        assertInstanceOf(MinuteWindows.Admission.Refused.class, w.admit("a", hundred, 0, T0 + MINUTE + 2),
                "tokens count in the window where the reply ended");
    }

    @Test
    void keysHaveWindowsOfTheirOwnAndNoLimitsAdmitEverything() {
        MinuteWindows w = new MinuteWindows();
        w.admit("a", limits(1, 0), 0, T0);
        assertInstanceOf(MinuteWindows.Admission.Refused.class, w.admit("a", limits(1, 0), 0, T0 + 1));
        assertInstanceOf(MinuteWindows.Admission.Admitted.class, w.admit("b", limits(1, 0), 0, T0 + 2));
        for (int i = 0; i < 1_000; i++) {
            w.charge("c", 1_000_000, T0);
            assertEquals(OptionalLong.empty(), admitted(w.admit("c", KeyLimits.NONE, 0, T0)).quota().limitRequests());
        }
    }

    static MinuteWindows.Admission.Admitted admitted(MinuteWindows.Admission admission) {
        return assertInstanceOf(MinuteWindows.Admission.Admitted.class, admission);
    }

    @Test
    void theVerdictOnCountsIsTheSameWhereverTheyAreKept() {
        KeyLimits limits = limits(3, 50);
        assertEquals(2, admitted(MinuteWindows.decide(0, 0, 0, limits, 1_000)).quota().remainingRequests());
        assertEquals(0, admitted(MinuteWindows.decide(2, 49, 0, limits, 1_000)).quota().remainingRequests());
        assertEquals("requests", assertInstanceOf(MinuteWindows.Admission.Refused.class,
                MinuteWindows.decide(3, 0, 0, limits, 1_000)).bound());
        assertEquals("tokens", assertInstanceOf(MinuteWindows.Admission.Refused.class,
                MinuteWindows.decide(0, 50, 0, limits, 1_000)).bound());
        assertEquals(59_999, MinuteWindows.resetMillis(T0 + 1));
        assertEquals(MinuteWindows.minuteOf(T0), MinuteWindows.minuteOf(T0 + 59_999));
        assertEquals(MinuteWindows.minuteOf(T0) - 1, MinuteWindows.minuteOf(T0 - 1));
    }

    @Test
    void aKeysOwnBoundsWinOverTheDefaults() {
        KeyLimits defaults = limits(100, 10_000);
        assertEquals(limits(5, 10_000), limits(5, 0).or(defaults));
        assertEquals(limits(100, 7), limits(0, 7).or(defaults));
        assertEquals(defaults, KeyLimits.NONE.or(defaults));
        assertEquals(KeyLimits.NONE, KeyLimits.NONE.or(KeyLimits.NONE));
        KeyLimits daily = new KeyLimits(OptionalLong.empty(), OptionalLong.empty(),
                Optional.of(new TokenBudget(500, BudgetPeriod.DAY)));
        KeyLimits weekly = new KeyLimits(OptionalLong.of(9), OptionalLong.empty(),
                Optional.of(new TokenBudget(9_000, BudgetPeriod.WEEK)));
        assertEquals(daily.budget(), daily.or(weekly).budget());
        assertEquals(weekly.budget(), limits(5, 0).or(weekly).budget());
    }

    @Test
    void aSpentBudgetRefusesUntilItsPeriodEndsEvenWithTheMinuteFree() {
        KeyLimits limits = new KeyLimits(OptionalLong.of(10), OptionalLong.empty(),
                Optional.of(new TokenBudget(1_000, BudgetPeriod.HOUR)));
        long now = T0 + 25 * MINUTE + 30_000;
        assertInstanceOf(MinuteWindows.Admission.Admitted.class, MinuteWindows.decide(0, 0, 999, limits, now));
        MinuteWindows.Admission.Refused refused = assertInstanceOf(MinuteWindows.Admission.Refused.class,
                MinuteWindows.decide(0, 0, 1_000, limits, now));
        assertEquals("budget", refused.bound());
        assertEquals(1_000, refused.limit());
        assertEquals(BudgetPeriod.HOUR.resetMillis(now) / 1000, refused.retryAfterSeconds());
        assertEquals(10, refused.quota().remainingRequests(), "the minute's counts are untouched");
        assertEquals("requests", assertInstanceOf(MinuteWindows.Admission.Refused.class,
                MinuteWindows.decide(10, 0, 5_000, limits, now)).bound(), "the minute's bound is named first");
        MinuteWindows w = new MinuteWindows();
        assertInstanceOf(MinuteWindows.Admission.Refused.class, w.admit("a", limits, 1_000, now));
        assertEquals(9, admitted(w.admit("a", limits, 0, now)).quota().remainingRequests(),
                "a refused request is not counted against the minute");
    }
}
