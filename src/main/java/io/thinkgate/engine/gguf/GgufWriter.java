package io.thinkgate.engine.gguf;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes GGUF v3 files: magic, version, tensor count, kv count, the kvs, the tensor infos and the tensor data,
 * aligned to 32 bytes. Little-endian. Tensor data is streamed, so big (random-weight) models need no big heap.
 *
 * <pre>
 * new GgufWriter()
 *     .putString("general.architecture", "llama")
 *     .putUint32("llama.block_count", 1)
 *     .addTensor("output_norm.weight", GgmlType.F32, new long[] {d}, GgufWriter.f32(ones))
 *     .write(path);
 * </pre>
 */
public final class GgufWriter {

    public static final int MAGIC = 0x46554747; // "GGUF" little-endian
    public static final int VERSION = 3;
    public static final int ALIGNMENT = 32;

    // GGUF metadata value types
    static final int T_UINT8 = 0, T_INT8 = 1, T_UINT16 = 2, T_INT16 = 3, T_UINT32 = 4, T_INT32 = 5, T_FLOAT32 = 6,
            T_BOOL = 7, T_STRING = 8, T_ARRAY = 9, T_UINT64 = 10, T_INT64 = 11, T_FLOAT64 = 12;

    /** Writes a tensor's raw bytes (exactly the size its type and dims imply). */
    @FunctionalInterface
    public interface TensorData {
        void writeTo(OutputStream out) throws IOException;
    }

    private record Kv(String key, int type, Object value) {
    }

    private record Tensor(String name, GgmlType type, long[] dims, TensorData data, long bytes) {
    }

    private final Map<String, Kv> kvs = new LinkedHashMap<>();
    private final List<Tensor> tensors = new ArrayList<>();

    public GgufWriter putUint32(String key, long value) {
        if (value < 0 || value > 0xFFFFFFFFL) {
            throw new IllegalArgumentException(key + ": not a uint32: " + value);
        }
        return put(key, T_UINT32, value);
    }

    public GgufWriter putInt32(String key, int value) {
        return put(key, T_INT32, value);
    }

    public GgufWriter putFloat32(String key, float value) {
        return put(key, T_FLOAT32, value);
    }

    public GgufWriter putBool(String key, boolean value) {
        return put(key, T_BOOL, value);
    }

    public GgufWriter putString(String key, String value) {
        return put(key, T_STRING, value);
    }

    public GgufWriter putStringArray(String key, List<String> values) {
        return put(key, T_ARRAY, new ArrayValue(T_STRING, List.copyOf(values)));
    }

    public GgufWriter putInt32Array(String key, int[] values) {
        return put(key, T_ARRAY, new ArrayValue(T_INT32, values.clone()));
    }

    public GgufWriter putFloat32Array(String key, float[] values) {
        return put(key, T_ARRAY, new ArrayValue(T_FLOAT32, values.clone()));
    }

    private record ArrayValue(int elementType, Object values) {
    }

    private GgufWriter put(String key, int type, Object value) {
        kvs.put(key, new Kv(key, type, value));
        return this;
    }

    /**
     * Adds a tensor. {@code dims} are ggml's ne[]: the fastest-varying (row length) first, so a matrix with
     * {@code rows} rows of {@code cols} elements is {@code {cols, rows}}.
     */
    public GgufWriter addTensor(String name, GgmlType type, long[] dims, TensorData data) {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        if (dims.length == 0 || dims[0] % type.blockSize != 0) {
            throw new IllegalArgumentException(name + ": first dim must be a multiple of " + type.blockSize);
        }
        tensors.add(new Tensor(name, type, dims.clone(), data, type.bytesFor(n)));
        return this;
    }

    /** F32 data from an array (row-major, ne0 fastest). */
    public static TensorData f32(float[] values) {
        return out -> {
            ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (float v : values) {
                if (!buf.hasRemaining()) {
                    out.write(buf.array(), 0, buf.position());
                    buf.clear();
                }
                buf.putFloat(v);
            }
            out.write(buf.array(), 0, buf.position());
        };
    }

