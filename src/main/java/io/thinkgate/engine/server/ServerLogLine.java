package io.thinkgate.engine.server;

import org.jboss.logging.Logger;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of llama-server's log. With {@code --log-prefix} each line starts with its level, one letter (and a
 * timestamp before it when {@code --log-timestamps} is on). Lines that code prints directly have none: they are
 * warnings or errors when they say so first, else info.
 */
record ServerLogLine(Logger.Level level, String message) {

    private static final Pattern PREFIX = Pattern.compile("^(?:\\d+\\.\\d+\\.\\d+\\.\\d+ )?([DIWE]) (.*)$");

    static ServerLogLine parse(String line) {
        Matcher m = PREFIX.matcher(line);
        if (!m.matches()) {
            String text = line.strip();
            String lower = text.toLowerCase(Locale.ROOT);
            Logger.Level level = lower.startsWith("error") ? Logger.Level.ERROR
                    : lower.startsWith("warning") ? Logger.Level.WARN : Logger.Level.INFO;
            return new ServerLogLine(level, text);
        }
        Logger.Level level = switch (m.group(1)) {
            case "D" -> Logger.Level.DEBUG;
            case "W" -> Logger.Level.WARN;
            case "E" -> Logger.Level.ERROR;
            default -> Logger.Level.INFO;
        };
        return new ServerLogLine(level, m.group(2).strip());
    }
}
