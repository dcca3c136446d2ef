package io.thinkgate.generation;

import io.thinkgate.engine.GenerationRequest;
import io.thinkgate.engine.TokenStream;
import io.thinkgate.reasoning.span.PartialMatch;
import io.thinkgate.reasoning.thoughts.ThoughtOutcome;

import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Runs the thought phase: the writer's text streams out as it is written, except a stop marker (or what may still
 * become one), which is held back and never shown.
 */
final class ThoughtWriter {

    private final ThoughtsJob job;
    private final GenerationRequest.Sampling sampling;
    private final Cancellation cancellation;
    private final BooleanSupplier pastDeadline;

    /** @param pastDeadline whether the request's deadline has passed, which cuts the thoughts short */
    ThoughtWriter(ThoughtsJob job, GenerationRequest.Sampling sampling, Cancellation cancellation,
            BooleanSupplier pastDeadline) {
        this.job = job;
        this.sampling = sampling;
        this.cancellation = cancellation;
        this.pastDeadline = pastDeadline;
    }

    ThoughtsReport write(Consumer<String> shown) {
        long started = System.nanoTime();
        if (job.clientText().isPresent()) {
            String text = job.clientText().get().strip();
            ThoughtOutcome outcome = job.classifier().classify(text, false);
            if (outcome != ThoughtOutcome.STOP) {
                shown.accept(text);
            }
            return report(outcome, text, 0, started);
        }
        StringBuilder text = new StringBuilder();
        int shownUpTo = 0;
        int tokens = 0;
        String marker = job.classifier().stopMarker();
        GenerationRequest request = new GenerationRequest(job.writerPrompt(), job.maxTokens(), sampling, null);
        try (TokenStream stream = job.writer().orElseThrow().generate(request);
                Cancellation.Registration ignored = cancellation.onCancel(stream::close)) {
            Optional<String> piece;
            while ((piece = stream.next()).isPresent()) {
                if (cancellation.isCancelled()) {
                    throw new CancelledException();
                }
                tokens += stream.lastPieceTokens();
                text.append(piece.get());
                if (text.indexOf(marker) >= 0 || pastDeadline.getAsBoolean()) {
                    break;
                }
                int safe = text.length() - PartialMatch.suffixLength(text, marker);
                shownUpTo = show(text, shownUpTo, safe, shown);
            }
        }
        if (cancellation.isCancelled()) {
            throw new CancelledException();
        }
        ThoughtOutcome outcome = job.classifier().classify(text.toString(), tokens >= job.maxTokens());
        if (outcome != ThoughtOutcome.STOP) {
            show(text, shownUpTo, text.length(), shown);
        }
        String written = text.toString().replace(marker, "").strip();
        return report(outcome, written, tokens, started);
    }

    /** Shows text[from, to), skipping the whitespace the writer starts with. */
    private static int show(CharSequence text, int from, int to, Consumer<String> shown) {
        int start = from;
        if (start == 0) {
            while (start < to && Character.isWhitespace(text.charAt(start))) {
                start++;
            }
            if (start == to) {
                return 0;
            }
        }
        if (start < to) {
            shown.accept(text.subSequence(start, to).toString());
        }
        return Math.max(from, to);
    }

    private ThoughtsReport report(ThoughtOutcome outcome, String text, int tokens, long started) {
        return new ThoughtsReport(job.source(), outcome, text, tokens, (System.nanoTime() - started) / 1_000_000);
    }
}
