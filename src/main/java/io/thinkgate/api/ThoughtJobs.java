package io.thinkgate.api;

import io.thinkgate.config.ThinkGateConfig;
import io.thinkgate.engine.ChatTurn;
import io.thinkgate.engine.InferenceEngine;
import io.thinkgate.generation.ThoughtsJob;
import io.thinkgate.reasoning.control.ThinkingMode;
import io.thinkgate.reasoning.profile.ReasoningProfile;
import io.thinkgate.reasoning.thoughts.ThoughtClassifier;
import io.thinkgate.reasoning.thoughts.ThoughtPromptBuilder;
import io.thinkgate.reasoning.thoughts.ThoughtSource;
import io.thinkgate.serving.ServedModel;
import io.thinkgate.serving.ThoughtWriterModel;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;

/** Prepares the thought phase of a ThoughtMani request: the writer, its prompt and its limits. */
@ApplicationScoped
public class ThoughtJobs {

    private final ModelLookup models;
    private final ThinkGateConfig.Thoughts settings;
    private final ThoughtPromptBuilder prompts;
    private final ThoughtClassifier classifier;

    public ThoughtJobs(ModelLookup models, ThinkGateConfig config) {
        this.models = models;
        this.settings = config.thoughts();
        this.prompts = new ThoughtPromptBuilder(settings.instruction());
        this.classifier = new ThoughtClassifier(settings.stopMarker(), settings.injectOverlong());
    }

    /**
     * @param mainPrompt the main model's rendered prompt, which the thoughts must fit after
     */
    ThoughtsJob prepare(ThinkingMode.Thoughts mode, ServedModel main, List<ChatTurn> conversation, String mainPrompt) {
        if (!main.profile().reasoning()) {
            throw ApiException.invalid("thinkgate.mode", "The model '" + main.id()
                    + "' has no reasoning span to place thoughts in");
        }
        int maxTokens = mode.maxTokens().orElse(settings.maxTokens());
        if (mode.source() == ThoughtSource.CLIENT) {
            String text = mode.text().orElseThrow();
            int size = main.engine().tokenize(mainPrompt + main.profile().closedSpanPrefix(text)).length;
            if (size >= main.engine().info().contextSize()) {
                throw ApiException.invalid("thinkgate.thoughts.text", "context_length_exceeded",
                        "The prompt with these thoughts has " + size + " tokens; the model's context is "
                                + main.engine().info().contextSize());
            }
            return new ThoughtsJob(mode.source(), Optional.empty(), "", Optional.of(text), maxTokens, classifier);
        }
        InferenceEngine writer;
        ReasoningProfile writerProfile;
        if (mode.source() == ThoughtSource.THOUGHT_MODEL) {
            ThoughtWriterModel thoughtModel = models.thoughtModel().orElseThrow(() -> ApiException.invalid(
                    "thinkgate.thoughts.source", "No thought model is configured (set thinkgate.thought-model.path "
                            + "or thinkgate.thought-model.url), so thoughts cannot come from 'thought-model'; use "
                            + "'self' or 'client'"));
            writer = thoughtModel.engine();
            writerProfile = thoughtModel.profile();
        } else {
            writer = main.engine();
            writerProfile = main.profile();
        }
        String prompt = ChatRequestReader.render(writer, prompts.build(conversation))
                + (writerProfile.reasoning() ? writerProfile.noThinkingPrefix() : "");
        int room = writer.info().contextSize() - writer.tokenize(prompt).length;
        if (room < 1) {
            throw ApiException.invalid("messages", "context_length_exceeded",
                    "The conversation does not fit the thought writer's context of " + writer.info().contextSize()
                            + " tokens");
        }
        return new ThoughtsJob(mode.source(), Optional.of(writer), prompt, Optional.empty(),
                Math.min(maxTokens, room), classifier);
    }
}
