package io.thinkgate.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The API keys a server accepts, each with a name, kept only as SHA-256 hashes: a key file (or a Kubernetes Secret
 * mounted as one) holds lines
 * {@code <name> sha256:<64 hex digits> [rpm=N] [tpm=N] [budget=N/period] [max_budget=N] [modes=a,b]}, the optional
 * fields being the key's own requests and tokens per minute, its token budget per hour, day, week or month, its
 * largest thinking budget and the thinking modes it may use; blank lines and {@code #} comments are skipped. The
 * keys are random secrets, not passwords, so a plain hash is enough to keep the file from giving them away.
 */
public final class KeyRing {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern HASH = Pattern.compile("sha256:[0-9a-fA-F]{64}");
    private static final Set<String> FIELDS = Set.of("rpm", "tpm", "budget", "max_budget", "modes");

    /**
     * One accepted key: its name (what logs, metrics and limits show), the hash of its secret, its own rate limits
     * and what it may ask of the model's thinking.
     */
    public record Entry(String name, byte[] hash, KeyLimits limits, KeyPolicy policy) {
    }

    private final List<Entry> entries;

    private KeyRing(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * Reads a key file's lines; {@code source} names the file in the messages of what it refuses (a malformed line,
     * a name used twice, a hash used twice), each with its line number.
     */
    public static KeyRing parse(List<String> lines, String source) {
        List<Entry> entries = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> hashes = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = source + " line " + (i + 1);
            String[] fields = line.split("\\s+");
            if (fields.length < 2 || !HASH.matcher(fields[1]).matches()) {
                throw new IllegalArgumentException(where + ": expected '<name> sha256:<64 hex digits> [rpm=N] "
                        + "[tpm=N] [budget=N/day] [max_budget=N] [modes=think,no_think,auto,thoughts]' (make the hash "
                        + "with: printf %s \"$KEY\" | sha256sum)");
            }
            if (!NAME.matcher(fields[0]).matches()) {
                throw new IllegalArgumentException(where + ": a key name is 1 to 64 letters, digits, '.', '_' or '-', "
                        + "starting with a letter or digit");
            }
            String hex = fields[1].substring("sha256:".length()).toLowerCase(Locale.ROOT);
            if (!names.add(fields[0])) {
                throw new IllegalArgumentException(where + ": the name '" + fields[0] + "' is used twice");
            }
            if (!hashes.add(hex)) {
                throw new IllegalArgumentException(where + ": this key is listed twice");
            }
            entries.add(entryOf(fields, HexFormat.of().parseHex(hex), where));
        }
        return new KeyRing(entries);
    }

    /** The key's entry from its fields: name, hash, then each of its optional {@code field=value}s once. */
    private static Entry entryOf(String[] fields, byte[] hash, String where) {
        Map<String, String> given = new HashMap<>();
        for (int f = 2; f < fields.length; f++) {
            String[] pair = fields[f].split("=", 2);
            if (pair.length != 2 || !FIELDS.contains(pair[0]) || given.put(pair[0], pair[1]) != null) {
                throw new IllegalArgumentException(where + ": '" + fields[f] + "' is not a field of a key, or comes "
                        + "twice; write rpm=N, tpm=N, budget=N/period, max_budget=N or modes=a,b, each at most once");
            }
        }
        KeyLimits limits = new KeyLimits(count(given, "rpm", where), count(given, "tpm", where),
                tokenBudget(given, where));
        OptionalLong budget = count(given, "max_budget", where);
        List<String> modes = given.containsKey("modes") ? List.of(given.get("modes").split(",")) : List.of();
        for (String mode : modes) {
            if (!KeyPolicy.MODES.contains(mode)) {
                throw new IllegalArgumentException(where + ": '" + mode + "' is not a thinking mode ("
                        + String.join(", ", KeyPolicy.MODES) + ")");
            }
        }
        if (budget.isPresent() && budget.getAsLong() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(where + ": max_budget is at most " + Integer.MAX_VALUE);
        }
        return new Entry(fields[0], hash, limits, new KeyPolicy(modes, budget.isPresent()
                ? OptionalInt.of((int) budget.getAsLong()) : OptionalInt.empty()));
    }

    private static Optional<TokenBudget> tokenBudget(Map<String, String> given, String where) {
        try {
            return Optional.ofNullable(given.get("budget")).map(TokenBudget::parse);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": budget: " + e.getMessage(), e);
        }
    }

    private static OptionalLong count(Map<String, String> given, String field, String where) {
        String value = given.get(field);
        if (value == null) {
            return OptionalLong.empty();
        }
        if (!value.matches("[1-9][0-9]{0,17}")) {
            throw new IllegalArgumentException(where + ": '" + field + "=" + value + "' needs a whole number of at "
                    + "least 1");
        }
        return OptionalLong.of(Long.parseLong(value));
    }

    /**
     * The entry of the presented key, or empty for a key that isn't listed. Every entry is compared, each in
     * constant time, so the time taken says nothing about which entry, or how much of one, matched.
     */
    public Optional<Entry> entryOf(String presented) {
        byte[] hash = sha256(presented);
        Entry found = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.hash(), hash) && found == null) {
                found = entry;
            }
        }
        return Optional.ofNullable(found);
    }

    public int size() {
        return entries.size();
    }

    public List<String> names() {
        return entries.stream().map(Entry::name).toList();
    }

    /** The line a key file holds for {@code key}, as {@code <name> sha256:<hex>}. */
    public static String line(String name, String key) {
        return name + " sha256:" + HexFormat.of().formatHex(sha256(key));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
