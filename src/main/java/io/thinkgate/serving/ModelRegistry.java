package io.thinkgate.serving;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.thinkgate.config.EngineKind;
import io.thinkgate.config.ThinkGateConfig;
import io.thinkgate.engine.ChatTurn;
import io.thinkgate.engine.InferenceEngine;
import io.thinkgate.engine.ModelDownloader;
import io.thinkgate.engine.llama.LlamaEngine;
import io.thinkgate.engine.llama.LlamaSettings;
import io.thinkgate.engine.server.LlamaServerEngine;
import io.thinkgate.engine.server.ManagedLlamaServer;
import io.thinkgate.engine.server.ManagedServerSettings;
import io.thinkgate.engine.synthetic.SyntheticModels;
import io.thinkgate.generation.SlotScheduler;
import io.thinkgate.reasoning.control.ThinkingPlanner;
import io.thinkgate.reasoning.profile.ProfileDetector;
import io.thinkgate.reasoning.profile.ReasoningProfile;
import io.thinkgate.telemetry.GatewayMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Loads the configured model in the background at start-up and hands it out once ready. Readiness stays down until
 * then; a model that cannot be loaded stops the process, so that an orchestrator sees the failure.
 */
@ApplicationScoped
public class ModelRegistry {

    public static final String DEMO_MODEL_ID = SyntheticModels.DEMO_ID;
    private static final Logger LOG = Logger.getLogger(ModelRegistry.class);

