package io.dialtone.rtp;

/**
 * Snapshot of {@link JitterBuffer} counters. All counts are frames (packets) since the stream started.
 *
 * @param played        frames played out
 * @param lost          frames missing at playout time (sequence numbers skipped)
 * @param late          packets arrived after their playout time, discarded
 * @param duplicate     packets whose sequence number was already buffered, discarded
 * @param overflow      packets too far ahead of the playout point, discarded
 * @param underruns     times the buffer ran dry while playing
 * @param buffered      frames buffered at snapshot time
 * @param concealed     frames replaced by packet loss concealment (lost, late, or inserted to grow the delay)
 * @param dropped       frames dropped to shrink the delay
 * @param inserted      concealed frames inserted to grow the delay
 * @param delayMs       current playout delay, in ms
 * @param targetDelayMs delay the next talkspurt starts with, in ms
 */
public record JitterBufferStats(long played, long lost, long late, long duplicate, long overflow, long underruns,
        int buffered, long concealed, long dropped, long inserted, int delayMs, int targetDelayMs) {

    /** @return packets discarded on arrival: late, duplicate and overflow */
    public long discarded() {
        return late + duplicate + overflow;
    }
}
