package io.dialtone.codec;

import java.util.Arrays;
import java.util.Objects;

/**
 * Packet loss concealment for 8 kHz narrow-band audio, after ITU-T G.711 Appendix I (1999): pitch
 * waveform substitution with overlap-add.
 *
 * <p>Feed every good frame through {@link #good}; ask {@link #conceal} for each frame that is missing.
 * On the first lost 10 ms the pitch period (40..120 samples, 200..66.7 Hz) is found by normalised
 * cross-correlation over the last 20 ms of history (coarse search on every second lag, then fine), and
 * the last period is repeated, its seam smoothed by a quarter-period overlap-add. From the second
 * 10 ms on, up to three periods are cycled (to avoid a buzzy tone) and the output is attenuated
 * linearly by 20 % per 10 ms, reaching silence after 60 ms. The first good frame after a loss is
 * cross-faded with the continued synthetic signal over a quarter period plus 4 ms per extra lost 10 ms.
 *
 * <p>To be able to smooth the start of a loss, good output is delayed by {@link #DELAY_SAMPLES}
 * (3.75 ms): {@code good} returns, in place, the audio of 30 samples earlier.
 *
 * <p>Frames are processed in 10 ms blocks, so each call takes a multiple of {@link #BLOCK_SAMPLES}
 * samples (160 for 20 ms). All buffers are preallocated: no allocation per frame.
 *
 * <p>Threading: not thread-safe; one instance per received stream, confined to its event loop.
 */
public final class G711Plc {

    /** Sampling rate this concealment works at, in Hz. */
    public static final int SAMPLE_RATE_HZ = 8000;
    /** Block size: 10 ms at 8 kHz, in samples. Calls take multiples of it. */
    public static final int BLOCK_SAMPLES = 80;
    /** Delay added to good audio, in samples (3.75 ms at 8 kHz). */
    public static final int DELAY_SAMPLES = 30;
    /** Longest loss that still produces sound, in ms; later lost frames are silent. */
    public static final int MAX_CONCEAL_MS = 60;

    private static final int PITCH_MIN = 40; // 200 Hz
    private static final int PITCH_MAX = 120; // 66.7 Hz
    private static final int PITCH_DIFF = PITCH_MAX - PITCH_MIN;
    private static final int POVERLAP_MAX = PITCH_MAX >> 2; // = DELAY_SAMPLES
    private static final int HISTORY_LEN = PITCH_MAX * 3 + POVERLAP_MAX; // 390
    private static final int NDEC = 2; // decimation of the coarse search
    private static final int CORR_LEN = 160; // 20 ms correlation window
    private static final int CORR_BUF_LEN = CORR_LEN + PITCH_MAX;
    private static final float CORR_MIN_POWER = 250f;
    private static final int EOVERLAP_INCR = 32; // 4 ms more cross-fade per extra lost 10 ms
    private static final float ATTEN_FAC = 0.2f; // per 10 ms
    private static final float ATTEN_INCR = ATTEN_FAC / BLOCK_SAMPLES;
    private static final int SILENT_AFTER_BLOCKS = MAX_CONCEAL_MS / 10;

    /**
     * The last {@code HISTORY_LEN} samples, as a ring: the oldest at {@link #head}. A good block
     * writes 80 samples and reads 80 back instead of shifting the whole history, which on a loop of
     * many streams is most of what concealment costs while nothing is lost.
     */
    private final short[] history = new short[HISTORY_LEN];
    private int head;
    private final float[] pitchBuf = new float[HISTORY_LEN];
    private final float[] lastQ = new float[POVERLAP_MAX];
    private final short[] overlap = new short[BLOCK_SAMPLES];

    private int eraseBlocks; // consecutive lost 10 ms blocks
    private int pitch; // samples
    private int pOverlap; // quarter of the pitch period, samples
    private int pOffset; // read position in the pitch loop
    private int pitchBLen; // length of the pitch loop: 1, 2 or 3 periods
    private int pitchBufStart; // index into pitchBuf of the loop start (loop ends at HISTORY_LEN)

    /** Creates a concealer with silent history. */
    public G711Plc() {
    }

    /** Forgets history and any loss in progress, as at construction. */
    public void reset() {
        Arrays.fill(history, (short) 0);
        head = 0;
        eraseBlocks = 0;
    }

    /** @return whether the last call was {@link #conceal} (a loss is in progress) */
    public boolean concealing() {
        return eraseBlocks > 0;
    }

    /**
     * Takes a good (received and decoded) frame and replaces it, in place, with the output due now:
     * the same audio delayed by {@link #DELAY_SAMPLES}, cross-faded after a loss.
     *
     * @param pcm     samples at 8 kHz; overwritten with the output
     * @param offset  index of the first sample
     * @param samples frame length, a multiple of {@link #BLOCK_SAMPLES}
     * @throws IllegalArgumentException if {@code samples} is not a positive multiple of 80
     * @throws IndexOutOfBoundsException if the range falls outside {@code pcm}
     */
    public void good(short[] pcm, int offset, int samples) {
        checkFrame(pcm, offset, samples);
        for (int b = offset; b < offset + samples; b += BLOCK_SAMPLES) {
            if (eraseBlocks > 0) {
                // Appendix I: fade from the synthetic signal into the real one.
                int olen = Math.min(BLOCK_SAMPLES, pOverlap + (eraseBlocks - 1) * EOVERLAP_INCR);
                feSpeech(overlap, 0, olen);
                overlapAddAtEnd(pcm, b, overlap, olen);
                eraseBlocks = 0;
            }
            saveSpeech(pcm, b);
        }
    }

