package io.thinkgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.thinkgate.engine.synthetic.SyntheticModel;
import io.thinkgate.engine.synthetic.SyntheticModels;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/** Main models for auto's {@code probe} strategy (each rates every probe alike) and its {@code model} strategy. */
final class ProbeProfiles {

    /** A chat in auto mode with the probe strategy; format with the message, stream and max_tokens. */
    static final String PROBE_CHAT = """
            {"messages":[{"role":"user","content":"%s"}],"stream":%s,"max_tokens":%d,
             "thinkgate":{"mode":"auto","auto":{"strategy":"probe"},"loop_brake":false}}""";

    private ProbeProfiles() {
    }

    /** The decision of a non-streamed probe request. */
    static JsonNode decision(TestServer server, String message, int maxTokens) {
        return server.postJson("/v1/chat/completions", PROBE_CHAT.formatted(message, false, maxTokens))
                .at("/thinkgate/decision");
    }

    static Map<String, String> serving(SyntheticModel main) {
        Path dir = Path.of("target", "thinkgate-test-models").toAbsolutePath();
        try {
            return Map.of("thinkgate.model.path", main.writeTo(dir.resolve(main.name() + ".gguf")).toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Rates everything 5 of 5. */
    public static class Hard implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return serving(SyntheticModels.rater("5"));
        }
    }

    /** Rates everything 1 or 5, equally likely. */
    public static class Torn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return serving(SyntheticModels.tornRater());
        }
    }

    /** An AdaptThink-like model that closes its reasoning at once. */
    public static class Adaptive implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return serving(SyntheticModels.adaptive());
        }
    }

    /** A Thinkless-like model that answers after its no-thinking token, configured as such. */
    public static class Thinkless implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new java.util.HashMap<>(serving(SyntheticModels.thinkless()));
            config.put("thinkgate.reasoning.short-marker", SyntheticModels.SHORT);
            return config;
        }
    }

    /** The demo as the main model, and a thought model that rates everything 1 of 5. */
    public static class EasyThoughtModel implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return ThoughtModelProfiles.withThoughtModel(SyntheticModels.thoughtRater("1"));
        }
    }
}
