package io.dialtone.rtp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialtone.rtp.AudioSink;
import io.dialtone.rtp.AudioSource;
import io.dialtone.rtp.JitterBufferStats;
import io.dialtone.rtp.RtpStreamConfig;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * End to end on virtual time: a speech-like signal is sent by one engine through 5 % random loss and
 * 0..40 ms of uniform jitter to another, once with concealment (G.711 Appendix I) and once with lost
 * frames played as silence; the received audio is compared with what was sent.
 */
class PlayoutQualityTest {

    private static final long TICK = 20_000_000L;
    private static final int FRAME = 160;
    private static final int TICKS = 1500; // 30 s
    private static final InetSocketAddress A = new InetSocketAddress("127.0.0.1", 4000);
    private static final InetSocketAddress B = new InetSocketAddress("127.0.0.1", 5000);

    /**
     * Voiced speech stand-in: 10 harmonics with a falling spectrum, a fundamental gliding between 90
     * and 230 Hz, and a 3.5 Hz syllabic envelope with short pauses. Records what it sends.
     */
    static final class SpeechLike implements AudioSource {
        final short[] sent = new short[(TICKS + 10) * FRAME];
        int n;
        double phase;

        @Override
        public boolean read(short[] frame, int samples) {
            for (int i = 0; i < samples; i++, n++) {
                double t = n / 8000.0;
                double f0 = 160 + 70 * Math.sin(2 * Math.PI * 0.4 * t) + 15 * Math.sin(2 * Math.PI * 2.1 * t);
                phase += 2 * Math.PI * f0 / 8000.0;
                double v = 0;
                for (int h = 1; h <= 10 && h * f0 < 3800; h++) {
                    v += Math.sin(h * phase + 0.3 * h) / h;
                }
                double env = Math.max(0, Math.sin(2 * Math.PI * 3.5 * t)) * 0.8 + 0.2;
                env *= (n / 4000) % 7 == 6 ? 0.02 : 1; // a 0.5 s pause every 3.5 s
                frame[i] = (short) (6000 * env * v);
                sent[n] = frame[i];
            }
            return true;
        }
    }

    static final class Record implements AudioSink {
        final short[] heard = new short[(TICKS + 10) * FRAME];
        int n;

        @Override
        public void write(short[] frame, int samples) {
            System.arraycopy(frame, 0, heard, n, samples);
            n += samples;
        }

        @Override
        public void close() {
        }
    }

    record Delivery(double atNanos, byte[] packet) {
    }

    /** Runs the call; returns what B heard and its jitter-buffer counters. */
    private static Object[] call(boolean concealment, SpeechLike source) {
        RtpStreamConfig cfg = RtpStreamConfig.builder().jitterBufferDelayMs(100).cname("q").build();
        StreamEngineTest.Wire wa = new StreamEngineTest.Wire();
        StreamEngine a = new StreamEngine(cfg, wa, new SplittableRandom(1), Instant.EPOCH, 0);
        StreamEngine b = new StreamEngine(cfg, new StreamEngineTest.Wire(), new SplittableRandom(2), Instant.EPOCH, 0);
        b.concealment(concealment);
        a.remote(B, new InetSocketAddress("127.0.0.1", 5001));
        b.direction(false, true);
        Record sink = new Record();
        a.start(source, new Record(), 0);
        b.start(new SpeechLike(), sink, 0);
        SplittableRandom net = new SplittableRandom(42);
        PriorityQueue<Delivery> inFlight = new PriorityQueue<>((x, y) -> Double.compare(x.atNanos(), y.atNanos()));
        int sent = 0;
        for (int i = 1; i <= TICKS; i++) {
            long now = i * TICK;
            a.tick(now);
            while (sent < wa.rtp.size()) {
                byte[] p = wa.rtp.get(sent++);
                if (net.nextDouble() >= 0.05) { // 5 % loss
                    inFlight.add(new Delivery(now + 1_000_000 + net.nextDouble(40_000_000), p));
                }
            }
            long next = now + TICK;
            while (!inFlight.isEmpty() && inFlight.peek().atNanos() < next) {
                Delivery d = inFlight.poll();
                b.onRtp(d.packet(), d.packet().length, (long) d.atNanos(), A);
            }
            b.tick(next);
        }
        return new Object[] {sink.heard, b.stats().jitterBuffer()};
    }

    /** Lag (samples) maximising the cross-correlation of heard against sent, searched over 0..400 ms. */
    private static int lag(short[] sent, short[] heard) {
        int best = 0;
        double bestCorr = -1;
        for (int lag = 0; lag < 3200; lag++) {
            double c = 0;
            for (int n = 8000; n < 8000 * 20; n += 3) {
                c += sent[n] * (double) heard[n + lag];
            }
            if (c > bestCorr) {
                bestCorr = c;
                best = lag;
            }
        }
        return best;
    }

