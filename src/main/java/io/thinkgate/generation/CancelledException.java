package io.thinkgate.generation;

/** The client went away; the generation was stopped and its slot freed. */
public final class CancelledException extends RuntimeException {

    public CancelledException() {
        super("the client cancelled the request", null, false, false);
    }
}
