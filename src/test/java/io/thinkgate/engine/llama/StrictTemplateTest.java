package io.thinkgate.engine.llama;

import io.thinkgate.engine.ChatTurn;
import io.thinkgate.engine.synthetic.SyntheticModel;
import io.thinkgate.engine.synthetic.SyntheticModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A Gemma-style template that raises when roles do not alternate. Inside the binding that exception would abort the
 * JVM (and this test run with it), so the engine must shape the conversation before rendering.
 */
class StrictTemplateTest {

    private static final String ALTERNATING = """
            {%- for message in messages -%}
            {%- if (message['role'] == 'user') != (loop.index0 % 2 == 0) -%}
            {{- raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') -}}
            {%- endif -%}
            {{- '<|' + message['role'] + '|>' + message['content'] -}}
            {%- endfor -%}
            {%- if add_generation_prompt -%}{{- '<|assistant|>' -}}{%- endif -%}""";

    private static LlamaEngine engine;

    @BeforeAll
    static void load() throws Exception {
        SyntheticModel model = SyntheticModel.builder("strict-template")
                .userDefined(SyntheticModels.USER, SyntheticModels.ASSISTANT).chatTemplate(ALTERNATING).build();
        Path file = model.writeTo(Path.of("target", "thinkgate-test-models", "strict-template.gguf"));
        engine = new LlamaEngine(LlamaSettings.of(file).withNativeTempDir(Path.of("target", "thinkgate-native")));
    }

    @AfterAll
    static void unload() {
        engine.close();
    }

    @Test
    void consecutiveTurnsOfOneRoleAreMergedBeforeRendering() {
        String rendered = engine.renderChat(List.of(new ChatTurn("user", "a"), new ChatTurn("user", "b"),
                new ChatTurn("assistant", "c"), new ChatTurn("assistant", "d"), new ChatTurn("user", "e")));

        assertEquals("<|user|>a\n\nb<|assistant|>c\n\nd<|user|>e<|assistant|>", rendered);
    }

    @Test
    void aConversationThatStartsWithTheAssistantIsRefusedInJava() {
        assertThrows(IllegalArgumentException.class,
                () -> engine.renderChat(List.of(new ChatTurn("assistant", "hi"), new ChatTurn("user", "x"))));
    }
}
