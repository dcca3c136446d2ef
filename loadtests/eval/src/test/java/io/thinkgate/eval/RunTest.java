package io.thinkgate.eval;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunTest {

    private static final Arm ARM = Arm.parse("no_think");

    @Test
    void whatCannotBeCheckedFailsTheItemNotTheRun() throws Exception {
        Client.Reply reply = new Client.Reply("The answer is 42.", 0, 5, 10, 5, null, null);
        ItemResult badRegex = Runner.checked(ARM, new Item("1", "q", "4(2", Checker.REGEX, "", 0), reply,
                Optional.empty());
        assertTrue(badRegex.failed() && badRegex.error().startsWith("cannot check: "), badRegex.toString());
        ItemResult noJudge = Runner.checked(ARM, new Item("2", "q", "x", Checker.JUDGE, "", 0), reply,
                Optional.empty());
        assertEquals("the item needs a judge (--judge URL)", noJudge.error());
        ItemResult right = Runner.checked(ARM, new Item("3", "q", "42", Checker.NUMERIC, "", 0), reply,
                Optional.empty());
        assertTrue(right.correct() && !right.failed());
        Client.Reply failed = new Client.Reply("", 0, 0, 3, -1, null, "HTTP 503: down");
        assertEquals("HTTP 503: down", Runner.checked(ARM, new Item("4", "q", "42", Checker.NUMERIC, "", 0), failed,
                Optional.empty()).error());
    }

    /** A server that sends its headers and one event, then stalls: only a fault here, never from a real one. */
    @Test
    void aReplyThatStallsEndsAtItsTimeout() throws Exception {
        HttpServer stalling = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        stalling.createContext("/v1/chat/completions", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write("data: {\"choices\":[{\"delta\":{\"content\":\"The\"}}]}\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            try {
                Thread.sleep(4_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        stalling.start();
        try {
            Client client = new Client("http://127.0.0.1:" + stalling.getAddress().getPort(), Optional.empty(),
                    Optional.of("m"), 8, 0, Duration.ofSeconds(1));
            long t0 = System.nanoTime();
            Client.Reply reply = client.send("hi", ARM);
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertEquals("no end of the reply within 1 s", reply.error());
            assertTrue(seconds < 3, "ended at the deadline, not when the server gave up: " + seconds);
        } finally {
            stalling.stop(0);
        }
    }

    @Test
    void aRerunWithOtherSettingsIsRefusedAndNewArmsMayJoin(@TempDir Path dir) throws Exception {
        RunManifest.check(dir, "m", 64, 0, List.of(ARM, Arm.parse("budget:16")));
        RunManifest.check(dir, "m", 64, 0, List.of(ARM, Arm.parse("think")));
        assertTrue(Files.readString(dir.resolve("run.json")).contains("budget:16"), "earlier arms are kept");
        IllegalArgumentException tokens = assertThrows(IllegalArgumentException.class,
                () -> RunManifest.check(dir, "m", 128, 0, List.of(ARM)));
        assertTrue(tokens.getMessage().contains("max_tokens 64, not 128"), tokens.getMessage());
        IllegalArgumentException arm = assertThrows(IllegalArgumentException.class,
                () -> RunManifest.check(dir, "m", 64, 0, List.of(Arm.parse("budget:16={\"thinkgate\":{}}"))));
        assertTrue(arm.getMessage().contains("the arm 'budget:16'"), arm.getMessage());
        assertFalse(Files.readString(dir.resolve("run.json")).isEmpty());
    }

    @Test
    void resultsSurviveAResumeAndFailedItemsAreTriedAgain(@TempDir Path dir) throws Exception {
        List<Item> items = List.of(new Item("1", "q", "1", Checker.NUMERIC, "", 0),
                new Item("2", "q", "2", Checker.NUMERIC, "", 0));
        try (ResultsFile results = new ResultsFile(dir)) {
            results.add(new ItemResult("no_think", "1", "all", true, 0, 5, 10, 5, null, null, "1"));
            results.add(new ItemResult("no_think", "2", "all", false, 0, 0, 3, -1, null, "HTTP 500: x", ""));
        }
        Files.writeString(dir.resolve("results.jsonl"), "{\"arm\":\"no_th", java.nio.file.StandardOpenOption.APPEND);
        try (ResultsFile resumed = new ResultsFile(dir)) {
            assertEquals(1, resumed.resumed(), "the answered item; the failed one and the torn line are dropped");
            assertTrue(resumed.has("no_think", "1"));
            assertFalse(resumed.has("no_think", "2"));
            assertEquals(1, resumed.results(List.of(ARM), items, List.of()).size());
        }
        assertEquals(1, Files.readAllLines(dir.resolve("results.jsonl")).size());
    }
}
