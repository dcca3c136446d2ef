package io.thinkgate.engine.gguf;

/** The ggml tensor types that {@link GgufWriter} can write, with their GGUF type ids and block layouts. */
public enum GgmlType {
    F32(0, 1, 4),
    F16(1, 1, 2),
    Q8_0(8, 32, 34);

    /** The id stored in a GGUF tensor info. */
    public final int id;
    /** Elements per block (the first dimension must be a multiple of it). */
    public final int blockSize;
    /** Bytes per block. */
    public final int blockBytes;

    GgmlType(int id, int blockSize, int blockBytes) {
        this.id = id;
        this.blockSize = blockSize;
        this.blockBytes = blockBytes;
    }

    /** Bytes taken by {@code elements} elements (a multiple of {@link #blockSize}). */
    public long bytesFor(long elements) {
        if (elements % blockSize != 0) {
            throw new IllegalArgumentException(this + " needs a multiple of " + blockSize + " elements, got " + elements);
        }
        return elements / blockSize * blockBytes;
    }
}
