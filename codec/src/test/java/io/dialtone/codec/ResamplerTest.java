package io.dialtone.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.lang.management.ManagementFactory;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Band-limited resampling among the rates an application may ask for (8, 16, 24, 48 kHz): passband
 * flatness, aliasing and imaging, constant known group delay, streaming, rounding and saturation,
 * no allocation. Levels are measured by least-squares fitting of the test tone over one second
 * (an integer number of its cycles) after a 100 ms settling time.
 */
@DisplayName("Resampler")
class ResamplerTest {

    private static final int[] RATES = {8000, 16000, 24000, 48000};
    private static final double AMPLITUDE = 0.5 * Short.MAX_VALUE;

    static Stream<Arguments> pairs() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (int in : RATES) {
            for (int out : RATES) {
                if (in != out) {
                    b.add(Arguments.of(in, out));
                }
            }
        }
        return b.build();
    }

    static short[] tone(double frequencyHz, int rateHz, double seconds) {
        short[] x = new short[(int) Math.round(seconds * rateHz)];
        for (int n = 0; n < x.length; n++) {
            x[n] = (short) Math.round(AMPLITUDE * Math.sin(2 * Math.PI * frequencyHz * n / rateHz));
        }
        return x;
    }

    static short[] run(Resampler r, short[] in) {
        short[] out = new short[r.outputSamples(in.length)];
        assertThat(r.process(in, 0, in.length, out, 0)).isEqualTo(out.length);
        return out;
    }

    /**
     * Fits {@code a·cos(ωm) + b·sin(ωm)} over one second from 100 ms.
     *
     * @return {amplitude, delay in seconds modulo one period, residual RMS relative to the tone's RMS in dB}
     */
    static double[] fit(short[] y, double frequencyHz, int rateHz) {
        int from = rateHz / 10;
        int n = rateHz;
        double w = 2 * Math.PI * frequencyHz / rateHz;
        double a = 0;
        double b = 0;
        for (int m = from; m < from + n; m++) {
            a += y[m] * Math.cos(w * m);
            b += y[m] * Math.sin(w * m);
        }
        a *= 2.0 / n;
        b *= 2.0 / n;
        double residual = 0;
        for (int m = from; m < from + n; m++) {
            double e = y[m] - a * Math.cos(w * m) - b * Math.sin(w * m);
            residual += e * e;
        }
        double amplitude = Math.hypot(a, b);
        double theta = Math.atan2(-a, b); // y = A sin(ωm − θ), θ = 2π f D
        double residualDb = 10 * Math.log10(residual / n / (amplitude * amplitude / 2));
        return new double[] {amplitude, theta / (2 * Math.PI * frequencyHz), residualDb};
    }

    static double rmsDb(short[] y, int rateHz, double referenceRms) {
        double sum = 0;
        for (int m = rateHz / 10; m < rateHz / 10 + rateHz; m++) {
            sum += (double) y[m] * y[m];
        }
        return 10 * Math.log10(sum / rateHz / (referenceRms * referenceRms));
    }

    static double[] passbandTonesHz(int lowRateHz) {
        double scale = lowRateHz / 8000.0;
        return new double[] {300 * scale, 500 * scale, 1000 * scale, 2000 * scale, 3000 * scale, 3400 * scale};
    }

    /** Delay error in seconds, with the phase compared modulo one period of the tone. */
    static double delayError(double measured, double expected, double frequencyHz) {
        double period = 1 / frequencyHz;
        double d = (measured - expected) % period;
        if (d > period / 2) {
            d -= period;
        } else if (d < -period / 2) {
            d += period;
        }
        return d;
    }

    @Nested
    class Passband {
        @ParameterizedTest(name = "{0} Hz -> {1} Hz")
        @MethodSource("io.dialtone.codec.ResamplerTest#pairs")
        void flatWithinAHundredthOfADbAndDelayedByTheStatedConstant(int in, int out) {
            double worstDb = 0;
            double worstResidualDb = -200;
            for (double f : passbandTonesHz(Math.min(in, out))) {
                Resampler r = new Resampler(in, out);
                double[] m = fit(run(r, tone(f, in, 1.2)), f, out);
                double gainDb = 20 * Math.log10(m[0] / AMPLITUDE);
                worstDb = Math.max(worstDb, Math.abs(gainDb));
                worstResidualDb = Math.max(worstResidualDb, m[2]);
                assertThat(gainDb).as("gain at %.0f Hz", f).isCloseTo(0, within(0.5));
                assertThat(m[2]).as("aliases, images and noise at %.0f Hz", f).isLessThan(-50);
                assertThat(delayError(m[1], r.delaySeconds(), f)).as("delay at %.0f Hz", f)
                        .isCloseTo(0, within(0.5e-6));
            }
            System.out.printf("resampler %5d -> %5d Hz: passband |gain| <= %.4f dB, residual <= %.1f dB, delay %.3f ms, %d taps%n",
                    in, out, worstDb, worstResidualDb, new Resampler(in, out).delaySeconds() * 1e3,
                    new Resampler(in, out).tapsPerOutput());
        }

        @Test
        void telephoneBandSurvives8To48To8AndBack() {
            double worstDb = 0;
            for (double f = 300; f <= 3400; f += 100) {
                short[] y = run(new Resampler(48000, 8000), run(new Resampler(8000, 48000), tone(f, 8000, 1.2)));
                double gainDb = 20 * Math.log10(fit(y, f, 8000)[0] / AMPLITUDE);
                worstDb = Math.max(worstDb, Math.abs(gainDb));
                assertThat(gainDb).as("%.0f Hz", f).isCloseTo(0, within(0.5));
            }
            System.out.printf("resampler 8 -> 48 -> 8 kHz, 300-3400 Hz: |gain| <= %.4f dB%n", worstDb);
        }

        @Test
        void telephoneBandSurvives16To8() {
            for (double f = 300; f <= 3400; f += 100) {
                double gainDb = 20 * Math.log10(fit(run(new Resampler(16000, 8000), tone(f, 16000, 1.2)), f, 8000)[0] / AMPLITUDE);
                assertThat(gainDb).as("%.0f Hz", f).isCloseTo(0, within(0.5));
            }
        }
    }

    @Nested
    class Stopband {
        @ParameterizedTest(name = "{0} Hz -> {1} Hz")
        @MethodSource("io.dialtone.codec.ResamplerTest#pairs")
        void tonesAboveTheTargetNyquistDoNotAlias(int in, int out) {
            if (out > in) {
                return; // nothing above the target's Nyquist frequency exists in the input
            }
            double lowEdge = out / 2.0;
            double worstDb = -200;
            for (int k = 0; k <= 5; k++) {
                double f = Math.min(lowEdge + k * (in / 2.0 - lowEdge) / 5, in / 2.0 - 100);
                double db = rmsDb(run(new Resampler(in, out), tone(f, in, 1.2)), out, AMPLITUDE / Math.sqrt(2));
                worstDb = Math.max(worstDb, db);
                assertThat(db).as("%.0f Hz", f).isLessThan(-50);
            }
            System.out.printf("resampler %5d -> %5d Hz: stopband (%.0f-%.0f Hz) leaks <= %.1f dB%n", in, out, lowEdge,
                    in / 2.0 - 100, worstDb);
        }

        @Test
        void sixKilohertzGoing16To8IsAttenuatedBy50DbOrMore() {
            double db = rmsDb(run(new Resampler(16000, 8000), tone(6000, 16000, 1.2)), 8000, AMPLITUDE / Math.sqrt(2));
            System.out.printf("resampler 16 -> 8 kHz: 6 kHz tone at %.1f dB%n", db);
            assertThat(db).isLessThan(-50);
        }
    }

    @Nested
    class Streaming {
        @ParameterizedTest(name = "{0} Hz -> {1} Hz")
        @MethodSource("io.dialtone.codec.ResamplerTest#pairs")
        void framesGiveTheSameSamplesAsOneCall(int in, int out) {
            Random random = new Random(in * 31L + out);
            short[] x = new short[in];
            for (int i = 0; i < x.length; i++) {
                x[i] = (short) (random.nextGaussian() * 6000);
            }
            short[] whole = run(new Resampler(in, out), x);
            assertThat(whole).hasSize(out);

            Resampler framed = new Resampler(in, out);
            short[] y = new short[whole.length];
            int frameIn = in / 50;
            int produced = 0;
            for (int i = 0; i < x.length; i += frameIn) {
                int n = framed.process(x, i, frameIn, y, produced);
                assertThat(n).as("20 ms in, 20 ms out").isEqualTo(out / 50);
                produced += n;
            }
            assertThat(y).isEqualTo(whole);

            Resampler ragged = new Resampler(in, out);
            short[] z = new short[whole.length];
            produced = 0;
            for (int i = 0; i < x.length; ) {
                int n = Math.min(x.length - i, 1 + random.nextInt(1500));
                int expected = ragged.outputSamples(n);
                assertThat(ragged.process(x, i, n, z, produced)).isEqualTo(expected);
                produced += expected;
                i += n;
            }
            assertThat(produced).isEqualTo(whole.length);
            assertThat(z).isEqualTo(whole);
        }

        @Test
        void resetStartsOver() {
            Resampler r = new Resampler(8000, 24000);
            short[] x = tone(1000, 8000, 0.1);
            short[] first = run(r, x);
            run(r, tone(700, 8000, 0.013));
            r.reset();
            assertThat(run(r, x)).isEqualTo(first);
        }

        @Test
        void sameRateCopies() {
            Resampler r = new Resampler(16000, 16000);
            short[] x = tone(440, 16000, 0.02);
            assertThat(run(r, x)).isEqualTo(x);
            assertThat(r.delaySeconds()).isZero();
        }
    }

    @Nested
    class Arithmetic {
        @Test
        void dcPassesExactlyAfterTheRampUp() {
            for (int[] p : new int[][] {{8000, 16000}, {48000, 8000}, {24000, 16000}, {16000, 24000}}) {
                short[] x = new short[p[0] / 10];
                java.util.Arrays.fill(x, (short) -12345);
                short[] y = run(new Resampler(p[0], p[1]), x);
                for (int m = p[1] / 20; m < y.length; m++) {
                    assertThat(y[m]).as("%d -> %d at %d", p[0], p[1], m).isEqualTo((short) -12345);
                }
            }
        }

        @Test
        void fullScaleSquareWaveSaturatesInsteadOfWrapping() {
            short[] x = new short[8000];
            for (int n = 0; n < x.length; n++) {
                x[n] = (n / 8) % 2 == 0 ? Short.MAX_VALUE : Short.MIN_VALUE; // 500 Hz, full scale
            }
            short[] y = run(new Resampler(8000, 48000), x);
            int maxStep = 0;
            int clipped = 0;
            for (int m = 1; m < y.length; m++) {
                maxStep = Math.max(maxStep, Math.abs(y[m] - y[m - 1]));
                if (y[m] == Short.MAX_VALUE || y[m] == Short.MIN_VALUE) {
                    clipped++;
                }
            }
            assertThat(clipped).as("Gibbs overshoot is clipped").isPositive();
            assertThat(maxStep).as("a wrapped sample would jump by ~65536").isLessThan(30000);
        }

        @Test
        void roundsToNearest() {
            Resampler r = new Resampler(8000, 16000);
            short[] x = new short[800];
            java.util.Arrays.fill(x, (short) 3);
            short[] y = run(r, x);
            assertThat(y[y.length - 1]).isEqualTo((short) 3);
        }

        @Test
        void allocatesNothingPerFrame() {
            var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            Resampler r = new Resampler(48000, 8000);
            short[] in = tone(440, 48000, 0.02);
            short[] out = new short[160];
            for (int i = 0; i < 20_000; i++) {
                r.process(in, 0, in.length, out, 0);
            }
            long id = Thread.currentThread().getId();
            long before = threads.getThreadAllocatedBytes(id);
            for (int i = 0; i < 1000; i++) {
                r.process(in, 0, in.length, out, 0);
            }
            long after = threads.getThreadAllocatedBytes(id);
            assertThat(after - before).as("bytes for 1000 frames").isLessThan(1000);
        }
    }

    @Test
    void rejectsBadRates() {
        assertThatThrownBy(() -> new Resampler(0, 8000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Resampler(8000, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Resampler(8000, 44101)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("too fine");
        assertThatThrownBy(() -> new Resampler(8000, 16000).process(new short[10], 0, 10, new short[19], 0))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }
}
