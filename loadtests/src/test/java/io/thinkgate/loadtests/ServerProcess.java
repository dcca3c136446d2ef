package io.thinkgate.loadtests;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The server process on this machine, found from the port it listens on ({@code /proc/net/tcp*} gives the socket's
 * inode, {@code /proc/<pid>/fd} the process that holds it), and its resident memory with that of its children (a
 * managed llama-server). Linux only; elsewhere, or for a server on another machine, there is none.
 */
final class ServerProcess {

    private static final String LISTEN = "0A";

    private final long pid;

    private ServerProcess(long pid) {
        this.pid = pid;
    }

    static Optional<ServerProcess> listeningOn(int port) {
        OptionalLong inode = OptionalLong.empty();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                inode = listeningInode(Files.readAllLines(Path.of(table)), port);
            } catch (IOException e) {
                continue;
            }
            if (inode.isPresent()) {
                break;
            }
        }
        return inode.isPresent() ? holderOf("socket:[" + inode.getAsLong() + "]").map(ServerProcess::new)
                : Optional.empty();
    }

    /** The inode of the socket listening on {@code port}, from the lines of {@code /proc/net/tcp} or {@code tcp6}. */
    static OptionalLong listeningInode(List<String> table, int port) {
        String hexPort = String.format(Locale.ROOT, ":%04X", port);
        for (String line : table.subList(Math.min(1, table.size()), table.size())) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 9 && f[1].endsWith(hexPort) && LISTEN.equals(f[3])) {
                return OptionalLong.of(Long.parseLong(f[9]));
            }
        }
        return OptionalLong.empty();
    }

    private static Optional<Long> holderOf(String socket) {
        for (Path proc : pids()) {
            try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve("fd"))) {
                for (Path fd : fds) {
                    if (socket.equals(readLink(fd))) {
                        return Optional.of(Long.parseLong(proc.getFileName().toString()));
                    }
                }
            } catch (IOException | SecurityException e) {
                // Another user's process: not ours to read, and not the server we started.
            }
        }
        return Optional.empty();
    }

    private static String readLink(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString();
        } catch (IOException e) {
            return "";
        }
    }

    private static List<Path> pids() {
        List<Path> pids = new ArrayList<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString()
                .chars().allMatch(Character::isDigit))) {
            procs.forEach(pids::add);
        } catch (IOException e) {
            return List.of();
        }
        return pids;
    }

    long pid() {
        return pid;
    }

    /** Resident bytes of the process and its descendants; -1 once it is gone. */
    long residentBytes() {
        long own = residentBytes(pid);
        if (own < 0) {
            return -1;
        }
        long total = own;
        for (long child : descendants()) {
            total += Math.max(0, residentBytes(child));
        }
        return total;
    }

    private List<Long> descendants() {
        List<Long> found = new ArrayList<>();
        List<Long> frontier = List.of(pid);
        while (!frontier.isEmpty()) {
            List<Long> next = new ArrayList<>();
            for (Path proc : pids()) {
                long parent = parentOf(proc);
                if (frontier.contains(parent)) {
                    next.add(Long.parseLong(proc.getFileName().toString()));
                }
            }
            found.addAll(next);
            frontier = next;
        }
        return found;
    }

    private static long parentOf(Path proc) {
        try {
            String stat = Files.readString(proc.resolve("stat"));
            return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static long residentBytes(long pid) {
        try {
            return residentBytes(Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status")));
        } catch (IOException e) {
            return -1;
        }
    }

    /** VmRSS of a {@code /proc/<pid>/status}, in bytes; -1 when absent (a zombie has none). */
    static long residentBytes(List<String> status) {
        for (String line : status) {
            if (line.startsWith("VmRSS:")) {
                String[] f = line.substring(6).trim().split("\\s+");
                return Long.parseLong(f[0]) * 1024;
            }
        }
        return -1;
    }
}
