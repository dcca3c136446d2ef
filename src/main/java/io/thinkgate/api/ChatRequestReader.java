package io.thinkgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.thinkgate.api.wire.ChatCompletionRequest;
import io.thinkgate.api.wire.ChatMessage;
import io.thinkgate.auth.KeyPolicy;
import io.thinkgate.config.ThinkGateConfig;
import io.thinkgate.engine.ChatTurn;
import io.thinkgate.engine.EngineUnavailableException;
import io.thinkgate.engine.InferenceEngine;
import io.thinkgate.generation.CompletionJob;
import io.thinkgate.generation.InterruptHandle;
import io.thinkgate.generation.ThoughtsJob;
import io.thinkgate.reasoning.control.ThinkingControl;
import io.thinkgate.reasoning.control.ThinkingMode;
import io.thinkgate.reasoning.control.ThinkingPlan;
import io.thinkgate.reasoning.policy.AutoDecision;
import io.thinkgate.serving.ServedModel;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

/** Validates a chat completion request and turns it into a job for the served model. */
@ApplicationScoped
public class ChatRequestReader {

    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant");

    private final ModelLookup models;
    private final ThinkingControls thinking;
    private final ThoughtJobs thoughts;
    private final AnswerGrammars grammars;
    private final AutoThinking auto;
    private final ThinkGateConfig.Interrupts interrupts;
    private final Duration timeout;

    public ChatRequestReader(ModelLookup models, ThinkingControls thinking, ThoughtJobs thoughts,
            AnswerGrammars grammars, AutoThinking auto, ThinkGateConfig config) {
        this.models = models;
        this.thinking = thinking;
        this.thoughts = thoughts;
        this.grammars = grammars;
        this.auto = auto;
        this.interrupts = config.interrupts();
        this.timeout = config.request().timeout();
    }

    /**
     * @param exchange the request's exchange: when it arrived, and what auto's probe, which runs here, answers to
     *     (its client leaving, its key's token budget)
     * @param policy what the request's API key may ask of the model's thinking
     */
    ChatCall read(ChatCompletionRequest body, Exchange exchange, KeyPolicy policy) {
        long arrivalNanos = exchange.startNanos();
        if (body == null) {
            throw ApiException.invalid(null, "The request body is required");
        }
        ServedModel model = models.require(body.model());
        refuseUnsupported(body);
        Optional<String> grammar = grammars.chat(body.responseFormat(), body.grammar());
        if (body.topLogprobs() != null && !Boolean.TRUE.equals(body.logprobs())) {
            throw ApiException.invalid("top_logprobs", "'top_logprobs' needs 'logprobs': true");
        }
        int topLogprobs = Logprobs.requested(Boolean.TRUE.equals(body.logprobs()), body.topLogprobs(), "logprobs",
                "top_logprobs", Logprobs.MAX_CHAT_ALTERNATIVES, model.engine());
        List<ChatTurn> turns = turns(body.messages());
        RequestChecks.promptFits(turns.stream().map(ChatTurn::content).collect(Collectors.joining()), "messages",
                model.engine().info());
        ThinkingControl control = allowed(policy, thinking.resolve(body));
        boolean completionCap = body.maxCompletionTokens() != null;
        Integer requested = completionCap ? body.maxCompletionTokens() : body.maxTokens();
        Optional<AutoDecision> decision = Optional.empty();
        if (control.mode() instanceof ThinkingMode.Auto mode) {
            AutoThinking.Decided decided = auto.decide(mode, control, model, turns,
                    requested == null || requested < 1 ? OptionalInt.empty() : OptionalInt.of(requested),
                    exchange.cancellation(), exchange.allowance());
            control = decided.control();
            decision = Optional.of(decided.decision());
        }
        control = policy.capBudget(control);
        ThinkingPlan plan = thinking.plan(model.profile(), control);
        InferenceEngine engine = model.engine();
        String rendered = render(engine, turns, templateKwargs(body, plan));
        String prompt = rendered + plan.assistantPrefix();
        Optional<ThoughtsJob> thoughtsJob = control.mode() instanceof ThinkingMode.Thoughts mode
                ? Optional.of(thoughts.prepare(mode, model, turns, rendered)) : Optional.empty();
        int promptTokens = engine.tokenize(prompt).length;
        int maxTokens = RequestChecks.maxTokens(requested == null ? OptionalInt.empty() : OptionalInt.of(requested),
                completionCap ? "max_completion_tokens" : "max_tokens", promptTokens, engine.info().contextSize());
        CompletionJob job = new CompletionJob(prompt, promptTokens, model.profile().reasoning(), plan.spanProfile(),
                maxTokens, RequestChecks.sampling(body.temperature(), body.topP(), body.seed()),
                grammar, RequestChecks.stop(body.stop()), topLogprobs, control, plan.limits(),
                thoughtsJob, interruptHandle(body, control, plan), arrivalNanos,
                RequestChecks.deadline(arrivalNanos, timeout));
        boolean includeUsage = body.streamOptions() != null && Boolean.TRUE.equals(body.streamOptions().includeUsage());
        return new ChatCall(model, job, Boolean.TRUE.equals(body.stream()), includeUsage, decision);
    }

