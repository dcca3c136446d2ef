package io.thinkgate.engine.gguf;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the metadata KVs of a GGUF file (v2 or v3), never the tensor infos or data. Arrays are skipped (fixed-size
 * ones by seeking) except {@code tokenizer.ggml.tokens} and {@code tokenizer.ggml.token_type}.
 */
public final class GgufReader {

    private static final int MAX_STRING = 64 << 20;
    private static final String TOKENS = "tokenizer.ggml.tokens";
    private static final String TOKEN_TYPE = "tokenizer.ggml.token_type";

    private final FileChannel ch;
    private final ByteBuffer buf = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
    private long bufStart; // file position of buf[0]

    private GgufReader(FileChannel ch) {
        this.ch = ch;
        buf.limit(0);
    }

    public static GgufMetadata read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return new GgufReader(ch).readMetadata(file);
        }
    }

    private GgufMetadata readMetadata(Path file) throws IOException {
        int magic = i32();
        if (magic != GgufWriter.MAGIC) {
            throw new IOException(file + ": not a GGUF file");
        }
        int version = i32();
        if (version != 2 && version != 3) {
            throw new IOException(file + ": unsupported GGUF version " + version);
        }
        long tensorCount = i64();
        long kvCount = i64();
        Map<String, Object> values = new LinkedHashMap<>();
        List<String> tokens = null;
        int[] tokenTypes = null;
        for (long k = 0; k < kvCount; k++) {
            String key = str();
            int type = i32();
            if (type == GgufWriter.T_ARRAY) {
                int et = i32();
                long n = i64();
                if (key.equals(TOKENS) && et == GgufWriter.T_STRING) {
                    tokens = new ArrayList<>((int) Math.min(n, 1 << 20));
                    for (long i = 0; i < n; i++) {
                        tokens.add(str());
                    }
                } else if (key.equals(TOKEN_TYPE) && (et == GgufWriter.T_INT32 || et == GgufWriter.T_UINT32)) {
                    tokenTypes = new int[(int) n];
                    for (int i = 0; i < n; i++) {
                        tokenTypes[i] = i32();
                    }
                } else {
                    skipArray(et, n);
                }
                values.put(key, new GgufMetadata.ArraySummary(et, n));
            } else {
                values.put(key, scalar(type));
            }
        }
        return new GgufMetadata(version, tensorCount, values, tokens, tokenTypes);
    }

    private Object scalar(int type) throws IOException {
        return switch (type) {
            case GgufWriter.T_UINT8 -> (long) (u8());
            case GgufWriter.T_INT8 -> (long) (byte) u8();
            case GgufWriter.T_UINT16 -> (long) (i16() & 0xFFFF);
            case GgufWriter.T_INT16 -> (long) (short) i16();
            case GgufWriter.T_UINT32 -> i32() & 0xFFFFFFFFL;
            case GgufWriter.T_INT32 -> (long) i32();
            case GgufWriter.T_FLOAT32 -> Float.intBitsToFloat(i32());
            case GgufWriter.T_BOOL -> u8() != 0;
            case GgufWriter.T_STRING -> str();
            case GgufWriter.T_UINT64, GgufWriter.T_INT64 -> i64();
            case GgufWriter.T_FLOAT64 -> Double.longBitsToDouble(i64());
            default -> throw new IOException("unknown GGUF value type " + type);
        };
    }

    private void skipArray(int et, long n) throws IOException {
        int size = switch (et) {
            case GgufWriter.T_UINT8, GgufWriter.T_INT8, GgufWriter.T_BOOL -> 1;
            case GgufWriter.T_UINT16, GgufWriter.T_INT16 -> 2;
            case GgufWriter.T_UINT32, GgufWriter.T_INT32, GgufWriter.T_FLOAT32 -> 4;
            case GgufWriter.T_UINT64, GgufWriter.T_INT64, GgufWriter.T_FLOAT64 -> 8;
            default -> -1;
        };
        if (size > 0) {
            skip(n * size);
        } else if (et == GgufWriter.T_STRING) {
            for (long i = 0; i < n; i++) {
                skip(len());
            }
        } else if (et == GgufWriter.T_ARRAY) {
            for (long i = 0; i < n; i++) {
                int inner = i32();
                skipArray(inner, i64());
            }
        } else {
            throw new IOException("unknown GGUF array element type " + et);
        }
    }

    // ---- buffered little-endian access ----

    private void need(int n) throws IOException {
        if (buf.remaining() >= n) {
            return;
        }
        bufStart += buf.position();
        buf.compact();
        while (buf.position() < n) {
            if (ch.read(buf, bufStart + buf.position()) < 0) {
                throw new EOFException("truncated GGUF file");
            }
        }
        buf.flip();
    }

    private void skip(long n) throws IOException {
        if (n <= buf.remaining()) {
            buf.position(buf.position() + (int) n);
            return;
        }
        long target = bufStart + buf.position() + n;
        if (target > ch.size()) {
            throw new EOFException("truncated GGUF file");
        }
        bufStart = target;
        buf.clear().limit(0);
    }

    private int u8() throws IOException {
        need(1);
        return buf.get() & 0xFF;
    }

    private int i16() throws IOException {
        need(2);
        return buf.getShort();
    }

    private int i32() throws IOException {
        need(4);
        return buf.getInt();
    }

    private long i64() throws IOException {
        need(8);
        return buf.getLong();
    }

    private long len() throws IOException {
        long n = i64();
        if (n < 0 || n > MAX_STRING) {
            throw new IOException("bad GGUF string length " + n);
        }
        return n;
    }

    private String str() throws IOException {
        int n = (int) len();
        if (n <= buf.capacity()) {
            need(n);
            String s = new String(buf.array(), buf.arrayOffset() + buf.position(), n, StandardCharsets.UTF_8);
            buf.position(buf.position() + n);
            return s;
        }
        byte[] b = new byte[n];
        int off = 0;
        while (off < n) {
            need(1);
            int k = Math.min(buf.remaining(), n - off);
            buf.get(b, off, k);
            off += k;
        }
        return new String(b, StandardCharsets.UTF_8);
    }
}