    private final ThinkGateConfig config;
    private final GatewayMetrics metrics;
    private final List<ManagedLlamaServer> managedServers = new CopyOnWriteArrayList<>();
    private volatile ModelState state = new ModelState.Loading("starting");
    private volatile boolean stopping;

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
            ThinkGateConfig.Model model = config.model();
            InferenceEngine engine;
            boolean demo = false;
            if (config.engine().kind() == EngineKind.LLAMA_SERVER && config.engine().url().isPresent()) {
                engine = connectServer(config.engine().url().get(), config.engine().apiKey(), model.id());
            } else {
                ModelSource source = resolve(model).orElseGet(this::demo);
                engine = config.engine().kind() == EngineKind.LLAMA_SERVER ? startServer(source)
                        : loadEngine(source, config.engine().contextSize(), config.engine().parallel(),
                                config.engine().threads());
                demo = source.demo();
            }
            ReasoningProfile profile = detectProfile(engine);
            int slots = engine.info().slots();
            SlotScheduler scheduler = new SlotScheduler(slots, config.engine().queueCapacity(),
                    config.engine().retryAfterSeconds());
            metrics.watchSlots(scheduler::active, scheduler::queued, scheduler.slots(), scheduler.queueCapacity());
            ServedModel served = new ServedModel(engine.info().id(), model.aliases().orElse(List.of()), engine,
                    profile, scheduler, demo, Instant.now().getEpochSecond());
            LOG.infof("Model '%s' loaded: reasoning=%s, prompt opens span=%s, template thinking switch=%s, "
                    + "slots=%d, context=%d tokens/slot", served.id(), profile.reasoning(), profile.promptOpensSpan(),
                    profile.thinkingSwitch(), slots, engine.info().contextSize());
            Optional<ThoughtWriterModel> thoughtModel = loadThoughtModel();
            state = new ModelState.Ready(served, thoughtModel);
            LOG.infof("Ready in %d ms", (System.nanoTime() - started) / 1_000_000);
        } catch (Exception | LinkageError e) {
            state = new ModelState.Failed(e.getMessage());
            if (stopping) {
                LOG.infof("Stopped while the model was loading (%s)", e.getMessage());
                return;
            }
            LOG.errorf(e, "Cannot load the model: %s", e.getMessage());
            Quarkus.asyncExit(1);
        }
    }

    private Optional<ThoughtWriterModel> loadThoughtModel() throws Exception {
        ThinkGateConfig.ThoughtModel settings = config.thoughtModel();
        if (settings.serverUrl().isPresent()) {
            InferenceEngine engine = connectServer(settings.serverUrl().get(), settings.serverApiKey(),
                    settings.id());
            ReasoningProfile profile = detectProfile(engine);
            LOG.infof("Thought model '%s' on llama-server: reasoning=%s, slots=%d", engine.info().id(),
                    profile.reasoning(), engine.info().slots());
            return Optional.of(new ThoughtWriterModel(engine.info().id(), engine, profile));
        }
        Optional<ModelSource> source = resolve(settings);
        if (source.isEmpty()) {
            return Optional.empty();
        }
        InferenceEngine engine = loadEngine(source.get(), settings.contextSize(), settings.parallel(),
                settings.threads());
        ReasoningProfile profile = detectProfile(engine);
        LOG.infof("Thought model '%s' loaded: reasoning=%s, slots=%d", source.get().id(), profile.reasoning(),
                settings.parallel());
        return Optional.of(new ThoughtWriterModel(source.get().id(), engine, profile));
    }

    private InferenceEngine loadEngine(ModelSource source, int contextSize, int parallel, int threads)
            throws Exception {
        state = new ModelState.Loading("loading " + source.file());
        Path nativeDir = config.engine().nativeTmpDir().orElse(config.model().cacheDir().resolve("native"));
        Files.createDirectories(nativeDir);
        return new LlamaEngine(new LlamaSettings(source.file(), source.id(), contextSize, parallel, threads,
                config.engine().gpuLayers(), config.engine().nativeLog(), nativeDir));
    }

    /** Starts llama-server on the model as a supervised child, and connects to it once it has loaded the model. */
    private InferenceEngine startServer(ModelSource source) throws InterruptedException {
        ThinkGateConfig.Engine engine = config.engine();
        ThinkGateConfig.LlamaServer settings = engine.llamaServer();
        List<String> args = settings.args().filter(a -> !a.isBlank())
                .map(a -> List.of(a.trim().split("\\s+"))).orElse(List.of());
        ManagedLlamaServer server = ManagedLlamaServer.start(new ManagedServerSettings(settings.binary(),
                source.file(), source.id(), engine.contextSize(), engine.parallel(), engine.threads(),
                engine.gpuLayers(), args, settings.log(), settings.maxRestarts(), settings.restartBackoff(),
                engine.startTimeout()), new ManagedLlamaServer.Events() {
                    @Override
                    public void restarting() {
                        metrics.engineRestart();
                    }

                    @Override
                    public void gaveUp(String reason) {
                        state = new ModelState.Failed(reason);
                        Quarkus.asyncExit(1);
                    }
                });
        managedServers.add(server);
        state = new ModelState.Loading("starting llama-server on " + source.file());
        server.awaitFirstStart();
        return connectServer(server.url(), Optional.of(server.apiKey()), Optional.of(source.id()));
    }

    /**
     * Stops the llama-servers that ThinkGate started, once the requests in flight have drained. A load that this
     * cuts short is a stop, not a failure: the process still exits with 0.
     */
    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
        managedServers.forEach(ManagedLlamaServer::close);
    }

    /** Connects to a llama-server once its {@code /health} is up, saying so while it waits. */
    private InferenceEngine connectServer(URI url, Optional<String> apiKey, Optional<String> id)
            throws InterruptedException {
        state = new ModelState.Loading("waiting for llama-server at " + url);
        LlamaServerEngine engine = LlamaServerEngine.connect(url, apiKey, id, config.engine().startTimeout(),
                waited -> LOG.infof("Waiting for llama-server at %s (/health not ready after %d s)", url,
                        waited.toSeconds()));
        LOG.infof("Connected to llama-server at %s: model '%s'", url, engine.info().id());
        return engine;
    }

    private Optional<ModelSource> resolve(ThinkGateConfig.ModelFile model) throws Exception {
        if (model.path().isPresent()) {
            Path file = model.path().get();
            if (!Files.isRegularFile(file)) {
                throw new IllegalStateException("the model path points to no file: " + file);
            }
            return Optional.of(new ModelSource(file, model.id().orElseGet(() -> LlamaSettings.idFromFile(file)), false));
        }
        if (model.url().isPresent()) {
            state = new ModelState.Loading("downloading " + model.url().get());
            Path file = new ModelDownloader().fetch(model.url().get(), config.model().cacheDir(), model.sha256());
            return Optional.of(new ModelSource(file, model.id().orElseGet(() -> LlamaSettings.idFromFile(file)), false));
        }
        return Optional.empty();
    }

    private ModelSource demo() {
        try {
            Path file = SyntheticModels.writeDemo(config.model().cacheDir().resolve("demo"));
            LOG.warnf("No model configured (thinkgate.model.path / thinkgate.model.url): serving the built-in demo "
                    + "model '%s', a tiny synthetic model that shows the reasoning pipeline offline. It is not a "
                    + "language model.", DEMO_MODEL_ID);
            return new ModelSource(file, config.model().id().orElse(DEMO_MODEL_ID), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo model", e);
        }
    }

    private ReasoningProfile detectProfile(InferenceEngine engine) {
        ThinkGateConfig.Reasoning reasoning = config.reasoning();
        boolean thinkingSwitch = engine.templateKwargs()
                && engine.info().chatTemplate().contains(ThinkingPlanner.ENABLE_THINKING);
        String probe = engine.renderChat(List.of(new ChatTurn("user", "Hi")),
                thinkingSwitch ? Map.of(ThinkingPlanner.ENABLE_THINKING, true) : Map.of());
        return new ProfileDetector(reasoning.openMarker(), reasoning.closeMarker()).detect(
                engine.info().userDefinedTokens(), engine.info().chatTemplate(), probe, reasoning.enabled())
                .withThinkingSwitch(thinkingSwitch).withShortMarker(reasoning.shortMarker().orElse(""));
    }

    private record ModelSource(Path file, String id, boolean demo) {
    }
}
