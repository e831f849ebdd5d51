package io.dialtone.codec;

import java.util.Objects;

/**
 * G.711 μ-law ({@code PCMU/8000}, static payload type 0, RFC 3551 §4.5.14): one byte per sample.
 * Stateless singleton, thread-safe.
 */
public final class PcmuCodec implements AudioCodec {

    /** The only instance. */
    public static final PcmuCodec INSTANCE = new PcmuCodec();

    private PcmuCodec() {
    }

    /** {@inheritDoc} Always 0. */
    @Override
    public int payloadType() {
        return 0;
    }

    /** {@inheritDoc} Always {@code "PCMU"}. */
    @Override
    public String encodingName() {
        return "PCMU";
    }

    /** {@inheritDoc} Always 8000. */
    @Override
    public int clockRateHz() {
        return 8000;
    }

    /** {@inheritDoc} Writes one byte per sample. */
    @Override
    public void encode(short[] pcm, int pcmOffset, int samples, byte[] out, int outOffset) {
        Objects.checkFromIndexSize(pcmOffset, samples, pcm.length);
        Objects.checkFromIndexSize(outOffset, samples, out.length);
        for (int i = 0; i < samples; i++) {
            out[outOffset + i] = G711.ulawEncode(pcm[pcmOffset + i]);
        }
    }

    /** {@inheritDoc} Writes one sample per byte. */
    @Override
    public void decode(byte[] in, int inOffset, int length, short[] pcm, int pcmOffset) {
        Objects.checkFromIndexSize(inOffset, length, in.length);
        Objects.checkFromIndexSize(pcmOffset, length, pcm.length);
        for (int i = 0; i < length; i++) {
            pcm[pcmOffset + i] = G711.ulawDecode(in[inOffset + i]);
        }
    }

    @Override
    public String toString() {
        return "PCMU/8000";
    }
}
