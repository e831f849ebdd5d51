package io.dialtone.codec;

import java.util.Objects;

/**
 * G.711 A-law ({@code PCMA/8000}, static payload type 8, RFC 3551 §4.5.14): one byte per sample.
 * Stateless singleton, thread-safe.
 */
public final class PcmaCodec implements AudioCodec {

    /** The only instance. */
    public static final PcmaCodec INSTANCE = new PcmaCodec();

    private PcmaCodec() {
    }

    /** {@inheritDoc} Always 8. */
    @Override
    public int payloadType() {
        return 8;
    }

    /** {@inheritDoc} Always {@code "PCMA"}. */
    @Override
    public String encodingName() {
        return "PCMA";
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
            out[outOffset + i] = G711.alawEncode(pcm[pcmOffset + i]);
        }
    }

    /** {@inheritDoc} Writes one sample per byte. */
    @Override
    public void decode(byte[] in, int inOffset, int length, short[] pcm, int pcmOffset) {
        Objects.checkFromIndexSize(inOffset, length, in.length);
        Objects.checkFromIndexSize(pcmOffset, length, pcm.length);
        for (int i = 0; i < length; i++) {
            pcm[pcmOffset + i] = G711.alawDecode(in[inOffset + i]);
        }
    }

    @Override
    public String toString() {
        return "PCMA/8000";
    }
}