    /** Segmental SNR of one 20 ms frame, dB, clamped to [-10, 35] as is customary. */
    private static double snr(short[] sent, int from, short[] heard, int lag) {
        double s = 0;
        double e = 0;
        for (int n = from; n < from + FRAME; n++) {
            double d = sent[n] - heard[n + lag];
            s += sent[n] * (double) sent[n];
            e += d * d;
        }
        return Math.max(-10, Math.min(35, 10 * Math.log10((s + 1) / (e + 1))));
    }

    private static double correlation(short[] sent, int from, int to, short[] heard, int lag) {
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int n = from; n < to; n++) {
            ab += sent[n] * (double) heard[n + lag];
            aa += sent[n] * (double) sent[n];
            bb += heard[n + lag] * (double) heard[n + lag];
        }
        return ab / Math.sqrt(aa * bb + 1);
    }

    private static boolean silent(short[] x, int from) {
        for (int n = from; n < from + FRAME; n++) {
            if (x[n] != 0) {
                return false;
            }
        }
        return true;
    }

    @Test
    void concealmentIsClearlyBetterThanSilenceAt5PercentLossAnd40MsJitter() {
        SpeechLike srcOn = new SpeechLike();
        Object[] on = call(true, srcOn);
        SpeechLike srcOff = new SpeechLike();
        Object[] off = call(false, srcOff);
        short[] sent = srcOn.sent;
        short[] heardOn = (short[]) on[0];
        short[] heardOff = (short[]) off[0];
        JitterBufferStats statsOn = (JitterBufferStats) on[1];
        JitterBufferStats statsOff = (JitterBufferStats) off[1];

        // Same network, same decisions; the delay never adapted, so one lag aligns each whole run.
        assertThat(statsOn).isEqualTo(statsOff);
        assertThat(statsOn.dropped() + statsOn.inserted()).isZero();
        assertThat(statsOn.concealed()).isBetween(50L, 100L); // about 5 % of 1500 frames
        int lagOff = lag(sent, heardOff);
        int lagOn = lag(sent, heardOn);
        assertThat(lagOff % FRAME).isZero();
        assertThat(lagOn - lagOff).isEqualTo(io.dialtone.codec.G711Plc.DELAY_SAMPLES);

        double segOn = 0;
        double segOff = 0;
        double errOn = 0; // over the frames lost and the frames after them
        double errOff = 0;
        double sigImpaired = 0;
        boolean afterLoss = false;
        double lostOn = 0;
        double lostOff = 0;
        int frames = 0;
        int lostFrames = 0;
        int from = 50 * FRAME; // after the first second
        int to = (TICKS - 20) * FRAME - lagOn;
        for (int f = from; f + FRAME <= to; f += FRAME) {
            double en = 0;
            for (int n = f; n < f + FRAME; n++) {
                en += sent[n] * (double) sent[n];
            }
            if (en / FRAME < 1e4) {
                continue; // pauses carry no information
            }
            double sOn = snr(sent, f, heardOn, lagOn);
            double sOff = snr(sent, f, heardOff, lagOff);
            segOn += sOn;
            segOff += sOff;
            frames++;
            boolean lost = silent(heardOff, f + lagOff); // lost and zero-filled in the run without PLC
            if (lost) {
                lostOn += sOn;
                lostOff += sOff;
                lostFrames++;
            }
            if (lost || afterLoss) {
                for (int n = f; n < f + FRAME; n++) {
                    sigImpaired += sent[n] * (double) sent[n];
                    errOn += Math.pow(sent[n] - heardOn[n + lagOn], 2);
                    errOff += Math.pow(sent[n] - heardOff[n + lagOff], 2);
                }
            }
            afterLoss = lost;
        }
        segOn /= frames;
        segOff /= frames;
        lostOn /= lostFrames;
        lostOff /= lostFrames;
        double corrOn = correlation(sent, from, to, heardOn, lagOn);
        double corrOff = correlation(sent, from, to, heardOff, lagOff);
        double impairedOn = 10 * Math.log10(sigImpaired / errOn);
        double impairedOff = 10 * Math.log10(sigImpaired / errOff);
        System.out.printf("PLC quality, 5%% loss, 0..40 ms jitter, %d active frames (%d lost), with vs without"
                + " concealment: segmental SNR of lost frames %.1f vs %.1f dB; SNR over lost+next frames %.1f vs"
                + " %.1f dB; correlation %.4f vs %.4f; segmental SNR of all frames %.1f vs %.1f dB%n", frames,
                lostFrames, lostOn, lostOff, impairedOn, impairedOff, corrOn, corrOff, segOn, segOff);

        assertThat(lostFrames).isGreaterThan(30);
        assertThat(lostOff).isLessThan(0.5); // silence: all error, about 0 dB
        assertThat(lostOn).isGreaterThan(lostOff + 3);
        assertThat(impairedOn).isGreaterThan(impairedOff + 2);
        assertThat(corrOn).isGreaterThan(corrOff + 0.005);
        // Segmental SNR of all frames is no guide here: it clamps each good frame at 35 dB, so the
        // cross-fade into the frame after a loss costs more than the concealed frame gains.
    }
}
