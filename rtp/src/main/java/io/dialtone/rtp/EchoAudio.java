package io.dialtone.rtp;

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
        for (int i = 0; i < samples; i++) {
            ring[(readPos + available) % ring.length] = frame[i];
            if (available == ring.length) {
                readPos = (readPos + 1) % ring.length;
                overwritten++;
            } else {
                available++;
            }
        }
    }

    /** Reads buffered samples, padding with silence; never ends. */
    @Override
    public boolean read(short[] frame, int samples) {
        for (int i = 0; i < samples; i++) {
            if (available > 0) {
                frame[i] = ring[readPos];
                readPos = (readPos + 1) % ring.length;
                available--;
            } else {
                frame[i] = 0;
            }
        }
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
