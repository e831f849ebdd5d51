package io.dialtone.rtp.internal;

import io.dialtone.codec.AudioCodec;
import io.dialtone.codec.G711Plc;
import io.dialtone.rtp.AudioSink;
import io.dialtone.rtp.JitterBuffer;
import java.util.Arrays;

/**
 * Playout of one {@link StreamEngine}: frames from its {@link JitterBuffer}, decoded, with G.711
 * Appendix I concealment ({@link G711Plc}) of missing frames and RFC 3389 comfort noise
 * ({@link ComfortNoise}) from a played CN frame until the next audio frame.
 *
 * <p>Threading: confined to the stream's event loop, as its engine is. No allocation per frame.
 */
final class Playout {

    /** Mean absolute sample value below which a frame counts as quiet (about −50 dBFS). */
    private static final int QUIET_MEAN_ABS = 100;

    private final JitterBuffer jitterBuffer;
    private final int samples;
    private final G711Plc plc; // null when the clock rate or frame size does not suit it
    private boolean concealment = true;
    private final ComfortNoise comfortNoise = new ComfortNoise();
    private int cnLevel = -1; // level of the last CN packet received, −dBov; -1 before any
    private boolean noisePlaying; // a CN frame was played and no audio since
    private AudioCodec codec;

    Playout(JitterBuffer jitterBuffer, AudioCodec codec, int samples) {
        this.jitterBuffer = jitterBuffer;
        this.codec = codec;
        this.samples = samples;
        this.plc = codec.clockRateHz() == G711Plc.SAMPLE_RATE_HZ && samples % G711Plc.BLOCK_SAMPLES == 0
                ? new G711Plc() : null;
        jitterBuffer.quietTest(this::quiet);
    }

    void codec(AudioCodec newCodec) {
        this.codec = newCodec;
    }

    /** @return whether lost frames are concealed (G.711 at 8 kHz and concealment on) */
    boolean conceals() {
        return plc != null && concealment;
    }

    void concealment(boolean on) {
        this.concealment = on;
    }

    /** A CN packet arrived: the level of the noise played from its frame on, −dBov. */
    void comfortNoiseLevel(int level) {
        cnLevel = level;
        comfortNoise.level(level);
    }

    /**
     * Plays one frame: the next packet from the jitter buffer, or its concealment (G.711 Appendix I)
     * when the frame is missing, or silence while idle. No allocation.
     */
    void play(AudioSink sink) {
        boolean conceals = plc != null && concealment;
        LoopBuffers scratch = LoopBuffers.get(); // the loop's, shared by its streams: no state between ticks
        byte[] playoutPayload = scratch.payload;
        short[] pcm = scratch.playPcm(samples);
        switch (jitterBuffer.poll(playoutPayload)) {
            case PLAY -> {
                if (jitterBuffer.payloadLength() == 0 && cnLevel >= 0) {
                    noisePlaying = true; // the CN frame: noise from here until audio
                    playNoise(pcm, conceals);
                    break;
                }
                noisePlaying = false;
                int len = Math.min(jitterBuffer.payloadLength(), samples); // another ptime: what fits
                codec.decode(playoutPayload, 0, len, pcm, 0);
                Arrays.fill(pcm, len, samples, (short) 0);
                if (conceals) {
                    plc.good(pcm, 0, samples);
                }
            }
            case CONCEAL -> {
                if (noisePlaying) {
                    playNoise(pcm, conceals); // the silence after CN, not a loss
                } else if (conceals) {
                    plc.conceal(pcm, 0, samples);
                } else {
                    Arrays.fill(pcm, 0, samples, (short) 0);
                }
            }
            case SILENCE -> {
                if (noisePlaying) {
                    playNoise(pcm, conceals);
                    break;
                }
                Arrays.fill(pcm, 0, samples, (short) 0);
                if (conceals) {
                    plc.good(pcm, 0, samples); // keeps the concealer's history and delay in step
                }
            }
        }
        sink.write(pcm, samples);
    }

    private void playNoise(short[] pcm, boolean conceals) {
        comfortNoise.fill(pcm, samples);
        if (conceals) {
            plc.good(pcm, 0, samples); // keeps the concealer's history and delay in step
        }
    }

    /** Jitter-buffer quiet test: mean absolute decoded sample below {@link #QUIET_MEAN_ABS}. */
    private boolean quiet(byte[] payload, int offset, int length) {
        short[] quietPcm = LoopBuffers.get().quietPcm;
        int n = Math.min(length, quietPcm.length);
        codec.decode(payload, offset, n, quietPcm, 0);
        long sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Math.abs(quietPcm[i]);
        }
        return sum < (long) QUIET_MEAN_ABS * n;
    }

}
