package io.thinkgate.it;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.thinkgate.engine.synthetic.SyntheticModel;
import io.thinkgate.engine.synthetic.SyntheticModels;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/** The demo model as the main model, beside one of the synthetic thought models. */
final class ThoughtModelProfiles {

    /** A thoughts request whose fallback thinking has a budget of 10; format with stream and extra thoughts fields. */
    static final String BUDGETED_THOUGHTS = """
            {"messages":[{"role":"user","content":"x"}],"stream":%s,
             "thinkgate":{"mode":"thoughts","budget_tokens":10,"loop_brake":false%s}}""";

    private ThoughtModelProfiles() {
    }

    static Map<String, String> withThoughtModel(SyntheticModel thoughtModel) {
        Path dir = Path.of("target", "thinkgate-test-models").toAbsolutePath();
        try {
            Path file = thoughtModel.writeTo(dir.resolve(thoughtModel.name() + ".gguf"));
            return Map.of("thinkgate.thought-model.path", file.toString(), "thinkgate.thoughts.max-tokens", "64");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes fixed steps and stops. */
    public static class Writer implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return withThoughtModel(SyntheticModels.thoughtWriter());
        }
    }

    /** Answers {@code <STOP>}. */
    public static class Stopper implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return withThoughtModel(SyntheticModels.thoughtStopper());
        }
    }

    /** Never stops writing. */
    public static class Rambler implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return withThoughtModel(SyntheticModels.thoughtRambler());
        }
    }
}
