package io.dialtone.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ITU-T G.711 Appendix I packet loss concealment")
class G711PlcTest {

    private static final int FRAME = 160; // 20 ms at 8 kHz

    /** A voiced-speech-like signal: 125 Hz fundamental (64-sample period) and three harmonics. */
    private static short voiced(int n) {
        double t = n / 8000.0;
        double v = 0;
        double[] amp = {6000, 3500, 2000, 1000};
        for (int h = 0; h < amp.length; h++) {
            v += amp[h] * Math.sin(2 * Math.PI * 125 * (h + 1) * t + h);
        }
        return (short) v;
    }

    private static short[] frame(int index) {
        short[] f = new short[FRAME];
        for (int i = 0; i < FRAME; i++) {
            f[i] = voiced(index * FRAME + i);
        }
        return f;
    }

    private static double correlation(short[] a, short[] b, int from, int to) {
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = from; i < to; i++) {
            ab += a[i] * (double) b[i];
            aa += a[i] * (double) a[i];
            bb += b[i] * (double) b[i];
        }
        return ab / Math.sqrt(aa * bb + 1e-9);
    }

    private static double energy(short[] a) {
        double e = 0;
        for (short s : a) {
            e += s * (double) s;
        }
        return e / a.length;
    }

    @Test
    void goodFramesPassThroughDelayedBy30Samples() {
        G711Plc plc = new G711Plc();
        short[] prev = frame(0);
        plc.good(prev.clone(), 0, FRAME);
        short[] cur = frame(1);
        short[] out = cur.clone();
        plc.good(out, 0, FRAME);
        for (int i = 0; i < FRAME; i++) {
            int src = i - G711Plc.DELAY_SAMPLES;
            short expected = src < 0 ? prev[FRAME + src] : cur[src];
            assertThat(out[i]).as("sample %d", i).isEqualTo(expected);
        }
    }

    @Test
    void concealsOneLostFrameWithTheContinuedWaveform() {
        G711Plc plc = new G711Plc();
        for (int f = 0; f < 10; f++) {
            plc.good(frame(f), 0, FRAME);
        }
        short[] out = new short[FRAME];
        assertThat(plc.conceal(out, 0, FRAME)).isTrue();
        assertThat(plc.pitchSamples()).isEqualTo(64);
        // The output is delayed by 30 samples: compare with the true signal at the same delay.
        short[] truth = new short[FRAME];
        for (int i = 0; i < FRAME; i++) {
            truth[i] = voiced(10 * FRAME + i - G711Plc.DELAY_SAMPLES);
        }
        assertThat(correlation(out, truth, 0, FRAME)).isGreaterThan(0.9);
        assertThat(energy(out)).isGreaterThan(0.5 * energy(truth));
    }

    @Test
    void attenuatesOverConsecutiveLossesAndFallsSilentAfter60Ms() {
        G711Plc plc = new G711Plc();
        for (int f = 0; f < 10; f++) {
            plc.good(frame(f), 0, FRAME);
        }
        double[] e = new double[4];
        boolean[] audible = new boolean[4];
        for (int k = 0; k < 4; k++) {
            short[] out = new short[FRAME];
            audible[k] = plc.conceal(out, 0, FRAME);
            e[k] = energy(out);
        }
        assertThat(audible).containsExactly(true, true, true, false);
        assertThat(e[1]).isLessThan(e[0]);
        assertThat(e[2]).isLessThan(e[1]);
        assertThat(e[3]).isLessThan(e[0] / 1000);
        assertThat(plc.concealing()).isTrue();
    }

    @Test
    void recoveryCrossFadesWithoutAClick() {
        G711Plc plc = new G711Plc();
        short[] all = new short[FRAME * 14];
        for (int f = 0; f < 14; f++) {
            short[] x = frame(f);
            if (f == 10) {
                plc.conceal(x, 0, FRAME);
            } else {
                plc.good(x, 0, FRAME);
            }
            System.arraycopy(x, 0, all, f * FRAME, FRAME);
        }
        assertThat(plc.concealing()).isFalse();
        // Largest sample-to-sample step around the loss stays of the order of the signal's own.
        int maxStepSignal = 0;
        for (int n = 1; n < 10 * FRAME; n++) {
            maxStepSignal = Math.max(maxStepSignal, Math.abs(all[n] - all[n - 1]));
        }
        int maxStepLoss = 0;
        for (int n = 10 * FRAME; n < 12 * FRAME; n++) {
            maxStepLoss = Math.max(maxStepLoss, Math.abs(all[n] - all[n - 1]));
        }
        assertThat(maxStepLoss).isLessThan(maxStepSignal * 3 / 2);
        // Two frames after the loss the output is the signal again, exactly (30 samples late).
        for (int i = 0; i < FRAME; i++) {
            assertThat(all[13 * FRAME + i]).isEqualTo(voiced(13 * FRAME + i - G711Plc.DELAY_SAMPLES));
        }
    }

    @Test
    void silenceIsConcealedBySilence() {
        G711Plc plc = new G711Plc();
        plc.good(new short[FRAME], 0, FRAME);
        short[] out = new short[FRAME];
        plc.conceal(out, 0, FRAME);
        assertThat(out).containsOnly((short) 0);
    }

    /**
     * Every sample of a long run of speech with a seeded mix of single, double and long losses, and
     * frames of 10, 20 and 30 ms, hashed: the output of the history kept as a shifted array, which
     * any other way of keeping it (a ring) must reproduce exactly.
     */
    @Test
    void outputOfAMixedRunIsUnchanged() {
        G711Plc plc = new G711Plc();
        java.util.Random random = new java.util.Random(20261122L);
        long hash = 1125899906842597L;
        int n = 0;
        for (int f = 0; f < 3000; f++) {
            int samples = (1 + random.nextInt(3)) * G711Plc.BLOCK_SAMPLES;
            short[] pcm = new short[samples + 7];
            int lossRun = random.nextInt(100) < 8 ? 1 + random.nextInt(random.nextInt(10) < 8 ? 2 : 9) : 0;
            for (int lost = 0; lost < lossRun; lost++, f++) {
                plc.conceal(pcm, 7, samples);
                for (int i = 7; i < pcm.length; i++) {
                    hash = 31 * hash + pcm[i];
                }
                n += samples;
            }
            for (int i = 0; i < samples; i++) {
                pcm[7 + i] = (short) (voiced(n + i) / 2 + random.nextInt(2001) - 1000);
            }
            plc.good(pcm, 7, samples);
            for (int i = 7; i < pcm.length; i++) {
                hash = 31 * hash + pcm[i];
            }
            n += samples;
            if (f == 1500) {
                plc.reset();
            }
        }
        assertThat(hash).isEqualTo(GOLDEN);
    }

    private static final long GOLDEN = 7182981634119376191L;

    @Test
    void rejectsFramesNotMadeOf10MsBlocks() {
        G711Plc plc = new G711Plc();
        assertThatThrownBy(() -> plc.good(new short[100], 0, 100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> plc.conceal(new short[160], 80, 160)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
