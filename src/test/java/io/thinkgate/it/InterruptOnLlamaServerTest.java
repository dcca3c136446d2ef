package io.thinkgate.it;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link InterruptTest}, every case, with ThinkGate on a real llama-server. */
@QuarkusTest
@TestProfile(LlamaServerProfile.class)
class InterruptOnLlamaServerTest extends InterruptTest {
}
