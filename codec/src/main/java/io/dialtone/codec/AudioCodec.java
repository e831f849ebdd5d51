package io.dialtone.codec;

/**
 * A stateless audio codec converting between signed 16-bit linear PCM and an RTP payload format.
 *
 * <p>Implementations are immutable and thread-safe unless they document otherwise; the
 * G.711 implementations are singletons. Buffers are caller-owned; the codec neither keeps nor
 * allocates them.
 */
public interface AudioCodec {

    /**
     * The static RTP payload type assigned by RFC 3551 §6 (Table 4), or a default dynamic one.
     * The type actually negotiated in SDP may differ; see the RTP stream configuration.
     *
     * @return payload type number, 0..127
     */
    int payloadType();

    /**
     * The encoding name as used in SDP {@code a=rtpmap} (RFC 4566 §6), e.g. {@code "PCMU"}.
     *
     * @return the encoding name, never null
     */
    String encodingName();

    /**
     * The RTP clock rate (RFC 3551 §4.5), which for G.711 equals the sampling rate.
     *
     * @return clock rate in Hz
     */
    int clockRateHz();

    /**
     * Encodes {@code samples} PCM16 samples.
     *
     * @param pcm       source samples (signed 16-bit linear at {@link #clockRateHz()})
     * @param pcmOffset index of the first sample in {@code pcm}
     * @param samples   number of samples to encode
     * @param out       destination; for G.711 exactly {@code samples} bytes are written
     * @param outOffset index of the first byte written in {@code out}
     * @throws IndexOutOfBoundsException if a range falls outside its array
     */
    void encode(short[] pcm, int pcmOffset, int samples, byte[] out, int outOffset);

    /**
     * Decodes {@code length} bytes of payload.
     *
     * @param in        the RTP payload
     * @param inOffset  index of the first payload byte
     * @param length    payload length in bytes
     * @param pcm       destination for signed 16-bit linear samples; for G.711 exactly
     *                  {@code length} samples are written
     * @param pcmOffset index of the first sample written
     * @throws IndexOutOfBoundsException if a range falls outside its array
     */
    void decode(byte[] in, int inOffset, int length, short[] pcm, int pcmOffset);
}
