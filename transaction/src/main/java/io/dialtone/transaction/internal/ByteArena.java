package io.dialtone.transaction.internal;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * An append-only byte log in fixed-size chunks, released from the oldest end: the byte storage of
 * {@link AnsweredRequests}. Positions are absolute and only grow; a record never straddles two
 * chunks. Growing adds a chunk (no copy, so no moment that needs twice the memory, which a single
 * doubling array would at hundreds of megabytes); a released chunk is kept for reuse, up to
 * {@link #SPARE_CHUNKS}, so steady traffic allocates nothing.
 *
 * <p>Threading: confined to one thread; no locks.
 */
final class ByteArena {
    static final int CHUNK_BITS = 18;
    /** Bytes per chunk: 256 KiB. */
    static final int CHUNK_BYTES = 1 << CHUNK_BITS;
    /** The longest record: an eighth of a chunk (32 KiB), so padding wastes little. */
    static final int MAX_RECORD_BYTES = CHUNK_BYTES / 8;
    /** Released chunks kept for reuse (1 MiB). */
    static final int SPARE_CHUNKS = 4;

    private byte[][] chunks = new byte[4][];   // by chunk id & (length - 1)
    private long firstChunk;                   // id of the oldest chunk held
    private long nextChunk;                    // id after the newest chunk held
    private long written;                      // position after the newest record
    private final ArrayDeque<byte[]> spare = new ArrayDeque<>();

    /**
     * Appends {@code aLength} bytes of {@code a}, then all of {@code b}, contiguously.
     *
     * @return the position of the first byte
     * @throws IllegalArgumentException when longer than {@link #MAX_RECORD_BYTES}
     */
    long append(byte[] a, int aLength, byte[] b) {
        int length = aLength + b.length;
        if (length > MAX_RECORD_BYTES) {
            throw new IllegalArgumentException("record of " + length + " bytes, at most " + MAX_RECORD_BYTES);
        }
        long at = written;
        if (offset(at) + length > CHUNK_BYTES) {
            at = (at >>> CHUNK_BITS) + 1 << CHUNK_BITS;                 // start the next chunk
        }
        while (nextChunk <= at >>> CHUNK_BITS) {
            addChunk();
        }
        byte[] chunk = chunk(at);
        int p = offset(at);
        System.arraycopy(a, 0, chunk, p, aLength);
        System.arraycopy(b, 0, chunk, p + aLength, b.length);
        written = at + length;
        return at;
    }

    private void addChunk() {
        if (nextChunk - firstChunk == chunks.length) {
            byte[][] bigger = new byte[chunks.length * 2][];
            for (long id = firstChunk; id < nextChunk; id++) {
                bigger[(int) id & (bigger.length - 1)] = chunks[(int) id & (chunks.length - 1)];
            }
            chunks = bigger;
        }
        byte[] chunk = spare.pollFirst();
        chunks[(int) nextChunk & (chunks.length - 1)] = chunk != null ? chunk : new byte[CHUNK_BYTES];
        nextChunk++;
    }

    /** The chunk holding {@code position}. */
    byte[] chunk(long position) {
        return chunks[(int) (position >>> CHUNK_BITS) & (chunks.length - 1)];
    }

    /** {@code position}'s index in its {@link #chunk}. */
    static int offset(long position) {
        return (int) position & (CHUNK_BYTES - 1);
    }

    /** Whether the bytes at {@code position} equal {@code b[0, length)}. */
    boolean equals(long position, byte[] b, int length) {
        int p = offset(position);
        return Arrays.equals(chunk(position), p, p + length, b, 0, length);
    }

    /** Lets go of every chunk wholly before {@code oldest}, the position of the oldest byte still needed. */
    void releaseBefore(long oldest) {
        long keep = oldest >>> CHUNK_BITS;
        while (firstChunk < keep && firstChunk < nextChunk) {
            int slot = (int) firstChunk & (chunks.length - 1);
            if (spare.size() < SPARE_CHUNKS) {
                spare.addLast(chunks[slot]);
            }
            chunks[slot] = null;
            firstChunk++;
        }
    }

    /** Lets go of everything, spares included: nothing is needed any more. */
    void clear() {
        releaseBefore(Long.MAX_VALUE);
        spare.clear();
        written = firstChunk << CHUNK_BITS;
        if (chunks.length > 4) {
            chunks = new byte[4][];
        }
    }

    /** Bytes held in chunks, spares included. */
    long capacityBytes() {
        return (nextChunk - firstChunk + spare.size()) * (long) CHUNK_BYTES;
    }
}
