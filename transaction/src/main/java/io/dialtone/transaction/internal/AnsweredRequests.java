package io.dialtone.transaction.internal;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Server transactions that are done with their TU and only wait out Timer J (a non-INVITE
 * transaction in Completed) or Timer L (an INVITE transaction in Accepted whose 2xx was ACKed),
 * kept as bytes rather than objects (RFC 3261 §17.2.2, RFC 6026 §8.7).
 *
 * <p>Why bytes: on UDP, Timer J and L are 64·T1 = 32 s, so at thousands of calls per second a
 * call executor holds the residue of a hundred thousand calls, each of which would otherwise be a
 * transaction object, its key, its timer and a map node. Objects that live 32 s are exactly what a
 * generational collector copies and promotes, and its pauses, not the CPU, then bounded the call
 * rate. Here each record is a few slots of parallel primitive arrays plus its key and payload
 * bytes in a {@link ByteArena} of 256 KiB chunks, so the collector sees a few large arrays however
 * many records there are, and growing never copies the bytes.
 *
 * <p>Shape: records are appended in the order they are made and leave in that order (a FIFO ring
 * indexed by a sequence number); a chained hash index over their keys holds sequence numbers,
 * newest first, so a lookup stops at the first number older than the ring's head and nothing ever
 * has to be unlinked. A record's deadline is checked on every lookup, so a record whose deadline
 * is earlier than its elder's (Timer L runs from the 2xx, not from the ACK) never answers late;
 * it only leaves the arrays when its elders have. The record arrays double when full; everything
 * returns to the initial size when the store empties. A record is at most
 * {@link #MAX_RECORD_BYTES} (key and payload); a longer one is the caller's to keep otherwise.
 *
 * <p>Key: a space byte, then four parts, each length-prefixed, so distinct keys never have equal
 * bytes: in {@link #TRANSACTION_KEY}, the §17.2.3 match of a request with an RFC 3261 branch
 * (branch, sent-by host lower-cased by the caller, port, method); in {@link #REQUEST_IDENTITY},
 * §8.2.2.2's (From tag, Call-ID, CSeq number, method). Set it with {@link #key} before
 * {@link #find} or {@link #add}.
 *
 * <p>Threading: confined to one call executor, like its transaction layer; no locks.
 */
public final class AnsweredRequests {
    /** A 2xx-answered INVITE in Accepted: retransmissions are absorbed; payload is the 2xx's To tag. */
    public static final byte INVITE_ACCEPTED = 1;
    /**
     * A non-INVITE request in Completed: retransmissions get the payload, its final response as a
     * {@link io.dialtone.message.ResponseDelta} of the request.
     */
    public static final byte NON_INVITE_COMPLETED = 2;
    /**
     * A new INVITE refused under overload as a stateless UAS: retransmissions get the payload, the
     * 503's bytes, and its ACK ends the record.
     */
    public static final byte INVITE_REFUSED = 4;
    /**
     * The §8.2.2.2 identity (From tag, Call-ID, CSeq) of a request without To tag whose
     * transaction is one of the above: the same identity on another branch is a merged request.
     */
    public static final byte MERGE_IDENTITY = 3;

    /** Key spaces: a transaction's §17.2.3 key, or a request's §8.2.2.2 identity. */
    public static final byte TRANSACTION_KEY = 1;
    public static final byte REQUEST_IDENTITY = 2;

    static final int INITIAL_RECORDS = 64;
    /** The longest key plus payload a record holds (32 KiB). */
    public static final int MAX_RECORD_BYTES = ByteArena.MAX_RECORD_BYTES;
    private static final long NONE = -1;

    private final long seed = ThreadLocalRandom.current().nextLong() | 1;

    private long head;                  // sequence number of the oldest record
    private long tail;                  // sequence number the next record gets
    private int mask;                   // record slots - 1
    private long[] deadline;
    private long[] start;               // arena position of the key; the payload follows it
    private int[] keyLength;
    private int[] payloadLength;
    private int[] hash;
    private byte[] kind;
    private Object[] destination;
    private long[] older;               // next older record in the same bucket, or NONE
    private long[] buckets;             // newest record per bucket, or NONE

    private final ByteArena arena = new ByteArena();

    private byte[] scratch = new byte[128];
    private int scratchLength;
    private int scratchHash;

    public AnsweredRequests() {
        allocate(INITIAL_RECORDS);
    }

    private void allocate(int records) {
        mask = records - 1;
        deadline = new long[records];
        start = new long[records];
        keyLength = new int[records];
        payloadLength = new int[records];
        hash = new int[records];
        kind = new byte[records];
        destination = new Object[records];
        older = new long[records];
        buckets = new long[records];
        Arrays.fill(buckets, NONE);
    }

    /**
     * Sets the key the next {@link #find}, {@link #add} or {@link #drop} uses.
     *
     * @param space  {@link #TRANSACTION_KEY} or {@link #REQUEST_IDENTITY}
     * @param a      branch, or From tag
     * @param b      sent-by host, or Call-ID (compared exactly: lower-case a host first)
     * @param number sent-by port, or CSeq number
     * @param method the request's method
     */
    public void key(byte space, String a, String b, long number, String method) {
        scratchLength = 0;
        ensureScratch(9);
        scratch[scratchLength++] = space;
        for (int shift = 56; shift >= 0; shift -= 8) {
            scratch[scratchLength++] = (byte) (number >>> shift);
        }
        put(a);
        put(b);
        put(method);
        long h = seed;
        for (int i = 0; i < scratchLength; i++) {
            h = (h ^ (scratch[i] & 0xff)) * 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        scratchHash = (int) h;
    }

    /** Appends {@code s}, length-prefixed; a char above 0x7f takes three bytes whose first is above 0xdf. */
    private void put(String s) {
        int n = s.length();
        ensureScratch(4 + 3 * n);
        scratch[scratchLength++] = (byte) (n >>> 24);
        scratch[scratchLength++] = (byte) (n >>> 16);
        scratch[scratchLength++] = (byte) (n >>> 8);
        scratch[scratchLength++] = (byte) n;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                scratch[scratchLength++] = (byte) c;
            } else {
                scratch[scratchLength++] = (byte) (0xe0 | c >>> 12);
                scratch[scratchLength++] = (byte) (0x80 | (c >>> 6) & 0x3f);
                scratch[scratchLength++] = (byte) (0x80 | c & 0x3f);
            }
        }
    }

    private void ensureScratch(int more) {
        if (scratchLength + more > scratch.length) {
            scratch = Arrays.copyOf(scratch, Math.max(scratch.length * 2, scratchLength + more));
        }
    }

    /**
     * The record of the current {@link #key} whose deadline has not passed.
     *
     * @param now the clock of the deadlines (ns)
     * @return a handle for {@link #kind(long)}, {@link #payload(long)} and {@link #destination(long)},
     *     or -1 when there is none
     */
    public long find(long now) {
        long seq = buckets[scratchHash & mask];
        while (seq >= head && seq != NONE) {
            int slot = (int) seq & mask;
            if (hash[slot] == scratchHash && keyLength[slot] == scratchLength && deadline[slot] - now > 0
                    && arena.equals(start[slot], scratch, scratchLength)) {
                return seq;
            }
            seq = older[slot];
        }
        return -1;
    }

    /**
     * Ends the record of the current {@link #key} now, as if its timer had fired (a transport
     * error terminates the transaction, §17.2.4); it leaves the arrays when its elders do.
     */
    public void drop(long now) {
        long record = find(now);
        if (record >= 0) {
            deadline[(int) record & mask] = now;
        }
    }

    /** {@link #INVITE_ACCEPTED}, {@link #NON_INVITE_COMPLETED}, {@link #INVITE_REFUSED} or {@link #MERGE_IDENTITY}. */
    public byte kind(long record) {
        return kind[(int) record & mask];
    }

    /** A copy of the record's payload. */
    public byte[] payload(long record) {
        int slot = (int) record & mask;
        int from = ByteArena.offset(start[slot]) + keyLength[slot];
        return Arrays.copyOfRange(arena.chunk(start[slot]), from, from + payloadLength[slot]);
    }

    /** Where a response to the request goes, as given to {@link #add}; may be null. */
    public Object destination(long record) {
        return destination[(int) record & mask];
    }

    /** Whether a record of {@code payloadBytes} fits under the current {@link #key} ({@link #MAX_RECORD_BYTES}). */
    public boolean fits(int payloadBytes) {
        return scratchLength + payloadBytes <= MAX_RECORD_BYTES;
    }

    /**
     * Adds a record under the current {@link #key}, after letting expired ones go.
     *
     * @param deadlineNanos when Timer J or L fires, on the clock of {@code now}
     * @param payload       kept as bytes: the final response, or the 2xx's To tag
     * @param destination   kept by reference (shared, long-lived objects only, e.g. an {@code Inbound})
     * @throws IllegalArgumentException when it does not {@link #fits fit}
     */
    public void add(byte recordKind, long deadlineNanos, byte[] payload, Object destination, long now) {
        expire(now);
        long at = arena.append(scratch, scratchLength, payload);
        if (tail - head > mask) {
            grow((mask + 1) * 2);
        }
        long seq = tail++;
        int slot = (int) seq & mask;
        this.deadline[slot] = deadlineNanos;
        start[slot] = at;
        keyLength[slot] = scratchLength;
        payloadLength[slot] = payload.length;
        hash[slot] = scratchHash;
        kind[slot] = recordKind;
        this.destination[slot] = destination;
        link(seq, slot);
    }

    private void link(long seq, int slot) {
        int bucket = hash[slot] & mask;
        older[slot] = buckets[bucket];
        buckets[bucket] = seq;
    }

    private void grow(int records) {
        long[] oldDeadline = deadline;
        long[] oldStart = start;
        int[] oldKey = keyLength;
        int[] oldPayload = payloadLength;
        int[] oldHash = hash;
        byte[] oldKind = kind;
        Object[] oldDestination = destination;
        int oldMask = mask;
        allocate(records);
        for (long seq = head; seq < tail; seq++) {
            int from = (int) seq & oldMask;
            int to = (int) seq & mask;
            deadline[to] = oldDeadline[from];
            start[to] = oldStart[from];
            keyLength[to] = oldKey[from];
            payloadLength[to] = oldPayload[from];
            hash[to] = oldHash[from];
            kind[to] = oldKind[from];
            destination[to] = oldDestination[from];
            link(seq, to);
        }
    }

    /**
     * Lets go of the records from the oldest on whose deadline has passed, stopping at the first
     * that has not; back to the initial capacity when none is left.
     */
    public void expire(long now) {
        long before = head;
        while (head < tail && deadline[(int) head & mask] - now <= 0) {
            destination[(int) head & mask] = null;
            head++;
        }
        if (head == tail) {
            if (head != before) {
                arena.clear();
                if (mask + 1 > INITIAL_RECORDS) {
                    allocate(INITIAL_RECORDS);
                }
            }
        } else {
            arena.releaseBefore(start[(int) head & mask]);
        }
    }

    /** The deadline of the oldest record (what the next {@link #expire} waits for); only when not {@link #isEmpty()}. */
    public long headDeadline() {
        return deadline[(int) head & mask];
    }

    /** Whether no record is held, expired or not. */
    public boolean isEmpty() {
        return head == tail;
    }

    /** Records of transactions (not {@link #MERGE_IDENTITY}) whose deadline has not passed. */
    public int live(long now) {
        int n = 0;
        for (long seq = head; seq < tail; seq++) {
            int slot = (int) seq & mask;
            if (deadline[slot] - now > 0 && kind[slot] != MERGE_IDENTITY) {
                n++;
            }
        }
        return n;
    }

    /** Record slots and arena bytes now allocated (for tests and metrics). */
    public long capacityBytes() {
        return (mask + 1L) * (8 + 8 + 4 + 4 + 4 + 1 + 8 + 8 + 8) + arena.capacityBytes();
    }
}
