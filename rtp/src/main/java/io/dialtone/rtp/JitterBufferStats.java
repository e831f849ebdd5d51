package io.dialtone.rtp;

/**
 * Snapshot of {@link JitterBuffer} counters. All counts are frames (packets) since the stream started.
 *
 * @param played     frames played out
 * @param lost       frames missing at playout time
 * @param late       packets arrived after their playout time
 * @param duplicate  packets whose sequence number was already buffered
 * @param overflow   packets dropped for being beyond capacity
 * @param underruns  times the buffer ran empty while playing
 * @param buffered   frames buffered at snapshot time
 */
public record JitterBufferStats(long played, long lost, long late, long duplicate, long overflow, long underruns,
        int buffered) {
}
