package io.thinkgate.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Writes server-sent events ({@code data: JSON}) and flushes each one, so that every token reaches the client. */
final class SseSink {

    private final OutputStream out;
    private final ObjectMapper mapper;

    SseSink(OutputStream out, ObjectMapper mapper) {
        this.out = out;
        this.mapper = mapper;
    }

    void data(Object event) {
        try {
            write(mapper.writeValueAsString(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize an SSE event", e);
        }
    }

    void done() {
        write("[DONE]");
    }

    private void write(String data) {
        try {
            out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the client is gone", e);
        }
    }
}
