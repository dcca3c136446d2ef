package io.thinkgate.api;

import io.thinkgate.serving.ModelRegistry;
import io.thinkgate.serving.ModelState;
import io.thinkgate.serving.ServedModel;
import io.thinkgate.serving.ThoughtWriterModel;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/** Finds the model a request names, or explains why it cannot be served. */
@ApplicationScoped
public class ModelLookup {

    private final ModelRegistry registry;

    public ModelLookup(ModelRegistry registry) {
        this.registry = registry;
    }

    /** The served model; a request without a model name gets it too, as llama.cpp's server does. */
    public ServedModel require(String requested) {
        ServedModel model = ready();
        if (requested != null && !requested.isBlank() && !model.answersTo(requested)) {
            throw ApiException.modelNotFound(requested);
        }
        return model;
    }

    public ServedModel ready() {
        return readyState().model();
    }

    /** The thought model, if one is configured. */
    public Optional<ThoughtWriterModel> thoughtModel() {
        return readyState().thoughtModel();
    }

    private ModelState.Ready readyState() {
        ModelState state = registry.state();
        if (state instanceof ModelState.Ready ready) {
            return ready;
        }
        if (state instanceof ModelState.Loading loading) {
            throw ApiException.unavailable("The model is not ready yet (" + loading.step() + "); retry shortly");
        }
        throw ApiException.unavailable("The model failed to load: " + ((ModelState.Failed) state).reason());
    }
}
