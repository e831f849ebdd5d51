package io.dialtone.rtp;

/**
 * The PCM format an application exchanges with a call: signed 16-bit samples, mono, native byte
 * order in {@code short[]}, at one of the rates speech software uses. The stack resamples between
 * this rate and the codec's clock rate (8000 Hz for G.711) with {@link ResamplingSource} and
 * {@link ResamplingSink}.
 *
 * @param sampleRateHz 8000, 16000, 24000 or 48000 Hz
 */
public record AudioFormat(int sampleRateHz) {

    /** 8 kHz: the G.711 rate; no resampling. The default everywhere. */
    public static final AudioFormat PCM16_8KHZ = new AudioFormat(8000);
    /** 16 kHz: wideband speech recognizers. */
    public static final AudioFormat PCM16_16KHZ = new AudioFormat(16000);
    /** 24 kHz: common speech-synthesis and realtime speech-model output. */
    public static final AudioFormat PCM16_24KHZ = new AudioFormat(24000);
    /** 48 kHz: general audio and WebRTC. */
    public static final AudioFormat PCM16_48KHZ = new AudioFormat(48000);

    /** @throws IllegalArgumentException if the rate is not 8000, 16000, 24000 or 48000 Hz */
    public AudioFormat {
        if (!isSupported(sampleRateHz)) {
            throw new IllegalArgumentException("sample rate must be 8000, 16000, 24000 or 48000 Hz: " + sampleRateHz);
        }
    }

    /**
     * @param sampleRateHz 8000, 16000, 24000 or 48000 Hz
     * @return the shared constant for that rate
     * @throws IllegalArgumentException for another rate
     */
    public static AudioFormat of(int sampleRateHz) {
        return switch (sampleRateHz) {
            case 8000 -> PCM16_8KHZ;
            case 16000 -> PCM16_16KHZ;
            case 24000 -> PCM16_24KHZ;
            case 48000 -> PCM16_48KHZ;
            default -> new AudioFormat(sampleRateHz); // throws
        };
    }

    /** @return whether {@code sampleRateHz} (Hz) is one of the supported rates */
    public static boolean isSupported(int sampleRateHz) {
        return sampleRateHz == 8000 || sampleRateHz == 16000 || sampleRateHz == 24000 || sampleRateHz == 48000;
    }

    /**
     * @param durationMs a duration in milliseconds, at least 0
     * @return samples in that duration at this rate (320 for 20 ms at 16 kHz)
     */
    public int samplesPer(int durationMs) {
        return (int) ((long) sampleRateHz * durationMs / 1000);
    }
}
