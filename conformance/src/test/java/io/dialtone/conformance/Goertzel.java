package io.dialtone.conformance;

/**
 * Tone analysis for recorded calls: the Goertzel algorithm gives the power of one frequency bin
 * without a full FFT, enough to tell which of two test tones a recording carries.
 */
final class Goertzel {
    private Goertzel() {
    }

    /** Power at {@code frequencyHz} of {@code samples[from..]} sampled at {@code sampleRateHz}, normalised by length². */
    static double power(short[] samples, int from, int sampleRateHz, double frequencyHz) {
        double k = 2 * Math.cos(2 * Math.PI * frequencyHz / sampleRateHz);
        double s1 = 0;
        double s2 = 0;
        for (int i = from; i < samples.length; i++) {
            double s0 = samples[i] + k * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        double n = Math.max(1, samples.length - from);
        return (s1 * s1 + s2 * s2 - k * s1 * s2) / (n * n);
    }

    /** Root mean square of {@code samples[from..]} (full scale 32768). */
    static double rms(short[] samples, int from) {
        double sum = 0;
        for (int i = from; i < samples.length; i++) {
            sum += (double) samples[i] * samples[i];
        }
        return Math.sqrt(sum / Math.max(1, samples.length - from));
    }

    /**
     * What a recording carries: RMS, and the power ratio in dB between an expected tone and a
     * competing one, after skipping {@code skipMs} of jitter-buffer start-up.
     */
    record ToneReport(String file, double seconds, double rms, double expectedHz, double otherHz, double ratioDb) {
        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "%s: %.2f s analysed, RMS %.0f, P(%.0f Hz)/P(%.0f Hz) = %.1f dB",
                    file, seconds, rms, expectedHz, otherHz, ratioDb);
        }
    }

    static ToneReport analyse(String file, short[] samples, int sampleRateHz, int skipMs, double expectedHz,
                              double otherHz) {
        int from = Math.min(samples.length, skipMs * sampleRateHz / 1000);
        double pe = power(samples, from, sampleRateHz, expectedHz);
        double po = power(samples, from, sampleRateHz, otherHz);
        double ratioDb = 10 * Math.log10(Math.max(pe, 1e-3) / Math.max(po, 1e-3));
        return new ToneReport(file, (samples.length - from) / (double) sampleRateHz, rms(samples, from), expectedHz,
                otherHz, ratioDb);
    }
}
