package io.thinkgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.UnauthorizedException;
import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.thinkgate.engine.synthetic.SyntheticModels;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With a key file, every API call needs one of its keys; health and (by default) metrics stay open. */
@QuarkusTest
@TestProfile(ApiKeysProfile.class)
class ApiKeysTest extends ServerTest {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final String CHAT = "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"reasoning_effort\":\"none\"}";

    HttpResponse<String> call(String method, String path, String body, String... headers) throws Exception {
        return call(server, method, path, body, headers);
    }

    static HttpResponse<String> call(TestServer server, String method, String path, String body, String... headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.base().resolve(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static void assertRefused(HttpResponse<String> reply, String message) {
        ErrorResponsesTest.assertError(reply, 401, "invalid_api_key", null);
        assertEquals("Bearer realm=\"thinkgate\"", reply.headers().firstValue("WWW-Authenticate").orElseThrow());
        assertTrue(TestServer.json(reply.body()).at("/error/message").asText().contains(message), reply.body());
    }

    @Test
    void aRequestWithoutAKeyOrWithAnUnknownOneIsRefusedBeforeItsBodyIsRead() throws Exception {
        assertRefused(call("POST", "/v1/chat/completions", CHAT), "No API key was sent");
        assertRefused(call("GET", "/v1/models", null, "Authorization", "Bearer tg-mallory"), "not valid");
        assertRefused(call("GET", "/v1/models", null, "x-api-key", ApiKeysProfile.ALICE + "x"), "not valid");
        assertRefused(call("GET", "/v1/models", null, "Authorization", "Basic " + ApiKeysProfile.ALICE),
                "No API key was sent");
        assertRefused(call("GET", "/v1/no-such-endpoint", null), "No API key was sent");
    }

    @Test
    void aRefusedRequestWithoutABodyKeepsItsConnection() throws Exception {
        try (Socket socket = server.rawConnection("GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII))) {
            TestServer.RawReply refused = TestServer.readReply(socket, Duration.ofSeconds(5));
            assertEquals(401, refused.status(), refused.body());
            assertFalse(refused.closed(), "a client may retry on the same connection with its key");
            socket.getOutputStream().write(("GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\nx-api-key: "
                    + ApiKeysProfile.ALICE + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            assertEquals(200, TestServer.readReply(socket, Duration.ofSeconds(5)).status());
        }
    }

    @Test
    void eitherKeyIsAcceptedAsBearerOrAsXApiKey() throws Exception {
        HttpResponse<String> chat = call("POST", "/v1/chat/completions", CHAT, "Authorization",
                "Bearer " + ApiKeysProfile.ALICE);
        assertEquals(200, chat.statusCode(), chat.body());
        assertEquals(SyntheticModels.ANSWER_TEXT, TestServer.json(chat.body()).at("/choices/0/message/content")
                .asText());
        HttpResponse<String> models = call("GET", "/v1/models", null, "x-api-key", ApiKeysProfile.BOB);
        assertEquals(200, models.statusCode(), models.body());
        assertEquals(404, call("GET", "/v1/no-such-endpoint", null, "authorization",
                "bearer " + ApiKeysProfile.BOB).statusCode(), "past the key, the usual 404");
    }

    @Test
    void healthAndByDefaultMetricsNeedNoKey() throws Exception {
        assertEquals(200, call("GET", "/q/health/ready", null).statusCode());
        assertEquals(200, call("GET", "/q/health/live", null).statusCode());
        HttpResponse<String> metrics = call("GET", "/q/metrics", null);
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().contains("thinkgate_requests_active"));
    }

    @Test
    void theOpenAiSdkSendsItsKeyAndAWrongOneIsUnauthorized() {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model(ChatModel.of("thinkgate-demo"))
                .addUserMessage("x").reasoningEffort(com.openai.models.ReasoningEffort.of("none")).build();
        assertEquals(SyntheticModels.ANSWER_TEXT, sdk(ApiKeysProfile.BOB).chat().completions().create(params)
                .choices().get(0).message().content().orElseThrow());
        UnauthorizedException refused = assertThrows(UnauthorizedException.class,
                () -> sdk("sk-not-a-thinkgate-key").chat().completions().create(params));
        assertEquals(401, refused.statusCode());
        assertEquals("invalid_api_key", refused.code().orElseThrow());
    }

    OpenAIClient sdk(String key) {
        return OpenAIOkHttpClient.builder().baseUrl(server.base() + "/v1").apiKey(key).maxRetries(0)
                .timeout(Duration.ofSeconds(60)).build();
    }

    @Test
    void onlyTheCallersKeyMayInterruptItsRequest() throws Exception {
        HttpResponse<InputStream> stream = HTTP.send(HttpRequest.newBuilder(server.base()
                        .resolve("/v1/chat/completions")).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + ApiKeysProfile.ALICE)
                .POST(HttpRequest.BodyPublishers.ofString(InterruptTest.longThought(true))).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, stream.statusCode());
        String id = stream.headers().firstValue("X-Request-Id").orElseThrow();
        String answerNow = "{\"action\":\"answer_now\"}";
        String path = "/v1/chat/completions/" + id + "/interrupt";
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream.body(),
                StandardCharsets.UTF_8))) {
            assertTrue(reader.readLine().startsWith("data: "), "the stream has begun");
            HttpResponse<String> byBob = call("POST", path, answerNow, "Authorization", "Bearer " + ApiKeysProfile.BOB);
            ErrorResponsesTest.assertError(byBob, 404, "request_not_found", "id");
            assertRefused(call("POST", path, answerNow), "No API key was sent");
            HttpResponse<String> byAlice = call("POST", path, answerNow, "x-api-key", ApiKeysProfile.ALICE);
            assertEquals(200, byAlice.statusCode(), byAlice.body());
            JsonNode accepted = TestServer.json(byAlice.body());
            assertEquals("accepted", accepted.path("status").asText());
            String line;
            while ((line = reader.readLine()) != null) {
                assertFalse(line.contains("\"error\""), line);
            }
        }
    }
}
