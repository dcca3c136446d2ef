package io.thinkgate.engine.server;

import com.sun.net.httpserver.HttpServer;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;

/**
 * A stand-in for llama-server in supervisor tests (a real process, started as the child): it listens on the
 * {@code --port} it is given, answers {@code /health} with 200 at once, and dies with exit code 1 after the
 * number of milliseconds in its first argument, as a crashing llama-server does.
 */
public final class FakeLlamaServer {

    private FakeLlamaServer() {
    }

    public static void main(String[] args) throws Exception {
        List<String> a = Arrays.asList(args);
        long lifeMillis = Long.parseLong(a.get(0));
        int port = Integer.parseInt(a.get(a.indexOf("--port") + 1));
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 8);
        server.createContext("/health", exchange -> {
            byte[] body = "{\"status\":\"ok\"}".getBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        Thread.sleep(lifeMillis);
        Runtime.getRuntime().halt(1);
    }
}
