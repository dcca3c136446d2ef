package io.thinkgate.engine.server;

import io.thinkgate.engine.EngineUnavailableException;
import io.thinkgate.engine.TokenLogprob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.thinkgate.engine.GenerationRequest.NO_LOGPROBS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** llama-server's {@code /completion} events, as bytes arrive in pieces of any size, become exact pieces. */
class CompletionStreamTest {

    /** What b11669 sends for "<think>", a two-token character, " 42." and the end-of-sequence token. */
    private static final String EVENTS = """
            data: {"index":0,"content":"<think>","tokens":[262],"stop":false}

            data: {"index":0,"content":"é","tokens":[300,301],"stop":false}

            data: {"index":0,"content":" 42.","tokens":[278],"stop":false}

            data: {"index":0,"content":"","tokens":[2],"stop":false}

            data: {"index":0,"content":"","tokens":[],"stop":true,"stop_type":"eos","tokens_predicted":5}

            """;

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 64, 100_000})
    void piecesAndTokenCountsDoNotDependOnHowTheBytesArrive(int pieceSize) {
        CompletionStream stream = new CompletionStream(() -> trickle(EVENTS, pieceSize), NO_LOGPROBS);
        List<String> pieces = new ArrayList<>();
        List<Integer> tokens = new ArrayList<>();
        for (Optional<String> piece = stream.next(); piece.isPresent(); piece = stream.next()) {
            pieces.add(piece.get());
            tokens.add(stream.lastPieceTokens());
        }
        assertEquals(List.of("<think>", "é", " 42.", ""), pieces);
        assertEquals(List.of(1, 2, 1, 1), tokens);
        assertEquals(Optional.empty(), stream.next());
    }

    /** b11669's {@code completion_probabilities} with {@code n_probs} 3: one entry per token of the event. */
    private static final String WITH_PROBABILITIES = """
            data: {"content":"The","tokens":[267],"stop":false,"completion_probabilities":[{"id":267,"token":"The","bytes":[84,104,101],"logprob":-0.25,"top_logprobs":[{"id":267,"token":"The","bytes":[84,104,101],"logprob":-0.25},{"id":9,"token":"A","bytes":[65],"logprob":-1.5},{"id":0,"token":"","bytes":[],"logprob":-17.86}]}]}

            data: {"content":"é","tokens":[300,301],"stop":false,"completion_probabilities":[{"id":300,"token":"<0xC3>","bytes":[195],"logprob":-0.5,"top_logprobs":[]},{"id":301,"token":"<0xA9>","bytes":[169],"logprob":-0.75,"top_logprobs":[]}]}

            data: {"content":"","tokens":[],"stop":true}

            """;

    @Test
    void logprobsComeWithEachPieceTrimmedToTheAlternativesAskedFor() {
        CompletionStream stream = new CompletionStream(() -> bytes(WITH_PROBABILITIES), 2);
        assertEquals(Optional.of("The"), stream.next());
        List<TokenLogprob> first = stream.lastPieceLogprobs();
        assertEquals(1, first.size());
        assertEquals(new TokenLogprob("The", -0.25, List.of(84, 104, 101), List.of(
                new TokenLogprob("The", -0.25, List.of(84, 104, 101), List.of()),
                new TokenLogprob("A", -1.5, List.of(65), List.of()))), first.get(0));
        assertEquals(Optional.of("é"), stream.next());
        List<TokenLogprob> merged = stream.lastPieceLogprobs();
        assertEquals(List.of(-0.5, -0.75), merged.stream().map(TokenLogprob::logprob).toList());
        assertEquals(List.of(List.of(195), List.of(169)), merged.stream().map(TokenLogprob::bytes).toList());
        assertEquals(Optional.empty(), stream.next());
    }

    @Test
    void zeroAlternativesKeepsOnlyTheSampledTokensLogprob() {
        CompletionStream stream = new CompletionStream(() -> bytes(WITH_PROBABILITIES), 0);
        stream.next();
        assertEquals(List.of(), stream.lastPieceLogprobs().get(0).top());
        assertEquals(-0.25, stream.lastPieceLogprobs().get(0).logprob());
    }

    @Test
    void withoutLogprobsNoneAreReported() {
        CompletionStream stream = new CompletionStream(() -> bytes(WITH_PROBABILITIES), NO_LOGPROBS);
        stream.next();
        assertEquals(List.of(), stream.lastPieceLogprobs());
    }

    @Test
    void aStopEventWithTextIsTheLastPiece() {
        CompletionStream stream = new CompletionStream(() -> bytes(
                "data: {\"content\":\"a\",\"tokens\":[5],\"stop\":false}\n\n"
                        + "data: {\"content\":\"b\",\"tokens\":[6],\"stop\":true,\"stop_type\":\"limit\"}\n\n"),
                NO_LOGPROBS);
        assertEquals(Optional.of("a"), stream.next());
        assertEquals(Optional.of("b"), stream.next());
        assertEquals(Optional.empty(), stream.next());
    }

    @Test
    void aStreamCutBeforeItsLastEventIsAnUnavailableEngine() {
        CompletionStream stream = new CompletionStream(() -> bytes(
                "data: {\"content\":\"a\",\"tokens\":[5],\"stop\":false}\n\n"), NO_LOGPROBS);
        assertEquals(Optional.of("a"), stream.next());
        assertThrows(EngineUnavailableException.class, stream::next);
    }

    @Test
    void anErrorEventFailsTheCompletion() {
        CompletionStream stream = new CompletionStream(() -> bytes(
                "data: {\"error\":{\"code\":500,\"message\":\"boom\"}}\n\n"), NO_LOGPROBS);
        IllegalStateException e = assertThrows(IllegalStateException.class, stream::next);
        assertTrue(e.getMessage().contains("boom"), e.getMessage());
    }

    @Test
    void closingBeforeTheFirstPieceSendsNothing() {
        AtomicInteger opened = new AtomicInteger();
        CompletionStream stream = new CompletionStream(() -> {
            opened.incrementAndGet();
            return bytes(EVENTS);
        }, NO_LOGPROBS);
        stream.close();
        assertEquals(Optional.empty(), stream.next());
        assertEquals(0, opened.get());
    }

    @Test
    void closingMidStreamClosesTheConnection() {
        AtomicBoolean closed = new AtomicBoolean();
        CompletionStream stream = new CompletionStream(() -> new ByteArrayInputStream(
                EVENTS.getBytes(StandardCharsets.UTF_8)) {
            @Override
            public void close() {
                closed.set(true);
            }
        }, NO_LOGPROBS);
        assertEquals(Optional.of("<think>"), stream.next());
        assertFalse(closed.get());
        stream.close();
        assertTrue(closed.get());
        assertEquals(Optional.empty(), stream.next());
    }

    /** A client that hangs up while llama-server is still prefilling: no event has come, the read is blocked. */
    @Test
    void closingWhileAReadWaitsEndsTheReadAtOnce() throws Exception {
        java.util.concurrent.CountDownLatch hungUp = new java.util.concurrent.CountDownLatch(1);
        InputStream silent = new InputStream() {
            @Override
            public int read() throws IOException {
                try {
                    hungUp.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new IOException("Socket closed");
            }

            @Override
            public void close() {
                hungUp.countDown();
            }
        };
        CompletionStream stream = new CompletionStream(() -> silent, NO_LOGPROBS);
        java.util.concurrent.CompletableFuture<Optional<String>> reader =
                java.util.concurrent.CompletableFuture.supplyAsync(stream::next);
        Thread.sleep(100);
        java.util.concurrent.CompletableFuture.runAsync(stream::close).get(2, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(Optional.empty(), reader.get(2, java.util.concurrent.TimeUnit.SECONDS));
    }

    private static InputStream bytes(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Hands out at most {@code size} bytes per read, as a socket may. */
    private static InputStream trickle(String text, int size) {
        byte[] all = text.getBytes(StandardCharsets.UTF_8);
        return new InputStream() {
            private int position;

            @Override
            public int read() {
                return position < all.length ? all[position++] & 0xFF : -1;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                if (position >= all.length) {
                    return -1;
                }
                int n = Math.min(Math.min(length, size), all.length - position);
                System.arraycopy(all, position, buffer, offset, n);
                position += n;
                return n;
            }
        };
    }
}
