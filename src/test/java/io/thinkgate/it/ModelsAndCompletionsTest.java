package io.thinkgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.http.StreamResponse;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.models.Model;
import io.quarkus.test.junit.QuarkusTest;
import io.thinkgate.engine.synthetic.SyntheticModels;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The model listing, legacy text completions and health, against the demo model. */
@QuarkusTest
class ModelsAndCompletionsTest extends ServerTest {

    private static final String RAW_PROMPT = "<|user|>What is 6 * 7?<|assistant|>";


    @Test
    void modelsListTheServedModelAndAcceptItsAliases() {
        List<Model> models = client.models().list().data();

        assertEquals(List.of(SyntheticModels.DEMO_ID), models.stream().map(Model::id).toList());
        assertEquals(SyntheticModels.DEMO_ID, client.models().retrieve("thinkgate-demo-alias").id());
        assertEquals(SyntheticModels.DEMO_ID, TestServer.json(server.get("/v1/models/org/demo-model").body())
                .get("id").asText(), "an alias may contain a slash, like Hugging Face names");
        JsonNode meta = TestServer.json(server.get("/v1/models").body()).at("/data/0/meta");
        assertTrue(meta.get("reasoning").asBoolean());
        assertTrue(meta.get("description").asText().contains("not a language model"));
    }

    @Test
    void rawPromptIsContinuedAsIsWithoutAReasoningSplit() {
        Completion completion = client.completions().create(CompletionCreateParams.builder()
                .model(SyntheticModels.DEMO_ID).prompt(RAW_PROMPT).maxTokens(4).temperature(0.0).build());

        assertEquals("<think>\nHmm ,", completion.choices().get(0).text());
        assertEquals("length", completion.choices().get(0).finishReason().asString());
        assertEquals(4, completion.usage().orElseThrow().completionTokens());
    }

    @Test
    void rawPromptStreams() {
        String text;
        try (StreamResponse<Completion> stream = client.completions().createStreaming(CompletionCreateParams.builder()
                .model(SyntheticModels.DEMO_ID).prompt("<|user|>hi<|assistant|><think>\n\n</think>\n\n")
                .maxTokens(50).build())) {
            text = stream.stream().map(chunk -> chunk.choices().isEmpty() ? "" : chunk.choices().get(0).text())
                    .collect(Collectors.joining());
        }

        assertEquals(SyntheticModels.ANSWER_TEXT, text);
    }

    @Test
    void readinessReportsTheLoadedModel() {
        JsonNode ready = TestServer.json(server.get("/q/health/ready").body());

        assertEquals("UP", ready.get("status").asText());
        Map<String, JsonNode> checks = new HashMap<>();
        ready.get("checks").forEach(check -> checks.put(check.get("name").asText(), check));
        assertEquals(SyntheticModels.DEMO_ID, checks.get("model").at("/data/model").asText(), ready.toString());
        assertEquals("memory", checks.get("rate-limits").at("/data/store").asText(), ready.toString());
        assertEquals(200, server.get("/q/health/live").statusCode());
    }
}
