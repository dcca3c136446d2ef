package io.thinkgate.api;

import io.vertx.core.VertxException;
import io.vertx.core.http.HttpClosedException;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;

/** Whether a failure only says that the client went away: worth a DEBUG line, never an ERROR or a 500. */
final class Disconnects {

    private static final int MAX_CAUSES = 16;

    private Disconnects() {
    }

    static boolean clientGone(Throwable failure) {
        Throwable cause = failure;
        for (int i = 0; cause != null && i < MAX_CAUSES; i++) {
            if (cause instanceof HttpClosedException || cause instanceof ClosedChannelException) {
                return true;
            }
            String message = cause.getMessage();
            if (message != null) {
                if (cause instanceof VertxException && message.contains("Connection was closed")) {
                    return true;
                }
                if (cause instanceof IOException
                        && (message.contains("Connection reset") || message.contains("Broken pipe"))) {
                    return true;
                }
            }
            cause = cause.getCause() == cause ? null : cause.getCause();
        }
        return false;
    }
}
