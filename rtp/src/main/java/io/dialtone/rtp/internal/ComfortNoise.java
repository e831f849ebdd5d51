package io.dialtone.rtp.internal;

/**
 * Comfort noise generator for RFC 3389: white noise at the level a CN packet gives (its first byte,
 * 0–127 −dBov, §3.1; 0 dBov is the RMS of a full-scale sine). The spectral parameters are ignored
 * (allowed by §4). No allocation.
 *
 * <p>Threading: confined to the stream's event loop.
 */
final class ComfortNoise {
    private static final double FULL_SCALE_SINE_RMS = 32767 / Math.sqrt(2);
    private long state = 0x9E3779B97F4A7C15L;
    private int amplitude; // peak of the uniform noise

    /** @param levelDbov noise level, −dBov, 0–127 */
    void level(int levelDbov) {
        double rms = FULL_SCALE_SINE_RMS * Math.pow(10, -(levelDbov & 0x7F) / 20.0);
        amplitude = (int) Math.min(32767, Math.round(rms * Math.sqrt(3))); // uniform: RMS = peak / √3
    }

    /** Fills {@code pcm[0, samples)} with noise at the current level. */
    void fill(short[] pcm, int samples) {
        for (int i = 0; i < samples; i++) {
            state ^= state << 13;
            state ^= state >>> 7;
            state ^= state << 17;
            // uniform in [-amplitude, amplitude]
            long u = (state >>> 33) % (2L * amplitude + 1);
            pcm[i] = (short) (u - amplitude);
        }
    }
}
