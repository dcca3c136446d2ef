package io.thinkgate.reasoning.span;

/** A piece of model output, classified by the span parser. */
public sealed interface SpanEvent {

    /** Text inside the reasoning span, markers excluded. */
    record Reasoning(String text) implements SpanEvent {
    }

    /** Text of the answer, after the span (or the whole output of a model that did not think). */
    record Content(String text) implements SpanEvent {
    }

    /** The close marker was seen: everything after it is content. */
    record SpanClosed() implements SpanEvent {
    }

    /** A Thinkless model's no-thinking token was seen where the span would open: everything after it is content. */
    record SpanSkipped() implements SpanEvent {
    }
}
