package io.thinkgate.engine.gguf;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The metadata KVs of a GGUF file. Scalars are kept as Java values (Long for all integer types, Float/Double,
 * Boolean, String). Arrays are kept as an {@link ArraySummary} (type and length) except
 * {@code tokenizer.ggml.tokens} and {@code tokenizer.ggml.token_type}, which are read fully.
 */
public final class GgufMetadata {

    public static final int TOKEN_TYPE_NORMAL = 1;
    public static final int TOKEN_TYPE_UNKNOWN = 2;
    public static final int TOKEN_TYPE_CONTROL = 3;
    public static final int TOKEN_TYPE_USER_DEFINED = 4;
    public static final int TOKEN_TYPE_UNUSED = 5;
    public static final int TOKEN_TYPE_BYTE = 6;

    /** An array value that was skipped: its GGUF element type and its length. */
    public record ArraySummary(int elementType, long length) {
    }

    private final int version;
    private final long tensorCount;
    private final Map<String, Object> values;
    private final List<String> tokens;
    private final int[] tokenTypes;

    GgufMetadata(int version, long tensorCount, Map<String, Object> values, List<String> tokens, int[] tokenTypes) {
        this.version = version;
        this.tensorCount = tensorCount;
        this.values = Collections.unmodifiableMap(values);
        this.tokens = tokens == null ? List.of() : Collections.unmodifiableList(tokens);
        this.tokenTypes = tokenTypes == null ? new int[0] : tokenTypes;
    }

    public int version() {
        return version;
    }

    public long tensorCount() {
        return tensorCount;
    }

    /** All KVs, in file order (arrays other than tokens/token_type as {@link ArraySummary}). */
    public Map<String, Object> values() {
        return values;
    }

    public Optional<Object> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public Optional<String> getString(String key) {
        return values.get(key) instanceof String s ? Optional.of(s) : Optional.empty();
    }

    public Optional<Long> getLong(String key) {
        return values.get(key) instanceof Long l ? Optional.of(l) : Optional.empty();
    }

    /** {@code general.architecture}, e.g. "llama", "qwen2". */
    public Optional<String> architecture() {
        return getString("general.architecture");
    }

    /** {@code general.name}, if present. */
    public Optional<String> name() {
        return getString("general.name");
    }

    /** {@code <arch>.context_length}: the context the model was trained for. */
    public OptionalInt contextLength() {
        return architecture()
                .flatMap(a -> getLong(a + ".context_length"))
                .map(l -> OptionalInt.of((int) Math.min(Integer.MAX_VALUE, l)))
                .orElse(OptionalInt.empty());
    }

    /** {@code tokenizer.chat_template}, if present. */
    public Optional<String> chatTemplate() {
        return getString("tokenizer.chat_template");
    }

    /** {@code tokenizer.ggml.tokens} (empty if absent). */
    public List<String> tokens() {
        return tokens;
    }

    /** {@code tokenizer.ggml.token_type} (empty if absent). */
    public int[] tokenTypes() {
        return tokenTypes.clone();
    }

    /**
     * The most characters one token stands for: its text's length, or 1 for a byte token ({@code <0x41>} is one
     * byte of text). A byte-level BPE vocabulary spells each byte as one character, so this is never too small.
     */
    public int maxTokenChars() {
        int longest = 1;
        for (int i = 0; i < tokens.size(); i++) {
            boolean byteToken = i < tokenTypes.length && tokenTypes[i] == TOKEN_TYPE_BYTE;
            longest = Math.max(longest, byteToken ? 1 : tokens.get(i).length());
        }
        return longest;
    }

    /** Texts of the tokens of type user-defined (4). */
    public Set<String> userDefinedTokens() {
        return tokensOfType(TOKEN_TYPE_USER_DEFINED);
    }

    /** Texts of the tokens of type control (3). */
    public Set<String> controlTokens() {
        return tokensOfType(TOKEN_TYPE_CONTROL);
    }

    /** Texts of the user-defined (4) and control (3) tokens: where reasoning markers such as {@code <think>} live. */
    public Set<String> specialTokens() {
        Set<String> s = new LinkedHashSet<>();
        int n = Math.min(tokens.size(), tokenTypes.length);
        for (int i = 0; i < n; i++) {
            if (tokenTypes[i] == TOKEN_TYPE_USER_DEFINED || tokenTypes[i] == TOKEN_TYPE_CONTROL) {
                s.add(tokens.get(i));
            }
        }
        return Collections.unmodifiableSet(s);
    }

    private Set<String> tokensOfType(int type) {
        Set<String> s = new LinkedHashSet<>();
        int n = Math.min(tokens.size(), tokenTypes.length);
        for (int i = 0; i < n; i++) {
            if (tokenTypes[i] == type) {
                s.add(tokens.get(i));
            }
        }
        return Collections.unmodifiableSet(s);
    }
}
