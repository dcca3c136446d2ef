package io.thinkgate.loadtests;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServerProcessTest {

    private static final List<String> TCP = List.of(
            "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
            "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4242 1",
            "   1: 0100007F:1F90 0100007F:D2A4 01 00000000:00000000 00:00000000 00000000     0        0 5151 1",
            "   2: 0100007F:1F91 0100007F:D2A4 01 00000000:00000000 00:00000000 00000000     0        0 6161 1");

    @Test
    void theListeningSocketOfAPortIsFoundInTheTable() {
        assertEquals(OptionalLong.of(4242), ServerProcess.listeningInode(TCP, 8080));
        assertEquals(OptionalLong.empty(), ServerProcess.listeningInode(TCP, 8081), "only an established one");
        assertEquals(OptionalLong.empty(), ServerProcess.listeningInode(List.of(), 8080));
    }

    @Test
    void residentMemoryIsReadFromTheStatusFile() {
        assertEquals(187_456L * 1024, ServerProcess.residentBytes(List.of("Name:\tjava", "VmRSS:\t  187456 kB")));
        assertEquals(-1, ServerProcess.residentBytes(List.of("Name:\tzombie", "State:\tZ (zombie)")));
    }

    @Test
    void aServerInThisJvmIsFoundByItsPortWithItsMemory() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ServerProcess found = ServerProcess.listeningOn(socket.getLocalPort()).orElseThrow();
            assertEquals(ProcessHandle.current().pid(), found.pid());
            assertTrue(found.residentBytes() > 10L << 20, "a JVM holds more than 10 MiB");
        }
    }

    @Test
    void noProcessListensOnAClosedPort() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        assertTrue(ServerProcess.listeningOn(port).isEmpty());
    }
}
