package io.thinkgate.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** Every {@code thinkgate.*} key. Each one can also be set by environment variable (THINKGATE_MODEL_PATH, ...). */
@ConfigMapping(prefix = "thinkgate")
public interface ThinkGateConfig {

    Model model();

    Engine engine();

    Reasoning reasoning();

    Thinking thinking();

    ThoughtModel thoughtModel();

    Thoughts thoughts();

    Auto auto();

    Interrupts interrupts();

    Auth auth();

    Limits limits();

    /** What each API key may use per minute, unless its line in the key file says otherwise. */
    interface Limits {
        /** Completion requests per minute and key; unset, no bound. */
        OptionalLong requestsPerMinute();

        /** Prompt and reply tokens per minute and key (reasoning included); unset, no bound. */
        OptionalLong tokensPerMinute();

        /**
         * Prompt and reply tokens per period and key (reasoning included), as {@code N/period} with period
         * {@code hour}, {@code day}, {@code week} or {@code month} (UTC); unset, no budget.
         */
        Optional<String> tokenBudget();

        /** A Redis ({@code redis://host:port}) that keeps the counts for every replica; unset, each counts alone. */
        Optional<String> redis();

        /** The longest wait for Redis on a request; past it, the request is handled as with Redis down. */
        @WithDefault("500ms")
        Duration redisTimeout();

        /** While Redis can't be reached: {@code open} lets requests pass uncounted, {@code closed} refuses them. */
        @WithDefault("open")
        RedisFailure redisFailure();
    }

    /** Who may call the API. */
    interface Auth {
        /**
         * A file of accepted API keys, one {@code <name> sha256:<hex>} per line (a Kubernetes Secret mounted as a
         * file); unset, no key is asked for.
         */
        Optional<Path> keysFile();

        /** Whether {@code /q/metrics} asks for a key too; {@code /q/health} never does. */
        @WithDefault("false")
        boolean protectMetrics();
    }

    /** How interrupts of running requests ({@code thinkgate.interruptible}) are worded. */
    interface Interrupts {
        /** What ends the reasoning on {@code answer_now} (a request's {@code budget_message} wins), close marker included. */
        @WithDefault("\n\nI have been asked to answer now, so I stop thinking and answer with what I have.\n</think>\n\n")
        String answerNowMessage();

        /** How an {@code update}'s text is placed into the reasoning; {@code {text}} stands for it. */
        @WithDefault("\n\nNew information from the user: {text}\n")
        String updateMessage();
    }

    Request request();

    Grammar grammar();

    Http http();

    /** How long a client may take over what it sends. */
    interface Http {
        /**
         * The longest silence while a request body arrives; past it the request gets a 408 and its connection is
         * closed.
         */
        @WithDefault("30s")
        Duration bodyTimeout();
    }

    /** Bounds on one request's work. */
    interface Request {
        /**
         * The most time one completion may take from arrival, waiting for a slot included; past it the reply ends
         * with {@code finish_reason: "length"} and {@code thinkgate.timed_out: true}.
         */
        @WithDefault("5m")
        Duration timeout();
    }

    /** Bounds on what a JSON schema or a GBNF grammar of one request may cost; past any of them, a 400. */
    interface Grammar {
        /** JSON values in a schema, counted over the whole tree. */
        @WithDefault("20000")
        int maxSchemaNodes();

        /** Nesting of schemas inside schemas, and of groups inside a pattern. */
        @WithDefault("32")
        int maxSchemaDepth();

        @WithDefault("1000")
        int maxEnumValues();

        /** Properties of one object schema. */
        @WithDefault("256")
        int maxProperties();

        /** The largest count of a repetition: minLength, maxLength, minItems, maxItems, {n,m}. */
        @WithDefault("1000")
        int maxRepetition();

        /** Characters of GBNF text. */
        @WithDefault("262144")
        int maxGrammarBytes();

        /** Grammar elements once every repetition is expanded, as llama.cpp's parser does. */
        @WithDefault("200000")
        int maxGrammarElements();
    }

    /** Where a GGUF model comes from: a file, or a URL downloaded once into the cache directory. */
    interface ModelFile {
        /** A GGUF file on disk. Wins over {@link #url()}. */
        Optional<Path> path();

        /** A GGUF file to download once into the cache directory. */
        Optional<URI> url();

        /** Expected SHA-256 (hex) of the downloaded file. */
        Optional<String> sha256();

