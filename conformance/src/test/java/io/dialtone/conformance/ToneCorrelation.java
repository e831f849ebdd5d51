package io.dialtone.conformance;

import java.util.Locale;

/**
 * How well a recording matches the tone that was sent: the normalised cross-correlation, per 20 ms
 * window, of the recording with a sine of the sent frequency at the best phase (from the in-phase
 * and quadrature correlations, so the unknown phase and the phase steps that loss, concealment and
 * jitter-buffer adjustments introduce do not matter). 1 is a clean tone, 0 no trace of it; noise,
 * the other side's tone and silence score near 0. Windows quieter than {@link #AUDIBLE_RMS} are
 * counted but not scored (before the first packet, after hang-up).
 */
final class ToneCorrelation {
    static final int WINDOW_SAMPLES = 160;
    static final double AUDIBLE_RMS = 300;

    private ToneCorrelation() {
    }

    /**
     * @param meanNcc      mean correlation of the audible windows
     * @param goodShare    share of the audible windows with a correlation of at least 0.9
     * @param audibleSeconds length of the audible windows
     * @param windows      windows analysed in all
     */
    record Report(double frequencyHz, double meanNcc, double goodShare, double audibleSeconds, int windows) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "correlation with %.0f Hz: mean %.3f over %.2f s audible "
                    + "(%d windows of 20 ms in all), %.1f%% of audible windows >= 0.9",
                    frequencyHz, meanNcc, audibleSeconds, windows, 100 * goodShare);
        }
    }

    static Report analyse(short[] samples, int sampleRateHz, int skipMs, double frequencyHz) {
        int from = Math.min(samples.length, skipMs * sampleRateHz / 1000);
        double w = 2 * Math.PI * frequencyHz / sampleRateHz;
        double sum = 0;
        int audible = 0;
        int good = 0;
        int windows = 0;
        for (int start = from; start + WINDOW_SAMPLES <= samples.length; start += WINDOW_SAMPLES) {
            windows++;
            double energy = 0;
            double i = 0;
            double q = 0;
            double ref = 0;
            for (int n = 0; n < WINDOW_SAMPLES; n++) {
                double x = samples[start + n];
                energy += x * x;
                i += x * Math.cos(w * n);
                q += x * Math.sin(w * n);
            }
            if (Math.sqrt(energy / WINDOW_SAMPLES) < AUDIBLE_RMS) {
                continue;
            }
            // energy of a unit sine over the window, at the best phase: N/2 for whole cycles
            ref = WINDOW_SAMPLES / 2.0;
            double ncc = Math.min(1, Math.sqrt((i * i + q * q) / (energy * ref)));
            audible++;
            sum += ncc;
            if (ncc >= 0.9) {
                good++;
            }
        }
        return new Report(frequencyHz, audible == 0 ? 0 : sum / audible, audible == 0 ? 0 : good / (double) audible,
                audible * WINDOW_SAMPLES / (double) sampleRateHz, windows);
    }
}