    /**
     * Writes the concealment of one missing frame.
     *
     * @param out     destination, 8 kHz samples
     * @param offset  index of the first sample written
     * @param samples frame length, a multiple of {@link #BLOCK_SAMPLES}
     * @return true if the frame holds synthesised audio; false once the loss is longer than
     *         {@link #MAX_CONCEAL_MS}, when the frame is silence but for the last, fully attenuated
     *         {@link #DELAY_SAMPLES} of the previous one
     * @throws IllegalArgumentException if {@code samples} is not a positive multiple of 80
     * @throws IndexOutOfBoundsException if the range falls outside {@code out}
     */
    public boolean conceal(short[] out, int offset, int samples) {
        checkFrame(out, offset, samples);
        boolean audible = eraseBlocks < SILENT_AFTER_BLOCKS;
        for (int b = offset; b < offset + samples; b += BLOCK_SAMPLES) {
            concealBlock(out, b);
        }
        return audible;
    }

    private static void checkFrame(short[] pcm, int offset, int samples) {
        if (samples <= 0 || samples % BLOCK_SAMPLES != 0) {
            throw new IllegalArgumentException("frame must be a positive multiple of 80 samples: " + samples);
        }
        Objects.checkFromIndexSize(offset, samples, pcm.length);
    }

    private void concealBlock(short[] out, int off) {
        if (eraseBlocks == 0) {
            for (int i = 0, h = head; i < HISTORY_LEN; i++, h = h + 1 == HISTORY_LEN ? 0 : h + 1) {
                pitchBuf[i] = history[h];
            }
            pitch = findPitch();
            pOverlap = pitch >> 2;
            // Keep the last quarter period, then make the one-period loop wrap smoothly.
            System.arraycopy(pitchBuf, HISTORY_LEN - pOverlap, lastQ, 0, pOverlap);
            pOffset = 0;
            pitchBLen = pitch;
            pitchBufStart = HISTORY_LEN - pitchBLen;
            overlapAdd(lastQ, pitchBuf, pitchBufStart - pOverlap, HISTORY_LEN - pOverlap, pOverlap);
            // The not-yet-played tail of the history now leads into the loop.
            for (int i = HISTORY_LEN - pOverlap; i < HISTORY_LEN; i++) {
                history[ring(i)] = clamp(pitchBuf[i]);
            }
            feSpeech(out, off, BLOCK_SAMPLES);
        } else if (eraseBlocks == 1 || eraseBlocks == 2) {
            // Widen the loop by one period, cross-fading from where the old loop was.
            int saveOffset = pOffset;
            feSpeech(overlap, 0, pOverlap);
            pOffset = saveOffset;
            while (pOffset > pitch) {
                pOffset -= pitch;
            }
            pitchBLen += pitch;
            pitchBufStart = HISTORY_LEN - pitchBLen;
            overlapAdd(lastQ, pitchBuf, pitchBufStart - pOverlap, HISTORY_LEN - pOverlap, pOverlap);
            feSpeech(out, off, BLOCK_SAMPLES);
            float incr = 1f / pOverlap;
            float lw = 1f - incr;
            float rw = incr;
            for (int i = 0; i < pOverlap; i++) {
                out[off + i] = clamp(lw * overlap[i] + rw * out[off + i]);
                lw -= incr;
                rw += incr;
            }
            scaleSpeech(out, off);
        } else if (eraseBlocks >= SILENT_AFTER_BLOCKS) {
            Arrays.fill(out, off, off + BLOCK_SAMPLES, (short) 0);
        } else {
            feSpeech(out, off, BLOCK_SAMPLES);
            scaleSpeech(out, off);
        }
        eraseBlocks++;
        saveSpeech(out, off);
    }

    /** Appends one block to the history and writes out, in its place, the block due {@link #DELAY_SAMPLES} ago. */
    private void saveSpeech(short[] s, int off) {
        int first = Math.min(BLOCK_SAMPLES, HISTORY_LEN - head); // the block replaces the oldest
        System.arraycopy(s, off, history, head, first);
        System.arraycopy(s, off + first, history, 0, BLOCK_SAMPLES - first);
        head = ring(BLOCK_SAMPLES);
        int from = ring(HISTORY_LEN - BLOCK_SAMPLES - POVERLAP_MAX);
        first = Math.min(BLOCK_SAMPLES, HISTORY_LEN - from);
        System.arraycopy(history, from, s, off, first);
        System.arraycopy(history, 0, s, off + first, BLOCK_SAMPLES - first);
    }

    /** The index in {@link #history} of the sample {@code age} places after the oldest (0 ≤ age < length). */
    private int ring(int age) {
        int i = head + age;
        return i >= HISTORY_LEN ? i - HISTORY_LEN : i;
    }

