package io.thinkgate.api;

import io.thinkgate.api.wire.ModelCard;
import io.thinkgate.api.wire.ModelList;
import io.thinkgate.serving.ServedModel;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

@Path("/v1/models")
@Produces(MediaType.APPLICATION_JSON)
public class ModelsResource {

    private final ModelLookup models;

    public ModelsResource(ModelLookup models) {
        this.models = models;
    }

    @GET
    public ModelList list() {
        return new ModelList("list", List.of(card(models.ready())));
    }

    @GET
    @Path("/{id: .+}")
    public ModelCard get(@PathParam("id") String id) {
        return card(models.require(id));
    }

    private static ModelCard card(ServedModel model) {
        String description = model.demo()
                ? "Built-in synthetic demo model: shows the reasoning pipeline offline; not a language model"
                : "GGUF model served by llama.cpp";
        return new ModelCard(model.id(), "model", model.createdEpochSeconds(), "thinkgate",
                new ModelCard.ModelMeta(description, model.profile().reasoning(),
                        model.engine().info().contextSize(), model.engine().info().slots(), model.aliases()));
    }
}
