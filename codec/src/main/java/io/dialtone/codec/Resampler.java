package io.dialtone.codec;

import java.util.Arrays;
import java.util.Objects;

/**
 * A streaming band-limited rational resampler for mono PCM16: a polyphase FIR whose prototype is a
 * Kaiser-windowed sinc, designed at the common rate {@code inRateHz × up} and evaluated only where
 * an output sample falls (no zero-stuffing, no discarded outputs).
 *
 * <p>Tested conversions are those among 8000, 16000, 24000 and 48000 Hz (ratios 1:2, 1:3, 1:6, 2:3,
 * their inverses, and 1:1, which copies); any rates whose reduced ratio {@code up/down} has both terms
 * up to {@link #MAX_RATIO_TERM} are accepted.
 *
 * <h2>Response</h2>
 * <table>
 * <caption>Filter design, relative to the lower of the two rates {@code fLow}</caption>
 * <tr><th>name</th><th>value</th><th>effect</th></tr>
 * <tr><td>passband edge</td><td>0.425 × fLow</td><td>3400 Hz at 8 kHz, 6800 Hz at 16 kHz; ripple under 0.01 dB</td></tr>
 * <tr><td>stopband edge</td><td>0.5 × fLow</td><td>the lower rate's Nyquist frequency: nothing above it aliases
 *     (downsampling) or images (upsampling) by more than the stopband level</td></tr>
 * <tr><td>stopband attenuation</td><td>{@value #STOPBAND_DB} dB</td><td>Kaiser β = 0.1102 (A − 8.7)</td></tr>
 * <tr><td>taps per output</td><td>59 × max(1, fIn / fLow), about</td><td>59 at 8→16/24/48 kHz, 117 at 16→8, 351 at 48→8</td></tr>
 * </table>
 * The filter is linear-phase, so every frequency is delayed by the same {@link #delaySeconds()}
 * (about 3.7 ms); the first outputs are the filter's ramp-up from zero history.
 *
 * <h2>Streaming and memory</h2>
 * The last taps−1 input samples are kept across calls, so feeding a signal in 20 ms frames gives
 * exactly the samples that one call over the whole signal gives. All buffers are allocated in the
 * constructor; {@link #process} allocates nothing. Arithmetic is {@code float}; outputs are rounded
 * to nearest and saturated to [−32768, 32767].
 *
 * <p>Frame sizes: {@code n} input samples yield {@code n × up / down} outputs when that is an integer
 * and {@link #reset() fresh} or all previous inputs were such sizes (20 ms frames at these rates
 * always are); otherwise the count varies by one between calls and {@link #outputSamples(int)} says
 * how many the next call gives.
 *
 * <p>Not thread-safe: confine an instance to one thread (a stream's event loop) or hand it over with
 * a happens-before edge.
 */
public final class Resampler {

    /** Stopband attenuation of the prototype filter, in dB. */
    public static final double STOPBAND_DB = 70;
    /** Largest term of the reduced ratio {@code up/down} accepted (memory grows with up × taps). */
    public static final int MAX_RATIO_TERM = 160;

    private static final double PASSBAND_EDGE = 0.425; // × the lower rate
    private static final double STOPBAND_EDGE = 0.5;   // × the lower rate
    private static final int CHUNK_SAMPLES = 960;      // input samples staged per pass: 20 ms at 48 kHz

    private final int inRateHz;
    private final int outRateHz;
    private final int up;
    private final int down;
    private final int taps;       // per phase
    private final float[] coeffs; // phase-major, each phase reversed so that it walks the buffer forwards
    private final float[] buffer; // taps-1 samples of history, then up to CHUNK_SAMPLES new ones
    private final double delaySeconds;
    /** Index, at the rate inRateHz × up, of the next output, counted from the first new sample in the buffer. */
    private int time;

    /**
     * Designs the filter for one conversion.
     *
     * @param inRateHz  sampling rate of the input, in Hz (e.g. 8000)
     * @param outRateHz sampling rate of the output, in Hz (e.g. 48000)
     * @throws IllegalArgumentException if a rate is not positive or the reduced ratio has a term above
     *                                  {@link #MAX_RATIO_TERM}
     */
    public Resampler(int inRateHz, int outRateHz) {
        if (inRateHz <= 0 || outRateHz <= 0) {
            throw new IllegalArgumentException("rates must be positive: " + inRateHz + " Hz -> " + outRateHz + " Hz");
        }
        int g = gcd(inRateHz, outRateHz);
        this.inRateHz = inRateHz;
        this.outRateHz = outRateHz;
        this.up = outRateHz / g;
        this.down = inRateHz / g;
        if (up > MAX_RATIO_TERM || down > MAX_RATIO_TERM) {
            throw new IllegalArgumentException("ratio " + up + "/" + down + " too fine: " + inRateHz + " Hz -> "
                    + outRateHz + " Hz");
        }
        if (up == 1 && down == 1) {
            taps = 1;
            coeffs = new float[] {1f};
            delaySeconds = 0;
        } else {
            double highRateHz = (double) inRateHz * up;
            double lowRateHz = Math.min(inRateHz, outRateHz);
            double transition = 2 * Math.PI * (STOPBAND_EDGE - PASSBAND_EDGE) * lowRateHz / highRateHz; // rad/sample
            int length = (int) Math.ceil((STOPBAND_DB - 8) / (2.285 * transition)) + 1; // Kaiser's estimate
            taps = (length + up - 1) / up;
            coeffs = design(taps, up, (PASSBAND_EDGE + STOPBAND_EDGE) / 2 * lowRateHz / highRateHz);
            delaySeconds = (taps * up - 1) / 2.0 / highRateHz;
        }
        buffer = new float[taps - 1 + CHUNK_SAMPLES];
    }

