package io.thinkgate.it;

import com.openai.client.OpenAIClient;
import io.quarkus.test.common.http.TestHTTPResource;
import org.junit.jupiter.api.BeforeEach;

import java.net.URL;

/** A test against the running server: raw HTTP through {@link #server}, the OpenAI SDK through {@link #client}. */
abstract class ServerTest {

    @TestHTTPResource("/")
    URL root;

    TestServer server;
    OpenAIClient client;

    @BeforeEach
    void connect() {
        server = new TestServer(root);
        client = server.openAi();
    }
}
