package io.thinkgate.engine.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ManagedServerSettingsTest {

    static ManagedServerSettings settings(int threads, List<String> args) {
        return new ManagedServerSettings("/usr/bin/llama-server", Path.of("/models/m.gguf"), "m", 4096, 3, threads, 0,
                args, true, 5, Duration.ofSeconds(1), Duration.ofMinutes(1));
    }

    static String option(List<String> command, String name) {
        int at = command.indexOf(name);
        assertTrue(at >= 0 && at + 1 < command.size(), name + " missing from " + command);
        return command.get(at + 1);
    }

    @Test
    void commandCarriesTheModelItsSizesAndTheLoopbackPort() {
        List<String> command = settings(0, List.of()).command(4321);
        assertEquals("/usr/bin/llama-server", command.get(0));
        assertEquals("/models/m.gguf", option(command, "-m"));
        assertEquals("m", option(command, "--alias"));
        assertEquals("127.0.0.1", option(command, "--host"));
        assertEquals("4321", option(command, "--port"));
        assertEquals("3", option(command, "-np"));
        assertEquals(String.valueOf(3 * 4096), option(command, "-c"), "llama-server splits -c among its slots");
        assertEquals("0", option(command, "-ngl"));
        assertFalse(command.contains("-t"), "0 threads leaves the choice to llama-server: " + command);
        assertTrue(command.contains("--log-prefix") && command.contains("--no-log-timestamps"),
                "its log lines must carry their level: " + command);
        assertFalse(String.join(" ", command).contains("api-key"), "the key goes in the environment");
    }

    @Test
    void threadsAndExtraArgumentsComeLastInOrder() {
        List<String> command = settings(6, List.of("--flash-attn", "on", "--mlock")).command(1);
        assertEquals("6", option(command, "-t"));
        assertEquals(List.of("--flash-attn", "on", "--mlock"), command.subList(command.size() - 3, command.size()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-m", "--model", "--port", "--port=9", "--host", "--api-key", "--api-key-file", "-np",
            "--parallel", "-c", "--ctx-size=100", "--alias", "-a", "-hf", "--hf-repo"})
    void refusesOptionsThatThinkGateSets(String option) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> settings(0, List.of(option, "x")));
        assertTrue(e.getMessage().contains("thinkgate.engine.llama-server.args"), e.getMessage());
    }

    @Test
    void optionValuesThatLookLikeOwnedOptionsAreNotConfused() {
        List<String> command = settings(0, List.of("--chat-template-kwargs", "{\"a\":1}", "-ctk", "q8_0")).command(1);
        assertTrue(command.contains("q8_0"));
    }
}
