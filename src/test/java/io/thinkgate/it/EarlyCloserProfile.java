package io.thinkgate.it;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.thinkgate.engine.synthetic.SyntheticModels;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Serves the early-closing model: it thinks "Let me see ." and closes the span.
 */
public class EarlyCloserProfile implements QuarkusTestProfile {

    static final String MODEL_ID = "early-closer";

    @Override
    public Map<String, String> getConfigOverrides() {
        Path dir = Path.of("target", "thinkgate-test-models").toAbsolutePath();
        try {
            Path model = SyntheticModels.earlyCloser().writeTo(dir.resolve(MODEL_ID + ".gguf"));
            return Map.of("thinkgate.model.path", model.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
