package io.thinkgate.auth;

import java.util.Locale;
import java.util.Optional;

/**
 * The key a request presents: {@code Authorization: Bearer <key>} (OpenAI's SDKs) or {@code x-api-key: <key>}
 * (Anthropic's). A request that sends both is read from {@code Authorization}.
 */
public final class PresentedKey {

    private static final String BEARER = "bearer ";

    private PresentedKey() {
    }

    public static Optional<String> from(String authorization, String xApiKey) {
        if (authorization != null) {
            String value = authorization.strip();
            if (value.length() > BEARER.length()
                    && value.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
                String key = value.substring(BEARER.length()).strip();
                return key.isEmpty() ? Optional.empty() : Optional.of(key);
            }
        }
        if (xApiKey != null && !xApiKey.isBlank()) {
            return Optional.of(xApiKey.strip());
        }
        return Optional.empty();
    }
}
