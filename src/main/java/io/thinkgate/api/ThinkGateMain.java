package io.thinkgate.api;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The application's entry point. Quarkus' root HTTP handler refuses a URL that {@code java.net.URI} cannot parse
 * (such as {@code /v1/models/%ZZ}) with an empty 400 before any router handler runs; with that check off, Vert.x
 * Web's router refuses the URL itself and {@link HttpErrors} answers in OpenAI's envelope. The property must be set
 * before Quarkus starts, hence here (and in the test JVMs, by the pom).
 */
@QuarkusMain
public class ThinkGateMain {

    public static void main(String... args) {
        System.setProperty("vertx.disableURIValidation", "true");
        Quarkus.run(args);
    }
}
