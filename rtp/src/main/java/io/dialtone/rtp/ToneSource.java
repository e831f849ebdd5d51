package io.dialtone.rtp;

/**
 * An endless sine tone at any sampling rate (8, 16, 24, 48 kHz...), phase-continuous across frames.
 * Confined to one thread (it keeps phase).
 */
public final class ToneSource implements AudioSource {

    private final double phaseStep;
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
        for (int i = 0; i < samples; i++) {
            frame[i] = (short) Math.round(peak * Math.sin(phase));
            phase += phaseStep;
            if (phase >= 2 * Math.PI) {
                phase -= 2 * Math.PI;
            }
        }
        return true;
    }
}
