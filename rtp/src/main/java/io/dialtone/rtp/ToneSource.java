package io.dialtone.rtp;

/**
 * An endless sine tone at any sampling rate (8, 16, 24, 48 kHz...), phase-continuous across frames.
 * Each frame starts from the exact phase (one {@code sin}/{@code cos}) and steps it by a rotation, so a
 * frame costs two multiplications per sample rather than a {@code Math.sin}. Confined to one thread (it
 * keeps phase).
 */
public final class ToneSource implements AudioSource {

    private final double phaseStep;
    private final double cosStep;
    private final double sinStep;
    private final double peak;
    private double phase;

    /**
     * @param frequencyHz  tone frequency, in (0, sampleRateHz / 2)
     * @param sampleRateHz sampling rate of the frames produced (8000 for G.711 streams)
     * @param amplitude    peak level as a fraction of full scale, in [0, 1]
     * @throws IllegalArgumentException if a parameter is out of range
     */
    public ToneSource(double frequencyHz, int sampleRateHz, double amplitude) {
        if (!(frequencyHz > 0 && frequencyHz < sampleRateHz / 2.0) || !(amplitude >= 0 && amplitude <= 1)) {
            throw new IllegalArgumentException("bad tone: " + frequencyHz + " Hz at " + sampleRateHz + " Hz, amplitude "
                    + amplitude);
        }
        this.phaseStep = 2 * Math.PI * frequencyHz / sampleRateHz;
        this.cosStep = Math.cos(phaseStep);
        this.sinStep = Math.sin(phaseStep);
        this.peak = amplitude * Short.MAX_VALUE;
    }

    /**
     * @param frequencyHz tone frequency, in (0, sample rate / 2)
     * @param format      rate of the frames produced
     * @param amplitude   peak level as a fraction of full scale, in [0, 1]
     * @throws IllegalArgumentException if a parameter is out of range
     */
    public ToneSource(double frequencyHz, AudioFormat format, double amplitude) {
        this(frequencyHz, format.sampleRateHz(), amplitude);
    }

    /** Fills the next {@code samples} of the tone; never ends. */
    @Override
    public boolean read(short[] frame, int samples) {
        double sin = peak * Math.sin(phase);
        double cos = peak * Math.cos(phase);
        for (int i = 0; i < samples; i++) {
            frame[i] = (short) Math.round(sin);
            double next = sin * cosStep + cos * sinStep; // sin(φ + Δ)
            cos = cos * cosStep - sin * sinStep;          // cos(φ + Δ)
            sin = next;
        }
        phase = Math.IEEEremainder(phase + samples * phaseStep, 2 * Math.PI);
        return true;
    }
}
