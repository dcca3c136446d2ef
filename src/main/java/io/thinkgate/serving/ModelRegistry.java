package io.thinkgate.serving;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import io.thinkgate.config.ThinkGateConfig;
import io.thinkgate.engine.ChatTurn;
import io.thinkgate.engine.InferenceEngine;
import io.thinkgate.engine.ModelDownloader;
import io.thinkgate.engine.llama.LlamaEngine;
import io.thinkgate.engine.llama.LlamaSettings;
import io.thinkgate.engine.synthetic.SyntheticModels;
import io.thinkgate.generation.SlotScheduler;
import io.thinkgate.reasoning.profile.ProfileDetector;
import io.thinkgate.reasoning.profile.ReasoningProfile;
import io.thinkgate.telemetry.GatewayMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Loads the configured model in the background at start-up and hands it out once ready. Readiness stays down until
 * then; a model that cannot be loaded stops the process, so that an orchestrator sees the failure.
 */
@ApplicationScoped
public class ModelRegistry {

    public static final String DEMO_MODEL_ID = "thinkgate-demo";
    private static final Logger LOG = Logger.getLogger(ModelRegistry.class);

    private final ThinkGateConfig config;
    private final GatewayMetrics metrics;
    private volatile ModelState state = new ModelState.Loading("starting");

    public ModelRegistry(ThinkGateConfig config, GatewayMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
    }

    void onStart(@Observes StartupEvent event) {
        Thread loader = new Thread(this::load, "thinkgate-model-loader");
        loader.setDaemon(true);
        loader.start();
    }

    public ModelState state() {
        return state;
    }

    private void load() {
        try {
            long started = System.nanoTime();
            ModelSource source = resolve();
            state = new ModelState.Loading("loading " + source.file());
            Path nativeDir = config.engine().nativeTmpDir().orElse(config.model().cacheDir().resolve("native"));
            Files.createDirectories(nativeDir);
            InferenceEngine engine = new LlamaEngine(new LlamaSettings(source.file(), source.id(),
                    config.engine().contextSize(), config.engine().parallel(), config.engine().threads(),
                    config.engine().gpuLayers(), config.engine().nativeLog(), nativeDir));
            ReasoningProfile profile = detectProfile(engine);
            SlotScheduler scheduler = new SlotScheduler(config.engine().parallel(), config.engine().queueCapacity());
            metrics.watchSlots(scheduler::active, scheduler::queued);
            ServedModel model = new ServedModel(source.id(), config.model().aliases().orElse(List.of()), engine,
                    profile, scheduler, source.demo(), Instant.now().getEpochSecond());
            state = new ModelState.Ready(model);
            LOG.infof("Model '%s' ready in %d ms: reasoning=%s, prompt opens span=%s, slots=%d, context=%d tokens/slot",
                    model.id(), (System.nanoTime() - started) / 1_000_000, profile.reasoning(),
                    profile.promptOpensSpan(), config.engine().parallel(), engine.info().contextSize());
        } catch (Exception | LinkageError e) {
            state = new ModelState.Failed(e.getMessage());
            LOG.errorf(e, "Cannot load the model: %s", e.getMessage());
            Quarkus.asyncExit(1);
        }
    }

    private ModelSource resolve() throws Exception {
        ThinkGateConfig.Model model = config.model();
        if (model.path().isPresent()) {
            Path file = model.path().get();
            if (!Files.isRegularFile(file)) {
                throw new IllegalStateException("thinkgate.model.path points to no file: " + file);
            }
            return new ModelSource(file, model.id().orElse(idFromFile(file)), false);
        }
        if (model.url().isPresent()) {
            state = new ModelState.Loading("downloading " + model.url().get());
            Path file = new ModelDownloader().fetch(model.url().get(), model.cacheDir(), model.sha256());
            return new ModelSource(file, model.id().orElse(idFromFile(file)), false);
        }
        Path file = SyntheticModels.demo().writeTo(model.cacheDir().resolve("demo").resolve(DEMO_MODEL_ID + ".gguf"));
        LOG.warnf("No model configured (thinkgate.model.path / thinkgate.model.url): serving the built-in demo model "
                + "'%s', a tiny synthetic model that shows the reasoning pipeline offline. It is not a language model.",
                DEMO_MODEL_ID);
        return new ModelSource(file, model.id().orElse(DEMO_MODEL_ID), true);
    }

    private ReasoningProfile detectProfile(InferenceEngine engine) {
        ThinkGateConfig.Reasoning reasoning = config.reasoning();
        String probe = engine.renderChat(List.of(new ChatTurn("user", "Hi")));
        return new ProfileDetector(reasoning.openMarker(), reasoning.closeMarker()).detect(
                engine.info().userDefinedTokens(), engine.info().chatTemplate(), probe, reasoning.enabled());
    }

    private static String idFromFile(Path file) {
        String name = file.getFileName().toString();
        return name.toLowerCase(java.util.Locale.ROOT).endsWith(".gguf") ? name.substring(0, name.length() - 5) : name;
    }

    private record ModelSource(Path file, String id, boolean demo) {
    }
}