    /** Reads {@code n} samples from the pitch loop. */
    private void feSpeech(short[] out, int off, int n) {
        while (n > 0) {
            int cnt = Math.min(n, pitchBLen - pOffset);
            for (int i = 0; i < cnt; i++) {
                out[off + i] = clamp(pitchBuf[pitchBufStart + pOffset + i]);
            }
            pOffset += cnt;
            if (pOffset == pitchBLen) {
                pOffset = 0;
            }
            off += cnt;
            n -= cnt;
        }
    }

    /** Linear attenuation: 20 % per 10 ms from the second lost block on. */
    private void scaleSpeech(short[] out, int off) {
        float g = 1f - (eraseBlocks - 1) * ATTEN_FAC;
        for (int i = 0; i < BLOCK_SAMPLES; i++) {
            out[off + i] = clamp(out[off + i] * Math.max(g, 0f));
            g -= ATTEN_INCR;
        }
    }

    /** Cross-fade {@code l} (fading out) into {@code buf[r..]}, written to {@code buf[o..]}. */
    private static void overlapAdd(float[] l, float[] buf, int r, int o, int cnt) {
        float incr = 1f / cnt;
        float lw = 1f - incr;
        float rw = incr;
        for (int i = 0; i < cnt; i++) {
            buf[o + i] = lw * l[i] + rw * buf[r + i];
            lw -= incr;
            rw += incr;
        }
    }

    /** Cross-fade from the (attenuated) synthetic {@code f} into the good samples {@code s[off..]}. */
    private void overlapAddAtEnd(short[] s, int off, short[] f, int cnt) {
        float incr = 1f / cnt;
        float gain = Math.max(0f, 1f - (eraseBlocks - 1) * ATTEN_FAC);
        float incrg = incr * gain;
        float lw = (1f - incr) * gain;
        float rw = incr;
        for (int i = 0; i < cnt; i++) {
            s[off + i] = clamp(lw * f[i] + rw * s[off + i]);
            lw -= incrg;
            rw += incr;
        }
    }

    /**
     * Pitch period in samples: the lag in [40, 120] maximising the correlation of the last 20 ms
     * with the history, normalised by the energy of the lagged segment.
     */
    private int findPitch() {
        int l = HISTORY_LEN - CORR_LEN;
        int r = HISTORY_LEN - CORR_BUF_LEN;
        // Coarse search on every second sample and lag.
        float energy = 0f;
        float corr = 0f;
        for (int i = 0; i < CORR_LEN; i += NDEC) {
            energy += pitchBuf[r + i] * pitchBuf[r + i];
            corr += pitchBuf[r + i] * pitchBuf[l + i];
        }
        float best = corr / (float) Math.sqrt(Math.max(energy, CORR_MIN_POWER));
        int bestMatch = 0;
        int rp = r;
        for (int j = NDEC; j <= PITCH_DIFF; j += NDEC) {
            energy -= pitchBuf[rp] * pitchBuf[rp];
            energy += pitchBuf[rp + CORR_LEN] * pitchBuf[rp + CORR_LEN];
            rp += NDEC;
            corr = 0f;
            for (int i = 0; i < CORR_LEN; i += NDEC) {
                corr += pitchBuf[rp + i] * pitchBuf[l + i];
            }
            float c = corr / (float) Math.sqrt(Math.max(energy, CORR_MIN_POWER));
            if (c >= best) {
                best = c;
                bestMatch = j;
            }
        }
        // Fine search around the coarse best.
        int j = Math.max(0, bestMatch - (NDEC - 1));
        int k = Math.min(PITCH_DIFF, bestMatch + (NDEC - 1));
        rp = r + j;
        energy = 0f;
        corr = 0f;
        for (int i = 0; i < CORR_LEN; i++) {
            energy += pitchBuf[rp + i] * pitchBuf[rp + i];
            corr += pitchBuf[rp + i] * pitchBuf[l + i];
        }
        best = corr / (float) Math.sqrt(Math.max(energy, CORR_MIN_POWER));
        bestMatch = j;
        for (j++; j <= k; j++) {
            energy -= pitchBuf[rp] * pitchBuf[rp];
            energy += pitchBuf[rp + CORR_LEN] * pitchBuf[rp + CORR_LEN];
            rp++;
            corr = 0f;
            for (int i = 0; i < CORR_LEN; i++) {
                corr += pitchBuf[rp + i] * pitchBuf[l + i];
            }
            float c = corr / (float) Math.sqrt(Math.max(energy, CORR_MIN_POWER));
            if (c > best) {
                best = c;
                bestMatch = j;
            }
        }
        return PITCH_MAX - bestMatch;
    }

    /** @return the pitch period found at the start of the current or last loss, in samples (0 before any) */
    public int pitchSamples() {
        return pitch;
    }

    private static short clamp(float v) {
        if (v >= Short.MAX_VALUE) {
            return Short.MAX_VALUE;
        }
        if (v <= Short.MIN_VALUE) {
            return Short.MIN_VALUE;
        }
        return (short) v;
    }
}