        /** The id reported for the model; defaults to the file name without .gguf. */
        Optional<String> id();
    }

    interface Model extends ModelFile {
        /** Other names accepted in a request's {@code model} field. */
        Optional<List<String>> aliases();

        /** Where downloads and the demo model are kept. */
        @WithDefault("${user.home}/.cache/thinkgate")
        Path cacheDir();
    }

    /** The optional small model that writes ThoughtMani thoughts, loaded beside the main model. */
    interface ThoughtModel extends ModelFile {
        /** A llama-server that serves the thought model; wins over {@code path} and {@code url}. */
        Optional<URI> serverUrl();

        /** Sent to that llama-server as a bearer token. */
        Optional<String> serverApiKey();

        @WithDefault("2048")
        int contextSize();

        @WithDefault("2")
        int parallel();

        /** CPU threads; 0 lets llama.cpp choose. */
        @WithDefault("0")
        int threads();
    }

    /** How {@code auto} decides whether and how much a request thinks. */
    interface Auto {
        /** The strategy of requests that name none: heuristic, probe or model (cascade is not built yet). */
        @WithDefault("heuristic")
        String strategy();

        /** Below this difficulty the request does not think. */
        @WithDefault("0.2")
        double noThinkBelow();

        /** Below this difficulty, and with a thought model configured, ThoughtMani's thoughts are used. */
        @WithDefault("0.35")
        double thoughtsBelow();

        /** The budget just past the no-thinking threshold. */
        @WithDefault("256")
        int minBudget();

        /** The budget at difficulty 1. */
        @WithDefault("4096")
        int maxBudget();

        /** The shape of the budget curve between them: 1 is a straight line, more favours small budgets. */
        @WithDefault("1.0")
        double budgetExponent();

        Heuristic heuristic();

        Probe probe();
    }

    /** The probe strategy: the model rates the request before it runs. */
    interface Probe {
        /** The top of the rating scale, 2 to 9: ratings run from 1 (answer at once) to this. */
        @WithDefault("5")
        int scale();

        /** What the probe model is asked, after the last user message; {scale} becomes the top of the scale. */
        @WithDefault("Do not answer yet. How hard is the request above to answer correctly? Rate it from 1 (trivial: "
                + "answer at once) to {scale} (very hard: needs careful step-by-step reasoning). Reply with the number "
                + "only.")
        String instruction();

        /** The difficulty used when the probe's output is not a rating (or its prompt does not fit). */
        @WithDefault("0.5")
        double unreadableDifficulty();
    }

    /** The weight of each signal of the heuristic strategy: what it adds to the difficulty at its strongest. */
    interface Heuristic {
        @WithDefault("0.25")
        double lengthWeight();

        @WithDefault("0.45")
        double mathWeight();

        @WithDefault("0.5")
        double codeWeight();

        @WithDefault("0.35")
        double stepsWeight();

        @WithDefault("0.3")
        double reasoningWeight();
    }

    interface Thoughts {
        /** The instruction a thought writer gets before the conversation. */
        @WithDefault("""
                Do not solve the problem below and do not calculate anything. Write only the key steps needed to \
                solve it, as a short numbered list, with no calculation and no final answer. If the problem is too \
                hard for you to plan reliably, reply with <STOP> and nothing else.""")
        String instruction();

        /** The most tokens a thought writer may write; reaching it is the {@code overlong} outcome. */
        @WithDefault("256")
        int maxTokens();

        /** Who writes thoughts when a request does not say: thought-model (the default when one is configured) or self. */
        Optional<String> defaultSource();

        /** The writer's answer when the problem is beyond it. */
        @WithDefault("<STOP>")
        String stopMarker();

        /** Whether thoughts cut off at max-tokens are injected anyway instead of falling back to thinking. */
        @WithDefault("false")
        boolean injectOverlong();
    }

    interface Engine {
        /** Which engine generates: the binding in this process, or a llama-server over HTTP. */
        @WithDefault("embedded")
        EngineKind kind();

        /**
         * The base URL of a running llama-server to use when {@link #kind()} is {@code llama-server}; unset, ThinkGate
         * starts and supervises its own (see {@link #llamaServer()}).
         */
        Optional<URI> url();

        /** Sent as a bearer token to that llama-server (its {@code --api-key}). */
        Optional<String> apiKey();

