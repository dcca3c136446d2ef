package io.thinkgate.it;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.thinkgate.auth.KeyRing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The demo model behind API keys: a key file with two keys, as a Kubernetes Secret would mount it. */
public class ApiKeysProfile implements QuarkusTestProfile {

    static final String ALICE = "tg-alice-6f1d0c9b2e8a4f57a3c1";
    static final String BOB = "tg-bob-93e2b7a05d4c4e1f8b6d";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("thinkgate.auth.keys-file", keysFile().toString());
    }

    static Path keysFile() {
        try {
            Path file = Files.createTempFile("thinkgate-keys", ".txt");
            Files.write(file, List.of("# name sha256:<hex>", KeyRing.line("alice", ALICE), "",
                    KeyRing.line("bob", BOB)));
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same keys, and {@code /q/metrics} behind them too. */
    public static class ProtectedMetrics extends ApiKeysProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("thinkgate.auth.keys-file", keysFile().toString(), "thinkgate.auth.protect-metrics", "true");
        }
    }
}
