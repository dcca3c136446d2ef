package io.thinkgate.it;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Redis for the rate limit tests: Debian's {@code redis-server} (installed by {@code .ci/docker-setup}),
 * started on a free loopback port with nothing saved to disk. Tests may stop and start it again on the same port,
 * as an outage, and talk to it directly ({@link #command}) as another replica would.
 */
public class RedisServer implements QuarkusTestResourceLifecycleManager {

    private static int port;
    private static Process process;

    @Override
    public Map<String, String> start() {
        try {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            begin();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start redis-server (run sudo .ci/docker-setup, which installs "
                    + "Debian's redis-server): " + e.getMessage(), e);
        }
        return Map.of("thinkgate.limits.redis", "redis://127.0.0.1:" + port);
    }

    static synchronized void begin() throws IOException {
        Path log = Files.createTempFile("redis-server", ".log");
        process = new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no").redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                if ("+PONG".equals(command("PING"))) {
                    return;
                }
            } catch (IOException e) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IOException("redis-server did not come up: " + Files.readString(log), e);
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
    }

    /** Stops it, as an outage does; {@link #begin()} brings an empty one back on the same port. */
    static synchronized void halt() throws InterruptedException {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    /** One command in Redis's wire protocol; the reply's first line, or the bulk string it announces. */
    static String command(String... args) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5_000);
            StringBuilder request = new StringBuilder("*" + args.length + "\r\n");
            for (String arg : args) {
                request.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(arg)
                        .append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            InputStream in = socket.getInputStream();
            String first = line(in);
            if (first.startsWith("$") && !first.equals("$-1")) {
                return line(in);
            }
            return first;
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    @Override
    public void stop() {
        try {
            halt();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
