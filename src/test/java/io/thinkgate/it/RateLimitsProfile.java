package io.thinkgate.it;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.thinkgate.auth.KeyRing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Keys with limits of their own (alice: 2 requests a minute; bob: 1 token a minute; dave: 16 thinking tokens, think
 * or no_think; erin: no thinking; frank: {@value #FRANK_BUDGET} tokens a day; gina: 100 tokens an hour; hank: 100,000 a day) and a default rate for the rest.
 */
public class RateLimitsProfile implements QuarkusTestProfile {

    static final String ALICE = "tg-alice-limited-0b9e4c7d21";
    static final String BOB = "tg-bob-limited-5f3a8e6c90";
    static final String CAROL = "tg-carol-default-7d2c1b4a86";
    static final String DAVE = "tg-dave-small-budget-3e9a";
    static final String ERIN = "tg-erin-no-thinking-8c41";
    static final String FRANK = "tg-frank-daily-budget-61d0";
    static final int FRANK_BUDGET = 300;
    static final String GINA = "tg-gina-hourly-budget-2a7f";
    static final String HANK = "tg-hank-probed-budget-5e11";

    @Override
    public Map<String, String> getConfigOverrides() {
        try {
            Path file = Files.createTempFile("thinkgate-limited-keys", ".txt");
            Files.write(file, List.of(KeyRing.line("alice", ALICE) + " rpm=2", KeyRing.line("bob", BOB) + " tpm=1",
                    KeyRing.line("carol", CAROL), KeyRing.line("dave", DAVE) + " max_budget=16 modes=think,no_think",
                    KeyRing.line("erin", ERIN) + " modes=no_think",
                    KeyRing.line("frank", FRANK) + " budget=" + FRANK_BUDGET + "/day",
                    KeyRing.line("gina", GINA) + " budget=100/hour",
                    KeyRing.line("hank", HANK) + " budget=100000/day"));
            file.toFile().deleteOnExit();
            return Map.of("thinkgate.auth.keys-file", file.toString(), "thinkgate.limits.requests-per-minute", "100");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