    private static ThinkingControl allowed(KeyPolicy policy, ThinkingControl control) {
        try {
            return policy.admitMode(control);
        } catch (KeyPolicy.ModeNotAllowed e) {
            throw new ApiException(403, "invalid_request_error", control.source(), "mode_not_allowed", e.getMessage());
        }
    }

    /** The mailbox of a request with {@code thinkgate.interruptible: true}. */
    private Optional<InterruptHandle> interruptHandle(ChatCompletionRequest body, ThinkingControl control,
            ThinkingPlan plan) {
        JsonNode flag = body.thinkgate() == null ? null : body.thinkgate().get("interruptible");
        if (flag == null || flag.isNull()) {
            return Optional.empty();
        }
        if (!flag.isBoolean()) {
            throw ApiException.invalid("thinkgate.interruptible", "'thinkgate.interruptible' must be a boolean");
        }
        if (!flag.asBoolean()) {
            return Optional.empty();
        }
        String answerNow = control.conclusionMessage().isPresent() ? plan.limits().conclusionMessage()
                : interrupts.answerNowMessage();
        return Optional.of(new InterruptHandle(answerNow, interrupts.updateMessage()));
    }

    private static void refuseUnsupported(ChatCompletionRequest body) {
        RequestChecks.refuse(body.n() != null && body.n() != 1, "n", "Only n=1 is supported");
        RequestChecks.refuse(present(body.tools()), "tools", "Tool calling is not supported");
        RequestChecks.refuse(present(body.functions()), "functions", "Function calling is not supported");
    }

    private static boolean present(JsonNode node) {
        return node != null && !node.isNull() && !(node.isArray() && node.isEmpty());
    }

    private static List<ChatTurn> turns(List<ChatMessage> messages) {
        if (messages == null || messages.isEmpty()) {
            throw ApiException.invalid("messages", "'messages' must be a non-empty array");
        }
        List<ChatTurn> turns = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage message = messages.get(i);
            String param = "messages[" + i + "]";
            if (message == null) {
                throw ApiException.invalid(param, "'" + param + "' must be an object");
            }
            if (message.role() == null || !ROLES.contains(message.role())) {
                throw ApiException.invalid(param + ".role", "'" + param + ".role' must be one of " + ROLES
                        + ", got " + (message.role() == null ? "nothing" : ApiException.echo(message.role())));
            }
            String role = message.role().equals("developer") ? "system" : message.role();
            boolean optional = role.equals("assistant");
            turns.add(new ChatTurn(role, text(message.content(), param + ".content", optional)));
        }
        return turns;
    }

    /**
     * A message's content: a string, or an array of {@code {"type": "text", "text": ...}} parts joined together.
     * OpenAI lets an assistant message's content be null.
     */
    private static String text(JsonNode content, String param, boolean optional) {
        if (content == null || content.isNull()) {
            if (optional) {
                return "";
            }
            throw ApiException.invalid(param, "'" + param + "' is required");
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (!content.isArray()) {
            throw ApiException.invalid(param, "'" + param + "' must be a string or an array of text parts");
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < content.size(); i++) {
            JsonNode part = content.get(i);
            if (!part.path("type").asText().equals("text") || !part.path("text").isTextual()) {
                throw ApiException.invalid(param + "[" + i + "]",
                        "Only text parts ({\"type\": \"text\", \"text\": ...}) are supported");
            }
            text.append(part.get("text").asText());
        }
        return text.toString();
    }

    /**
     * The request's {@code chat_template_kwargs}, with the plan's (the thinking switch) over them: the thinking
     * control already read the request's own {@code enable_thinking}.
     */
    private static Map<String, Object> templateKwargs(ChatCompletionRequest body, ThinkingPlan plan) {
        Map<String, Object> kwargs = new LinkedHashMap<>();
        if (body.chatTemplateKwargs() != null) {
            kwargs.putAll(body.chatTemplateKwargs());
        }
        kwargs.putAll(plan.templateKwargs());
        return kwargs;
    }

    static String render(InferenceEngine engine, List<ChatTurn> turns) {
        return render(engine, turns, Map.of());
    }

    /** Renders with the model's template; a conversation the template cannot take is the client's to fix. */
    static String render(InferenceEngine engine, List<ChatTurn> turns, Map<String, Object> templateKwargs) {
        try {
            return engine.renderChat(turns, templateKwargs);
        } catch (EngineUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            throw ApiException.invalid("messages", "The model's chat template cannot render these messages: "
                    + e.getMessage());
        }
    }
}
