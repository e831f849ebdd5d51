package io.dialtone.rtp;

/** Goertzel power of one frequency, for checking which tone a sink received. */
final class Goertzel {
    private Goertzel() {
    }

    static double power(short[] x, int from, int to, double frequencyHz, int sampleRateHz) {
        double coeff = 2 * Math.cos(2 * Math.PI * frequencyHz / sampleRateHz);
        double s1 = 0;
        double s2 = 0;
        for (int i = from; i < to; i++) {
            double s = x[i] + coeff * s1 - s2;
            s2 = s1;
            s1 = s;
        }
        return s1 * s1 + s2 * s2 - coeff * s1 * s2;
    }
}