    /** Writes the file (through a temporary sibling, then an atomic move). */
    public Path write(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, ".gguf-", ".part");
        try {
            try (OutputStream raw = Files.newOutputStream(tmp);
                 CountingOut out = new CountingOut(new BufferedOutputStream(raw, 1 << 20))) {
                writeTo(out);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return file;
    }

    private void writeTo(CountingOut out) throws IOException {
        out.i32(MAGIC);
        out.i32(VERSION);
        out.i64(tensors.size());
        out.i64(kvs.size());
        for (Kv kv : kvs.values()) {
            out.str(kv.key);
            out.i32(kv.type);
            writeValue(out, kv.type, kv.value);
        }
        long offset = 0;
        for (Tensor t : tensors) {
            out.str(t.name);
            out.i32(t.dims.length);
            for (long d : t.dims) {
                out.i64(d);
            }
            out.i32(t.type.id);
            out.i64(offset);
            offset = align(offset + t.bytes);
        }
        out.pad();
        for (Tensor t : tensors) {
            long start = out.count;
            t.data.writeTo(out);
            long written = out.count - start;
            if (written != t.bytes) {
                throw new IOException(t.name + ": wrote " + written + " bytes, expected " + t.bytes);
            }
            out.pad();
        }
    }

    private static long align(long n) {
        return (n + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }

    private static void writeValue(CountingOut out, int type, Object value) throws IOException {
        switch (type) {
            case T_UINT32 -> out.i32((int) (long) (Long) value);
            case T_INT32 -> out.i32((Integer) value);
            case T_FLOAT32 -> out.i32(Float.floatToRawIntBits((Float) value));
            case T_BOOL -> out.write((Boolean) value ? 1 : 0);
            case T_STRING -> out.str((String) value);
            case T_ARRAY -> {
                ArrayValue a = (ArrayValue) value;
                out.i32(a.elementType);
                switch (a.elementType) {
                    case T_STRING -> {
                        @SuppressWarnings("unchecked")
                        List<String> l = (List<String>) a.values;
                        out.i64(l.size());
                        for (String s : l) {
                            out.str(s);
                        }
                    }
                    case T_INT32 -> {
                        int[] v = (int[]) a.values;
                        out.i64(v.length);
                        for (int x : v) {
                            out.i32(x);
                        }
                    }
                    case T_FLOAT32 -> {
                        float[] v = (float[]) a.values;
                        out.i64(v.length);
                        for (float x : v) {
                            out.i32(Float.floatToRawIntBits(x));
                        }
                    }
                    default -> throw new IllegalStateException("array type " + a.elementType);
                }
            }
            default -> throw new IllegalStateException("type " + type);
        }
    }

    private static final class CountingOut extends OutputStream {
        private final OutputStream out;
        long count;

        CountingOut(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        void i32(int v) throws IOException {
            write(v & 0xFF);
            write((v >>> 8) & 0xFF);
            write((v >>> 16) & 0xFF);
            write((v >>> 24) & 0xFF);
        }

        void i64(long v) throws IOException {
            i32((int) v);
            i32((int) (v >>> 32));
        }

        void str(String s) throws IOException {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            i64(b.length);
            write(b, 0, b.length);
        }

        void pad() throws IOException {
            while (count % ALIGNMENT != 0) {
                write(0);
            }
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    /** IEEE 754 binary16 bits for a float (round to nearest even; Float.floatToFloat16 needs Java 20). */
    public static short toHalf(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int val = (bits & 0x7fffffff) + 0x1000; // rounding
        if (val >= 0x47800000) { // overflow / inf / nan
            if ((bits & 0x7fffffff) >= 0x47800000) {
                if ((bits & 0x7fffffff) > 0x7f800000) {
                    return (short) (sign | 0x7e00);
                }
                return (short) (sign | 0x7c00);
            }
            return (short) (sign | 0x7bff);
        }
        if (val >= 0x38800000) { // normal
            return (short) (sign | ((val - 0x38000000) >>> 13));
        }
        if (val < 0x33000000) { // too small
            return (short) sign;
        }
        val = (bits & 0x7fffffff) >>> 23;
        return (short) (sign | ((((bits & 0x7fffff) | 0x800000) + (0x800000 >>> (val - 102))) >>> (126 - val)));
    }
}
