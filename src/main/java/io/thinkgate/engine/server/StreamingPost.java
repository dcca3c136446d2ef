package io.thinkgate.engine.server;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * One streamed HTTP/1.1 POST on its own blocking socket. The reading thread takes each token's event straight off
 * the socket: the JDK's HttpClient passes every chunk through its selector and executor threads first, which on a
 * machine whose cores llama.cpp keeps busy costs more CPU per token than the rest of the gateway. Closing the
 * returned stream closes the socket, which makes llama-server cancel the task.
 */
final class StreamingPost {

    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    private StreamingPost() {
    }

    /** The response body (de-chunked) of a 200; any other status is an {@link HttpStatusException}. */
    static InputStream open(URI url, Optional<String> apiKey, byte[] body) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            int port = url.getPort() > 0 ? url.getPort() : 80;
            socket.connect(new InetSocketAddress(url.getHost(), port), CONNECT_TIMEOUT_MILLIS);
            StringBuilder head = new StringBuilder("POST ").append(url.getRawPath().isEmpty() ? "/" : url.getRawPath())
                    .append(" HTTP/1.1\r\nHost: ").append(url.getHost()).append(':').append(port)
                    .append("\r\nContent-Type: application/json\r\nAccept: text/event-stream\r\nConnection: close\r\n")
                    .append("Content-Length: ").append(body.length).append("\r\n");
            apiKey.ifPresent(key -> head.append("Authorization: Bearer ").append(key).append("\r\n"));
            head.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            String status = line(in);
            boolean chunked = false;
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                String lower = header.toLowerCase(Locale.ROOT);
                chunked |= lower.startsWith("transfer-encoding:") && lower.contains("chunked");
            }
            InputStream content = chunked ? new Dechunked(in, socket) : new Closing(in, socket);
            int code = status.length() >= 12 ? Integer.parseInt(status.substring(9, 12)) : 0;
            if (code != 200) {
                String text;
                try (content) {
                    text = new String(content.readAllBytes(), StandardCharsets.UTF_8);
                }
                throw new HttpStatusException(code, text);
            }
            return content;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** A status other than 200, with the body the server sent. */
    static final class HttpStatusException extends IOException {
        final int status;
        final String body;

        HttpStatusException(int status, String body) {
            super("HTTP " + status);
            this.status = status;
            this.body = body;
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("the connection closed inside the response head");
            }
            if (b != '\r') {
                bytes.write(b);
            }
        }
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }

    /** The body up to the end of the connection. */
    private static class Closing extends InputStream {
        final InputStream in;
        private final Socket socket;

        Closing(InputStream in, Socket socket) {
            this.in = in;
            this.socket = socket;
        }

        @Override
        public int read() throws IOException {
            return in.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            return in.read(buffer, offset, length);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** A chunked body, read chunk by chunk as the server sends it. */
    private static final class Dechunked extends Closing {
        private long left;
        private boolean ended;

        Dechunked(InputStream in, Socket socket) {
            super(in, socket);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (ended) {
                return -1;
            }
            if (left == 0) {
                String size = line(in);
                int extension = size.indexOf(';');
                left = Long.parseLong((extension < 0 ? size : size.substring(0, extension)).trim(), 16);
                if (left == 0) {
                    ended = true;
                    return -1;
                }
            }
            int read = in.read(buffer, offset, (int) Math.min(length, left));
            if (read < 0) {
                throw new IOException("the connection closed inside a chunk");
            }
            left -= read;
            if (left == 0) {
                line(in);
            }
            return read;
        }
    }
}
