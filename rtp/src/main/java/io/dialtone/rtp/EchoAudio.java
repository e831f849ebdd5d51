package io.dialtone.rtp;

import java.util.Arrays;

/**
 * A sink that feeds a source: what is written is read back, through a ring buffer. Pass the same
 * instance as both source and sink of {@link RtpStream#start} to echo a caller's audio back
 * (delayed by the jitter buffer and one packet interval).
 *
 * <p>When the buffer is empty, reads return silence; when full, the oldest samples are overwritten.
 * Confined to one thread (the stream's event loop); no locks.
 */
public final class EchoAudio implements AudioSource, AudioSink {

    private final short[] ring;
    private int readPos;
    private int available;
    private long overwritten;

    /** @param capacitySamples ring size in samples, e.g. 1600 (200 ms at 8 kHz); at least 1 */
    public EchoAudio(int capacitySamples) {
        if (capacitySamples < 1) {
            throw new IllegalArgumentException("capacitySamples must be positive");
        }
        ring = new short[capacitySamples];
    }

    /** Appends samples, overwriting the oldest when full. */
    @Override
    public void write(short[] frame, int samples) {
        int cap = ring.length;
        int from = 0;
        if (samples > cap) { // only the newest cap samples can stay
            overwritten += available + samples - cap;
            from = samples - cap;
            samples = cap;
            readPos = 0;
            available = 0;
        }
        int overflow = available + samples - cap;
        if (overflow > 0) {
            readPos = (readPos + overflow) % cap;
            available -= overflow;
            overwritten += overflow;
        }
        int end = (readPos + available) % cap; // where the new samples go, in at most two runs
        int first = Math.min(samples, cap - end);
        System.arraycopy(frame, from, ring, end, first);
        System.arraycopy(frame, from + first, ring, 0, samples - first);
        available += samples;
    }

    /** Reads buffered samples, padding with silence; never ends. */
    @Override
    public boolean read(short[] frame, int samples) {
        int n = Math.min(samples, available);
        int first = Math.min(n, ring.length - readPos);
        System.arraycopy(ring, readPos, frame, 0, first);
        System.arraycopy(ring, 0, frame, first, n - first);
        Arrays.fill(frame, n, samples, (short) 0);
        readPos = (readPos + n) % ring.length;
        available -= n;
        return true;
    }

    /** @return samples waiting to be read */
    public int available() {
        return available;
    }

    /** @return samples dropped because the ring was full */
    public long overwritten() {
        return overwritten;
    }
}
