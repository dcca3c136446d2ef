package io.thinkgate.it;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link ThoughtManiTest}, every case, with the main model and the thought writer each on a real llama-server. */
@QuarkusTest
@TestProfile(LlamaServerProfile.WithThoughtWriter.class)
class ThoughtManiOnLlamaServerTest extends ThoughtManiTest {
}
