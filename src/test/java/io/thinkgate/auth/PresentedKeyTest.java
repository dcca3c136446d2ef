package io.thinkgate.auth;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PresentedKeyTest {

    @Test
    void aBearerTokenInAnyCaseIsTheKey() {
        assertEquals(Optional.of("sk-1"), PresentedKey.from("Bearer sk-1", null));
        assertEquals(Optional.of("sk-1"), PresentedKey.from("bearer   sk-1 ", null));
        assertEquals(Optional.of("sk-1"), PresentedKey.from("BEARER sk-1", "sk-2"), "Authorization wins");
    }

    @Test
    void xApiKeyServesWhenThereIsNoBearerToken() {
        assertEquals(Optional.of("sk-2"), PresentedKey.from(null, "sk-2"));
        assertEquals(Optional.of("sk-2"), PresentedKey.from("Basic c2stMg==", " sk-2 "));
    }

    @Test
    void nothingUsableIsNoKey() {
        assertEquals(Optional.empty(), PresentedKey.from(null, null));
        assertEquals(Optional.empty(), PresentedKey.from("Bearer ", null));
        assertEquals(Optional.empty(), PresentedKey.from("Bearer", "  "));
        assertEquals(Optional.empty(), PresentedKey.from("Basic c2stMg==", null));
        assertEquals(Optional.empty(), PresentedKey.from("", ""));
    }
}
