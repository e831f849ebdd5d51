package io.dialtone.rtp;

/**
 * Consumes decoded PCM16 audio from a stream: one frame per packet interval, silence (zeros) for
 * frames lost or not yet received.
 *
 * <p>Called on the stream's event loop; implementations must not block. The frame array is reused by
 * the caller after {@code write} returns, so copy what must be kept.
 */
public interface AudioSink {

    /**
     * Accepts one frame.
     *
     * @param frame   signed 16-bit samples, mono, 8000 Hz
     * @param samples number of valid samples at the start of {@code frame}
     */
    void write(short[] frame, int samples);

    /** Called once when the stream stops. The default does nothing. */
    default void close() {
    }
}