    /**
     * Kaiser-windowed sinc of {@code taps × phases} points with cutoff {@code cutoff} (cycles per
     * sample at the high rate), split into phases, each normalized to a DC gain of exactly 1.
     */
    private static float[] design(int taps, int phases, double cutoff) {
        int n = taps * phases;
        double beta = 0.1102 * (STOPBAND_DB - 8.7);
        double center = (n - 1) / 2.0;
        double i0Beta = besselI0(beta);
        double[] h = new double[n];
        for (int m = 0; m < n; m++) {
            double x = m - center;
            double sinc = x == 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * x) / (Math.PI * x);
            double r = x / center;
            h[m] = sinc * besselI0(beta * Math.sqrt(1 - r * r)) / i0Beta;
        }
        float[] c = new float[n];
        for (int p = 0; p < phases; p++) {
            double sum = 0;
            for (int q = 0; q < taps; q++) {
                sum += h[p + q * phases];
            }
            for (int q = 0; q < taps; q++) {
                c[p * taps + taps - 1 - q] = (float) (h[p + q * phases] / sum);
            }
        }
        return c;
    }

    private static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        double half = x / 2;
        for (int k = 1; k < 64 && term > 1e-12 * sum; k++) {
            term *= (half / k) * (half / k);
            sum += term;
        }
        return sum;
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    /**
     * Resamples {@code inLength} samples, continuing from the previous call.
     *
     * @param in       input samples at {@link #inRateHz()}
     * @param inOffset index of the first input sample
     * @param inLength number of input samples, at least 0
     * @param out      destination at {@link #outRateHz()}, with room for {@link #outputSamples(int)
     *                 outputSamples(inLength)} samples from {@code outOffset}
     * @param outOffset index of the first output sample
     * @return number of samples written to {@code out}
     * @throws IndexOutOfBoundsException if a range is outside its array (the state is then undefined)
     */
    public int process(short[] in, int inOffset, int inLength, short[] out, int outOffset) {
        Objects.checkFromIndexSize(inOffset, inLength, in.length);
        Objects.checkFromIndexSize(outOffset, outputSamples(inLength), out.length);
        final int history = taps - 1;
        final float[] buf = buffer;
        int produced = 0;
        while (inLength > 0) {
            int n = Math.min(inLength, CHUNK_SAMPLES);
            for (int i = 0; i < n; i++) {
                buf[history + i] = in[inOffset + i];
            }
            int limit = n * up; // an output at time t needs input t / up, which must be in this chunk
            int t = time;
            while (t < limit) {
                int j = t / up;
                out[outOffset + produced++] = saturate(dot(coeffs, (t - j * up) * taps, buf, j, taps));
                t += down;
            }
            time = t - limit;
            System.arraycopy(buf, n, buf, 0, history);
            inOffset += n;
            inLength -= n;
        }
        return produced;
    }

    private static float dot(float[] c, int co, float[] x, int xo, int n) {
        float a0 = 0;
        float a1 = 0;
        float a2 = 0;
        float a3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            a0 += c[co + i] * x[xo + i];
            a1 += c[co + i + 1] * x[xo + i + 1];
            a2 += c[co + i + 2] * x[xo + i + 2];
            a3 += c[co + i + 3] * x[xo + i + 3];
        }
        for (; i < n; i++) {
            a0 += c[co + i] * x[xo + i];
        }
        return (a0 + a1) + (a2 + a3);
    }

    private static short saturate(float v) {
        int r = Math.round(v);
        return (short) (r > Short.MAX_VALUE ? Short.MAX_VALUE : Math.max(r, Short.MIN_VALUE));
    }

    /**
     * Number of samples the next {@link #process} call gives for {@code inLength} input samples.
     *
     * @param inLength input samples, at least 0
     * @return output samples
     */
    public int outputSamples(int inLength) {
        long span = (long) inLength * up - time;
        return span <= 0 ? 0 : (int) ((span + down - 1) / down);
    }

    /** Forgets the history, as if newly constructed: the next output starts a new ramp-up. */
    public void reset() {
        Arrays.fill(buffer, 0f);
        time = 0;
    }

    /** @return input sampling rate, in Hz */
    public int inRateHz() {
        return inRateHz;
    }

    /** @return output sampling rate, in Hz */
    public int outRateHz() {
        return outRateHz;
    }

    /** @return the filter's group delay, the same at every frequency, in seconds (0 for 1:1) */
    public double delaySeconds() {
        return delaySeconds;
    }

    /** @return FIR taps evaluated per output sample */
    public int tapsPerOutput() {
        return taps;
    }

    @Override
    public String toString() {
        return "Resampler[" + inRateHz + " Hz -> " + outRateHz + " Hz, " + up + "/" + down + ", " + taps + " taps/output]";
    }
}
