package io.dialtone.rtp;

/**
 * Supplies PCM16 audio to a stream: the media clock pulls one frame per packet interval.
 *
 * <p>Called on the stream's event loop; implementations must not block (no network or slow disk
 * I/O, no locks held by other threads for long).
 */
public interface AudioSource {

    /**
     * Fills {@code samples} signed 16-bit samples, mono, at 8000 Hz.
     *
     * @param frame   destination, at least {@code samples} long
     * @param samples number of samples to produce (160 for 20 ms)
     * @return false at end of stream (the frame content is then undefined and the stream stops sending)
     */
    boolean read(short[] frame, int samples);
}