        /** How long to wait at start for that llama-server's {@code /health} before giving up. */
        @WithDefault("10m")
        Duration startTimeout();

        /** The llama-server that ThinkGate runs itself when {@code kind} is {@code llama-server} and no url is set. */
        LlamaServer llamaServer();

        /** Tokens of context for each slot. */
        @WithDefault("4096")
        int contextSize();

        /** Concurrent generations (llama.cpp slots, continuously batched). */
        @WithDefault("2")
        int parallel();

        /** Requests allowed to wait for a slot; more are refused with 429. */
        @WithDefault("16")
        int queueCapacity();

        /**
         * The least Retry-After, in seconds, of a 429; the header says how long the queue ahead takes to drain at
         * the recent pace of requests, and never less than this.
         */
        @WithDefault("1")
        int retryAfterSeconds();

        /** CPU threads for generation; 0 lets llama.cpp choose. */
        @WithDefault("0")
        int threads();

        /** Layers offloaded to the GPU (needs a GPU build of the native library). */
        @WithDefault("0")
        int gpuLayers();

        /** Whether llama.cpp's own log lines are printed (about 130 per model load). */
        @WithDefault("false")
        boolean nativeLog();

        /** Where the binding extracts its native library; defaults to {@code <cache-dir>/native}. */
        Optional<Path> nativeTmpDir();
    }

    /** A llama-server run and supervised by ThinkGate, on the model of {@code thinkgate.model.*}. */
    interface LlamaServer {
        /** The executable: a path, or a name looked up on the PATH. */
        @WithDefault("llama-server")
        String binary();

        /**
         * More llama-server options, separated by spaces (for example {@code --flash-attn on --mlock}); the ones
         * ThinkGate sets itself (model, host, port, key, alias, slots, context) are refused.
         */
        Optional<String> args();

        /** Whether its log lines go into ThinkGate's log, under the category {@code llama-server}. */
        @WithDefault("true")
        boolean log();

        /** Restarts in a row that may fail to come up before ThinkGate gives up and exits; 0 never restarts. */
        @WithDefault("5")
        int maxRestarts();

        /** The wait before a restart; it doubles for each restart in a row that fails, up to a minute. */
        @WithDefault("1s")
        Duration restartBackoff();
    }

    interface Reasoning {
        /** Unset: detect reasoning models from their vocabulary and chat template; true or false overrides that. */
        Optional<Boolean> enabled();

        @WithDefault("<think>")
        String openMarker();

        @WithDefault("</think>")
        String closeMarker();

        /**
         * A Thinkless-style model's control token for answering without thinking (e.g. {@code <short>}), taken out
         * of the reply; unset for models without one.
         */
        Optional<String> shortMarker();
    }

    interface Thinking {
        /** The mode of a request that says nothing about thinking: {@code think}, {@code no_think} or {@code auto}. */
        @WithDefault("think")
        String defaultMode();

        /** The reasoning budget of a request that sets none; unset means unlimited (up to max_tokens). */
        OptionalInt defaultBudgetTokens();

        /** Appended when a budget or the loop brake ends the reasoning (Qwen3's early-stop phrase). */
        @WithDefault("\n\nConsidering the limited time by the user, I have to give the solution based on the thinking directly now.\n</think>\n\n")
        String conclusionMessage();

        /** Replaces an early close marker while the minimum is not met (s1's budget forcing). */
        @WithDefault("\nWait")
        String extensionMessage();

        /** How often one request's early close may be replaced. */
        @WithDefault("8")
        int maxExtensions();

        LoopBrake loopBrake();

        /** Reasoning budgets for reasoning_effort levels (LiteLLM's defaults). */
        Effort effort();
    }

    interface LoopBrake {
        /** Whether the loop brake is on for requests that do not say. */
        @WithDefault("true")
        boolean enabled();

        /** The shortest repeated run of tokens that counts as a loop. */
        @WithDefault("8")
        int minLength();

        /** The longest repeated run that is looked for. */
        @WithDefault("64")
        int maxLength();

        /** How many times in a row the run must repeat. */
        @WithDefault("3")
        int repeats();
    }

    interface Effort {
        @WithDefault("128")
        int minimal();

        @WithDefault("1024")
        int low();

        @WithDefault("2048")
        int medium();

        @WithDefault("4096")
        int high();

        @WithDefault("8192")
        int xhigh();

        @WithDefault("16384")
        int max();
    }
}
