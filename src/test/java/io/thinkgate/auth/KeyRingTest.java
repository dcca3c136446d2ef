package io.thinkgate.auth;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyRingTest {

    static Optional<String> name(KeyRing ring, String presented) {
        return ring.entryOf(presented).map(KeyRing.Entry::name);
    }

    @Test
    void aKeyIsKnownByItsNameAndNothingElseIs() {
        KeyRing ring = KeyRing.parse(List.of("# keys", KeyRing.line("alice", "sk-alice"), "   ",
                "  " + KeyRing.line("bob.ci", "sk-bob") + "  "), "keys.txt");
        assertEquals(2, ring.size());
        assertEquals(List.of("alice", "bob.ci"), ring.names());
        assertEquals(Optional.of("alice"), name(ring, "sk-alice"));
        assertEquals(Optional.of("bob.ci"), name(ring, "sk-bob"));
        assertEquals(Optional.empty(), name(ring, "sk-alic"));
        assertEquals(Optional.empty(), name(ring, "sk-alice "));
        assertEquals(Optional.empty(), name(ring, ""));
    }

    @Test
    void theLineHoldsTheSha256OfTheKeyAsSha256sumPrintsIt() {
        assertEquals("ci sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                KeyRing.line("ci", ""), "the SHA-256 of nothing");
        assertEquals("ci sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824",
                KeyRing.line("ci", "hello"));
    }

    @Test
    void upperCaseHexReadsTheSame() {
        String line = KeyRing.line("alice", "sk-alice");
        String upper = line.substring(0, line.indexOf(':') + 1) + line.substring(line.indexOf(':') + 1).toUpperCase();
        assertEquals(Optional.of("alice"), name(KeyRing.parse(List.of(upper), "k"), "sk-alice"));
    }

    @Test
    void badLinesAreRefusedWithTheirLineNumber() {
        String good = KeyRing.line("alice", "sk-alice");
        String[][] cases = {
                {"alice", "line 1: expected"},
                {"alice sk-alice", "line 1: expected"},
                {"alice sha256:abc", "line 1: expected"},
                {"alice md5:" + "0".repeat(32), "line 1: expected"},
                {good + " extra", "line 1: 'extra' is not a field of a key"},
                {"-alice " + good.substring(good.indexOf(' ') + 1), "line 1: a key name"},
                {"al/ice " + good.substring(good.indexOf(' ') + 1), "line 1: a key name"},
        };
        for (String[] c : cases) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> KeyRing.parse(List.of(c[0]), "keys.txt"), c[0]);
            assertTrue(e.getMessage().startsWith("keys.txt " + c[1]), e.getMessage());
            assertTrue(!e.getMessage().contains("sk-alice"), "a message never repeats a key");
        }
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> KeyRing.parse(List.of(good, "# x", KeyRing.line("alice", "sk-other")), "keys.txt"));
        assertEquals("keys.txt line 3: the name 'alice' is used twice", twice.getMessage());
        IllegalArgumentException same = assertThrows(IllegalArgumentException.class,
                () -> KeyRing.parse(List.of(good, KeyRing.line("carol", "sk-alice")), "keys.txt"));
        assertEquals("keys.txt line 2: this key is listed twice", same.getMessage());
    }

    @Test
    void aLineMayGiveItsKeyOwnLimits() {
        KeyRing ring = KeyRing.parse(List.of(KeyRing.line("alice", "sk-alice") + " rpm=60 tpm=100000",
                KeyRing.line("bob", "sk-bob") + " tpm=5", KeyRing.line("carol", "sk-carol")), "keys.txt");
        assertEquals(MinuteWindowsTest.limits(60, 100_000), ring.entryOf("sk-alice").orElseThrow().limits());
        assertEquals(MinuteWindowsTest.limits(0, 5), ring.entryOf("sk-bob").orElseThrow().limits());
        assertEquals(KeyLimits.NONE, ring.entryOf("sk-carol").orElseThrow().limits());
        for (String bad : new String[] {"rpm=0", "rpm=-1", "rpm=x", "rpm", "rpm=1 rpm=2", "rps=1", "tpm=01",
                "tpm=1e3", "max_budget=0", "modes=think,ponder", "modes=", "max_budget=99999999999"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> KeyRing.parse(List.of(KeyRing.line("alice", "sk-alice") + " " + bad), "keys.txt"), bad);
            assertTrue(e.getMessage().startsWith("keys.txt line 1: "), e.getMessage());
        }
    }

    @Test
    void aLineMayGiveItsKeyATokenBudgetPerPeriod() {
        KeyRing ring = KeyRing.parse(List.of(KeyRing.line("frank", "sk-frank") + " budget=250000/week rpm=10"),
                "keys.txt");
        KeyLimits limits = ring.entryOf("sk-frank").orElseThrow().limits();
        assertEquals(Optional.of(new TokenBudget(250_000, BudgetPeriod.WEEK)), limits.budget());
        assertEquals(10, limits.requestsPerMinute().getAsLong());
        for (String bad : new String[] {"budget=100", "budget=100/year", "budget=0/day", "budget=/day",
                "budget=1e3/day", "budget=10/Day", "budget=5/day budget=6/day"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> KeyRing.parse(List.of(KeyRing.line("frank", "sk-frank") + " " + bad), "keys.txt"), bad);
            assertTrue(e.getMessage().startsWith("keys.txt line 1: "), e.getMessage());
        }
    }

    @Test
    void aLineMayLimitTheKeysThinking() {
        KeyRing ring = KeyRing.parse(List.of(KeyRing.line("dave", "sk-dave") + " max_budget=512 modes=no_think,auto",
                KeyRing.line("erin", "sk-erin")), "keys.txt");
        assertEquals(new KeyPolicy(List.of("no_think", "auto"), OptionalInt.of(512)),
                ring.entryOf("sk-dave").orElseThrow().policy());
        assertEquals(KeyPolicy.NONE, ring.entryOf("sk-erin").orElseThrow().policy());
    }

    @Test
    void anEmptyFileListsNoKey() {
        assertEquals(0, KeyRing.parse(List.of("# nobody yet", ""), "keys.txt").size());
    }
}
