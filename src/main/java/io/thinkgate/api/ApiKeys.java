package io.thinkgate.api;

import io.thinkgate.auth.KeyPolicy;
import io.thinkgate.auth.KeyRing;
import io.thinkgate.auth.PresentedKey;
import io.thinkgate.config.ThinkGateConfig;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Asks every request for an API key when {@code thinkgate.auth.keys-file} lists some: a missing or unknown key gets
 * a 401 {@code invalid_api_key} before the body is read, and a completion request with a valid key passes its
 * key's {@link RateLimits}. Health probes never need one, {@code /q/metrics} only
 * with {@code thinkgate.auth.protect-metrics}. The accepted key's name rides on the request
 * ({@link #KEY_NAME}); the key itself is never logged.
 */
@ApplicationScoped
public class ApiKeys {

    /** The routing context's entry that holds the name of the request's key. */
    public static final String KEY_NAME = "thinkgate.key-name";
    private static final String KEY_POLICY = "thinkgate.key-policy";

    private static final Logger LOG = Logger.getLogger(ApiKeys.class);

    private final HttpErrors errors;
    private final RateLimits limits;
    private final Optional<KeyRing> ring;
    private final boolean protectMetrics;

    public ApiKeys(HttpErrors errors, RateLimits limits, ThinkGateConfig config) {
        this.errors = errors;
        this.limits = limits;
        this.ring = config.auth().keysFile().map(ApiKeys::read);
        this.protectMetrics = config.auth().protectMetrics();
        if (ring.isEmpty()) {
            LOG.warn("API keys are off (thinkgate.auth.keys-file is not set): anyone who reaches the port may use "
                    + "the model");
        } else {
            LOG.infof("API keys are on: %d accepted (%s); /q/metrics %s", ring.get().size(),
                    String.join(", ", ring.get().names()), protectMetrics ? "needs one too" : "is open");
        }
    }

    private static KeyRing read(Path file) {
        try {
            KeyRing keys = KeyRing.parse(Files.readAllLines(file), file.toString());
            if (keys.size() == 0) {
                throw new IllegalArgumentException(file + " lists no key: with no key accepted every request would "
                        + "be refused (unset thinkgate.auth.keys-file to turn keys off)");
            }
            return keys;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the API keys file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Whether the request asks for a completion, which the key's rate limits count. */
    private static boolean completes(RoutingContext context) {
        String path = context.normalizedPath();
        return context.request().method() == HttpMethod.POST && !Endpoints.of(path).equals(Endpoints.OTHER);
    }

    /** The name of the key the request was let in with; empty while keys are off. */
    static Optional<String> keyName(RoutingContext routing) {
        return Optional.ofNullable(routing.get(KEY_NAME));
    }

    /** What the request's key may ask of the model's thinking; {@link KeyPolicy#NONE} while keys are off. */
    static KeyPolicy policy(RoutingContext routing) {
        KeyPolicy policy = routing.get(KEY_POLICY);
        return policy == null ? KeyPolicy.NONE : policy;
    }

    void install(@Observes Router router) {
        if (ring.isPresent()) {
            router.route().order(Integer.MIN_VALUE + 1).handler(this::check);
        }
    }

    private void check(RoutingContext context) {
        String path = context.normalizedPath();
        if (path.startsWith("/q/health") || (!protectMetrics && path.startsWith("/q/metrics"))) {
            context.next();
            return;
        }
        HttpServerRequest request = context.request();
        Optional<String> presented = PresentedKey.from(request.getHeader("Authorization"),
                request.getHeader("x-api-key"));
        Optional<KeyRing.Entry> key = presented.flatMap(ring.get()::entryOf);
        if (key.isPresent()) {
            context.put(KEY_NAME, key.get().name());
            context.put(KEY_POLICY, key.get().policy());
            if (completes(context)) {
                limits.admit(context, key.get().name(), key.get().limits());
            } else {
                context.next();
            }
            return;
        }
        context.response().putHeader("WWW-Authenticate", "Bearer realm=\"thinkgate\"");
        errors.send(context, 401, "invalid_api_key", presented.isEmpty()
                ? "No API key was sent: send 'Authorization: Bearer <key>' (or 'x-api-key: <key>')"
                : "The API key is not valid", false);
    }
}
