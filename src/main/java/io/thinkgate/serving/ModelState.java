package io.thinkgate.serving;

import java.util.Optional;

/** Where the served model is in its life: readiness and every request look at this. */
public sealed interface ModelState {

    record Loading(String step) implements ModelState {
    }

    record Ready(ServedModel model, Optional<ThoughtWriterModel> thoughtModel) implements ModelState {
    }

    record Failed(String reason) implements ModelState {
    }
}
