package io.thinkgate.engine.server;

import org.jboss.logging.Logger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ServerLogLineTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "I srv  llama_server: model loaded|INFO|srv  llama_server: model loaded",
            "W srv  llama_server: security: no API key is set|WARN|srv  llama_server: security: no API key is set",
            "E srv    load_model: failed to load model|ERROR|srv    load_model: failed to load model",
            "D slot update_slots: id  0|DEBUG|slot update_slots: id  0",
            "0.00.004.508 I srv  llama_server: initializing ...|INFO|srv  llama_server: initializing ...",
            "0.07.974.400 W cmn  something odd|WARN|cmn  something odd",
            "warning: no usable GPU found, --gpu-layers option will be ignored|WARN|warning: no usable GPU found, --gpu-layers option will be ignored",
            "error: invalid argument: --nope|ERROR|error: invalid argument: --nope",
            "Error loading the backend|ERROR|Error loading the backend",
            "build: 11669 (Debian) with GNU|INFO|build: 11669 (Debian) with GNU",
            "I|INFO|I",
            "X srv not a level letter|INFO|X srv not a level letter",
            "Inference starts|INFO|Inference starts",
            "   indented continuation   |INFO|indented continuation",
    })
    void levelAndMessage(String line, Logger.Level level, String message) {
        ServerLogLine parsed = ServerLogLine.parse(line);
        assertEquals(level, parsed.level());
        assertEquals(message, parsed.message());
    }
}
