package io.thinkgate.generation;

import io.thinkgate.engine.GenerationRequest;
import io.thinkgate.engine.InferenceEngine;
import io.thinkgate.engine.TokenLogprob;
import io.thinkgate.engine.TokenStream;
import io.thinkgate.reasoning.budget.ThinkingDecision;
import io.thinkgate.reasoning.budget.ThinkingGovernor;
import io.thinkgate.reasoning.profile.ReasoningProfile;
import io.thinkgate.reasoning.span.SpanEvent;
import io.thinkgate.reasoning.span.SpanParser;
import io.thinkgate.telemetry.GatewayMetrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Drives one completion through the engine, phase by phase. A phase is one engine call; the gateway ends a phase
 * early to force a conclusion, to keep the model thinking, or to switch on the answer's grammar, and the next phase
 * continues from everything the model has seen so far (the slot's prompt cache makes that cheap).
 */
final class ReasoningRun {

    private sealed interface PhaseEnd {
        record Finished(boolean tokenCapReached) implements PhaseEnd {
        }

        record StopSequence() implements PhaseEnd {
        }

        record Inject(String text, boolean reopenSpan) implements PhaseEnd {
        }

        record StartGrammar() implements PhaseEnd {
        }

        record Cut(Cutoff cutoff) implements PhaseEnd {
        }
    }

    /** What follows the close marker before an answer, as in a forced conclusion or a closed-span prefix. */
    private static final String ANSWER_BREAK = "\n\n";

    private final InferenceEngine engine;
    private final CompletionJob job;
    private final GenerationListener listener;
    private final Cancellation cancellation;
    private final TokenAllowance allowance;
    private final GatewayMetrics metrics;
    private final ThinkingGovernor governor;
    private final StopSequences stops;
    private SpanParser parser;
    private StringBuilder context;
    private int promptTokens;
    private final StringBuilder reasoning = new StringBuilder();
    private final StringBuilder content = new StringBuilder();
    private final List<TokenLogprob> logprobs = new ArrayList<>();
    /** Log-probabilities of tokens whose content has not gone out yet. */
    private final List<TokenLogprob> pendingLogprobs = new ArrayList<>();
    /** The current piece's log-probabilities, until its first content event claims them. */
    private List<TokenLogprob> pieceLogprobs = List.of();
    private boolean grammarActive;
    /** When an applied answer_now was asked for; -1 once the reasoning ended without one, 0 before that. */
    private long answerNowAskedNanos;
    private int generated;
    private int injectedTokens;
    private long firstTokenNanos;
    private long lastTokenNanos;
    private Cutoff cutoff = Cutoff.NONE;
    /** Whether the allowance has no room for another token. */
    private boolean allowanceSpent;
    private long continuationStartNanos;
    /** What the engine said of the first phase's prompt; later phases continue from the run's own tokens. */
    private OptionalInt cachedPromptTokens = OptionalInt.empty();
    private boolean firstPhase = true;

    ReasoningRun(InferenceEngine engine, CompletionJob job, GenerationListener listener, Cancellation cancellation,
            TokenAllowance allowance, GatewayMetrics metrics) {
        this.engine = engine;
        this.job = job;
        this.listener = listener;
        this.cancellation = cancellation;
        this.allowance = allowance;
        this.metrics = metrics;
        this.governor = new ThinkingGovernor(job.limits());
        this.stops = new StopSequences(job.stop());
    }

    CompletionResult execute() {
        try {
            return run();
        } finally {
            job.interrupts().ifPresent(InterruptHandle::finished);
        }
    }

    private CompletionResult run() {
        Optional<ThoughtsReport> thoughts = job.thoughts().map(this::writeThoughts);
        if (thoughts.isPresent() && !thoughts.get().outcome().fallsBack()) {
            begin(job.prompt() + job.spanProfile().closedSpanPrefix(thoughts.get().text()), ReasoningProfile.none());
            promptTokens = engine.tokenize(context.toString()).length;
        } else {
            begin(job.prompt(), job.spanProfile());
            promptTokens = job.promptTokens();
        }
        allowanceSpent = !allowance.consume(promptTokens);
        FinishReason finish = null;
        while (finish == null) {
            int contextLeft = engine.info().contextSize() - promptTokens - generated - injectedTokens;
            int remaining = Math.min(job.maxTokens() - generated, contextLeft);
            if (remaining <= 0) {
                finish = FinishReason.LENGTH;
                break;
            }
            Optional<Cutoff> cut = cut();
            if (cut.isPresent()) {
                cutoff = cut.get();
                finish = FinishReason.LENGTH;
                break;
            }
            PhaseEnd end = runPhase(remaining);
            if (end instanceof PhaseEnd.Finished finished) {
                finish = finished.tokenCapReached() ? FinishReason.LENGTH : FinishReason.STOP;
            } else if (end instanceof PhaseEnd.StopSequence) {
                finish = FinishReason.STOP;
            } else if (end instanceof PhaseEnd.Inject inject) {
                finish = inject(inject);
            } else if (end instanceof PhaseEnd.StartGrammar) {
                grammarActive = true;
            } else if (end instanceof PhaseEnd.Cut cutEnd) {
                cutoff = cutEnd.cutoff();
                finish = FinishReason.LENGTH;
            }
        }
        parser.finish().forEach(this::emit);
        emitContent(stops.flush());
        if (finish == FinishReason.LENGTH && parser.inSpan()) {
            governor.onLengthExhausted();
        }
        return new CompletionResult(finish, promptTokens, generated, parser.reasoningTokens(), injectedTokens,
                reasoning.toString(), content.toString(), List.copyOf(logprobs), job.control(), governor.exit(),
                governor.extensions(), thoughts, cutoff,
                firstTokenNanos == 0 ? -1 : firstTokenNanos - job.arrivalNanos(), cachedPromptTokens);
    }

    private void begin(String prompt, ReasoningProfile spanProfile) {
        context = new StringBuilder(prompt);
        parser = new SpanParser(spanProfile);
        grammarActive = !spanProfile.reasoning();
    }

    /** Thoughts show as reasoning while they are written; a fallback's own reasoning follows them. */
    private ThoughtsReport writeThoughts(ThoughtsJob thoughts) {
        ThoughtWriter writer = new ThoughtWriter(thoughts, job.sampling(), cancellation, job::pastDeadline);
        ThoughtsReport report = writer.write(text -> {
            reasoning.append(text);
            listener.onReasoning(text);
        });
        if (report.outcome().fallsBack() && !reasoning.isEmpty()) {
            reasoning.append("\n\n");
            listener.onReasoning("\n\n");
        }
        return report;
    }

    private PhaseEnd runPhase(int remaining) {
        Optional<String> grammar = grammarActive ? job.answerGrammar() : Optional.empty();
        GenerationRequest request = new GenerationRequest(context.toString(), remaining, job.sampling(),
                grammar.orElse(null), job.topLogprobs());
        int phaseTokens = 0;
        try (TokenStream stream = engine.generate(request);
                Cancellation.Registration ignored = cancellation.onCancel(stream::close)) {
            while (true) {
                Optional<String> next = stream.next();
                if (cancellation.isCancelled()) {
                    throw new CancelledException();
                }
                if (next.isEmpty()) {
                    return new PhaseEnd.Finished(phaseTokens >= remaining);
                }
                if (firstPhase) {
                    cachedPromptTokens = stream.cachedPromptTokens();
                    firstPhase = false;
                }
                int tokens = stream.lastPieceTokens();
                phaseTokens += tokens;
                pieceLogprobs = stream.lastPieceLogprobs();
                PhaseEnd end = onToken(next.get(), tokens);
                if (end != null) {
                    return end;
                }
                Optional<Cutoff> cut = cut();
                if (cut.isPresent()) {
                    return new PhaseEnd.Cut(cut.get());
                }
            }
        }
    }

    /** What ends the completion before its next token, if anything does. */
    private Optional<Cutoff> cut() {
        if (allowanceSpent) {
            return Optional.of(Cutoff.QUOTA);
        }
        return job.pastDeadline() ? Optional.of(Cutoff.DEADLINE) : Optional.empty();
    }

    private PhaseEnd onToken(String piece, int tokens) {
        generated += tokens;
        allowanceSpent = !allowance.consume(tokens);
        recordTiming();
        context.append(piece);
        for (SpanEvent event : parser.accept(piece, tokens)) {
            PhaseEnd end = event instanceof SpanEvent.SpanClosed ? onSpanClosed()
                    : event instanceof SpanEvent.SpanSkipped ? onSpanSkipped() : emit(event);
            if (end != null) {
                return end;
            }
        }
        if (parser.inSpan()) {
            Optional<Interrupt> interrupt = job.interrupts().flatMap(h -> h.take(parser.reasoningTokens()));
            if (interrupt.isPresent()) {
                PhaseEnd end = apply(interrupt.get(), job.interrupts().get());
                if (end != null) {
                    return end;
                }
            }
            ThinkingDecision decision = governor.onReasoningToken(parser.reasoningTokens(), piece);
            if (decision instanceof ThinkingDecision.Conclude conclude) {
                return new PhaseEnd.Inject(conclude.message(), false);
            }
        }
        return null;
    }

    /** What a caller's interrupt does at this token: an injection, or a lower budget (null: no phase end). */
    private PhaseEnd apply(Interrupt interrupt, InterruptHandle handle) {
        if (interrupt instanceof Interrupt.AnswerNow) {
            return new PhaseEnd.Inject(governor.interrupt(handle.answerNowMessage()).message(), false);
        }
        if (interrupt instanceof Interrupt.Hurry hurry) {
            governor.capBudget(parser.reasoningTokens() + hurry.remainingTokens());
            return null;
        }
        return new PhaseEnd.Inject(handle.framed(((Interrupt.Update) interrupt).text()), false);
    }

    /** The reasoning is over: interrupts no longer apply, and the answer's first token times an answer_now. */
    private void leaveThinking() {
        if (job.interrupts().isPresent() && answerNowAskedNanos == 0) {
            answerNowAskedNanos = job.interrupts().get().answering();
            if (answerNowAskedNanos == 0) {
                answerNowAskedNanos = -1;
            }
        }
    }

    private PhaseEnd onSpanClosed() {
        ThinkingDecision decision = governor.onSpanClosed(parser.reasoningTokens());
        if (decision instanceof ThinkingDecision.Extend extend) {
            context.setLength(context.lastIndexOf(job.spanProfile().closeMarker()));
            return new PhaseEnd.Inject(extend.message(), true);
        }
        leaveThinking();
        if (!grammarActive && job.answerGrammar().isPresent()) {
            int close = context.lastIndexOf(job.spanProfile().closeMarker());
            context.setLength(close + job.spanProfile().closeMarker().length());
            context.append(ANSWER_BREAK);
            return new PhaseEnd.StartGrammar();
        }
        return null;
    }

    /** A Thinkless model chose not to think: its answer starts after the token, under the answer grammar if any. */
    private PhaseEnd onSpanSkipped() {
        leaveThinking();
        if (!grammarActive && job.answerGrammar().isPresent()) {
            String marker = job.spanProfile().shortMarker();
            context.setLength(context.lastIndexOf(marker) + marker.length());
            return new PhaseEnd.StartGrammar();
        }
        return null;
    }

    /** Places gateway text into the model's context; there is no room for it, the completion ends with length. */
    private FinishReason inject(PhaseEnd.Inject inject) {
        int tokens = engine.tokenize(inject.text()).length;
        if (promptTokens + generated + injectedTokens + tokens >= engine.info().contextSize()) {
            return FinishReason.LENGTH;
        }
        if (inject.reopenSpan()) {
            parser.reopen();
        }
        context.append(inject.text());
        injectedTokens += tokens;
        for (SpanEvent event : parser.inject(inject.text())) {
            if (!(event instanceof SpanEvent.SpanClosed) && !(event instanceof SpanEvent.SpanSkipped)) {
                emit(event);
            }
        }
        if (parser.spanClosed()) {
            leaveThinking();
            if (job.answerGrammar().isPresent()) {
                grammarActive = true;
            }
        }
        continuationStartNanos = System.nanoTime();
        return null;
    }

    private PhaseEnd emit(SpanEvent event) {
        if (event instanceof SpanEvent.Reasoning text) {
            reasoning.append(text.text());
            listener.onReasoning(text.text());
        } else if (event instanceof SpanEvent.Content text) {
            pendingLogprobs.addAll(pieceLogprobs);
            pieceLogprobs = List.of();
            emitContent(stops.accept(text.text()));
            if (stops.stopped()) {
                return new PhaseEnd.StopSequence();
            }
        }
        return null;
    }

    private void emitContent(String text) {
        if (text.isEmpty()) {
            return;
        }
        if (content.isEmpty()) {
            long now = System.nanoTime();
            metrics.firstAnswerToken(now - job.arrivalNanos());
            leaveThinking();
            if (answerNowAskedNanos > 0) {
                metrics.interruptLatency(now - answerNowAskedNanos);
            }
        }
        content.append(text);
        List<TokenLogprob> sent = List.copyOf(pendingLogprobs);
        pendingLogprobs.clear();
        logprobs.addAll(sent);
        listener.onContent(text, sent);
    }

    private void recordTiming() {
        long now = System.nanoTime();
        if (lastTokenNanos == 0) {
            firstTokenNanos = now;
            metrics.firstToken(now - job.arrivalNanos());
        } else {
            metrics.interToken(now - lastTokenNanos);
        }
        if (continuationStartNanos != 0) {
            metrics.continuation(now - continuationStartNanos);
            continuationStartNanos = 0;
        }
        lastTokenNanos = now;
    }
}
